"""The review queue and its row actions through the test client, with and without htmx."""

import json

import pytest
from django.urls import reverse

from articles.models import AuditEvent, Claim, FactCheck
from articles.services.review import claim_reject
from tests.factories import make_article, make_factcheck, make_outlet, make_quote, make_speaker

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
QUEUE = reverse("workbench:claim_list")


def _toast(response) -> dict:
    return json.loads(response.headers["HX-Trigger"])["toast"]


def _claim(text="We built 12 new schools last year", **kwargs):
    speaker = kwargs.pop("speaker", None) or make_speaker(name="Ana Ruiz", role="Education Minister")
    outlet = kwargs.pop("outlet", None) or make_outlet()
    article = make_article(outlet=outlet, body=f"Intro.\n“{text},” the minister said.\nMore.")
    return make_quote(article=article, text=text, speaker=speaker, reasons=["contains a number"], **kwargs).claim


# ---- The list ------------------------------------------------------------------------


def test_the_queue_page_lists_claims_with_what_editors_need(checker_client):
    claim = _claim(checkworthiness=0.83, outlet=make_outlet(name="Harbour Times"))

    response = checker_client.get(QUEUE)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Review queue</h1>" in html
    row = html[html.index(f'id="claim-{claim.pk}"') :]
    for expected in (
        "We built 12 new schools last year",
        "Ana Ruiz",
        "Education Minister",
        "Harbour Times",
        ">83<",
        "contains a number",
        "Pending review",
    ):
        assert expected in row, expected


def test_an_htmx_request_gets_only_the_results_fragment(checker_client):
    claim = _claim()

    response = checker_client.get(QUEUE, {"q": "schools"}, **HTMX)

    html = response.content.decode()
    assert f'id="claim-{claim.pk}"' in html
    assert "<html" not in html and "<h1>" not in html and 'id="queue-filter-form"' not in html


