"""A fact-checker can't rewrite a published fact-check from the review queue (issue 13 defect 1, High).

Correcting a quote's speaker changed the public ClaimReview author; splitting or merging
a published claim moved its fact-check onto another speaker's claim, with no editor and
no correction. The queue's corrections now refuse, with a message, once the fact-check
has left the draft.
"""

import pytest
from django.urls import reverse

from articles.models import AuditEvent, Claim, FactCheck, Quote
from articles.services.errors import ServiceError
from articles.services.review import claim_merge, quote_correct, quote_split
from tests.factories import make_article, make_factcheck, make_quote, make_speaker
from tests.integration.claimreview_rules import ld_json_blocks

pytestmark = pytest.mark.django_db
FIXED = [FactCheck.Status.IN_REVIEW, FactCheck.Status.SCHEDULED, FactCheck.Status.PUBLISHED, FactCheck.Status.RETRACTED]


def _claim_with_two_appearances(speaker):
    quote = make_quote(speaker=speaker, text="We cut waiting lists by half")
    article = make_article(body="Lead.\n“We cut waiting lists by half,” she said again.\nEnd.")
    make_quote(article=article, text="We cut waiting lists by half", claim=quote.claim)
    return quote.claim


def _author_in_claimreview(client, factcheck) -> str:
    (data,) = ld_json_blocks(client.get(factcheck.get_absolute_url()).content.decode())
    return data["itemReviewed"]["author"]["name"]


def test_correcting_the_speaker_of_a_published_claim_is_refused_and_the_claimreview_keeps_its_author(client, checker):
    speaker, impostor = make_speaker(name="Ana Ruiz"), make_speaker(name="Someone Else")
    factcheck = make_factcheck(claim=make_quote(speaker=speaker).claim, status=FactCheck.Status.PUBLISHED)
    quote = factcheck.claim.quotes.get()

    with pytest.raises(ServiceError, match="fact-check is published: readers see its speaker"):
        quote_correct(quote=quote, user=checker, speaker=impostor)

    quote.refresh_from_db()
    assert quote.speaker == speaker
    assert _author_in_claimreview(client, factcheck) == "Ana Ruiz"
    refusal = AuditEvent.objects.refusals().get()
    assert (refusal.action, refusal.actor, refusal.claim_id) == ("quote_correct_refused", checker, factcheck.claim_id)


def test_the_correct_form_shows_the_refusal(checker_client):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED)
    quote = factcheck.claim.quotes.get()
    response = checker_client.post(
        reverse("workbench:quote_correct", args=[quote.pk]),
        {"speaker": make_speaker().pk, "start": quote.start, "end": quote.end},
        HTTP_HX_REQUEST="true",
    )
    assert "fact-check is published" in response.content.decode()
    quote.refresh_from_db()
    assert quote.speaker == factcheck.claim.speaker


@pytest.mark.parametrize("status", FIXED)
def test_quotes_of_a_claim_past_the_draft_cannot_be_corrected_or_split(checker, status):
    claim = _claim_with_two_appearances(make_speaker())
    make_factcheck(claim=claim, status=status)
    quote = claim.quotes.first()
    with pytest.raises(ServiceError, match=f"Claim #{claim.pk}’s fact-check"):
        quote_correct(quote=quote, user=checker, end=quote.end - 1)
    with pytest.raises(ServiceError, match=f"Claim #{claim.pk}’s fact-check"):
        quote_split(quote=quote, user=checker)
    assert Quote.objects.filter(claim=claim).count() == 2
    assert Claim.objects.count() == 1


def test_splitting_a_published_claim_leaves_its_fact_check_where_it_is(checker):
    claim = _claim_with_two_appearances(make_speaker())
    factcheck = make_factcheck(claim=claim, status=FactCheck.Status.PUBLISHED)
    with pytest.raises(ServiceError, match="can’t split its appearances"):
        quote_split(quote=claim.quotes.last(), user=checker)
    factcheck.refresh_from_db()
    assert factcheck.claim_id == claim.pk and factcheck.claim.appearance_count == 2


def test_a_published_fact_check_is_not_moved_onto_another_speakers_claim(client, checker):
    published = make_factcheck(claim=make_quote(speaker=make_speaker(name="Ana Ruiz")).claim, status="published")
    other_speaker_claim = make_quote(speaker=make_speaker(name="Bo Lind")).claim

    with pytest.raises(ServiceError, match="can’t merge it into another claim"):
        claim_merge(target=other_speaker_claim, other=published.claim, user=checker, confirm=True)

    published.refresh_from_db()
    assert published.claim.speaker.name == "Ana Ruiz"
    assert _author_in_claimreview(client, published) == "Ana Ruiz"


def test_a_claim_by_someone_else_is_not_merged_into_a_published_one(checker):
    published = make_factcheck(claim=make_quote(speaker=make_speaker()).claim, status="published")
    other = make_quote(speaker=make_speaker()).claim
    with pytest.raises(ServiceError, match="can’t merge in a claim by someone else"):
        claim_merge(target=published.claim, other=other, user=checker, confirm=True)
    assert Claim.objects.filter(pk=other.pk).exists()


def test_a_duplicate_by_the_same_speaker_may_join_a_published_claim_which_keeps_its_wording(checker):
    speaker = make_speaker()
    published = make_factcheck(claim=make_quote(speaker=speaker, text="Crime fell").claim, status="published")
    duplicate = make_quote(speaker=speaker, text="Crime fell by a third in the city last year").claim

    merged = claim_merge(target=published.claim, other=duplicate, user=checker)

    assert merged.appearance_count == 2
    assert merged.text == "Crime fell"  # what readers were shown stays
    assert merged.speaker == speaker


def test_a_draft_fact_check_still_follows_its_claim(checker):
    claim = _claim_with_two_appearances(make_speaker())
    make_factcheck(claim=claim, status=FactCheck.Status.DRAFT)
    quote_split(quote=claim.quotes.last(), user=checker)
    assert Claim.objects.count() == 2
