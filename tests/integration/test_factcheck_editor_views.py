"""The fact-check editor's pages and actions through the test client, with and without htmx."""

import json

import pytest
from django.urls import reverse

from articles import roles
from articles.models import AuditEvent, Citation, Correction, FactCheck, Source
from articles.services.factchecks import factcheck_submit, factcheck_update
from tests.factories import make_factcheck, make_source, make_user, rating

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name, factcheck, *extra):
    return reverse(f"workbench:{name}", args=[factcheck.pk, *extra])


def _form(factcheck, **overrides):
    data = {
        "headline": factcheck.headline,
        "claim_reviewed": factcheck.claim_reviewed,
        "rating": factcheck.rating_id or "",
        "summary": factcheck.summary,
        "body": factcheck.body,
        "version": factcheck.version,
    }
    data.update(overrides)
    return data


# ---- every URL: login first, then the role ------------------------------------------------------

# (url name, method, permission the role needs)
ROUTES = [
    ("factcheck_list", "get", roles.REVIEW),
    ("factcheck_edit", "get", roles.REVIEW),
    ("factcheck_save", "post", roles.REVIEW),
    ("factcheck_preview", "get", roles.REVIEW),
    ("factcheck_history", "get", roles.REVIEW),
    ("factcheck_submit", "post", roles.REVIEW),
    ("factcheck_return", "post", roles.PUBLISH),
    ("factcheck_publish", "post", roles.PUBLISH),
    ("factcheck_withdraw", "post", roles.REVIEW),
    ("factcheck_unschedule", "post", roles.PUBLISH),
    ("factcheck_retract", "post", roles.PUBLISH),
    ("factcheck_discard_changes", "post", roles.PUBLISH),
    ("correction_add", "post", roles.PUBLISH),
    ("source_search", "get", roles.REVIEW),
    ("citation_add", "post", roles.REVIEW),
    ("citation_remove", "post", roles.REVIEW),
    ("citation_move", "post", roles.REVIEW),
    ("citation_note", "post", roles.REVIEW),
]


def _route_url(name, factcheck):
    if name == "factcheck_list":
        return reverse("workbench:factcheck_list")
    if name.startswith("citation_") and name != "citation_add":
        return _url(name, factcheck, factcheck.citations.first().pk)
    return _url(name, factcheck)


@pytest.mark.parametrize(("name", "method", "perm"), ROUTES)
def test_anonymous_visitors_are_sent_to_login(client, name, method, perm):
    factcheck = make_factcheck()
    url = _route_url(name, factcheck)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "method", "perm"), ROUTES)
def test_a_role_without_the_permission_gets_403(client, name, method, perm):
    factcheck = make_factcheck()
    # A fact-checker lacks the editor's permissions; a user with no role lacks everything.
    user = make_user(role=roles.FACT_CHECKER if perm == roles.PUBLISH else None)
    client.force_login(user)
    response = getattr(client, method)(_route_url(name, factcheck))
    assert response.status_code == 403
    factcheck.refresh_from_db()
    assert factcheck.version == 1


# ---- the list -----------------------------------------------------------------------------------


def test_list_shows_fact_checks_with_rating_and_status(checker_client, checker):
    make_factcheck(headline="Did the schools get built?", author=checker, rating=rating("true"))
    response = checker_client.get(reverse("workbench:factcheck_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Did the schools get built?" in html
    assert 'class="badge badge-true">True</span>' in html
    assert "Draft" in html


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        ("", {"mine draft", "mine review", "other review", "other published"}),
        ("mine", {"mine draft", "mine review"}),
        ("drafts", {"mine draft"}),
        ("in_review", {"mine review", "other review"}),
        ("awaiting", {"other review"}),
        ("published", {"other published"}),
    ],
)
def test_list_tabs(client, show, expected):
    me = make_user(role=roles.EDITOR)
    other = make_user()
    make_factcheck(headline="mine draft", author=me)
    make_factcheck(headline="mine review", author=me, status=FactCheck.Status.IN_REVIEW)
    make_factcheck(headline="other review", author=other, status=FactCheck.Status.IN_REVIEW)
    make_factcheck(headline="other published", author=other, status=FactCheck.Status.PUBLISHED)
    client.force_login(me)
    response = client.get(reverse("workbench:factcheck_list"), {"show": show} if show else {})
    shown = {fc.headline for fc in response.context["page_obj"]}
    assert shown == expected


