"""A GIN index for the public site's full-text search (PostgreSQL only).

The expression is exactly the weighted `tsvector` that `articles.search.text_search`
builds for `PublicFactCheckFilter.SEARCH_FIELDS`, so the planner can use it; a test runs
EXPLAIN to keep the two in step. SQLite has no such index and searches with LIKE.
"""

from django.db import migrations

INDEX = "articles_factcheck_search_gin"
EXPRESSION = (
    "(((setweight(to_tsvector('english'::regconfig, COALESCE(\"claim_reviewed\", '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, COALESCE(\"headline\", '')), 'B'))"
    " || setweight(to_tsvector('english'::regconfig, COALESCE(\"summary\", '')), 'C'))"
    " || setweight(to_tsvector('english'::regconfig, COALESCE(\"body\", '')), 'D'))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_factcheck USING GIN (({EXPRESSION}))")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_importfile")]
    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
