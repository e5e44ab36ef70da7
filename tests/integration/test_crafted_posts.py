"""Crafted POSTs: object-level rules hold however the request is built, and extra fields change nothing.

Each test posts what a browser's developer tools or curl could send, with and without the
htmx header, and then reads the database: the rule is what was stored, not what the page said.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import roles
from articles.models import AuditEvent, Citation, Claim, Correction, FactCheck, ImportBatch, Quote
from articles.services.uploads import upload_preview_run
from tests.factories import make_factcheck, make_quote, make_source, make_speaker, make_user, rating

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
VARIANTS = [{}, HTMX]


def _fields(factcheck) -> dict:
    return FactCheck.objects.filter(pk=factcheck.pk).values().get()


@pytest.mark.parametrize("headers", VARIANTS)
def test_a_fact_checker_cannot_approve_their_own_fact_check_by_crafting_the_post(client, checker, headers):
    own = make_factcheck(author=checker, status=FactCheck.Status.IN_REVIEW)
    before = _fields(own)
    client.force_login(checker)

    response = client.post(
        reverse("workbench:factcheck_publish", args=[own.pk]),
        {"approved_by": checker.pk, "status": "published", "version": own.version},
        **headers,
    )

    assert response.status_code == 403
    assert _fields(own) == before
    assert not AuditEvent.objects.filter(factcheck=own, action="factcheck_published").exists()


@pytest.mark.parametrize("headers", VARIANTS)
def test_an_editor_cannot_approve_their_own_fact_check_by_naming_another_approver(
    client, editor, second_editor, headers
):
    own = make_factcheck(author=editor, status=FactCheck.Status.IN_REVIEW)
    before = _fields(own)
    client.force_login(editor)

    client.post(
        reverse("workbench:factcheck_publish", args=[own.pk]),
        {"approved_by": second_editor.pk, "editor": second_editor.pk, "author": second_editor.pk},
        **headers,
    )

    assert _fields(own) == before


@pytest.mark.parametrize("name", ["factcheck_return", "factcheck_retract", "correction_add", "factcheck_publish"])
def test_editor_actions_are_refused_to_a_fact_checker_whatever_the_post_says(client, checker, name):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED)
    before = _fields(factcheck)
    client.force_login(checker)

    response = client.post(
        reverse(f"workbench:{name}", args=[factcheck.pk]),
        {"comment": "x", "kind": "typo", "note": "x", "reason": "x", "version": factcheck.version},
    )

    assert response.status_code == 403
    assert _fields(factcheck) == before
    assert not Correction.objects.filter(factcheck=factcheck).exists()


def test_a_fact_checker_cannot_rewrite_a_published_fact_check_through_the_autosave(client, checker):
    published = make_factcheck(status=FactCheck.Status.PUBLISHED, author=checker)
    before = _fields(published)
    client.force_login(checker)

    response = client.post(
        reverse("workbench:factcheck_save", args=[published.pk]),
        {
            "headline": "Rewritten by the author alone",
            "claim_reviewed": published.claim_reviewed,
            "rating": rating("true").pk,
            "summary": "Now it is true.",
            "body": published.body,
            "version": published.version,
            "correction_kind": "rating_change",
            "correction_note": "I changed my mind.",
        },
        **HTMX,
    )

    assert response.status_code == 422
    assert "Only an editor can change a published fact-check" in response.content.decode()
    assert _fields(published) == before
    assert not Correction.objects.filter(factcheck=published).exists()


def test_extra_fields_on_the_autosave_change_only_the_editable_text(client, checker, editor):
    draft = make_factcheck(author=checker)
    other_claim = make_quote().claim
    client.force_login(checker)
    before = _fields(draft)

    response = client.post(
        reverse("workbench:factcheck_save", args=[draft.pk]),
        {
            "headline": "New headline",
            "claim_reviewed": draft.claim_reviewed,
            "rating": draft.rating_id,
            "summary": draft.summary,
            "body": draft.body,
            "version": draft.version,
            # What an attacker adds:
            "status": "published",
            "author": editor.pk,
            "approved_by": editor.pk,
            "published_at": "2020-01-01T00:00:00Z",
            "slug": "hijacked",
            "claim": other_claim.pk,
            "review_comment": "approved",
            "id": 999,
        },
        **HTMX,
    )

    after = _fields(draft)
    assert response.status_code == 200
    assert after["headline"] == "New headline"
    assert after["version"] == before["version"] + 1
    unchanged = ("status", "author_id", "approved_by_id", "published_at", "slug", "claim_id", "review_comment", "id")
    assert {key: after[key] for key in unchanged} == {key: before[key] for key in unchanged}


def test_a_made_up_version_on_the_autosave_is_an_edit_conflict_not_a_new_version(client, checker):
    draft = make_factcheck(author=checker)
    client.force_login(checker)

    response = client.post(
        reverse("workbench:factcheck_save", args=[draft.pk]),
        {"headline": "Sneaky", "summary": draft.summary, "body": draft.body, "version": 999},
        **HTMX,
    )

    draft.refresh_from_db()
    assert response.status_code == 409
    assert (draft.headline, draft.version) != ("Sneaky", 999)
    assert draft.version == 1


def test_extra_fields_on_accept_and_reject_change_nothing_else(client, checker, editor):
    claim = make_quote().claim
    speaker = claim.speaker_id
    client.force_login(checker)

    client.post(
        reverse("workbench:claim_accept", args=[claim.pk]),
        {"status": "rejected", "speaker": make_speaker().pk, "assigned_to": editor.pk, "decided_by": editor.pk},
    )

    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACCEPTED
    assert claim.speaker_id == speaker
    assert claim.decided_by_id == checker.pk
    assert claim.assigned_to_id is None
    assert FactCheck.objects.get(claim=claim).author_id == checker.pk  # not whoever the POST named


def test_extra_fields_on_a_quote_correction_do_not_rewrite_its_text(client, checker):
    quote = make_quote()
    client.force_login(checker)

    client.post(
        reverse("workbench:quote_correct", args=[quote.pk]),
        {
            "speaker": quote.speaker_id,
            "start": quote.start,
            "end": quote.end - 1,
            "text": "Something they never said",
            "article": make_quote().article_id,
        },
    )

    quote.refresh_from_db()
    article = quote.article
    assert quote.text == article.body[quote.start : quote.end]
    assert "never said" not in quote.text


def test_a_citation_cannot_be_moved_or_removed_through_another_fact_checks_address(client, checker):
    mine = make_factcheck(author=checker)
    theirs = make_factcheck(status=FactCheck.Status.PUBLISHED)
    their_citation = theirs.citations.get()
    client.force_login(checker)

    for action in ("remove", "move", "note"):
        response = client.post(
            reverse(f"workbench:citation_{action}", args=[mine.pk, their_citation.pk]),
            {"direction": "up", "note": "hijacked"},
        )
        assert response.status_code == 404, action

    their_citation.refresh_from_db()
    assert their_citation.note == "Official data"


def test_citing_with_another_fact_checks_id_in_the_form_cites_on_the_addressed_one(client, checker):
    mine = make_factcheck(author=checker, citations=0)
    theirs = make_factcheck(status=FactCheck.Status.PUBLISHED)
    source = make_source()
    client.force_login(checker)

    client.post(
        reverse("workbench:citation_add", args=[mine.pk]),
        {"source": source.pk, "factcheck": theirs.pk, "order": 0, "note": "Supports the figure"},
        **HTMX,
    )

    assert list(Citation.objects.filter(source=source).values_list("factcheck_id", flat=True)) == [mine.pk]
    assert theirs.citations.count() == 1


def test_a_correction_is_by_the_person_who_posted_it_on_the_fact_check_addressed(client, editor, second_editor):
    published = make_factcheck(status=FactCheck.Status.PUBLISHED)
    other = make_factcheck(status=FactCheck.Status.PUBLISHED)
    client.force_login(editor)

    client.post(
        reverse("workbench:correction_add", args=[published.pk]),
        {
            "kind": "clarification",
            "note": "Clarified the date.",
            "factcheck": other.pk,
            "created_by": second_editor.pk,
            "created_at": "2001-01-01T00:00:00Z",
            "new_rating": rating("true").pk,
        },
    )

    correction = Correction.objects.get()
    assert (correction.factcheck_id, correction.created_by_id) == (published.pk, editor.pk)
    assert correction.new_rating_id is None
    assert correction.created_at > timezone.now() - timezone.timedelta(minutes=1)


def test_an_upload_is_recorded_as_the_uploaders_whatever_the_form_says(client):
    admin = make_user(role=roles.ADMIN, username="uploader", is_staff=True)
    someone = make_user(role=roles.EDITOR)
    client.force_login(admin)
    upload = b"Budget talks\n\nPublished March 30, 2025\n\n\xe2\x80\x9cWe cut taxes,\xe2\x80\x9d the minister said.\n"

    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("workbench:import_new"),
        {"files": SimpleUploadedFile("a.txt", upload), "format": "text", "created_by": someone.pk},
    )
    batch = ImportBatch.objects.get()
    assert batch.created_by_id == admin.pk
    upload_preview_run(batch_id=batch.pk)  # what the worker does next
    client.post(reverse("workbench:import_confirm", args=[batch.pk]), {"created_by": someone.pk, "user": someone.pk})

    batch.refresh_from_db()
    assert batch.created_by_id == admin.pk and batch.status != ImportBatch.Status.PREVIEWED  # confirmed, as theirs


def test_an_admin_cannot_publish_or_rewrite_a_fact_check_in_the_django_admin(client, checker):
    admin = make_user(role=roles.ADMIN, username="backoffice", is_staff=True)
    draft = make_factcheck(author=checker)
    before = _fields(draft)
    client.force_login(admin)

    response = client.post(
        reverse("admin:articles_factcheck_change", args=[draft.pk]),
        {
            "claim": draft.claim_id,
            "headline": draft.headline,
            "slug": draft.slug,
            "status": "published",
            "approved_by": admin.pk,
            "author": checker.pk,
            "published_at_0": "2025-01-01",
            "published_at_1": "00:00:00",
            "summary": "Approved by nobody.",
        },
    )

    # The text goes through factcheck_update (audited); the workflow fields are read-only there.
    assert response.status_code in (200, 302)
    after = _fields(draft)
    for field in ("status", "approved_by_id", "published_at", "author_id", "claim_id", "slug"):
        assert after[field] == before[field], field
    if after["summary"] != before["summary"]:
        assert AuditEvent.objects.filter(factcheck=draft, actor=admin, action="factcheck_edited").exists()
    assert client.get(reverse("admin:articles_factcheck_change", args=[draft.pk])).status_code == 200  # still shown
    for model in ("factcheck", "correction", "citation"):
        assert client.get(reverse(f"admin:articles_{model}_add")).status_code == 403, model


def test_an_admin_cannot_move_a_quote_to_another_speaker_in_the_django_admin(client):
    admin = make_user(role=roles.ADMIN, username="backoffice", is_staff=True)
    quote = make_quote()
    speaker = quote.speaker_id
    client.force_login(admin)

    response = client.post(
        reverse("admin:articles_quote_change", args=[quote.pk]),
        {"speaker": make_speaker().pk, "claim": quote.claim_id, "kind": quote.kind, "checkworthiness": "0.5"},
    )

    assert response.status_code == 403
    assert Quote.objects.get(pk=quote.pk).speaker_id == speaker
