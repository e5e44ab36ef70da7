"""Approval and what readers see: publishing now or at a set time, retraction, and correction notes.

Approving is the second person's act: an editor who wrote none of the text, from the
version they read (`expected_version`), after the publish gate. A fact-check can be
approved to go live at a future time: it is "scheduled" until then, and readers' queries
(`FactCheck.objects.published()`) include it from that moment on; the periodic task
`articles.tasks.factchecks_go_live` marks it published and records the moment. A
published fact-check is never erased: retracting it keeps its URL, which answers 410 with
a public notice, and its corrections.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from articles import roles
from articles.models import Correction, FactCheck, FactCheckRevision
from articles.services import revisions
from articles.services.audit import audit_record, diff, records_refusals
from articles.services.errors import EditConflict, PublishGateError, ServiceError
from articles.services.factcheck_rules import (
    correction_checked,
    correction_create,
    fields_changed_since,
    locked,
    open_revision,
    publish_gate,
    release_if_due,
    require,
    require_approver,
    when,
    write,
)

Status = FactCheck.Status
SCHEDULE_AHEAD_MAX = timedelta(days=366)
RETRACTION_REASON_MAX = 2000


def _approver(factcheck: FactCheck) -> str:
    return factcheck.approved_by.get_username() if factcheck.approved_by_id else "an editor"


def _nothing_to_approve(current: FactCheck) -> str | None:
    """Why there is nothing an editor could approve on this fact-check now, or None."""
    if current.status == Status.PUBLISHED:
        revision = open_revision(current)
        if revision is None:
            return f"Already published: {_approver(current)} approved it on {when(current.published_at)}."
        if revision.status != FactCheckRevision.Status.IN_REVIEW:
            return "The changes to this published fact-check haven’t been submitted for review yet."
        return None
    if current.status == Status.SCHEDULED:
        return f"Already approved by {_approver(current)}: it goes live on {when(current.published_at)}."
    if current.status == Status.RETRACTED:
        return "It was retracted; a retracted fact-check can’t be published again."
    if current.status != Status.IN_REVIEW:
        return "Submit the fact-check for review before publishing it."
    return None


def _go_live_time(publish_at: datetime | None) -> datetime:
    now = timezone.now()
    if publish_at is None:
        return now
    if timezone.is_naive(publish_at):
        publish_at = timezone.make_aware(publish_at)
    if publish_at - now > SCHEDULE_AHEAD_MAX:
        raise ServiceError("A fact-check can be scheduled at most a year ahead.")
    return max(publish_at, now)  # a time just passed (the form took a while) means now


@records_refusals("factcheck_publish")
def factcheck_publish(
    *, factcheck: FactCheck, editor, expected_version: int, publish_at: datetime | None = None
) -> FactCheck:
    """Approve what the editor read: publish a fact-check in review (now or at `publish_at`), or its changes.

    `expected_version` is the version on the editor's page: when the fact-check changed
    since (an edit, a withdrawal) the approval is refused, so nobody publishes text they
    did not see. The approver must have written none of it. A future `publish_at`
    schedules the fact-check; changes to a published one go live when approved.
    """
    require(editor, roles.PUBLISH, "Only an editor can publish fact-checks.")
    with transaction.atomic():
        current = locked(factcheck)
        if reason := _nothing_to_approve(current):
            raise ServiceError(reason)
        if current.version != expected_version:
            changed = fields_changed_since(current, expected_version)
            detail = f" ({', '.join(name.replace('_', ' ') for name in changed)} changed)" if changed else ""
            raise EditConflict(
                f"It changed since you opened it{detail}: reload the page and read it again before approving it.",
                current=current,
                changed_fields=changed,
            )
        if current.status == Status.PUBLISHED:
            if publish_at is not None:
                raise ServiceError("Changes to a published fact-check go live when they are approved.")
            return revisions.revision_approve(current=current, editor=editor)
        require_approver(editor, current)
        failures = publish_gate(current)
        if failures:
            raise PublishGateError("This fact-check isn’t ready to publish.", messages=failures)
        go_live = _go_live_time(publish_at)
        scheduled = go_live > timezone.now()
        old = {"status": current.status, "approved_by": None, "published_at": None, "version": current.version}
        current = write(
            current,
            status=Status.SCHEDULED if scheduled else Status.PUBLISHED,
            approved_by=editor,
            published_at=go_live,
            review_comment="",
        )
        new = {
            "status": current.status,
            "approved_by": editor.get_username(),
            "published_at": when(go_live),
            "version": current.version,
        }
        action = "factcheck_scheduled" if scheduled else "factcheck_published"
        audit_record(actor=editor, action=action, factcheck=current, changes=diff(old, new))
    return current


@records_refusals("factcheck_unschedule")
def factcheck_unschedule(*, factcheck: FactCheck, editor) -> FactCheck:
    """Cancel a scheduled publication: it goes back to review, to be approved again (or withdrawn and edited)."""
    require(editor, roles.PUBLISH, "Only an editor can change when a fact-check is published.")
    with transaction.atomic():
        current = locked(factcheck)
        if current.status == Status.PUBLISHED:
            raise ServiceError(f"It already went live on {when(current.published_at)}; retract it instead.")
        if current.status != Status.SCHEDULED:
            raise ServiceError("It isn’t scheduled.")
        old = {"status": current.status, "published_at": when(current.published_at), "version": current.version}
        current = write(current, status=Status.IN_REVIEW, approved_by=None, published_at=None)
        new = {"status": current.status, "published_at": None, "version": current.version}
        audit_record(actor=editor, action="factcheck_unscheduled", factcheck=current, changes=diff(old, new))
    return current


def factchecks_release_due() -> int:
    """Mark every scheduled fact-check whose time has come as published; how many it marked.

    Run by the periodic task every minute. Readers already see such a fact-check from its
    time on; this records the moment (and with it invalidates the public page cache).
    Idempotent and safe to run in several workers at once: each fact-check is locked and
    checked again, so it is released once.
    """
    released = 0
    for pk in FactCheck.objects.due().values_list("pk", flat=True):
        with transaction.atomic():
            current = FactCheck.objects.select_for_update(of=("self",)).select_related("claim").filter(pk=pk).first()
            if current is not None and release_if_due(current):
                released += 1
    return released


@records_refusals("factcheck_retract")
def factcheck_retract(*, factcheck: FactCheck, editor, reason: str) -> FactCheck:
    """Retract a published fact-check: readers get a dated notice with the reason at its URL (410).

    The record stays: the fact-check, its corrections and the retraction itself remain in
    the corrections history and the feeds. Proposed changes still open are discarded.
    """
    require(editor, roles.PUBLISH, "Only an editor can retract fact-checks.")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Say why it is retracted: readers see the reason on the retraction notice.")
    if len(reason) > RETRACTION_REASON_MAX:
        raise ServiceError(f"Keep the reason under {RETRACTION_REASON_MAX} characters.")
    with transaction.atomic():
        current = locked(factcheck)
        if current.status == Status.SCHEDULED:
            raise ServiceError("It isn’t public yet: cancel the schedule instead.")
        if current.status == Status.RETRACTED:
            raise ServiceError(f"Already retracted on {when(current.retracted_at)}.")
        if current.status != Status.PUBLISHED:
            raise ServiceError("Only a published fact-check can be retracted.")
        if open_revision(current) is not None:
            revisions.revision_discard(current=current, user=editor, message="The fact-check was retracted.")
        old = {"status": current.status, "version": current.version}
        current = write(current, status=Status.RETRACTED, retracted_at=timezone.now())
        correction_create(factcheck=current, user=editor, kind=Correction.Kind.RETRACTION, note=reason)
        audit_record(
            actor=editor,
            action="factcheck_retracted",
            factcheck=current,
            changes=diff(old, {"status": current.status, "version": current.version}),
            message=reason,
        )
    return current


@records_refusals("correction_add")
def correction_add(*, factcheck: FactCheck, user, kind: str, note: str) -> Correction:
    """Publish a dated note on a published fact-check without editing it (a clarification, say).

    A rating change can't be added this way: changing the rating goes through review in
    the editor, and its correction is published with the approved change.
    """
    require(user, "articles.add_correction", "Only an editor can add corrections.")
    with transaction.atomic():
        current = locked(factcheck)
        if current.status != Status.PUBLISHED:
            raise ServiceError("Corrections are only for published fact-checks.")
        checked = correction_checked({"kind": kind, "note": note}, rating_changed=False)
        return correction_create(factcheck=current, user=user, **checked)