def test_list_search_finds_by_headline_and_speaker(checker_client):
    make_factcheck(headline="Hospital numbers")
    target = make_factcheck(headline="Zebra crossings")
    response = checker_client.get(reverse("workbench:factcheck_list"), {"q": "zebra"})
    assert [fc.pk for fc in response.context["page_obj"]] == [target.pk]
    speaker = target.claim.speaker.name
    response = checker_client.get(reverse("workbench:factcheck_list"), {"q": speaker})
    assert [fc.pk for fc in response.context["page_obj"]] == [target.pk]


def test_list_htmx_request_gets_only_the_results_fragment(checker_client):
    make_factcheck(headline="Fragment row")
    response = checker_client.get(reverse("workbench:factcheck_list"), {"show": "drafts"}, **HTMX)
    html = response.content.decode()
    assert 'id="fc-results"' in html and "Fragment row" in html
    assert "<html" not in html


def test_awaiting_tab_is_only_for_editors(checker_client):
    html = checker_client.get(reverse("workbench:factcheck_list")).content.decode()
    assert "Awaiting my approval" not in html


def test_list_queries_stay_constant_with_200_fact_checks(checker_client, django_assert_max_num_queries):
    for _ in range(200):
        make_factcheck(citations=1)
    with django_assert_max_num_queries(10):
        response = checker_client.get(reverse("workbench:factcheck_list"))
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 25
    assert response.context["page_obj"].paginator.count == 200


# ---- the editor page -------------------------------------------------------------------------------


def test_editor_shows_the_claim_its_appearances_and_the_form(checker_client):
    factcheck = make_factcheck()
    quote = factcheck.claim.quotes.get()
    html = checker_client.get(_url("factcheck_edit", factcheck)).content.decode()
    assert factcheck.claim.text in html
    assert quote.article.title in html
    assert reverse("workbench:claim_detail", args=[factcheck.claim_id]) in html
    assert f'name="version" value="{factcheck.version}"' in html
    assert 'hx-trigger="input delay:2s, submit"' in html


def test_editor_queries_stay_constant_with_many_citations(checker_client, django_assert_max_num_queries):
    factcheck = make_factcheck(citations=30)
    with django_assert_max_num_queries(20):
        response = checker_client.get(_url("factcheck_edit", factcheck))
    assert response.content.decode().count('class="citation"') == 30


def test_author_sees_the_reviewers_comment(client, checker, editor):
    factcheck = factcheck_submit(factcheck=make_factcheck(author=checker), user=checker)
    client.force_login(editor)
    client.post(_url("factcheck_return", factcheck), {"comment": "Cite the <b>2023</b> budget."})
    client.force_login(checker)
    html = client.get(_url("factcheck_edit", factcheck)).content.decode()
    assert "Sent back for changes" in html
    assert "Cite the &lt;b&gt;2023&lt;/b&gt; budget." in html


def test_the_author_gets_no_approve_button_on_their_own_work(client, editor):
    factcheck = factcheck_submit(factcheck=make_factcheck(author=editor), user=editor)
    client.force_login(editor)
    html = client.get(_url("factcheck_edit", factcheck)).content.decode()
    assert "Approve and publish" not in html
    assert "You wrote some of this, so you can’t approve it" in html


def test_another_editor_gets_approve_and_send_back(client, checker, editor):
    factcheck = factcheck_submit(factcheck=make_factcheck(author=checker), user=checker)
    client.force_login(editor)
    html = client.get(_url("factcheck_edit", factcheck)).content.decode()
    assert "Approve and publish" in html and "Send back with comment" in html


