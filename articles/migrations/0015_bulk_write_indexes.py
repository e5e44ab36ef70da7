"""Fewer indexes to keep up on every imported quote and claim, none that a query uses.

`db_index` on a CharField adds, on PostgreSQL, a second index for LIKE patterns: nothing
searches fingerprints or statuses by pattern, so plain indexes replace them. A quote's
own index on its article goes too: the unique (article, start, end) index starts with
the article and serves the same look-ups.

SQLite rebuilds the quote table to drop an index it made for a field, which drops the
table's triggers: those of migration 0002 are created again afterwards, as in 0006.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

_restore = importlib.import_module("articles.migrations.0006_quote_edited").restore_sqlite_triggers


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_bulk_speaker_name_key")]

    operations = [
        # Going back, operations run last to first: this one runs after the rebuilds.
        migrations.RunPython(migrations.RunPython.noop, _restore),
        migrations.AlterField(model_name="claim", name="fingerprint", field=models.CharField(max_length=64)),
        migrations.AlterField(
            model_name="claim",
            name="status",
            field=models.CharField(
                choices=[("pending", "Pending review"), ("accepted", "Worth checking"), ("rejected", "Rejected")],
                default="pending",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="quote",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="quotes",
                to="articles.article",
            ),
        ),
        migrations.AlterField(model_name="quote", name="fingerprint", field=models.CharField(max_length=64)),
        migrations.AddIndex(model_name="claim", index=models.Index(fields=["fingerprint"], name="claim_fingerprint")),
        migrations.AddIndex(model_name="claim", index=models.Index(fields=["status"], name="claim_status")),
        migrations.AddIndex(model_name="quote", index=models.Index(fields=["fingerprint"], name="quote_fingerprint")),
        migrations.RunPython(_restore, migrations.RunPython.noop),
    ]
