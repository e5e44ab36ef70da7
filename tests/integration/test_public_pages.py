"""The public pages as a reader sees them: content, access, accessibility promises, query counts."""

import re

import pytest
from django.urls import reverse

from articles.models import Correction, FactCheck
from tests.factories import (
    make_claim,
    make_factcheck,
    make_outlet,
    make_quote,
    make_source,
    make_speaker,
    make_user,
    rating,
)
from tests.integration.public_helpers import add_appearance, many_published, published_factcheck

pytestmark = pytest.mark.django_db

STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.I)


def _h1s(html: str) -> list[str]:
    return re.findall(r"<h1[\s>]", html)


def _pages(factcheck):
    return [
        reverse("public:home"),
        reverse("public:factcheck_list"),
        factcheck.get_absolute_url(),
        reverse("public:speaker_list"),
        factcheck.claim.speaker.get_absolute_url(),
        reverse("public:ratings"),
        reverse("public:corrections"),
    ]


def test_every_public_page_has_one_h1_no_inline_styles_and_a_csp(client):
    factcheck = published_factcheck()
    Correction.objects.create(factcheck=factcheck, kind=Correction.Kind.TYPO, note="Fixed a name.")
    for url in [*_pages(factcheck), "/no-such-page/"]:
        response = client.get(url)
        html = response.content.decode()
        assert len(_h1s(html)) == 1, url
        assert not STYLE_ATTRIBUTE.search(html), url
        assert "<style" not in html, url
        assert "Content-Security-Policy" in response, url


def test_the_factcheck_page_shows_claim_speaker_appearances_rating_sources_and_corrections(client):
    speaker = make_speaker(name="Dana Whitfield", role="Finance minister")
    claim = make_claim(text="Unemployment is the lowest in fifty years", speaker=speaker)
    add_appearance(claim, outlet=make_outlet(name="Morning Ledger"), days_ago=3, url="https://ledger.example/jobs")
    add_appearance(claim, outlet=make_outlet(name="City Wire"), days_ago=1, url="https://wire.example/jobs")
    factcheck = published_factcheck(
        claim=claim, rating=rating("mostly-false"), summary="It was lower in 1969.", body="## The data\n\n*Low*."
    )
    factcheck.citations.all().delete()
    factcheck.citations.create(
        source=make_source(title="Labour force survey", url="https://stats.example/lfs"), order=0, note="Table 3"
    )
    Correction.objects.create(factcheck=factcheck, kind=Correction.Kind.CLARIFICATION, note="Added the 1969 figure.")

    html = client.get(factcheck.get_absolute_url()).content.decode()

    assert "“Unemployment is the lowest in fifty years”" in html
    assert 'Dana Whitfield</a><span class="speaker-role">, Finance minister' in html
    assert html.index("https://ledger.example/jobs") < html.index("https://wire.example/jobs")
    assert "<cite>Morning Ledger</cite>" in html and "<cite>City Wire</cite>" in html
    assert '<span class="badge badge-large badge-mostly-false">Mostly false</span>' in html
    assert rating("mostly-false").definition in html
    assert "If your time is short</h2>" in html and "It was lower in 1969." in html
    assert "<h3>The data</h3>" in html and "<em>Low</em>" in html
    assert '<a href="https://stats.example/lfs" rel="nofollow noopener">Labour force survey</a>' in html
    assert "Table 3" in html
    assert "<strong>Clarification</strong>, <time" in html and "Added the 1969 figure." in html
    assert f'<meta property="og:url" content="http://127.0.0.1:8000{factcheck.get_absolute_url()}">' in html
    assert '<meta property="og:title" content="' + factcheck.headline in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_the_body_is_sanitised(client):
    factcheck = published_factcheck(
        body="Hello <script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1))"
    )
    html = client.get(factcheck.get_absolute_url()).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "alert(1)" not in main and "onerror" not in main and "javascript:" not in main


@pytest.mark.parametrize("status", [FactCheck.Status.DRAFT, FactCheck.Status.IN_REVIEW, FactCheck.Status.SCHEDULED])
def test_unpublished_factchecks_are_404_for_readers_and_users_without_workbench_access(client, status):
    factcheck = make_factcheck(status=status)
    assert client.get(factcheck.get_absolute_url()).status_code == 404
    client.force_login(make_user(role=None))
    assert client.get(factcheck.get_absolute_url()).status_code == 404


def test_the_newsroom_sees_an_unpublished_factcheck_with_a_banner_and_noindex(checker_client):
    factcheck = make_factcheck(status=FactCheck.Status.DRAFT)
    html = checker_client.get(factcheck.get_absolute_url()).content.decode()
    assert "<strong>Not published</strong> (draft)" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_the_preview_context_shows_a_banner(rf):
    from django.template.loader import render_to_string

    from articles.views.public import factcheck_page_context

    factcheck = make_factcheck(status=FactCheck.Status.DRAFT)
    html = render_to_string(
        "public/factcheck_detail.html", factcheck_page_context(factcheck, preview=True), request=rf.get("/")
    )
    assert "Preview — not published." in html
    assert len(_h1s(html)) == 1


def test_the_speaker_page_draws_an_accessible_scorecard(client):
    speaker = make_speaker(name="Omar Castell")
    many_published(3, speaker=speaker, appearances=1, corrections=0)  # false, true, half true
    make_factcheck(claim=make_claim(speaker=speaker), status=FactCheck.Status.DRAFT)

    html = client.get(speaker.get_absolute_url()).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]

    assert 'role="img"' in svg and 'aria-labelledby="scorecard-title scorecard-desc"' in svg
    assert '<title id="scorecard-title">' in svg
    assert "3 published fact-checks of Omar Castell. Half true: 1; False: 1; True: 1." not in svg  # scale order
    assert "3 published fact-checks of Omar Castell. True: 1; Half true: 1; False: 1." in svg
    assert ">Mostly false</text>" in svg  # every step of the scale is labelled, even at zero
    assert 'fill="#b42318"' in svg and "style=" not in svg
    assert "Small sample." in html


