"""ClaimReview JSON-LD: built by one function, valid by Google's fact-check rules, once per page."""

import json

import pytest
from django.conf import settings

from articles.claimreview import claimreview, json_for_script, rating_scale
from articles.models import Rating, Speaker
from tests.factories import make_claim, make_outlet, make_quote, make_speaker, rating
from tests.integration.claimreview_rules import claimreview_problems, ld_json_blocks
from tests.integration.public_helpers import add_appearance, published_factcheck

pytestmark = pytest.mark.django_db


def test_a_published_factcheck_has_every_required_property_and_passes_the_rules():
    factcheck = published_factcheck(rating=rating("mostly-false"))
    data = claimreview(factcheck)

    assert claimreview_problems(data, site_url=settings.SITE_URL, visible_rating="Mostly false") == []
    assert data["url"] == settings.SITE_URL + factcheck.get_absolute_url()
    assert data["author"] == {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL + "/"}
    assert data["datePublished"] == factcheck.published_at.date().isoformat()
    assert data["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly false",
        "ratingValue": 2,
        "worstRating": 1,
        "bestRating": 5,
    }


def test_best_and_worst_follow_the_editable_scale():
    Rating.objects.create(label="Pants on fire", slug="pants-on-fire", value=0, colour="#000000", definition="x")
    data = claimreview(published_factcheck(rating=rating("true")))
    assert (data["reviewRating"]["worstRating"], data["reviewRating"]["bestRating"]) == (0, 5)
    assert rating_scale() == (0, 5)


def test_a_step_without_a_value_gives_only_its_name():
    data = claimreview(published_factcheck(rating=rating("unverifiable")))
    assert data["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}
    assert claimreview_problems(data, site_url=settings.SITE_URL) == []


def test_the_claim_names_its_speaker_as_person_or_organisation():
    person = claimreview(published_factcheck())["itemReviewed"]["author"]
    assert person["@type"] == "Person" and person["jobTitle"] == "Minister"

    ministry = make_speaker(name="Ministry of Health", kind=Speaker.Kind.ORGANIZATION)
    claim = make_quote(speaker=ministry).claim
    organisation = claimreview(published_factcheck(claim=claim))["itemReviewed"]["author"]
    assert organisation["@type"] == "Organization" and organisation["name"] == "Ministry of Health"
    assert "jobTitle" not in organisation


def test_every_appearance_is_listed_once_with_its_publisher_and_the_earliest_is_first():
    claim = make_claim(text="Crime fell by half in two years")
    times = make_outlet(name="The Times")
    add_appearance(claim, outlet=make_outlet(name="Daily Post"), days_ago=1, url="https://post.example/b")
    first = add_appearance(claim, outlet=times, days_ago=9, url="https://times.example/a", title="Minister hails drop")
    data = claimreview(published_factcheck(claim=claim))

    works = data["itemReviewed"]["appearance"]
    assert [w["url"] for w in works] == ["https://times.example/a", "https://post.example/b"]
    assert works[0] == {
        "@type": "CreativeWork",
        "headline": "Minister hails drop",
        "url": "https://times.example/a",
        "datePublished": first.article.published_at.date().isoformat(),
        "publisher": {"@type": "Organization", "name": "The Times", "url": times.homepage_url},
    }
    assert data["itemReviewed"]["firstAppearance"] == works[0]
    assert data["itemReviewed"]["datePublished"] == first.article.published_at.date().isoformat()


def test_a_long_claim_reviewed_is_cut_at_a_word_under_75_characters():
    long_text = "The government has built more than four hundred new hospitals across every region since 2019"
    data = claimreview(published_factcheck(claim_reviewed=long_text))
    assert len(data["claimReviewed"]) < 75
    assert data["claimReviewed"].endswith("…")
    assert long_text.startswith(data["claimReviewed"][:-1])


def test_the_page_has_exactly_one_claimreview_matching_the_visible_rating(client):
    factcheck = published_factcheck(rating=rating("half-true"))
    html = client.get(factcheck.get_absolute_url()).content.decode()

    blocks = ld_json_blocks(html)
    assert len(blocks) == 1
    assert blocks[0] == json.loads(json.dumps(claimreview(factcheck)))
    assert 'class="badge badge-large badge-half-true">Half true</span>' in html
    assert claimreview_problems(blocks[0], site_url=settings.SITE_URL, visible_rating="Half true") == []


def test_markup_in_the_claim_cannot_close_the_script_element(client):
    claim = make_claim(text="They said </script><script>alert(1)</script> & more")
    add_appearance(claim)
    factcheck = published_factcheck(claim=claim, claim_reviewed="They said </script><!-- x")
    html = client.get(factcheck.get_absolute_url()).content.decode()

    script = html.split('type="application/ld+json"', 1)[1].split("</script>", 1)[0]
    assert "<" not in script.split(">", 1)[1]
    assert ld_json_blocks(html)[0]["claimReviewed"] == "They said </script><!-- x"
    assert str(json_for_script({"a": "</script>"})) == '{"a":"\\u003C/script\\u003E"}'
