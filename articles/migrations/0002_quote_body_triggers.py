"""Database guarantees no check constraint can express, because they span two tables.

- A Quote's text equals its article's body between its offsets, and its end lies
  inside the body.
- An Article's body never changes once imported: quote offsets point into it.

Both are triggers, written once per database vendor.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE TRIGGER quote_matches_body_insert BEFORE INSERT ON articles_quote
    WHEN (SELECT NEW."end" > length(a.body)
                 OR substr(a.body, NEW.start + 1, NEW."end" - NEW.start) != NEW.text
          FROM articles_article a WHERE a.id = NEW.article_id)
    BEGIN SELECT RAISE(ABORT, 'quote text must equal the article body between its offsets'); END
    """,
    """
    CREATE TRIGGER quote_matches_body_update BEFORE UPDATE OF start, "end", text, article_id
    ON articles_quote
    WHEN (SELECT NEW."end" > length(a.body)
                 OR substr(a.body, NEW.start + 1, NEW."end" - NEW.start) != NEW.text
          FROM articles_article a WHERE a.id = NEW.article_id)
    BEGIN SELECT RAISE(ABORT, 'quote text must equal the article body between its offsets'); END
    """,
    """
    CREATE TRIGGER article_body_immutable BEFORE UPDATE OF body ON articles_article
    WHEN NEW.body != OLD.body
    BEGIN SELECT RAISE(ABORT, 'an article body never changes once imported'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS quote_matches_body_insert",
    "DROP TRIGGER IF EXISTS quote_matches_body_update",
    "DROP TRIGGER IF EXISTS article_body_immutable",
]

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION articles_quote_matches_body() RETURNS trigger AS $$
    DECLARE body_text text;
    BEGIN
        SELECT body INTO body_text FROM articles_article WHERE id = NEW.article_id;
        IF NEW."end" > length(body_text)
           OR substr(body_text, NEW.start + 1, NEW."end" - NEW.start) IS DISTINCT FROM NEW.text THEN
            RAISE EXCEPTION 'quote text must equal the article body between its offsets'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER quote_matches_body BEFORE INSERT OR UPDATE OF start, "end", text, article_id
    ON articles_quote FOR EACH ROW EXECUTE FUNCTION articles_quote_matches_body()
    """,
    """
    CREATE FUNCTION articles_article_body_immutable() RETURNS trigger AS $$
    BEGIN
        IF NEW.body IS DISTINCT FROM OLD.body THEN
            RAISE EXCEPTION 'an article body never changes once imported'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER article_body_immutable BEFORE UPDATE OF body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_body_immutable()
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS quote_matches_body ON articles_quote",
    "DROP FUNCTION IF EXISTS articles_quote_matches_body()",
    "DROP TRIGGER IF EXISTS article_body_immutable ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_body_immutable()",
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