def test_a_checker_gets_no_approve_button(client, checker):
    factcheck = factcheck_submit(factcheck=make_factcheck(), user=checker)
    client.force_login(checker)
    html = client.get(_url("factcheck_edit", factcheck)).content.decode()
    assert "Approve and publish" not in html


def test_published_fact_check_asks_editors_for_proposed_changes_with_a_correction_note(editor_client):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED)
    html = editor_client.get(_url("factcheck_edit", factcheck)).content.decode()
    assert 'name="correction_kind"' in html and 'name="correction_note"' in html
    # Saves go into proposed changes that readers don't see, so autosave is safe here too.
    assert "input delay:2s" in html
    assert "goes live only when another editor approves it" in html


def test_published_fact_check_is_read_only_for_a_checker(checker_client):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED)
    html = checker_client.get(_url("factcheck_edit", factcheck)).content.decode()
    assert "<fieldset disabled>" in html
    assert "Retract" not in html


# ---- autosave and edit conflicts ---------------------------------------------------------------------


def test_autosave_returns_the_status_with_the_new_version(checker_client):
    factcheck = make_factcheck()
    response = checker_client.post(_url("factcheck_save", factcheck), _form(factcheck, body="New body"), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved · version 2" in html
    assert 'name="version" value="2" id="id_version" hx-swap-oob="true"' in html
    factcheck.refresh_from_db()
    assert factcheck.body == "New body"
    assert AuditEvent.objects.filter(factcheck=factcheck, action="factcheck_edited").exists()


def test_two_saves_from_the_same_version_show_the_conflict_and_keep_both_texts(client, checker, editor):
    factcheck = make_factcheck(summary="Original")
    client.force_login(checker)
    client.post(_url("factcheck_save", factcheck), _form(factcheck, summary="Checker wrote this"), **HTMX)
    client.force_login(editor)
    response = client.post(_url("factcheck_save", factcheck), _form(factcheck, summary="Editor wrote this"), **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Edit conflict: checker saved a newer version (version 2)" in html
    assert "Checker wrote this" in html and "Editor wrote this" in html
    assert 'data-reapply="2"' in html
    assert "<form" not in html  # the fragment never replaces the form holding the editor's text
    factcheck.refresh_from_db()
    assert (factcheck.summary, factcheck.version) == ("Checker wrote this", 2)


def test_conflict_without_htmx_renders_the_editor_with_the_submitted_text(client, checker, editor):
    factcheck = make_factcheck()
    factcheck_update(factcheck=factcheck, user=checker, expected_version=1, changes={"body": "Theirs"})
    client.force_login(editor)
    response = client.post(_url("factcheck_save", factcheck), _form(factcheck, version=1, body="Mine, unsaved"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Edit conflict" in html
    assert "Mine, unsaved</textarea>" in html


def test_invalid_save_is_422_with_the_reason(checker_client):
    factcheck = make_factcheck()
    response = checker_client.post(_url("factcheck_save", factcheck), _form(factcheck, headline=""), **HTMX)
    assert response.status_code == 422
    assert "Not saved: Headline: This field is required." in response.content.decode()
    factcheck.refresh_from_db()
    assert factcheck.version == 1


def test_saving_a_published_fact_check_keeps_the_change_apart_until_approved(editor_client):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED, body="Published body")
    response = editor_client.post(_url("factcheck_save", factcheck), _form(factcheck, body="Edited"), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved · version 2" in html
    assert 'id="workflow" class="card fc-workflow" aria-labelledby="workflow-heading" hx-swap-oob="true"' in html
    assert "Submit changes for review" in html
    factcheck.refresh_from_db()
    assert factcheck.body == "Published body"
    assert factcheck.revisions.get().body == "Edited"
    assert not Correction.objects.exists()


def test_submitting_a_rating_change_needs_the_rating_change_kind(editor_client):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED, rating=rating("false"), headline="The schools")
    data = _form(factcheck, rating=rating("true").pk, correction_kind="correction", correction_note="New data")
    assert editor_client.post(_url("factcheck_save", factcheck), data, **HTMX).status_code == 200
    response = editor_client.post(_url("factcheck_submit", factcheck), **HTMX)
    assert response.status_code == 200  # refusals are shown in place
    assert "“Rating changed” correction" in response.content.decode()
    factcheck.refresh_from_db()
    data.update(correction_kind="rating_change", version=factcheck.version)
    assert editor_client.post(_url("factcheck_save", factcheck), data, **HTMX).status_code == 200
    response = editor_client.post(_url("factcheck_submit", factcheck), **HTMX)
    assert response.headers["HX-Redirect"] == _url("factcheck_edit", factcheck)
    assert factcheck.revisions.get().status == "in_review"
    assert not Correction.objects.exists()


# ---- workflow -----------------------------------------------------------------------------------------


def test_submit_redirects_the_htmx_request_to_the_editor(checker_client):
    factcheck = make_factcheck()
    response = checker_client.post(_url("factcheck_submit", factcheck), **HTMX)
    assert response.headers["HX-Redirect"] == _url("factcheck_edit", factcheck)
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.IN_REVIEW


def test_publish_gate_failures_come_back_as_a_list_next_to_the_button(client, checker, editor):
    # In review without the gate having run (it was submitted before the gate ran at submission).
    factcheck = make_factcheck(author=checker, rating=None, summary="", citations=0, status=FactCheck.Status.IN_REVIEW)
    client.force_login(editor)
    response = client.post(_url("factcheck_publish", factcheck), {"version": factcheck.version}, **HTMX)
    assert response.status_code == 200  # shown in place: no failed request in the console
    html = response.content.decode()
    assert 'class="gate-errors"' in html
    for message in ("Choose a rating.", "Cite at least one source.", "Write the summary"):
        assert message in html
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.IN_REVIEW


def test_publish_without_htmx_shows_each_failure_as_a_message(client, checker, editor):
    factcheck = make_factcheck(author=checker, rating=None, status=FactCheck.Status.IN_REVIEW)
    client.force_login(editor)
    response = client.post(_url("factcheck_publish", factcheck), {"version": factcheck.version}, follow=True)
    assert "Choose a rating." in response.content.decode()


def test_an_editor_cannot_publish_their_own_work_by_posting(client, editor):
    factcheck = factcheck_submit(factcheck=make_factcheck(author=editor), user=editor)
    client.force_login(editor)
    response = client.post(_url("factcheck_publish", factcheck), {"version": factcheck.version}, **HTMX)
    assert response.status_code == 200  # shown in place: no failed request in the console
    assert "You can’t approve your own fact-check" in response.content.decode()
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.IN_REVIEW


def test_a_second_editor_publishes(client, checker, editor):
    factcheck = factcheck_submit(factcheck=make_factcheck(author=checker), user=checker)
    client.force_login(editor)
    response = client.post(_url("factcheck_publish", factcheck), {"version": factcheck.version}, **HTMX)
    assert response.headers["HX-Redirect"] == _url("factcheck_edit", factcheck)
    factcheck.refresh_from_db()
    assert (factcheck.status, factcheck.approved_by) == (FactCheck.Status.PUBLISHED, editor)


def test_send_back_needs_a_comment(client, checker, editor):
    factcheck = factcheck_submit(factcheck=make_factcheck(author=checker), user=checker)
    client.force_login(editor)
    response = client.post(_url("factcheck_return", factcheck), {"comment": ""}, **HTMX)
    assert response.status_code == 200  # shown in place: no failed request in the console
    assert "Say what needs fixing" in response.content.decode()


def test_correction_and_retraction(editor_client):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED)
    response = editor_client.post(
        _url("correction_add", factcheck), {"kind": "clarification", "note": "We meant 2023."}, **HTMX
    )
    assert response.headers["HX-Redirect"] == _url("factcheck_edit", factcheck)
    assert Correction.objects.get().note == "We meant 2023."
    editor_client.post(_url("factcheck_retract", factcheck), {"reason": "Legal"})
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.RETRACTED


def test_preview_renders_the_public_page_with_a_banner(checker_client):
    factcheck = make_factcheck(body="The **figures** say otherwise.")
    response = checker_client.get(_url("factcheck_preview", factcheck))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview — not published." in html
    assert factcheck.headline in html
    assert "<strong>figures</strong>" in html
    assert [t.name for t in response.templates][0] == "public/factcheck_detail.html"


def test_history_fragment_lists_the_audit_trail(checker_client, checker):
    factcheck = make_factcheck()
    factcheck_update(factcheck=factcheck, user=checker, expected_version=1, changes={"headline": "Renamed"})
    html = checker_client.get(_url("factcheck_history", factcheck), **HTMX).content.decode()
    assert 'id="history"' in html and "edited" in html and "Renamed" in html


# ---- citations panel -------------------------------------------------------------------------------------


def test_cite_an_existing_source_returns_the_panel_and_refreshes_history(checker_client):
    factcheck = make_factcheck(citations=0)
    source = make_source(title="Budget 2024")
    response = checker_client.post(_url("citation_add", factcheck), {"source": source.pk, "note": "Totals"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="citations"' in html and "Budget 2024" in html
    assert "history-changed" in json.loads(response.headers["HX-Trigger"])
    assert Citation.objects.get(factcheck=factcheck).note == "Totals"


def test_cite_a_new_source_by_url_outlet_and_title(checker_client):
    factcheck = make_factcheck(citations=0)
    data = {"url": "https://stats.example/gdp", "outlet_name": "Statistics Office", "title": "GDP 2024"}
    checker_client.post(_url("citation_add", factcheck), data, **HTMX)
    source = Source.objects.get(url="https://stats.example/gdp")
    assert source.outlet.name == "Statistics Office"
    assert factcheck.citations.get().source == source


def test_a_new_source_without_a_title_is_refused_in_the_panel(checker_client):
    factcheck = make_factcheck(citations=0)
    response = checker_client.post(_url("citation_add", factcheck), {"url": "https://x.example/"}, **HTMX)
    assert response.status_code == 200  # shown in place: no failed request in the console
    assert "Give the new source a title" in response.content.decode()
    assert not factcheck.citations.exists()


def test_suggestions_come_from_the_sources_the_claims_articles_cite(checker_client):
    factcheck = make_factcheck(citations=0)
    cited = make_source(title="Ministry press release")
    factcheck.claim.quotes.get().article.sources.add(cited)
    html = checker_client.get(_url("factcheck_edit", factcheck)).content.decode()
    assert "Cited by the articles this claim appeared in" in html
    assert "Ministry press release" in html


def test_source_search_excludes_what_is_already_cited(checker_client):
    factcheck = make_factcheck(citations=0)
    make_source(title="Census 2021 results")
    cited = make_source(title="Census 2011 results")
    Citation.objects.create(factcheck=factcheck, source=cited)
    html = checker_client.get(_url("source_search", factcheck), {"q": "census"}, **HTMX).content.decode()
    assert "Census 2021 results" in html and "Census 2011 results" not in html


def test_move_note_and_remove(checker_client):
    factcheck = make_factcheck(citations=2)
    first, second = factcheck.citations.all()
    checker_client.post(_url("citation_move", factcheck, second.pk), {"direction": "up"}, **HTMX)
    assert list(factcheck.citations.values_list("pk", flat=True)) == [second.pk, first.pk]
    checker_client.post(_url("citation_note", factcheck, first.pk), {"note": "Backs the total"}, **HTMX)
    first.refresh_from_db()
    assert first.note == "Backs the total"
    response = checker_client.post(_url("citation_remove", factcheck, first.pk), **HTMX)
    assert "Backs the total" not in response.content.decode()
    assert list(factcheck.citations.values_list("pk", flat=True)) == [second.pk]


def test_a_citation_of_another_fact_check_is_404(checker_client):
    factcheck, other = make_factcheck(), make_factcheck()
    citation = other.citations.first()
    response = checker_client.post(_url("citation_remove", factcheck, citation.pk), **HTMX)
    assert response.status_code == 404
    assert Citation.objects.filter(pk=citation.pk).exists()
