"""The public list's filters, search, pagination and htmx fragment."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.views import public
from tests.factories import make_claim, make_outlet, make_speaker, rating
from tests.integration.public_helpers import add_appearance, published_factcheck

pytestmark = pytest.mark.django_db

LIST = reverse("public:factcheck_list")


@pytest.fixture
def three():
    """Three published checks: different speakers, ratings, outlets and dates."""
    now = timezone.now()
    ledger, wire = make_outlet(name="Ledger", slug="ledger"), make_outlet(name="Wire", slug="wire")
    dana = make_speaker(name="Dana Whitfield", slug="dana-whitfield")
    omar = make_speaker(name="Omar Castell", slug="omar-castell")
    jobs = make_claim(text="Unemployment is the lowest in fifty years", speaker=dana)
    add_appearance(jobs, outlet=ledger)
    trains = make_claim(text="Trains now run on time nine times in ten", speaker=omar)
    add_appearance(trains, outlet=wire)
    taxes = make_claim(text="Income taxes have gone down for every family", speaker=dana)
    add_appearance(taxes, outlet=wire)
    return {
        "jobs": published_factcheck(claim=jobs, rating=rating("false"), published_at=now - timedelta(days=40)),
        "trains": published_factcheck(claim=trains, rating=rating("true"), published_at=now - timedelta(days=5)),
        "taxes": published_factcheck(claim=taxes, rating=rating("half-true"), published_at=now - timedelta(days=1)),
    }


def _shown(client, query: str = "", **headers) -> set[str]:
    html = client.get(LIST + query, headers=headers).content.decode()
    return {slug for slug in ("jobs", "trains", "taxes") if f"/fact-checks/{_slugs[slug]}/" in html}


_slugs: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _remember(three):
    _slugs.update({name: factcheck.slug for name, factcheck in three.items()})


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"jobs", "trains", "taxes"}),
        ("?rating=false", {"jobs"}),
        ("?speaker=dana-whitfield", {"jobs", "taxes"}),
        ("?speaker=castell", {"trains"}),
        ("?outlet=wire", {"trains", "taxes"}),
        ("?date_from={d10}", {"trains", "taxes"}),
        ("?date_to={d10}", {"jobs"}),
        ("?q=unemployment", {"jobs"}),
        ("?q=trains+time", {"trains"}),
        ("?q=taxes&speaker=dana-whitfield&outlet=wire&rating=half-true", {"taxes"}),
        ("?q=nothing+matches+this", set()),
    ],
)
def test_filters_narrow_the_list(client, query, expected):
    d10 = (timezone.now() - timedelta(days=10)).date().isoformat()
    assert _shown(client, query.format(d10=d10)) == expected


def test_no_match_says_so_and_offers_the_full_list(client):
    html = client.get(LIST + "?q=zebra").content.decode()
    assert "No fact-checks match these filters." in html and "see every fact-check" in html


def test_an_invalid_date_is_reported_not_a_crash(client):
    response = client.get(LIST + "?date_from=31-31-2020")
    assert response.status_code == 200
    assert "Published from: Enter a valid date." in response.content.decode()


def test_htmx_gets_only_the_results_fragment(client):
    html = client.get(LIST + "?rating=true", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and "<form" not in html
    assert "Showing 1–1 of 1 fact-check" in html


def test_pagination_keeps_the_filters_in_its_links(client, monkeypatch):
    monkeypatch.setattr(public, "FACTCHECKS_PER_PAGE", 1)
    html = client.get(LIST + "?speaker=dana-whitfield").content.decode()
    assert 'href="?speaker=dana-whitfield&amp;page=2"' in html
    assert 'hx-get="?speaker=dana-whitfield&amp;page=2"' in html and 'hx-push-url="true"' in html
    assert "Page 1 of 2" in html
    assert _shown(client, "?speaker=dana-whitfield&page=2") == {"jobs"}


def test_every_page_of_a_search_holds_the_right_checks_and_counts(client, monkeypatch):
    monkeypatch.setattr(public, "FACTCHECKS_PER_PAGE", 4)
    now = timezone.now()
    made = [
        published_factcheck(
            claim=make_claim(text=f"The harbour moved {n} thousand containers"), published_at=now - timedelta(days=n)
        )
        for n in range(1, 12)
    ]
    published_factcheck(claim=make_claim(text="Rail fares fell"))  # does not match
    newest_first = [factcheck.get_absolute_url() for factcheck in made]

    def page(number: str) -> tuple[str, list[str]]:
        html = client.get(LIST, {"q": "harbour containers", "page": number}).content.decode()
        return html, [url for url in newest_first if f'href="{url}"' in html]

    first, on_first = page("1")
    assert "Showing 1–4 of 11 fact-checks" in first and "Page 1 of 3" in first
    second, on_second = page("2")
    assert "Showing 5–8 of 11" in second
    last, on_last = page("3")
    assert "Showing 9–11 of 11" in last
    # Each check once, none left out, whatever order the search ranks them in.
    assert sorted(on_first + on_second + on_last) == sorted(newest_first) and len(on_first + on_second + on_last) == 11
    assert "Showing 9–11 of 11" in page("99")[0]  # past the end: the last page
    assert "Showing 1–4 of 11" in page("two")[0]  # not a number: the first
    assert "No fact-checks match these filters" in client.get(LIST, {"q": "zeppelins"}).content.decode()


def test_the_form_keeps_a_real_action_for_readers_without_javascript(client):
    html = client.get(LIST + "?rating=true").content.decode()
    assert f'<form class="filters" method="get" action="{LIST}"' in html
    assert '<option value="true" selected>True</option>' in html


def test_htmx_pushes_a_clean_shareable_url(client):
    response = client.get(LIST + "?q=taxes&rating=&speaker=&outlet=wire&date_from=", headers={"HX-Request": "true"})
    assert response["HX-Push-Url"] == LIST + "?q=taxes&outlet=wire"
    again = client.get(LIST + "?q=taxes&rating=&speaker=&outlet=wire&date_from=", headers={"HX-Request": "true"})
    assert again["HX-Push-Url"] == LIST + "?q=taxes&outlet=wire"  # kept by the page cache


def test_postgresql_searches_through_the_gin_index():
    """The public search matches through the stored document's GIN index (migrations 0005, 0017)."""
    from django.db import connection

    from articles.filters import PublicFactCheckFilter
    from articles.models import FactCheck
    from articles.search import text_search

    if connection.vendor != "postgresql":
        pytest.skip("The full-text index exists on PostgreSQL only.")
    fields, document = PublicFactCheckFilter.SEARCH_FIELDS, PublicFactCheckFilter.SEARCH_DOCUMENT
    queryset = text_search(FactCheck.objects.all(), "taxes", fields, document=document)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny test table would be read whole
        plan = queryset.explain()
    assert "factcheck_search_document" in plan


def test_the_stored_search_document_is_the_searched_fields_vector():
    """The generated column (migration 0017) ranks as the fields' own vector would, after any write."""
    from django.db import connection

    from articles.filters import PublicFactCheckFilter
    from articles.models import FactCheck
    from articles.search import text_search

    if connection.vendor != "postgresql":
        pytest.skip("The stored search document exists on PostgreSQL only.")
    first = published_factcheck(headline="Taxes on bread", summary="A note.", body="Nothing here.")
    second = published_factcheck(headline="A claim", summary="Taxes went up.", body="Taxes taxes.")
    FactCheck.objects.filter(pk=first.pk).update(body="Taxes, taxes and taxes again.")  # kept by the database
    fields, document = PublicFactCheckFilter.SEARCH_FIELDS, PublicFactCheckFilter.SEARCH_DOCUMENT
    stored = text_search(FactCheck.objects.all(), "taxes", fields, document=document)
    computed = text_search(FactCheck.objects.all(), "taxes", fields)
    assert [(f.pk, round(f.search_rank, 6)) for f in stored] == [(f.pk, round(f.search_rank, 6)) for f in computed]
    assert {first.pk, second.pk} <= {f.pk for f in stored}
