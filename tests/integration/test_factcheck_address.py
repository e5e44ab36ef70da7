"""A fact-check's address: set freely before it is first published, redirected after."""

import pytest
from django.urls import reverse

from articles.models import AuditEvent, FactCheck, FactCheckOldSlug
from articles.services.errors import ServiceError
from articles.services.slugs import factcheck_slug_set
from tests.factories import make_factcheck

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_an_author_sets_the_address_before_publication_with_no_redirect_left(checker):
    factcheck = make_factcheck(author=checker, slug="daniel-kerr-crime-dropped-by-18-percent-after-we")

    factcheck = factcheck_slug_set(factcheck=factcheck, user=checker, slug="Kerr: crime fell 18%?")

    assert FactCheck.objects.get(pk=factcheck.pk).slug == "kerr-crime-fell-18"
    assert not FactCheckOldSlug.objects.exists()  # nobody outside the newsroom had the old link
    event = AuditEvent.objects.get(action="factcheck_slug_changed")
    assert event.changes == {"slug": ["daniel-kerr-crime-dropped-by-18-percent-after-we", "kerr-crime-fell-18"]}


def test_an_address_in_use_or_once_used_elsewhere_is_refused(checker, editor):
    make_factcheck(slug="taken")
    moved = make_factcheck(status=FactCheck.Status.PUBLISHED, slug="first-address")
    factcheck_slug_set(factcheck=moved, user=editor, slug="second-address")
    mine = make_factcheck(author=checker)

    with pytest.raises(ServiceError, match="Another fact-check already has the address “taken”"):
        factcheck_slug_set(factcheck=mine, user=checker, slug="taken")
    with pytest.raises(ServiceError, match="still leads there"):
        factcheck_slug_set(factcheck=mine, user=checker, slug="first-address")
    with pytest.raises(ServiceError, match="letters or numbers"):
        factcheck_slug_set(factcheck=mine, user=checker, slug="!!!")


def test_after_publication_only_an_editor_changes_it_and_the_old_address_redirects(client, checker, editor):
    factcheck = make_factcheck(author=checker, status=FactCheck.Status.PUBLISHED, slug="old-address")

    with pytest.raises(ServiceError, match="only an editor can change its address"):
        factcheck_slug_set(factcheck=factcheck, user=checker, slug="new-address")
    factcheck_slug_set(factcheck=factcheck, user=editor, slug="new-address")
    factcheck_slug_set(factcheck=factcheck, user=editor, slug="newest-address")

    for old in ("old-address", "new-address"):
        response = client.get(f"/fact-checks/{old}/")
        assert response.status_code == 301, old
        assert response["Location"] == "/fact-checks/newest-address/"
    assert client.get("/fact-checks/newest-address/").status_code == 200
    assert client.get("/fact-checks/never-existed/").status_code == 404

    # Going back to an old address makes it the page again rather than a redirect loop.
    factcheck_slug_set(factcheck=factcheck, user=editor, slug="old-address")
    assert client.get("/fact-checks/old-address/").status_code == 200
    assert client.get("/fact-checks/newest-address/")["Location"] == "/fact-checks/old-address/"


def test_the_editor_panel_sets_the_address_in_place(checker_client, checker):
    factcheck = make_factcheck(author=checker)
    editor_page = checker_client.get(reverse("workbench:factcheck_edit", args=[factcheck.pk])).content.decode()
    assert 'id="address"' in editor_page and 'name="slug"' in editor_page

    url = reverse("workbench:factcheck_address", args=[factcheck.pk])
    response = checker_client.post(url, {"slug": "schools-claim"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="address"') and "<strong>schools-claim</strong>" in html
    assert "history-changed" in response.headers["HX-Trigger"]

    refused = checker_client.post(url, {"slug": "   "}, **HTMX).content.decode()
    assert "letters or numbers" in refused and 'role="alert"' in refused


def test_a_checker_sees_a_published_address_but_no_form(checker_client, checker):
    factcheck = make_factcheck(author=checker, status=FactCheck.Status.PUBLISHED)
    html = checker_client.get(reverse("workbench:factcheck_edit", args=[factcheck.pk])).content.decode()
    panel = html[html.index('id="address"') :].split("</section>", 1)[0]
    assert 'name="slug"' not in panel and "only an editor can change its address" in panel