def test_a_history_restore_gets_the_whole_page(checker_client):
    _claim()

    response = checker_client.get(QUEUE, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")

    assert "<html" in response.content.decode()


def test_a_claim_with_a_fact_check_is_flagged_already_checked_with_its_status(checker_client):
    factcheck = make_factcheck(status=FactCheck.Status.IN_REVIEW)

    response = checker_client.get(QUEUE, {"status": "all"})

    assert "Fact-check: in review" in response.content.decode()
    assert factcheck.claim.text in response.content.decode()


def test_pages_keep_the_filters_in_their_links(checker_client):
    for n in range(30):
        _claim(f"Claim number {n} about schools", speaker=make_speaker())

    response = checker_client.get(QUEUE, {"q": "schools"}, **HTMX)

    assert "page=2" in response.content.decode() and "q=schools" in response.content.decode()


def test_empty_states_say_why_nothing_is_listed(checker_client):
    assert "Nothing is waiting for review" in checker_client.get(QUEUE).content.decode()
    _claim()
    assert "No claims match these filters" in checker_client.get(QUEUE, {"q": "zebras"}).content.decode()


def test_the_queue_lists_no_speakers_however_many_there_are(checker_client):
    """The speaker filter is a text box: the page does not grow with the speakers table."""
    _claim()
    small = len(checker_client.get(QUEUE).content)
    for n in range(300):
        make_speaker(name=f"Councillor Number {n}")

    assert len(checker_client.get(QUEUE).content) < small + 500


def test_nonsense_in_the_url_is_reported_not_a_crash(checker_client):
    claim = _claim()

    response = checker_client.get(QUEUE, {"score_min": "lots", "outlet": "99999", "page": "7"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="form-errors"' in html and "Enter a number" in html
    assert f'id="claim-{claim.pk}"' in html  # the valid filters still apply, the last page is shown


def test_user_text_is_escaped(checker_client):
    hostile = "<script>alert(1)</script> cut taxes by 5 percent"
    claim = _claim(hostile, speaker=make_speaker(name="<b>Bold</b> Name"))

    for url in (QUEUE, claim.get_absolute_url(), claim.quotes.first().article.get_absolute_url()):
        html = checker_client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
        assert "<b>Bold</b>" not in html


# ---- Row actions ---------------------------------------------------------------------


def test_accepting_with_htmx_returns_the_updated_row_and_a_toast(checker_client, checker):
    claim = _claim()

    response = checker_client.post(reverse("workbench:claim_accept", args=[claim.pk]), **HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="claim-{claim.pk}"')
    assert "Worth checking" in html and "Fact-check: draft" in html
    assert _toast(response)["level"] == "success"
    assert AuditEvent.objects.filter(claim=claim, action="claim_accepted", actor=checker).exists()
    assert FactCheck.objects.filter(claim=claim, author=checker).exists()


def test_accepting_without_javascript_redirects_back_with_a_message(checker_client):
    claim = _claim()
    back = f"{QUEUE}?sort=newest"

    response = checker_client.post(reverse("workbench:claim_accept", args=[claim.pk]), {"next": back}, follow=True)

    assert response.redirect_chain[-1][0] == back
    assert f"Accepted claim #{claim.pk}" in response.content.decode()


def test_a_refused_action_returns_the_row_with_the_reason(checker_client, editor):
    claim = _claim()
    claim_reject(claim=claim, user=editor, reason="opinion")

    response = checker_client.post(reverse("workbench:claim_accept", args=[claim.pk]), **HTMX)

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode() and "Already rejected (opinion)" in response.content.decode()
    assert _toast(response)["level"] == "error"


def test_rejecting_with_a_reason(checker_client):
    claim = _claim()

    response = checker_client.post(
        reverse("workbench:claim_reject", args=[claim.pk]), {"reason": "not_checkable"}, **HTMX
    )

    assert "Rejected · not checkable" in response.content.decode()
    assert AuditEvent.objects.filter(claim=claim, action="claim_rejected").count() == 1


def test_rejecting_without_a_reason_changes_nothing(checker_client):
    claim = _claim()

    response = checker_client.post(reverse("workbench:claim_reject", args=[claim.pk]), **HTMX)

    assert "Choose why" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING and not AuditEvent.objects.exists()


def test_assigning_and_reopening(checker_client, checker):
    claim = _claim()
    claim_reject(claim=claim, user=checker, reason="opinion")

    assigned = checker_client.post(reverse("workbench:claim_assign", args=[claim.pk]), {"assignee": checker.pk}, **HTMX)
    reopened = checker_client.post(reverse("workbench:claim_reopen", args=[claim.pk]), **HTMX)

    assert "Assigned to Checker" in assigned.content.decode() or "Assigned to checker" in assigned.content.decode()
    assert "Pending review" in reopened.content.decode()
    assert AuditEvent.objects.filter(claim=claim, action__in=["claim_assigned", "claim_reopened"]).count() == 2


def test_panels_open_inside_the_row(checker_client):
    claim = _claim()
    row = reverse("workbench:claim_row", args=[claim.pk])

    correct = checker_client.get(row, {"panel": "correct"}, **HTMX).content.decode()
    merge = checker_client.get(row, {"panel": "merge"}, **HTMX).content.decode()

    assert 'data-panel="correct"' in correct and 'name="start"' in correct and "<mark>" in correct
    assert 'data-panel="merge"' in merge and 'name="other_number"' in merge


def test_correcting_boundaries_from_the_row(checker_client):
    claim = _claim()
    quote = claim.quotes.get()
    url = reverse("workbench:quote_correct", args=[quote.pk])

    response = checker_client.post(
        url, {"speaker": quote.speaker_id, "start": quote.start, "end": quote.end - 5}, **HTMX
    )

    assert "“We built 12 new schools last”" in response.content.decode()
    assert AuditEvent.objects.filter(claim=claim, action="quote_corrected").exists()


def test_an_invalid_correction_reopens_the_form_with_the_error(checker_client):
    claim = _claim()
    quote = claim.quotes.get()

    response = checker_client.post(
        reverse("workbench:quote_correct", args=[quote.pk]),
        {"speaker": quote.speaker_id, "start": 0, "end": 100_000},
        **HTMX,
    )

    html = response.content.decode()
    assert 'data-panel="correct"' in html and "inside the article" in html
    quote.refresh_from_db()
    assert quote.end < 100_000


def test_merging_different_speakers_asks_for_confirmation_then_merges(checker_client):
    target, other = (
        _claim("Taxes fell by 5 percent"),
        _claim("Taxes fell by 5 percent this year", speaker=make_speaker()),
    )
    url = reverse("workbench:claim_merge", args=[target.pk])

    first = checker_client.post(url, {"other_number": other.pk}, **HTMX)
    second = checker_client.post(url, {"other_number": other.pk, "confirm": "on"}, **HTMX)

    assert 'name="confirm"' in first.content.decode() and "different speakers" in first.content.decode()
    assert f'id="claim-{other.pk}" hx-swap-oob="delete"' in second.content.decode()
    assert not Claim.objects.filter(pk=other.pk).exists()
    assert AuditEvent.objects.filter(claim=target, action="claim_merged").exists()


def test_splitting_adds_the_new_claims_row_after_the_old_one(checker_client):
    claim = _claim("Crime fell by 18 percent")
    article = make_article(body="Later.\n“Crime fell by 18 percent,” he said.")
    quote = make_quote(article=article, text="Crime fell by 18 percent", claim=claim)

    response = checker_client.post(reverse("workbench:quote_split", args=[quote.pk]), **HTMX)

    quote.refresh_from_db()
    html = response.content.decode()
    assert f'hx-swap-oob="afterend:#claim-{claim.pk}"' in html and f'id="claim-{quote.claim_id}"' in html
    assert quote.claim_id != claim.pk


def test_bulk_actions_return_the_refreshed_results(checker_client):
    claims = [_claim(f"Claim {n} with 5 figures", speaker=make_speaker()) for n in range(3)]

    response = checker_client.post(
        reverse("workbench:claim_bulk"),
        {"action": "reject", "reason": "opinion", "claims": [c.pk for c in claims[:2]], "next": f"{QUEUE}?sort=score"},
        **HTMX,
    )

    html = response.content.decode()
    assert "<strong>1</strong> claim" in html and "<html" not in html
    assert _toast(response)["message"] == "Rejected 2 claims."
    assert AuditEvent.objects.filter(action="claim_rejected").count() == 2


def test_bulk_without_selection_or_reason_says_what_is_missing(checker_client):
    claim = _claim()

    no_selection = checker_client.post(reverse("workbench:claim_bulk"), {"action": "accept"}, **HTMX)
    no_reason = checker_client.post(reverse("workbench:claim_bulk"), {"action": "reject", "claims": [claim.pk]}, **HTMX)

    assert "Select at least one claim" in _toast(no_selection)["message"]
    assert "Choose why" in _toast(no_reason)["message"]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


def test_bulk_without_javascript_redirects_to_the_queue_it_came_from(checker_client):
    claim = _claim()

    response = checker_client.post(
        reverse("workbench:claim_bulk"), {"action": "accept", "claims": [claim.pk], "next": f"{QUEUE}?q=schools"}
    )

    assert response.status_code == 302 and response["Location"] == f"{QUEUE}?q=schools"
