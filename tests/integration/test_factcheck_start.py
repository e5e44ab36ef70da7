"""factcheck_start: accepting a claim opens one draft, prefilled from the claim."""

import pytest

from articles.models import AuditEvent, Claim, FactCheck
from articles.services.errors import ServiceError
from articles.services.factchecks import CLAIM_REVIEWED_MAX, factcheck_start
from tests.factories import make_claim, make_factcheck, make_speaker

pytestmark = pytest.mark.django_db


def test_start_creates_a_draft_prefilled_from_the_claim(checker):
    claim = make_claim(text="We cut the deficit by 40 percent", speaker=make_speaker(name="Jane Doe"))
    factcheck = factcheck_start(claim=claim, author=checker)
    assert factcheck.status == FactCheck.Status.DRAFT
    assert factcheck.author == checker
    assert factcheck.headline == "Jane Doe: “We cut the deficit by 40 percent”"
    assert factcheck.slug == "jane-doe-we-cut-the-deficit-by-40-percent"
    assert factcheck.claim_reviewed == "We cut the deficit by 40 percent"
    assert factcheck.version == 1


def test_start_trims_a_long_claim_at_a_word_under_the_publish_limit(checker):
    text = "The government has built more hospitals in the last four years than any government " * 3
    factcheck = factcheck_start(claim=make_claim(text=text), author=checker)
    assert len(factcheck.claim_reviewed) < CLAIM_REVIEWED_MAX
    assert factcheck.claim_reviewed.endswith("…")
    assert text.startswith(factcheck.claim_reviewed[:-1])
    assert not factcheck.claim_reviewed[:-1].endswith(" ")


def test_start_is_idempotent(checker, editor):
    claim = make_claim()
    first = factcheck_start(claim=claim, author=checker)
    second = factcheck_start(claim=claim, author=editor)
    assert second.pk == first.pk
    assert second.author == checker
    assert FactCheck.objects.filter(claim=claim).count() == 1
    assert AuditEvent.objects.filter(action="factcheck_started").count() == 1


def test_start_gives_each_fact_check_a_unique_slug(checker):
    speaker = make_speaker(name="Jane Doe")
    a = factcheck_start(claim=make_claim(text="Crime fell", speaker=speaker), author=checker)
    b = factcheck_start(claim=make_claim(text="Crime fell", speaker=speaker, fingerprint="other"), author=checker)
    assert a.slug == "jane-doe-crime-fell"
    assert b.slug == "jane-doe-crime-fell-2"


def test_start_does_not_reuse_a_slug_of_an_existing_fact_check(checker):
    make_factcheck(slug="jane-doe-crime-fell")
    factcheck = factcheck_start(
        claim=make_claim(text="Crime fell", speaker=make_speaker(name="Jane Doe")), author=checker
    )
    assert factcheck.slug == "jane-doe-crime-fell-2"


def test_start_records_an_audit_event(checker):
    factcheck = factcheck_start(claim=make_claim(), author=checker)
    event = AuditEvent.objects.get(factcheck=factcheck)
    assert (event.action, event.actor, event.claim_id) == ("factcheck_started", checker, factcheck.claim_id)


def test_start_refuses_a_rejected_claim(checker):
    claim = make_claim(status=Claim.Status.REJECTED, rejection_reason=Claim.RejectionReason.OPINION)
    with pytest.raises(ServiceError):
        factcheck_start(claim=claim, author=checker)
    assert not FactCheck.objects.exists()
