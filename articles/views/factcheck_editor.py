"""The fact-check editor (/workbench/fact-checks/): the list, the editor with autosave, the
preview and the history.

Autosave posts the whole form with the version it was loaded at; the answer is a small
status fragment that carries the new version out-of-band. An edit conflict answers 409
with a panel comparing their text and yours, and leaves the form alone, so nothing typed
is lost. On a published fact-check the same form edits its proposed changes, which
readers don't see until a second editor approves them. Citations have their own views in
`articles.views.factcheck_citations`, the workflow actions in
`articles.views.factcheck_workflow`.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event
from django_htmx.middleware import HtmxDetails

from articles import roles
from articles.filters import FactCheckFilter
from articles.forms import CorrectionForm, FactCheckForm, PublishForm, RetractForm, ReturnForm
from articles.models import AuditEvent, Citation, FactCheck, Quote, Source
from articles.services import factchecks
from articles.services.errors import EditConflict, ServiceError
from articles.services.factcheck_rules import contributors, open_revision, proposed, snapshot
from articles.templatetags.review_tags import readable_changes
from articles.views.access import role_required
from articles.views.public import factcheck_page_context

EDITOR = "workbench/factchecks/edit.html"
LIST = "workbench/factchecks/list.html"
PER_PAGE = 25
HISTORY_ROWS = 40
SUGGESTIONS = 12


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


# ---- the list ---------------------------------------------------------------------------------


@require_GET
@role_required(roles.REVIEW)
def factcheck_list(request: HtmxHttpRequest):
    filterset = FactCheckFilter(
        request.GET,
        queryset=FactCheck.objects.for_list().annotate(citation_count=Count("citations")).order_by("-updated_at"),
        request=request,
    )
    conditions = FactCheckFilter.tab_conditions(request.user)
    counts = FactCheck.objects.aggregate(
        **{f"tab_{key or 'all'}": Count("pk", filter=q) for key, q in conditions.items()}
    )
    show = filterset.form.data.get("show", "") if filterset.is_valid() else ""
    tabs = [(key, label, counts[f"tab_{key or 'all'}"]) for key, label in FactCheckFilter.TABS]
    context = {
        "filter": filterset,
        "page_obj": Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page")),
        "tabs": [tab for tab in tabs if tab[0] != "awaiting" or request.user.has_perm(roles.PUBLISH)],
        "show": show,
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, f"{LIST}#results", context)
    return render(request, LIST, context)


# ---- the editor -------------------------------------------------------------------------------


def _factcheck(pk: int) -> FactCheck:
    return get_object_or_404(
        FactCheck.objects.select_related("claim__speaker", "rating", "author", "approved_by"), pk=pk
    )


CITATIONS_LOCKED = {
    FactCheck.Status.IN_REVIEW: "In review: the sources are locked with the text.",
    FactCheck.Status.SCHEDULED: "Scheduled: the sources are locked with the text.",
    FactCheck.Status.RETRACTED: "Retracted: the sources stay on record as they were.",
}


def citations_context(factcheck: FactCheck) -> dict:
    """The citations panel: what is cited, in order, and what the claim's articles cite that isn't yet."""
    citations = list(Citation.objects.filter(factcheck=factcheck).select_related("source__outlet"))
    suggestions = (
        Source.objects.filter(cited_by_articles__quotes__claim=factcheck.claim_id)
        .exclude(citations__factcheck=factcheck)
        .select_related("outlet")
        .distinct()
        .order_by("title")[:SUGGESTIONS]
    )
    return {
        "factcheck": factcheck,
        "citations": citations,
        "suggestions": list(suggestions),
        "citations_locked": CITATIONS_LOCKED.get(factcheck.status, ""),
    }


VERBS = {
    "factcheck_started": "started the fact-check",
    "factcheck_edited": "edited",
    "factcheck_submitted": "submitted it for review",
    "factcheck_withdrawn": "withdrew it from review",
    "factcheck_returned": "sent it back",
    "factcheck_published": "approved and published it",
    "factcheck_scheduled": "approved it and scheduled it",
    "factcheck_unscheduled": "cancelled the schedule",
    "factcheck_went_live": "published it at the scheduled time",
    "factcheck_retracted": "retracted it",
    "factcheck_unpublished": "unpublished it",
    "changes_submitted": "submitted the changes for review",
    "changes_withdrawn": "withdrew the changes from review",
    "changes_returned": "sent the changes back",
    "changes_approved": "approved and published the changes",
    "changes_discarded": "discarded the proposed changes",
    "correction_added": "added a correction",
    "citation_added": "cited a source",
    "citation_removed": "removed a source",
    "citations_reordered": "reordered the sources",
    "citation_note_changed": "changed a source’s note",
    "factcheck_slug_changed": "changed its address",
}
# What each refused attempt was, for “tried to … (refused)”.
ATTEMPTS = {
    "factcheck_edit": "edit it",
    "factcheck_submit": "submit it",
    "factcheck_withdraw": "withdraw it",
    "factcheck_return": "send it back",
    "factcheck_publish": "approve it",
    "factcheck_unschedule": "cancel the schedule",
    "factcheck_retract": "retract it",
    "changes_discard": "discard the changes",
    "correction_add": "add a correction",
}


def event_verb(event: AuditEvent) -> str:
    """A readable verb for one event of the trail, refusals included."""
    if event.action.endswith("_refused"):
        attempt = event.action.removesuffix("_refused")
        return f"tried to {ATTEMPTS.get(attempt) or attempt.replace('_', ' ')}: refused"
    if event.action == "factcheck_edited" and event.revision_id:
        return "edited the proposed changes"
    return VERBS.get(event.action) or event.action.replace("_", " ")


def history_context(factcheck: FactCheck) -> dict:
    """The claim's and the fact-check's audit trail, newest first, each with a readable verb."""
    events = list(AuditEvent.objects.filter(claim=factcheck.claim_id).select_related("actor")[:HISTORY_ROWS])
    for event in events:
        event.verb = event_verb(event)
        event.change_rows = readable_changes(event.changes)
    return {"factcheck": factcheck, "history": events}


def _change_rows(factcheck: FactCheck, revision) -> list[dict]:
    """Published and proposed side by side, for each field the proposed changes alter."""
    if revision is None:
        return []
    live, new = snapshot(factcheck), snapshot(revision)
    labels = {
        name: field.label or name.replace("_", " ").capitalize() for name, field in FactCheckForm.base_fields.items()
    }
    return [
        {"name": name, "label": labels[name], "published": live[name] or "", "proposed": new[name] or ""}
        for name in live
        if live[name] != new[name]
    ]


def _lock_message(factcheck: FactCheck, revision) -> str:
    """Why the text can't be edited now, as the editor's notice says it."""
    status = factcheck.status
    if status == FactCheck.Status.IN_REVIEW:
        return "In review: the text is locked so the approver sees exactly what they approve."
    if status == FactCheck.Status.SCHEDULED:
        return "Approved and scheduled: the text is locked. Cancel the schedule to change it."
    if status == FactCheck.Status.RETRACTED:
        return "Retracted: it stays on record as it was when it was taken down."
    if revision is not None and revision.status == revision.Status.IN_REVIEW:
        return "The proposed changes are in review: their text is locked so the approver sees what they approve."
    return ""


def address_context(user, factcheck: FactCheck) -> dict:
    """What the address panel shows: the slug, whether this user may change it, and its old ones."""
    seen_by_readers = factcheck.published_at is not None
    return {
        "factcheck": factcheck,
        "can_set_slug": user.has_perm(roles.PUBLISH) if seen_by_readers else user.has_perm(roles.REVIEW),
        "slug_seen_by_readers": seen_by_readers,
        "old_slugs": list(factcheck.old_slugs.values_list("slug", flat=True)),
    }


def editor_context(request, factcheck: FactCheck, form: FactCheckForm | None = None, **extra) -> dict:
    user, status = request.user, factcheck.status
    is_author = factcheck.author_id == user.pk
    published = status == FactCheck.Status.PUBLISHED
    revision = open_revision(factcheck) if published else None
    in_review = status == FactCheck.Status.IN_REVIEW or bool(revision and revision.status == revision.Status.IN_REVIEW)
    lock_message = _lock_message(factcheck, revision)
    can_edit = not lock_message and (not published or user.has_perm("articles.add_correction"))
    editors = contributors(factcheck, revision) if in_review or revision else set()
    may_publish = user.has_perm(roles.PUBLISH)
    sender = revision.created_by_id if revision else factcheck.author_id
    appearances = Quote.objects.filter(claim=factcheck.claim_id).select_related("article__outlet", "speaker")
    return {
        "factcheck": factcheck,
        "claim": factcheck.claim,
        "revision": revision,
        "change_rows": _change_rows(factcheck, revision),
        "appearances": list(appearances.order_by("article__published_at", "pk")),
        "form": form or FactCheckForm(factcheck=factcheck, revision=revision),
        "can_edit": can_edit,
        "lock_message": lock_message,
        "autosave": can_edit,
        "is_author": is_author,
        "in_review": in_review,
        "can_submit": can_edit and (status == FactCheck.Status.DRAFT or revision is not None),
        "can_withdraw": in_review and user.pk in editors,  # the reviewer sends it back instead
        "can_review": may_publish and in_review and user.pk not in editors,
        "wrote_it": may_publish and in_review and user.pk in editors,
        "can_return": may_publish and in_review and sender != user.pk,
        "can_unschedule": status == FactCheck.Status.SCHEDULED and may_publish,
        "can_retract": published and may_publish,
        "can_correct": published and user.has_perm("articles.add_correction"),
        "can_discard": revision is not None and user.pk in editors and user.has_perm("articles.add_correction"),
        "time_zone": timezone.get_current_timezone_name(),
        "publish_form": PublishForm(initial={"version": factcheck.version}),
        "return_form": ReturnForm(),
        "retract_form": RetractForm(),
        "correction_form": CorrectionForm(),
        "Status": FactCheck.Status,
        **citations_context(factcheck),
        **history_context(factcheck),
        **address_context(user, factcheck),
        **extra,
    }


@require_GET
@role_required(roles.REVIEW)
def factcheck_edit(request: HtmxHttpRequest, pk: int):
    factcheck = _factcheck(pk)
    return render(request, EDITOR, editor_context(request, factcheck))


@require_GET
@role_required(roles.REVIEW)
def factcheck_history(request: HtmxHttpRequest, pk: int):
    return render(request, f"{EDITOR}#history", history_context(_factcheck(pk)))


def conflict_rows(form: FactCheckForm, conflict: EditConflict) -> list[dict]:
    """For each field that differs or that someone else changed: the label, their value, yours."""
    theirs, yours = conflict.current, form.cleaned_data
    rows = []
    for name in FactCheckForm.EDITABLE:
        their_value, your_value = getattr(theirs, name), yours.get(name)
        if name in conflict.changed_fields or their_value != your_value:
            rows.append(
                {
                    "name": name,
                    "label": form.fields[name].label or name.replace("_", " ").capitalize(),
                    "theirs": their_value.label if name == "rating" and their_value else their_value or "",
                    "theirs_value": their_value.pk if name == "rating" and their_value else their_value or "",
                    "yours": your_value.label if name == "rating" and your_value else your_value or "",
                    "same": their_value == your_value,
                    "changed": name in conflict.changed_fields,
                }
            )
    return rows


def _first_error(form) -> str:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        return f"{label or name.replace('_', ' ').capitalize()}: {errors[0]}" if name != "__all__" else errors[0]
    return "check the form."


@require_POST
@role_required(roles.REVIEW)
def factcheck_save(request: HtmxHttpRequest, pk: int):
    """Autosave and “Save now”: 200 with the new version, 409 on an edit conflict, 422 when invalid."""
    factcheck = _factcheck(pk)
    form = FactCheckForm(request.POST, factcheck=factcheck)
    had_changes = form.published and open_revision(factcheck) is not None
    try:
        if not form.is_valid():
            raise ServiceError("Not saved: " + _first_error(form))
        saved = factchecks.factcheck_update(
            factcheck=factcheck,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            changes=form.changes,
            correction=form.correction,
        )
    except EditConflict as conflict:
        last = AuditEvent.objects.actions().filter(factcheck=factcheck).select_related("actor").first()
        context = {"rows": conflict_rows(form, conflict), "by": last and last.actor, "conflict": conflict}
        context["status_changed"] = "status" in conflict.changed_fields
        if not request.htmx:
            return render(request, EDITOR, editor_context(request, conflict.current, form, **context), status=409)
        response = render(request, f"{EDITOR}#save_conflict", context | {"factcheck": conflict.current}, status=409)
        return trigger_client_event(response, "history-changed")  # show what they did
    except ServiceError as error:
        if not request.htmx:
            return render(request, EDITOR, editor_context(request, factcheck, form, save_error=error), status=422)
        return render(request, f"{EDITOR}#save_invalid", {"form": form, "error": error}, status=422)
    if not request.htmx:
        messages.success(
            request, "Saved as proposed changes: readers don’t see them yet." if form.published else "Saved."
        )
        return back_to_editor(request, saved)
    context = {"factcheck": saved}
    if form.published and not had_changes:
        # The first save opened the proposed changes: the workflow panel now offers to submit them.
        context |= editor_context(request, _factcheck(pk)) | {"workflow_oob": True}
    return trigger_client_event(render(request, f"{EDITOR}#save_ok", context), "history-changed")


@never_cache
@require_GET
@role_required(roles.REVIEW)
def factcheck_preview(request: HtmxHttpRequest, pk: int):
    """Exactly the public page, with a banner: the public template and its own context."""
    factcheck = get_object_or_404(FactCheck.objects.select_related("approved_by", "author"), pk=pk)
    revision = open_revision(factcheck) if factcheck.status == FactCheck.Status.PUBLISHED else None
    context = factcheck_page_context(proposed(factcheck, revision), preview=True)
    return render(request, "public/factcheck_detail.html", context | {"preview_changes": revision is not None})


def back_to_editor(request, factcheck: FactCheck):
    url = reverse("workbench:factcheck_edit", args=[factcheck.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
