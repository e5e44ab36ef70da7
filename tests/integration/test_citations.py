"""Citations: pick or create Sources, reorder them, note what each supports."""

import pytest

from articles.models import AuditEvent, Citation, FactCheck, Outlet, Source
from articles.services.citations import (
    citation_add,
    citation_move,
    citation_note_update,
    citation_remove,
    citations_reorder,
)
from articles.services.errors import ServiceError
from tests.factories import make_factcheck, make_outlet, make_source

pytestmark = pytest.mark.django_db


def _titles(factcheck):
    return list(Citation.objects.filter(factcheck=factcheck).values_list("source__title", flat=True))


def test_cite_an_existing_source_at_the_end(checker):
    factcheck = make_factcheck(citations=1)
    source = make_source(title="Budget 2024")
    citation = citation_add(factcheck=factcheck, user=checker, source=source, note="The deficit figure")
    assert (citation.order, citation.note) == (1, "The deficit figure")
    assert _titles(factcheck)[-1] == "Budget 2024"
    event = AuditEvent.objects.get(factcheck=factcheck, action="citation_added")
    assert event.actor == checker


def test_citing_does_not_raise_the_version(checker):
    factcheck = make_factcheck(citations=0)
    citation_add(factcheck=factcheck, user=checker, source=make_source())
    factcheck.refresh_from_db()
    assert factcheck.version == 1


def test_a_new_source_is_created_with_its_outlet(checker):
    factcheck = make_factcheck(citations=0)
    citation_add(
        factcheck=factcheck,
        user=checker,
        url="https://stats.example/gdp",
        outlet_name="National Statistics",
        title="GDP",
    )
    source = Source.objects.get(url="https://stats.example/gdp")
    assert (source.title, source.outlet.name, source.outlet.slug) == (
        "GDP",
        "National Statistics",
        "national-statistics",
    )


def test_a_known_url_reuses_the_source_the_article_cites(checker):
    outlet = make_outlet(name="Reuters")
    cited = make_source(url="https://reuters.example/story", title="The story", outlet=outlet)
    factcheck = make_factcheck(citations=0)
    factcheck.claim.quotes.first().article.sources.add(cited)
    citation = citation_add(factcheck=factcheck, user=checker, url="https://reuters.example/story/", title="Other")
    assert citation.source == cited
    assert Source.objects.count() == 1
    assert Outlet.objects.filter(name__iexact="reuters").count() == 1


def test_an_existing_outlet_is_matched_case_insensitively(checker):
    make_outlet(name="The Guardian", slug="the-guardian")
    citation_add(
        factcheck=make_factcheck(citations=0),
        user=checker,
        url="https://g.example/a",
        outlet_name="the guardian",
        title="A",
    )
    assert Outlet.objects.filter(name__iexact="the guardian").count() == 1


def test_the_same_source_twice_is_refused(checker):
    factcheck = make_factcheck(citations=0)
    source = make_source()
    citation_add(factcheck=factcheck, user=checker, source=source)
    with pytest.raises(ServiceError, match="already cited"):
        citation_add(factcheck=factcheck, user=checker, source=source)


def test_a_new_source_needs_a_title(checker):
    with pytest.raises(ServiceError):
        citation_add(factcheck=make_factcheck(citations=0), user=checker, url="https://x.example/")
    assert not Source.objects.filter(url="https://x.example/").exists()


def test_remove_drops_the_citation_but_keeps_the_source(checker):
    factcheck = make_factcheck(citations=2)
    citation = factcheck.citations.first()
    citation_remove(citation=citation, user=checker)
    assert factcheck.citations.count() == 1
    assert Source.objects.filter(pk=citation.source_id).exists()
    assert AuditEvent.objects.filter(factcheck=factcheck, action="citation_removed").exists()


def test_reorder_and_move(checker):
    factcheck = make_factcheck(citations=0)
    a, b, c = (citation_add(factcheck=factcheck, user=checker, source=make_source(title=t)) for t in "ABC")
    citations_reorder(factcheck=factcheck, user=checker, order=[c.pk, a.pk, b.pk])
    assert _titles(factcheck) == ["C", "A", "B"]
    citation_move(citation=b, user=checker, offset=-1)
    assert _titles(factcheck) == ["C", "B", "A"]
    citation_move(citation=c, user=checker, offset=-1)  # already first: stays
    assert _titles(factcheck) == ["C", "B", "A"]
    event = AuditEvent.objects.filter(factcheck=factcheck, action="citations_reordered").first()
    assert event.changes["citations"] == [["C", "A", "B"], ["C", "B", "A"]]


def test_reorder_refuses_a_stale_list(checker):
    factcheck = make_factcheck(citations=2)
    pks = list(factcheck.citations.values_list("pk", flat=True))
    with pytest.raises(ServiceError):
        citations_reorder(factcheck=factcheck, user=checker, order=pks[:1])


def test_note_update_is_audited(checker):
    citation = make_factcheck(citations=1).citations.get()
    citation_note_update(citation=citation, user=checker, note="Shows the 2023 total")
    citation.refresh_from_db()
    assert citation.note == "Shows the 2023 total"
    event = AuditEvent.objects.get(action="citation_note_changed")
    assert event.changes == {"note": ["Official data", "Shows the 2023 total"]}


def test_a_checker_cannot_change_the_sources_of_a_published_fact_check(checker, editor):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED)
    with pytest.raises(ServiceError):
        citation_add(factcheck=factcheck, user=checker, source=make_source())
    citation_add(factcheck=factcheck, user=editor, source=make_source())
    assert factcheck.citations.count() == 2