def test_no_small_sample_warning_from_five_checks(client):
    speaker = make_speaker()
    many_published(5, speaker=speaker, appearances=1, corrections=0)
    assert "Small sample." not in client.get(speaker.get_absolute_url()).content.decode()


def test_the_speaker_list_counts_only_published_checks(client):
    checked, unchecked = make_speaker(name="Checked Person"), make_speaker(name="Unchecked Person")
    many_published(2, speaker=checked, appearances=1, corrections=0)
    make_factcheck(claim=make_claim(speaker=unchecked), status=FactCheck.Status.DRAFT)
    html = client.get(reverse("public:speaker_list")).content.decode()
    assert "Checked Person" in html and "2 fact-checks" in html
    assert "Unchecked Person" not in html


def test_the_ratings_page_lists_the_scale_in_order_with_definitions(client):
    html = client.get(reverse("public:ratings")).content.decode()
    labels = re.findall(r'<dt><span class="badge badge-[\w-]+">([^<]+)</span></dt>', html)
    assert labels == ["True", "Mostly true", "Half true", "Mostly false", "False", "Unverifiable"]
    assert rating("half-true").definition in html
    assert "How we check a claim" in html


def test_corrections_are_newest_first_and_only_for_published_factchecks(client):
    older, newer = published_factcheck(), published_factcheck()
    hidden = make_factcheck(status=FactCheck.Status.SCHEDULED)
    Correction.objects.create(factcheck=older, kind=Correction.Kind.TYPO, note="First note")
    Correction.objects.create(factcheck=newer, kind=Correction.Kind.CORRECTION, note="Second note")
    Correction.objects.create(factcheck=hidden, kind=Correction.Kind.TYPO, note="Not yet public note")
    html = client.get(reverse("public:corrections")).content.decode()
    assert html.index("Second note") < html.index("First note")
    assert "Not yet public note" not in html


def test_empty_site_pages_say_what_will_appear(client):
    assert "No fact-checks have been published yet" in client.get(reverse("public:home")).content.decode()
    every_factcheck = client.get(reverse("public:factcheck_list")).content.decode()
    # No filter is set, so the list must not blame one.
    assert "Nothing has been published yet" in every_factcheck and "match these filters" not in every_factcheck
    assert "No speaker has a published fact-check yet" in client.get(reverse("public:speaker_list")).content.decode()
    assert "No corrections so far" in client.get(reverse("public:corrections")).content.decode()


def test_badges_carry_their_rating_as_text(client):
    published_factcheck(rating=rating("true"))
    html = client.get(reverse("public:home")).content.decode()
    assert re.search(r'<span class="badge badge-true">True</span>', html)


QUERY_BUDGET = {
    "home": 4,
    "list": 6,  # a page's ids first (the live fact-checks' index), then its rows
    "detail": 8,
    "speakers": 4,
    "speaker": 7,
    "ratings": 3,
    "corrections": 4,
    "feed": 6,
}


@pytest.mark.parametrize("rows", [2, 25])
def test_each_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, rows):
    made = many_published(rows, appearances=3, corrections=2)
    factcheck, speaker = made[0], made[0].claim.speaker
    urls = {
        "home": reverse("public:home"),
        "list": reverse("public:factcheck_list") + "?rating=false&q=clinics&date_from=2000-01-01",
        "detail": factcheck.get_absolute_url(),
        "speakers": reverse("public:speaker_list"),
        "speaker": speaker.get_absolute_url(),
        "ratings": reverse("public:ratings"),
        "corrections": reverse("public:corrections"),
        "feed": reverse("public:claimreview_feed"),
    }
    for name, url in urls.items():
        with django_assert_max_num_queries(QUERY_BUDGET[name]):
            assert client.get(url).status_code == 200, name


def test_every_badge_in_the_rating_stylesheet_is_readable(client):
    from articles.rating_colours import contrast

    Rating = rating("true").__class__
    Rating.objects.create(label="Murky", slug="murky", value=None, colour="#808080", definition="Grey.")
    css = client.get(reverse("public:rating_styles")).content.decode()
    rules = re.findall(r"\.badge-([\w-]+)\{background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})\}", css)
    assert {slug for slug, _, _ in rules} == set(Rating.objects.values_list("slug", flat=True))
    for slug, background, text in rules:
        assert contrast(background, text) >= 4.5, slug
    assert ".badge-false{background:#b42318;color:#ffffff}" in css  # a readable colour is kept as chosen


def test_a_speaker_without_published_checks_is_not_a_public_page(client, checker):
    speaker = make_speaker(name="Only Drafts")
    make_factcheck(claim=make_claim(speaker=speaker), status=FactCheck.Status.DRAFT)
    assert client.get(speaker.get_absolute_url()).status_code == 404
    client.force_login(checker)
    response = client.get(speaker.get_absolute_url())
    assert response.status_code == 200
    assert "We have not published a fact-check of Only Drafts yet." in response.content.decode()


def test_a_claim_from_an_unnamed_source_says_how_the_article_describes_it(client):
    claim = make_claim(speaker=None, text="The plant will close in May")
    make_quote(claim=claim, speaker=None, speaker_role="a company spokesman")
    factcheck = make_factcheck(claim=claim, status=FactCheck.Status.PUBLISHED)

    page = client.get(factcheck.get_absolute_url()).content.decode()

    assert "An unnamed source: a company spokesman" in page
