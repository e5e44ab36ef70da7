"""Migration 0014 merges the duplicate speakers and claims that concurrent imports left, then makes names unique."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Claim, Quote, Speaker, SpeakerAlias

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("articles", "0013_bulk_quote_body_check_linear")
LINE = "We cut the deficit by 40 percent"


def migrate_to(target=None):
    executor = MigrationExecutor(connection)
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())
    return executor.loader.project_state([target]).apps if target else None


def test_duplicate_speakers_and_their_claims_are_merged_and_editors_claims_kept(seeded_defaults):
    apps = migrate_to(BEFORE)
    OldSpeaker, Alias = apps.get_model("articles", "Speaker"), apps.get_model("articles", "SpeakerAlias")
    Article, OldClaim, OldQuote = (apps.get_model("articles", name) for name in ("Article", "Claim", "Quote"))
    first = OldSpeaker.objects.create(name="María López", slug="maria-lopez")
    second = OldSpeaker.objects.create(name="Maria Lopez", slug="maria-lopez-2", role="Mayor", affiliation="City")
    other = OldSpeaker.objects.create(name="Rui Lima", slug="rui-lima", role="Minister")
    for speaker, names in ((first, ["maria lopez", "lopez"]), (second, ["maria lopez"]), (other, ["rui lima"])):
        Alias.objects.bulk_create(Alias(speaker=speaker, name=name, normalized=name) for name in names)

    def appearance(n, speaker, claim):
        body = f"Story {n}. “{LINE},” she said."
        article = Article.objects.create(title=f"Story {n}", body=body, content_hash=f"{n:064}")
        start = body.index(LINE)
        span = {"text": LINE, "start": start, "end": start + len(LINE)}
        return OldQuote.objects.create(article=article, claim=claim, speaker=speaker, fingerprint="f", **span)

    def claim(speaker, **fields):
        return OldClaim.objects.create(speaker=speaker, text=LINE, fingerprint="f", appearance_count=1, **fields)

    pending_one, pending_two = claim(first, checkworthiness=0.4), claim(second, checkworthiness=0.9)
    reviewed = claim(second, status="accepted", checkworthiness=0.2)
    separate = claim(other)
    quotes = [appearance(1, first, pending_one), appearance(2, second, pending_two), appearance(3, second, reviewed)]
    appearance(4, other, separate)

    migrate_to()

    merged = Speaker.objects.get(name_key="maria lopez")
    assert merged.pk == first.pk and merged.slug == "maria-lopez"
    assert (merged.role, merged.affiliation) == ("Mayor", "City")
    assert sorted(SpeakerAlias.objects.filter(speaker=merged).values_list("normalized", flat=True)) == [
        "lopez",
        "maria lopez",
    ]
    assert set(Quote.objects.filter(pk__in=[q.pk for q in quotes]).values_list("speaker", "claim")) == {
        (merged.pk, reviewed.pk)
    }
    kept = Claim.objects.get(speaker=merged)
    assert (kept.pk, kept.status, kept.appearance_count, kept.checkworthiness) == (reviewed.pk, "accepted", 3, 0.9)
    assert Claim.objects.get(speaker__name="Rui Lima").appearance_count == 1
    assert Speaker.objects.count() == 2
