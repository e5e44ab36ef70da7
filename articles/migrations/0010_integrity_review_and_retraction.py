"""Changes to published work go through review; unpublishing becomes a public retraction; scheduling.

- FactCheckRevision holds proposed changes to a published fact-check until a second
  editor approves them; AuditEvent.revision ties the trail to them.
- The "unpublished" status becomes "retracted" (with `retracted_at` and a "Retracted"
  correction carrying the reason, so the URL can answer with a public notice). Existing
  unpublished fact-checks are converted, with the reason their audit event gave.
- "scheduled": approved with a publication time still ahead.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

FALLBACK_REASON = "Withdrawn by the editors (before retractions were recorded with a reason)."


def unpublished_to_retracted(apps, schema_editor):
    FactCheck = apps.get_model("articles", "FactCheck")
    Correction = apps.get_model("articles", "Correction")
    AuditEvent = apps.get_model("articles", "AuditEvent")
    for factcheck in FactCheck.objects.filter(status="unpublished"):
        event = (
            AuditEvent.objects.filter(factcheck=factcheck, action="factcheck_unpublished")
            .order_by("-created_at", "-id")
            .first()
        )
        when = event.created_at if event else factcheck.updated_at
        Correction.objects.create(
            factcheck=factcheck,
            kind="retraction",
            note=(event.message.strip() if event and event.message.strip() else FALLBACK_REASON),
            created_by=event.actor if event else None,
            created_at=when,
        )
        # A fact-check that was never published has no first date; the notice needs one.
        FactCheck.objects.filter(pk=factcheck.pk).update(
            status="retracted", retracted_at=when, published_at=factcheck.published_at or when
        )


def retracted_to_unpublished(apps, schema_editor):
    FactCheck = apps.get_model("articles", "FactCheck")
    apps.get_model("articles", "Correction").objects.filter(kind="retraction").delete()
    FactCheck.objects.filter(status="retracted").update(status="unpublished", retracted_at=None)
    FactCheck.objects.filter(status="scheduled").update(status="in_review", published_at=None, approved_by=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_engine_import_items"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FactCheckRevision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("headline", models.CharField(max_length=200)),
                ("claim_reviewed", models.CharField(blank=True, max_length=200)),
                ("summary", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                (
                    "correction_kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("typo", "Typo fixed"),
                            ("clarification", "Clarification"),
                            ("correction", "Correction"),
                            ("rating_change", "Rating changed"),
                            ("retraction", "Retracted"),
                        ],
                        help_text="The kind of correction to publish.",
                        max_length=20,
                    ),
                ),
                (
                    "correction_note",
                    models.TextField(blank=True, help_text="The dated note readers will see with the changes."),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Being written"),
                            ("in_review", "In review"),
                            ("approved", "Approved and published"),
                            ("discarded", "Discarded"),
                        ],
                        db_index=True,
                        default="draft",
                        max_length=10,
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("review_comment", models.TextField(blank=True, help_text="The reviewer’s note when sending it back.")),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.AlterModelOptions(
            name="factcheck",
            options={
                "ordering": ["-published_at", "-updated_at"],
                "permissions": [("publish_factcheck", "Can approve, publish and retract fact-checks")],
            },
        ),
        migrations.RemoveConstraint(
            model_name="factcheck",
            name="factcheck_published_has_date",
        ),
        migrations.AddField(
            model_name="factcheck",
            name="retracted_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(unpublished_to_retracted, retracted_to_unpublished),
        migrations.AlterField(
            model_name="correction",
            name="kind",
            field=models.CharField(
                choices=[
                    ("typo", "Typo fixed"),
                    ("clarification", "Clarification"),
                    ("correction", "Correction"),
                    ("rating_change", "Rating changed"),
                    ("retraction", "Retracted"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="factcheck",
            name="published_at",
            field=models.DateTimeField(
                blank=True, db_index=True, help_text="When it went (or, when scheduled, goes) public.", null=True
            ),
        ),
        migrations.AlterField(
            model_name="factcheck",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("in_review", "In review"),
                    ("scheduled", "Scheduled"),
                    ("published", "Published"),
                    ("retracted", "Retracted"),
                ],
                db_index=True,
                default="draft",
                max_length=12,
            ),
        ),
        migrations.AddConstraint(
            model_name="factcheck",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status__in", ["published", "scheduled", "retracted"]), _negated=True),
                    ("published_at__isnull", False),
                    _connector="OR",
                ),
                name="factcheck_published_has_date",
            ),
        ),
        migrations.AddConstraint(
            model_name="factcheck",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "retracted"), _negated=True), ("retracted_at__isnull", False), _connector="OR"
                ),
                name="factcheck_retracted_has_date",
            ),
        ),
        migrations.AddField(
            model_name="factcheckrevision",
            name="created_by",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="factcheckrevision",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="factcheckrevision",
            name="factcheck",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="revisions", to="articles.factcheck"
            ),
        ),
        migrations.AddField(
            model_name="factcheckrevision",
            name="rating",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="articles.rating",
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="revision",
            field=models.ForeignKey(
                blank=True,
                help_text="The proposed changes to a published fact-check this event was about, if any.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="audit_events",
                to="articles.factcheckrevision",
            ),
        ),
        migrations.AddConstraint(
            model_name="factcheckrevision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["draft", "in_review"])),
                fields=("factcheck",),
                name="factcheck_one_open_revision",
            ),
        ),
    ]
