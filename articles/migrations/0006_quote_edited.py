"""Quote.edited: quotes an editor changed, which re-extraction must leave alone.

SQLite adds a NOT NULL column by rebuilding the table, which drops the table's
triggers: the two from migration 0002 that keep a quote's text equal to the article
body are created again afterwards.
"""

import importlib

from django.db import migrations, models

_TRIGGERS = importlib.import_module("articles.migrations.0002_quote_body_triggers")
_QUOTE_TRIGGERS = [sql for sql in _TRIGGERS.SQLITE_FORWARD if "ON articles_quote" in sql]
_QUOTE_TRIGGER_NAMES = ["quote_matches_body_insert", "quote_matches_body_update"]


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in _QUOTE_TRIGGER_NAMES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    for sql in _QUOTE_TRIGGERS:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_factcheck_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="quote",
            name="edited",
            field=models.BooleanField(
                default=False,
                help_text="An editor corrected its span or speaker or moved it to another claim; "
                "re-running extraction leaves it as the editor left it.",
            ),
        ),
        # Both directions: removing the column rebuilds the table as well.
        migrations.RunPython(restore_sqlite_triggers, restore_sqlite_triggers),
    ]
