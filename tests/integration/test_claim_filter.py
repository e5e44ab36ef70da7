"""The review queue's FilterSet: defaults, every filter, search and sorting."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from articles.filters import ClaimFilter
from articles.models import Claim, SpeakerAlias
from articles.names import name_key
from tests.factories import make_article, make_factcheck, make_outlet, make_quote, make_speaker

pytestmark = pytest.mark.django_db


def _claims(rf, user=None, **params):
    request = rf.get("/workbench/claims/", params)
    request.user = user
    query = QueryDict(mutable=True)
    query.update(params)
    return list(ClaimFilter(query, queryset=Claim.objects.for_queue(), request=request).qs)


def _claim(text, *, score=0.7, outlet=None, days_ago=0, speaker=None, **claim_fields):
    article = make_article(
        body=f"Intro.\n“{text},” someone said.", outlet=outlet, published_at=timezone.now() - timedelta(days=days_ago)
    )
    claim = make_quote(article=article, text=text, checkworthiness=score, speaker=speaker).claim
    Claim.objects.filter(pk=claim.pk).update(checkworthiness=score, **claim_fields)
    claim.refresh_from_db()
    return claim


def test_by_default_pending_claims_come_highest_score_first(rf):
    low, high = _claim("Low one", score=0.2), _claim("High one", score=0.9)
    _claim("Decided one", score=0.95, status=Claim.Status.REJECTED, rejection_reason="opinion")

    assert _claims(rf) == [high, low]


def test_status_any_shows_every_claim(rf):
    pending = _claim("Pending one")
    rejected = _claim("Rejected one", status=Claim.Status.REJECTED, rejection_reason="opinion")

    assert set(_claims(rf, status="all")) == {pending, rejected}
    assert _claims(rf, status="rejected") == [rejected]


def test_speaker_and_outlet_filters(rf):
    speaker, outlet = make_speaker(name="Ana Ruiz"), make_outlet(name="Harbour Times")
    by_speaker = _claim("Said by Ana", speaker=speaker)
    in_outlet = _claim("Printed in Harbour Times", outlet=outlet)
    _claim("Elsewhere")

    assert _claims(rf, speaker=speaker.pk) == [by_speaker]
    assert _claims(rf, outlet=outlet.pk) == [in_outlet]


def test_the_speaker_box_takes_part_of_a_name_an_alias_or_an_id(rf):
    baghaei = make_speaker(name="Esmaeil Baghaei", role="Foreign Ministry spokesman")
    SpeakerAlias.objects.create(speaker=baghaei, name="Baqaei", normalized=name_key("Baqaei"))
    his = _claim("Talks will resume next month", speaker=baghaei)
    _claim("Something else entirely", speaker=make_speaker(name="Ana Ruiz"))

    assert _claims(rf, speaker="baghaei") == [his]
    assert _claims(rf, speaker="  Esmaeil ") == [his]
    assert _claims(rf, speaker="Baqaei") == [his]
    assert _claims(rf, speaker=str(baghaei.pk)) == [his]
    assert _claims(rf, speaker="Nobody") == []


def test_an_outlet_matches_when_any_appearance_is_there(rf):
    outlet = make_outlet()
    claim = _claim("Repeated claim about schools")
    elsewhere = make_article(outlet=outlet, body="Later.\n“Repeated claim about schools,” she said.")
    make_quote(article=elsewhere, text="Repeated claim about schools", claim=claim)

    assert _claims(rf, outlet=outlet.pk) == [claim]


def test_article_date_range(rf):
    old, recent = _claim("Old claim", days_ago=40), _claim("Recent claim", days_ago=2)
    since = (timezone.now() - timedelta(days=10)).date().isoformat()
    until = (timezone.now() - timedelta(days=30)).date().isoformat()

    assert _claims(rf, published_after=since) == [recent]
    assert _claims(rf, published_before=until) == [old]


def test_score_range_is_on_the_0_to_100_scale(rf):
    low, mid, high = _claim("Low", score=0.2), _claim("Mid", score=0.55), _claim("High", score=0.9)

    assert _claims(rf, score_min="50", score_max="60") == [mid]
    assert _claims(rf, score_min="80") == [high]
    assert _claims(rf, score_max="30") == [low]


def test_assigned_to_me_and_unassigned(rf, checker, editor):
    mine = _claim("Mine", assigned_to=checker)
    theirs = _claim("Theirs", assigned_to=editor)
    nobodys = _claim("Nobody's")

    assert _claims(rf, checker, assigned="me") == [mine]
    assert _claims(rf, checker, assigned="none") == [nobodys]
    assert theirs in _claims(rf, checker)


def test_has_a_fact_check(rf):
    checked = make_factcheck().claim
    Claim.objects.filter(pk=checked.pk).update(status=Claim.Status.PENDING)
    unchecked = _claim("Not yet checked")

    assert _claims(rf, checked="yes") == [checked]
    assert _claims(rf, checked="no") == [unchecked]


def test_search_covers_the_quote_text_and_the_speaker(rf):
    schools = _claim("We built twelve schools")
    by_ana = _claim("Taxes went down", speaker=make_speaker(name="Ana Ruiz"))
    _claim("Something else entirely")

    assert _claims(rf, q="schools") == [schools]
    assert _claims(rf, q="Ruiz") == [by_ana]
    assert _claims(rf, q="schools nothing-like-this") == []


def test_sorting_by_date_and_by_appearances(rf):
    older, newer = _claim("Older claim", days_ago=9), _claim("Newer claim", days_ago=1)
    popular = _claim("Popular claim", days_ago=5, appearance_count=4)

    assert _claims(rf, sort="newest") == [newer, popular, older]
    assert _claims(rf, sort="oldest") == [older, popular, newer]
    assert _claims(rf, sort="appearances")[0] == popular
