"""The fact-checks' search document stored with each row (PostgreSQL only).

Migration 0005 indexed the weighted `tsvector` expression, so matching used the index,
but ranking the matches recomputed the `tsvector` of every matching body: a common word
on 100,000 fact-checks took 60 ms. A stored generated column holds it once per row, kept
by the database on every write (imports, the admin, bulk loads alike); the GIN index moves
onto it. `articles.search.text_search` ranks from it (`document=`). SQLite has neither and
searches with LIKE.
"""

from django.db import migrations

OLD_INDEX = "articles_factcheck_search_gin"
INDEX = "factcheck_search_document"
COLUMN = "search_document"


def _expression():
    from importlib import import_module

    return import_module("articles.migrations.0005_factcheck_search_index").EXPRESSION


def add_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE articles_factcheck ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({_expression()}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_factcheck USING GIN ({COLUMN})")
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def drop_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON articles_factcheck USING GIN (({_expression()}))")
    schema_editor.execute(f"ALTER TABLE articles_factcheck DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_speaker_live_checks")]
    operations = [migrations.RunPython(add_document, drop_document, elidable=False)]
