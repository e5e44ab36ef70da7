"""Check that a quote's text equals the article body between its offsets once per statement, not per row.

Migration 0002's PostgreSQL trigger ran for every quote and read the whole body each
time (detoasting it, then walking it character by character to the offset), so storing
the quotes of one long article took time that grew with the square of their number
(4,000 quotes 15 s, 22,693 quotes 358 s). Now one statement-level trigger per INSERT or
UPDATE reads each article's body once, cuts it into blocks of BLOCK characters in one
pass, and compares every quote with the few blocks its span covers: linear in the body
and the quotes. An UPDATE checks only the rows whose article, offsets or text changed.

SQLite has no statement-level triggers: its row triggers from 0002 (recreated in 0006)
stay, and keep the same guarantee.
"""

import importlib

from django.db import migrations

BLOCK = 200  # under the regex engine's repetition limit (255)

SPANS_WRONG = f"""
CREATE FUNCTION articles_quote_spans_wrong(article_ids bigint[], starts bigint[], ends bigint[], texts text[])
RETURNS boolean LANGUAGE sql STABLE AS $$
    WITH quote AS (
        SELECT * FROM unnest(article_ids, starts, ends, texts) WITH ORDINALITY AS q(article_id, start, "end", text, i)
    ),
    body AS (
        SELECT a.id, a.body, length(a.body) AS size FROM articles_article a
        WHERE a.id IN (SELECT article_id FROM quote)
    ),
    block AS (
        SELECT body.id AS article_id, part.n - 1 AS k, part.text[1] AS text
        FROM body CROSS JOIN LATERAL regexp_matches(body.body, '.{{1,{BLOCK}}}', 'g') WITH ORDINALITY AS part(text, n)
    ),
    covered AS (
        SELECT quote.i, min(span.k) AS first, string_agg(block.text, '' ORDER BY span.k) AS text
        FROM quote
        CROSS JOIN LATERAL generate_series(quote.start / {BLOCK}, (quote."end" - 1) / {BLOCK}) AS span(k)
        JOIN block ON block.article_id = quote.article_id AND block.k = span.k
        GROUP BY quote.i
    )
    SELECT EXISTS (
        SELECT 1 FROM quote
        LEFT JOIN body ON body.id = quote.article_id
        LEFT JOIN covered ON covered.i = quote.i
        WHERE body.id IS NULL
           OR quote."end" > body.size
           OR substr(covered.text, (quote.start - covered.first * {BLOCK} + 1)::int, (quote."end" - quote.start)::int)
              IS DISTINCT FROM quote.text
    )
$$
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
    dependencies = [("articles", "0006_quote_edited")]
    operations = [migrations.RunPython(forward, backward)]
