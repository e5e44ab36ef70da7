"""Changes to a published fact-check: written apart, reviewed by a second editor, then published.

Readers go on seeing the fact-check as it was approved. An editor's changes to its
headline, claim reviewed, rating, summary or body go into a `FactCheckRevision` with the
correction note they will be published with; it is submitted, and another editor (one
who wrote none of it) approves it, which copies it onto the fact-check and publishes the
correction, or sends it back. In review its text is locked.

These functions are called by the fact-check services (`factchecks`, `publishing`) with
the fact-check already locked, inside their transaction. Every step raises the
fact-check's `version`, so an approval or an edit made from a stale page is refused.
"""

from django.utils import timezone

from articles.models import Correction, FactCheck, FactCheckRevision
from articles.services.audit import audit_record, diff
from articles.services.errors import EditConflict, PublishGateError, ServiceError
from articles.services.factcheck_rules import (
    EDITABLE_FIELDS,
    correction_checked,
    correction_create,
    fields_changed_since,
    open_revision,
    proposed,
    publish_gate,
    require,
    require_approver,
    snapshot,
    write,
)

RevisionStatus = FactCheckRevision.Status


def _state(revision: FactCheckRevision) -> dict:
    """The revision's fields for the audit trail's diffs, the correction's kind as editors read it."""
    kind = Correction.Kind(revision.correction_kind).label if revision.correction_kind else ""
    return snapshot(revision) | {"correction_kind": kind, "correction_note": revision.correction_note}


def _step(current: FactCheck, revision: FactCheckRevision, *, actor, action: str, to: str, comment=None) -> FactCheck:
    """Move the revision to `to` (with the reviewer's `comment`, when given) and record it as `action`.

    The trail shows the step as editors read it: {"changes": ["Being written", "In review"]}.
    """
    moved = {"changes": [revision.get_status_display(), RevisionStatus(to).label]}
    revision.status = to
    fields = ["status"]
    if comment is not None:
        revision.review_comment = comment
        fields.append("review_comment")
    revision.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=action,
        factcheck=current,
        revision=revision,
        changes=moved | _bump(current),
        message=comment or "",
    )
    return current


def _bump(current: FactCheck) -> dict:
    """Raise the fact-check's version without touching what readers see; the version change, for the diff."""
    before = current.version
    write(current, touch=False)
    return {"version": [before, current.version]}


def _in_review(current: FactCheck) -> FactCheckRevision:
    revision = open_revision(current, lock=True)
    if revision is None or revision.status != RevisionStatus.IN_REVIEW:
        raise ServiceError("It is published, and no changes to it are in review.")
    return revision


def revision_save(
    *, current: FactCheck, user, expected_version: int, changes: dict, correction: dict | None
) -> FactCheck:
    """Save an editor's changes to a published fact-check into its open revision (started if none)."""
    require(user, "articles.add_correction", "Only an editor can change a published fact-check.")
    revision = open_revision(current, lock=True)
    base = revision or current
    wanted = {name: getattr(base, name) for name in EDITABLE_FIELDS} | changes
    if correction is not None:
        wanted["correction_kind"] = correction.get("kind") or ""
        wanted["correction_note"] = (correction.get("note") or "").strip()
    values = {name: value for name, value in wanted.items() if getattr(base, name, "") != value}
    if not values:
        return current
    if current.version != expected_version:
        raise EditConflict(
            "Someone else saved this fact-check while you were editing it.",
            current=proposed(current, revision),
            changed_fields=fields_changed_since(current, expected_version) or sorted(values),
        )
    if revision is not None and revision.status == RevisionStatus.IN_REVIEW:
        raise ServiceError(
            "These changes are in review, so their text is locked: the approver must see what they approve. "
            "Withdraw them from review to edit them."
        )
    if revision is None:
        revision = FactCheckRevision(factcheck=current, created_by=user)
        for name in EDITABLE_FIELDS:
            setattr(revision, name, getattr(current, name))
    before = _state(revision)
    for name, value in values.items():
        setattr(revision, name, value)
    revision.save()
    audit_record(
        actor=user,
        action="factcheck_edited",
        factcheck=current,
        revision=revision,
        changes=diff(before, _state(revision)) | _bump(current),
        message="Proposed changes to the published fact-check.",
    )
    return current


def revision_submit(*, current: FactCheck, user) -> FactCheck:
    """Send the proposed changes to a second editor, once they differ, pass the gate and have their note."""
    revision = open_revision(current, lock=True)
    if revision is None:
        raise ServiceError("Nothing to submit: change the fact-check first.")
    if revision.status == RevisionStatus.IN_REVIEW:
        raise ServiceError("These changes are already waiting for approval.")
    if snapshot(revision) == snapshot(current):
        raise ServiceError("Nothing differs from the published version; discard the changes instead.")
    failures = publish_gate(proposed(current, revision))
    try:
        correction_checked(
            {"kind": revision.correction_kind, "note": revision.correction_note},
            rating_changed=revision.rating_id != current.rating_id,
        )
    except ServiceError as error:
        failures.append(error.message)
    if failures:
        raise PublishGateError("These changes aren’t ready for review yet.", messages=failures)
    return _step(current, revision, actor=user, action="changes_submitted", to=RevisionStatus.IN_REVIEW, comment="")


def revision_withdraw(*, current: FactCheck, user) -> FactCheck:
    """Take proposed changes back from review to edit them further."""
    revision = _in_review(current)
    return _step(current, revision, actor=user, action="changes_withdrawn", to=RevisionStatus.DRAFT)


def revision_return(*, current: FactCheck, reviewer, comment: str) -> FactCheck:
    """Send proposed changes back to whoever wrote them, with what needs fixing."""
    revision = _in_review(current)
    if revision.created_by_id == reviewer.pk:
        raise ServiceError("You can’t review your own changes; another editor has to.")
    return _step(current, revision, actor=reviewer, action="changes_returned", to=RevisionStatus.DRAFT, comment=comment)


def revision_approve(*, current: FactCheck, editor) -> FactCheck:
    """Publish the proposed changes with their correction note: the second editor's approval."""
    revision = _in_review(current)
    require_approver(editor, current, revision)
    failures = publish_gate(proposed(current, revision))
    if failures:
        raise PublishGateError("These changes aren’t ready to publish.", messages=failures)
    rating_changed = revision.rating_id != current.rating_id
    note = correction_checked(
        {"kind": revision.correction_kind, "note": revision.correction_note}, rating_changed=rating_changed
    )
    before, previous_rating, old_version = snapshot(current), current.rating, current.version
    current = write(current, **{name: getattr(revision, name) for name in EDITABLE_FIELDS})
    revision.status, revision.decided_by, revision.decided_at = RevisionStatus.APPROVED, editor, timezone.now()
    revision.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=editor,
        action="changes_approved",
        factcheck=current,
        revision=revision,
        changes=diff(before, snapshot(current)) | {"version": [old_version, current.version]},
    )
    correction_create(
        factcheck=current,
        user=editor,
        **note,
        previous_rating=previous_rating if rating_changed else None,
        new_rating=current.rating if rating_changed else None,
    )
    return current


def revision_discard(*, current: FactCheck, user, message: str = "") -> FactCheck:
    """Drop the proposed changes; the published fact-check stays as it is."""
    revision = open_revision(current, lock=True)
    if revision is None:
        raise ServiceError("There are no proposed changes to discard.")
    revision.status, revision.decided_by, revision.decided_at = RevisionStatus.DISCARDED, user, timezone.now()
    revision.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=user,
        action="changes_discarded",
        factcheck=current,
        revision=revision,
        changes=_bump(current),
        message=message,
    )
    return current
