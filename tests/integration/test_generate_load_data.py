"""generate_load_data: realistic bulk data for the page benchmark that the database accepts."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.models import Article, Citation, Claim, FactCheck, Outlet, Quote, Speaker
from tests.integration.claimreview_rules import claimreview_problems, ld_json_blocks

pytestmark = pytest.mark.django_db


def _generate(**sizes):
    out = io.StringIO()
    call_command("generate_load_data", stdout=out, batch_size=50, **sizes)
    return out.getvalue()


def test_it_builds_the_sizes_asked_for_with_quotes_that_match_their_articles(client):
    output = _generate(factchecks=30, quotes=300, speakers=12, outlets=4)

    assert FactCheck.objects.published().count() == 30
    assert (Quote.objects.count(), Speaker.objects.count(), Outlet.objects.count()) == (300, 12, 4)
    assert Claim.objects.count() == 60 and Article.objects.count() == 30
    assert Citation.objects.count() == 60
    for quote in Quote.objects.select_related("article"):
        assert quote.article.body[quote.start : quote.end] == quote.text
    assert all(c.appearance_count == c.quotes.count() for c in Claim.objects.prefetch_related("quotes"))
    assert "published fact-checks: 30" in output

    factcheck = FactCheck.objects.order_by("?").first()
    (data,) = ld_json_blocks(client.get(factcheck.get_absolute_url()).content.decode())
    assert claimreview_problems(data, site_url=settings.SITE_URL, visible_rating=factcheck.rating.label) == []
    assert client.get(factcheck.claim.speaker.get_absolute_url()).status_code == 200


def test_scale_multiplies_the_defaults():
    _generate(scale=0.0003)  # 30 fact-checks, 300 quotes, 6 speakers, 1 outlet
    assert FactCheck.objects.count() == 30 and Quote.objects.count() == 300 and Speaker.objects.count() == 6


def test_it_refuses_a_database_that_already_has_articles():
    _generate(factchecks=5, quotes=50, speakers=3, outlets=2)
    with pytest.raises(CommandError, match="fresh database"):
        _generate(factchecks=5, quotes=50, speakers=3, outlets=2)
