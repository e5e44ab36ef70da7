"""Check that a quote's text equals the article body between its offsets once per statement, not per row.

Migration 0002's PostgreSQL trigger ran for every quote and read the whole body each
time (detoasting it, then walking it character by character to the offset), so storing
the quotes of one long article took time that grew with the square of their number
(4,000 quotes 15 s, 22,693 quotes 358 s). Now one statement-level trigger per INSERT or
UPDATE reads each article's body once. A body longer than LONG characters is cut into
blocks of BLOCK characters in one pass, and each quote is compared with the few blocks
its span covers: linear in the body and the quotes. A shorter one is read directly. An
UPDATE checks only the rows whose article, offsets or text changed.

SQLite has no statement-level triggers: its row triggers from 0002 (recreated in 0006)
stay, and keep the same guarantee.
"""

import importlib

from django.db import migrations

BLOCK = 200  # under the regex engine's repetition limit (255)
# Up to this many characters, reading a quote straight from the body (a walk from its
# start, in UTF-8) costs less than cutting the body into blocks.
LONG = 20_000

SPANS_WRONG = f"""
CREATE FUNCTION articles_quote_spans_wrong(article_ids bigint[], starts bigint[], ends bigint[], texts text[])
RETURNS boolean LANGUAGE plpgsql STABLE AS $$
DECLARE
    quote record;
    article_id bigint;
    body text;
    size bigint;
    blocks text[];
    first bigint;
    joined text;
    found_text text;
BEGIN
    FOR quote IN
        SELECT * FROM unnest(article_ids, starts, ends, texts) AS q(article_id, start, "end", text) ORDER BY 1, 2
    LOOP
        IF quote.article_id IS DISTINCT FROM article_id THEN
            -- Each body read once, and copied out of its compressed storage once.
            SELECT a.body || '', length(a.body) INTO body, size FROM articles_article a WHERE a.id = quote.article_id;
            IF NOT FOUND THEN
                RETURN true;
            END IF;
            article_id := quote.article_id;
            blocks := NULL;
            IF size > {LONG} THEN
                -- Cut in one pass, so that no quote walks a long body from its start. (An
                -- array variable is kept expanded: reading one block costs the same anywhere.)
                blocks := ARRAY(SELECT part[1] FROM regexp_matches(body, '.{{1,{BLOCK}}}', 'g') AS part);
            END IF;
        END IF;
        IF quote."end" > size THEN
            RETURN true;
        END IF;
        IF blocks IS NULL THEN
            found_text := substr(body, (quote.start + 1)::int, (quote."end" - quote.start)::int);
        ELSE
            first := quote.start / {BLOCK};
            joined := '';
            FOR k IN first..(quote."end" - 1) / {BLOCK} LOOP
                joined := joined || blocks[k + 1];
            END LOOP;
            found_text := substr(joined, (quote.start - first * {BLOCK} + 1)::int, (quote."end" - quote.start)::int);
        END IF;
        IF found_text IS DISTINCT FROM quote.text THEN
            RETURN true;
        END IF;
    END LOOP;
    RETURN false;
END $$
"""
INSERTED = """
CREATE FUNCTION articles_quotes_inserted_match_body() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF articles_quote_spans_wrong(
        ARRAY(SELECT article_id FROM new_quotes), ARRAY(SELECT start FROM new_quotes),
        ARRAY(SELECT "end" FROM new_quotes), ARRAY(SELECT text FROM new_quotes)
    ) THEN
        RAISE EXCEPTION 'quote text must equal the article body between its offsets' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$
"""
UPDATED = """
CREATE FUNCTION articles_quotes_updated_match_body() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    article_ids bigint[]; starts bigint[]; ends bigint[]; texts text[];
BEGIN
    SELECT array_agg(n.article_id), array_agg(n.start), array_agg(n."end"), array_agg(n.text)
    INTO article_ids, starts, ends, texts
    FROM new_quotes n JOIN old_quotes o ON o.id = n.id
    WHERE (n.article_id, n.start, n."end", n.text) IS DISTINCT FROM (o.article_id, o.start, o."end", o.text);
    IF article_ids IS NOT NULL AND articles_quote_spans_wrong(article_ids, starts, ends, texts) THEN
        RAISE EXCEPTION 'quote text must equal the article body between its offsets' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$
"""
POSTGRES_FORWARD = [
    "DROP TRIGGER IF EXISTS quote_matches_body ON articles_quote",
    "DROP FUNCTION IF EXISTS articles_quote_matches_body()",
    SPANS_WRONG,
    INSERTED,
    UPDATED,
    # Transition tables allow neither a column list nor two events on one trigger.
    """
    CREATE TRIGGER quotes_match_body_insert AFTER INSERT ON articles_quote
    REFERENCING NEW TABLE AS new_quotes
    FOR EACH STATEMENT EXECUTE FUNCTION articles_quotes_inserted_match_body()
    """,
    """
    CREATE TRIGGER quotes_match_body_update AFTER UPDATE ON articles_quote
    REFERENCING OLD TABLE AS old_quotes NEW TABLE AS new_quotes
    FOR EACH STATEMENT EXECUTE FUNCTION articles_quotes_updated_match_body()
    """,
]
_ROW_TRIGGER = importlib.import_module("articles.migrations.0002_quote_body_triggers")
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS quotes_match_body_insert ON articles_quote",
    "DROP TRIGGER IF EXISTS quotes_match_body_update ON articles_quote",
    "DROP FUNCTION IF EXISTS articles_quotes_inserted_match_body()",
    "DROP FUNCTION IF EXISTS articles_quotes_updated_match_body()",
    "DROP FUNCTION IF EXISTS articles_quote_spans_wrong(bigint[], bigint[], bigint[], text[])",
    *[sql for sql in _ROW_TRIGGER.POSTGRES_FORWARD if "articles_quote_matches_body" in sql],
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_security_unlock_logins")]
    operations = [migrations.RunPython(forward, backward)]
