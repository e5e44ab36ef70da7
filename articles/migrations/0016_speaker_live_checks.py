"""Indexes for the public site at 100,000 fact-checks, and each speaker's count of live fact-checks.

The live fact-checks (published, or scheduled: a scheduled one is live from its time on)
get a partial index in reading order, so counting them and finding a deep page's rows
are index-only scans; on PostgreSQL it also carries the claim and rating, so the
speakers' and ratings' tallies never read the wide fact-check rows. A second partial
index answers "has readers seen this fact-check?" by id (corrections, feeds, sitemap). Claims get a
(speaker, id) index for a speaker's fact-checks. `Speaker.live_checks` is filled here
(its approved fact-checks) and kept by `articles.services.speakers.speakers_recount`.
"""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

LIVE = "status IN ('published', 'scheduled')"
ON_RECORD = "status IN ('published', 'scheduled', 'retracted')"
INDEXES = {
    # name: (table, columns, PostgreSQL INCLUDE columns, condition)
    "factcheck_live_order": ("articles_factcheck", "published_at DESC, id DESC", "claim_id, rating_id", LIVE),
    "factcheck_record_id": ("articles_factcheck", "id", "status, published_at, updated_at", ON_RECORD),
    "claim_speaker_cover": ("articles_claim", "speaker_id, id", "", ""),
}


def create_indexes(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for name, (table, columns, include, condition) in INDEXES.items():
        sql = f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})"
        if include and postgresql:
            sql += f" INCLUDE ({include})"
        if condition:
            sql += f" WHERE {condition}"
        schema_editor.execute(sql)


def drop_indexes(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def count_live_checks(apps, schema_editor):
    Speaker = apps.get_model("articles", "Speaker")
    FactCheck = apps.get_model("articles", "FactCheck")
    live = (
        FactCheck.objects.filter(status__in=["published", "scheduled"], claim__speaker=OuterRef("pk"))
        .order_by()
        .values("claim__speaker")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Speaker.objects.update(live_checks=Coalesce(Subquery(live), 0))


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_bulk_write_indexes")]

    operations = [
        migrations.AddField(
            model_name="speaker",
            name="live_checks",
            field=models.PositiveIntegerField(
                default=0, editable=False, help_text="Approved fact-checks of this speaker (published or scheduled)."
            ),
        ),
        migrations.AddIndex(
            model_name="speaker",
            index=models.Index(
                models.OrderBy(models.F("live_checks"), descending=True),
                models.F("name"),
                condition=models.Q(("live_checks__gt", 0)),
                name="speaker_live_checks",
            ),
        ),
        migrations.RunPython(count_live_checks, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
