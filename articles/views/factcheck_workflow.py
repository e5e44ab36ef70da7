"""The fact-check's workflow actions: submit, withdraw, send back, approve (now or at a set time),
cancel a schedule, retract, discard proposed changes, and add a correction note.

Each is a small POST that calls one service. On success it sends the editor back to the
fact-check's page (a client redirect for htmx) with what happened; when the service
refuses, the workflow panel comes back with every reason (422), or, without htmx, the
editor page with them as messages.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from articles import roles
from articles.forms import CorrectionForm, PublishForm, RetractForm, ReturnForm
from articles.models import FactCheck
from articles.services import factchecks
from articles.services.errors import ServiceError
from articles.services.factcheck_rules import when
from articles.views.access import role_required
from articles.views.factcheck_editor import EDITOR, HtmxHttpRequest, _factcheck, back_to_editor, editor_context


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


def _transition(request, pk: int, action, done, **kwargs):
    """Run `action` on the fact-check; `done` is the success message, or a function of the result."""
    factcheck = _factcheck(pk)
    try:
        result = action(factcheck=factcheck, **kwargs)
    except ServiceError as error:
        return _refused(request, _factcheck(pk), error)
    messages.success(request, done(result) if callable(done) else done)
    return back_to_editor(request, factcheck)


def _invalid(request, pk: int, message: str, **forms):
    """The panel again with the form the editor filled in (and its errors) and why it was not sent."""
    return _refused(request, _factcheck(pk), ServiceError(message), **forms)


@require_POST
@role_required(roles.REVIEW)
def factcheck_submit(request: HtmxHttpRequest, pk: int):
    done = "Submitted for review. Another editor will approve it or send it back."
    return _transition(request, pk, factchecks.factcheck_submit, done, user=request.user)


@require_POST
@role_required(roles.REVIEW)
def factcheck_withdraw(request: HtmxHttpRequest, pk: int):
    done = "Withdrawn from review: you can edit it again, then submit it."
    return _transition(request, pk, factchecks.factcheck_withdraw, done, user=request.user)


@require_POST
@role_required(roles.PUBLISH)
def factcheck_return(request: HtmxHttpRequest, pk: int):
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, "Say what needs fixing: the comment is what the author sees.", return_form=form)
    comment = form.cleaned_data["comment"]
    return _transition(
        request, pk, factchecks.factcheck_return, "Sent back to the author.", reviewer=request.user, comment=comment
    )


def _published_message(factcheck: FactCheck) -> str:
    if factcheck.status == FactCheck.Status.SCHEDULED:
        return f"Approved. It goes live on {when(factcheck.published_at)}."
    return "Published."


@require_POST
@role_required(roles.PUBLISH)
def factcheck_publish(request: HtmxHttpRequest, pk: int):
    """Approve from the version the editor read (the form's `version`), now or at `publish_at`."""
    form = PublishForm(request.POST)
    if not form.is_valid():
        errors = form.errors.get("publish_at") or ["Reload the page and approve again."]
        return _invalid(request, pk, errors[0], publish_form=form)
    return _transition(
        request,
        pk,
        factchecks.factcheck_publish,
        _published_message,
        editor=request.user,
        expected_version=form.cleaned_data["version"],
        publish_at=form.cleaned_data["publish_at"],
    )


@require_POST
@role_required(roles.PUBLISH)
def factcheck_unschedule(request: HtmxHttpRequest, pk: int):
    done = "Schedule cancelled: it is back in review, to be approved again."
    return _transition(request, pk, factchecks.factcheck_unschedule, done, editor=request.user)


@require_POST
@role_required(roles.PUBLISH)
def factcheck_retract(request: HtmxHttpRequest, pk: int):
    form = RetractForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, form.errors["reason"][0], retract_form=form)
    done = "Retracted. Its address now shows readers the retraction notice with your reason."
    return _transition(
        request, pk, factchecks.factcheck_retract, done, editor=request.user, reason=form.cleaned_data["reason"]
    )


@require_POST
@role_required("articles.add_correction")
def factcheck_discard_changes(request: HtmxHttpRequest, pk: int):
    done = "Proposed changes discarded; the published version is unchanged."
    return _transition(request, pk, factchecks.factcheck_discard_changes, done, user=request.user)


@require_POST
@role_required("articles.add_correction")
def correction_add(request: HtmxHttpRequest, pk: int):
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        message = "Choose the kind of correction and write the note readers will see."
        return _invalid(request, pk, message, correction_form=form)
    return _transition(
        request, pk, factchecks.correction_add, "Correction published.", user=request.user, **form.cleaned_data
    )
