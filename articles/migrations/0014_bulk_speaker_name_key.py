"""One speaker per name: Speaker.name_key, unique, after merging the duplicates already stored.

Two imports running at once could each create the same new speaker ("maria-lopez" and
"maria-lopez-2"), and each a claim for the same statement. Before the key becomes unique,
speakers whose names compare equal (`articles.names.name_key`, as the importer matches
them) are merged into the oldest: their quotes, claims, aliases and any other row that
points at them move over, and blank role or affiliation is filled in from the others.
Then claims that are the same statement by the same speaker (equal fingerprints) are
merged, when nothing an editor did is lost: a pending claim without a fact-check joins
the group's fact-checked, reviewed or else oldest claim, and appearances are recounted.

Going back removes the key; merged rows stay merged (there is nothing to split them by).
"""

from collections import defaultdict

from django.db import migrations, models
from django.db.models import Count, Min
from django.db.models.functions import Coalesce

import articles.models
from articles.names import name_key


def merge_duplicates(apps, schema_editor):
    Speaker = apps.get_model("articles", "Speaker")
    groups = defaultdict(list)
    for speaker in Speaker.objects.order_by("pk"):
        groups[name_key(speaker.name) or f"#{speaker.slug}"].append(speaker)
    for key, speakers in groups.items():
        keep, *others = speakers
        for other in others:
            _merge_speaker(apps, keep, other)
        keep.name_key = key
        keep.save(update_fields=["name_key", "role", "affiliation"])
    _merge_claims(apps)
    if schema_editor.connection.vendor == "postgresql":
        # Foreign keys are checked at commit; the unique key below cannot be added to a
        # table with checks still pending, so run them now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _merge_speaker(apps, keep, other):
    SpeakerAlias = apps.get_model("articles", "SpeakerAlias")
    known = set(SpeakerAlias.objects.filter(speaker=keep).values_list("normalized", flat=True))
    SpeakerAlias.objects.filter(speaker=other, normalized__in=known).delete()
    for relation in other._meta.related_objects:
        if relation.related_model is not SpeakerAlias and (relation.one_to_many or relation.one_to_one):
            relation.related_model._base_manager.filter(**{relation.field.name: other}).update(
                **{relation.field.name: keep}
            )
    SpeakerAlias.objects.filter(speaker=other).update(speaker=keep)
    keep.role = keep.role or other.role
    keep.affiliation = keep.affiliation or other.affiliation
    other.delete()


def _merge_claims(apps):
    Claim = apps.get_model("articles", "Claim")
    Quote = apps.get_model("articles", "Quote")
    AuditEvent = apps.get_model("articles", "AuditEvent")
    repeated = (
        Claim.objects.values("speaker_id", "fingerprint").annotate(n=Count("id")).filter(n__gt=1).order_by()
    )
    for group in repeated:
        claims = list(
            Claim.objects.filter(speaker_id=group["speaker_id"], fingerprint=group["fingerprint"])
            .annotate(checked=Count("factcheck"))
            .order_by("pk")
        )
        # An editor's claim keeps its identity; only untouched pending claims fold into it.
        keep = max(claims, key=lambda claim: (claim.checked, claim.status != "pending", -claim.pk))
        merged = [c.pk for c in claims if c.pk != keep.pk and c.status == "pending" and not c.checked]
        if not merged:
            continue
        Quote.objects.filter(claim_id__in=merged).update(claim_id=keep.pk)
        AuditEvent.objects.filter(claim_id__in=merged).update(claim_id=keep.pk)
        best = max((c for c in claims if c.pk == keep.pk or c.pk in merged), key=lambda c: c.checkworthiness)
        stats = Quote.objects.filter(claim_id=keep.pk).aggregate(
            n=Count("id"), first=Min(Coalesce("article__published_at", "article__imported_at"))
        )
        Claim.objects.filter(pk__in=merged).delete()
        Claim.objects.filter(pk=keep.pk).update(
            appearance_count=stats["n"],
            first_appeared_at=stats["first"],
            checkworthiness=best.checkworthiness,
            reasons=best.reasons,
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_bulk_quote_body_check_linear")]

    operations = [
        migrations.AddField(
            model_name="speaker",
            name="name_key",
            field=models.CharField(default="", editable=False, max_length=600),
            preserve_default=False,
        ),
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="speaker",
            name="name_key",
            field=articles.models.NameKeyField(
                editable=False,
                help_text="The name as names are compared (no case, accents or punctuation): one speaker per name.",
                max_length=600,
                unique=True,
            ),
        ),
    ]
