"""The fact-check editor (/workbench/fact-checks/): the list, the editor with autosave, the
preview, and the workflow actions (submit, send back, publish, unpublish, correct).

Autosave posts the whole form with the version it was loaded at; the answer is a small
status fragment that carries the new version out-of-band. An edit conflict answers 409
with a panel comparing their text and yours, and leaves the form alone, so nothing typed
is lost. Citations have their own views in `articles.views.factcheck_citations`.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event
from django_htmx.middleware import HtmxDetails

from articles import roles
from articles.filters import FactCheckFilter
from articles.forms import CorrectionForm, FactCheckForm, ReturnForm, UnpublishForm
from articles.models import AuditEvent, Citation, FactCheck, Quote, Source
from articles.services import factchecks
from articles.services.errors import EditConflict, ServiceError
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
    return {"factcheck": factcheck, "citations": citations, "suggestions": list(suggestions)}


VERBS = {
    "factcheck_started": "started the fact-check",
    "factcheck_edited": "edited",
    "factcheck_submitted": "submitted it for review",
    "factcheck_returned": "sent it back",
    "factcheck_published": "approved and published it",
    "factcheck_unpublished": "unpublished it",
    "correction_added": "added a correction",
    "citation_added": "cited a source",
    "citation_removed": "removed a source",
    "citations_reordered": "reordered the sources",
    "citation_note_changed": "changed a source’s note",
    "factcheck_slug_changed": "changed its address",
}


def history_context(factcheck: FactCheck) -> dict:
    """The claim's and the fact-check's audit trail, newest first, each with a readable verb."""
    events = list(AuditEvent.objects.filter(claim=factcheck.claim_id).select_related("actor")[:HISTORY_ROWS])
    for event in events:
        event.verb = VERBS.get(event.action) or event.action.replace("_", " ")
        event.change_rows = readable_changes(event.changes)
    return {"factcheck": factcheck, "history": events}


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
    can_edit = not published or user.has_perm("articles.add_correction")
    appearances = Quote.objects.filter(claim=factcheck.claim_id).select_related("article__outlet", "speaker")
    return {
        "factcheck": factcheck,
        "claim": factcheck.claim,
        "appearances": list(appearances.order_by("article__published_at", "pk")),
        "form": form or FactCheckForm(factcheck=factcheck),
        "can_edit": can_edit,
        "autosave": can_edit and not published,
        "is_author": is_author,
        "can_submit": status in (FactCheck.Status.DRAFT, FactCheck.Status.UNPUBLISHED),
        "can_review": user.has_perm(roles.PUBLISH) and not is_author,
        "can_unpublish": published and user.has_perm(roles.PUBLISH),
        "can_correct": published and user.has_perm("articles.add_correction"),
        "return_form": ReturnForm(),
        "unpublish_form": UnpublishForm(),
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
        last = AuditEvent.objects.filter(factcheck=factcheck).select_related("actor").first()
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
    if form.published or not request.htmx:
        messages.success(request, "Saved, with your correction note." if form.published else "Saved.")
        return _back_to_editor(request, saved)
    return trigger_client_event(render(request, f"{EDITOR}#save_ok", {"factcheck": saved}), "history-changed")


@never_cache
@require_GET
@role_required(roles.REVIEW)
def factcheck_preview(request: HtmxHttpRequest, pk: int):
    """Exactly the public page, with a banner: the public template and its own context."""
    factcheck = get_object_or_404(FactCheck.objects.select_related("approved_by", "author"), pk=pk)
    return render(request, "public/factcheck_detail.html", factcheck_page_context(factcheck, preview=True))


# ---- workflow actions -------------------------------------------------------------------------


def _back_to_editor(request, factcheck: FactCheck):
    url = reverse("workbench:factcheck_edit", args=[factcheck.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _refused(request, factcheck: FactCheck, error: ServiceError, **extra):
    """The workflow panel with the reasons (htmx), or the editor with them as messages."""
    if not request.htmx:
        for message in error.messages:
            messages.error(request, message)
        return redirect("workbench:factcheck_edit", pk=factcheck.pk)
    context = editor_context(request, factcheck, workflow_errors=error.messages, **extra)
    # 200, not 422: the refusal is an answer to show in place, and an error status would be
    # logged in the browser's console as a failed request on every refused publish.
    return render(request, f"{EDITOR}#workflow", context)


def _transition(request, pk: int, action, done: str, **kwargs):
    factcheck = _factcheck(pk)
    try:
        factcheck = action(factcheck=factcheck, **kwargs)
    except ServiceError as error:
        return _refused(request, factcheck, error)
    messages.success(request, done)
    return _back_to_editor(request, factcheck)


@require_POST
@role_required(roles.REVIEW)
def factcheck_submit(request: HtmxHttpRequest, pk: int):
    done = "Submitted for review. An editor will approve it or send it back."
    return _transition(request, pk, factchecks.factcheck_submit, done, user=request.user)


@require_POST
@role_required(roles.PUBLISH)
def factcheck_return(request: HtmxHttpRequest, pk: int):
    form = ReturnForm(request.POST)
    if not form.is_valid():
        error = ServiceError("Say what needs fixing: the comment is what the author sees.")
        return _refused(request, _factcheck(pk), error, return_form=form)
    comment = form.cleaned_data["comment"]
    return _transition(
        request, pk, factchecks.factcheck_return, "Sent back to the author.", reviewer=request.user, comment=comment
    )


@require_POST
@role_required(roles.PUBLISH)
def factcheck_publish(request: HtmxHttpRequest, pk: int):
    return _transition(request, pk, factchecks.factcheck_publish, "Published.", editor=request.user)


@require_POST
@role_required(roles.PUBLISH)
def factcheck_unpublish(request: HtmxHttpRequest, pk: int):
    form = UnpublishForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    done = "Unpublished: readers can no longer see it."
    return _transition(request, pk, factchecks.factcheck_unpublish, done, editor=request.user, reason=reason)


@require_POST
@role_required("articles.add_correction")
def correction_add(request: HtmxHttpRequest, pk: int):
    factcheck = _factcheck(pk)
    form = CorrectionForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError("Choose the kind of correction and write the note readers will see.")
        factchecks.correction_add(factcheck=factcheck, user=request.user, **form.cleaned_data)
    except ServiceError as error:
        return _refused(request, factcheck, error, correction_form=form)
    messages.success(request, "Correction published.")
    return _back_to_editor(request, factcheck)
