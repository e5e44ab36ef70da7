"""Fact-checks: drafting, editing with edit-conflict detection, and the two-person review.

Every function here is keyword-only, runs in one transaction, writes an AuditEvent (a
refusal too, as `<action>_refused`) and raises a `ServiceError` subclass with a message an
editor can read. Citations live in `articles.services.citations`, changes to published
work in `articles.services.revisions`, approval, scheduling, retraction and corrections in
`articles.services.publishing`; the names are re-exported here, the fact-check API in one place.

The workflow is draft → in review → published (or scheduled, then published) → retracted.
Submitting runs the publish gate; in review the text is locked, so the approver approves
exactly what they read; the approver is never someone who wrote any of it. Every write to
the FactCheck row raises its `version`; edits and approvals say which version they started
from and are refused when someone else saved in between, so nothing is overwritten.
"""

import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from articles import roles
from articles.models import Claim, FactCheck, Rating
from articles.services import revisions
from articles.services.audit import audit_record, diff, records_refusals
from articles.services.citations import (  # noqa: F401  (re-exported: the fact-check API in one place)
    citation_add,
    citation_move,
    citation_note_update,
    citation_remove,
    citations_reorder,
)
from articles.services.errors import EditConflict, PublishGateError, ServiceError
from articles.services.factcheck_rules import (  # noqa: F401  (re-exported)
    CLAIM_REVIEWED_MAX,
    EDITABLE_FIELDS,
    HEADLINE_MAX,
    SLUG_MAX,
    contributors,
    fields_changed_since,
    locked,
    publish_gate,
    require,
    snapshot,
    when,
    write,
)
from articles.services.outlets import unique_slug
from articles.services.publishing import (  # noqa: F401  (re-exported)
    correction_add,
    factcheck_publish,
    factcheck_retract,
    factcheck_unschedule,
    factchecks_release_due,
)

Status = FactCheck.Status


def trim_words(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters, with “…” when cut."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.–—-") + "…"


# ---- starting and editing -------------------------------------------------------------------


def factcheck_start(*, claim: Claim, author) -> FactCheck:
    """Open the draft fact-check for an accepted claim, or return the one it already has.

    The headline and slug come from the speaker and the claim's wording, and
    `claim_reviewed` is prefilled with the claim trimmed to fit under the 75 characters
    the publish gate asks for, so the author starts from something publishable.
    Idempotent: a second call (or a concurrent one) returns the existing draft.
    """
    existing = FactCheck.objects.filter(claim=claim).first()
    if existing is not None:
        return existing
    if claim.status == Claim.Status.REJECTED:
        raise ServiceError("This claim was rejected; accept it before starting a fact-check.")
    # Quote text keeps the punctuation the article put inside the marks ("…States,").
    plain = claim.text.strip().strip("“”\"'").rstrip(",;: ")
    wording = trim_words(plain, 90)
    speaker = claim.speaker.name if claim.speaker_id else "Claim"
    headline = trim_words(f"{speaker}: “{wording}”", HEADLINE_MAX)
    try:
        with transaction.atomic():
            factcheck = FactCheck.objects.create(
                claim=claim,
                headline=headline,
                slug=unique_slug(FactCheck, f"{speaker} {wording}", fallback="fact-check", max_length=SLUG_MAX),
                claim_reviewed=trim_words(plain, CLAIM_REVIEWED_MAX - 1),
                author=author,
            )
            audit_record(
                actor=author,
                action="factcheck_started",
                factcheck=factcheck,
                changes={"status": [None, factcheck.status], "headline": [None, headline]},
            )
    except IntegrityError:
        # Someone started it between our read and our insert.
        existing = FactCheck.objects.filter(claim=claim).first()
        if existing is None:
            raise
        return existing
    return factcheck


def _locked_text_message(current: FactCheck) -> str | None:
    """Why the text of a fact-check in this state can't be edited, or None when it can."""
    if current.status == Status.IN_REVIEW:
        return (
            "It’s in review, so the text is locked: the editor approves exactly what they read. "
            "Withdraw it from review to change it."
        )
    if current.status == Status.SCHEDULED:
        return (
            f"It’s approved and scheduled to go live on {when(current.published_at)}, so the text is locked. "
            "Cancel the schedule to change it."
        )
    if current.status == Status.RETRACTED:
        return "It was retracted: a retracted fact-check stays on record as it was when it was taken down."
    return None


@records_refusals("factcheck_edit")
def factcheck_update(
    *, factcheck: FactCheck, user, expected_version: int, changes: dict, correction: dict | None = None
) -> FactCheck:
    """Save an editor's changes to the headline, claim reviewed, rating, summary or body.

    `expected_version` is the version the editor's form was loaded at. The write is an
    `UPDATE … WHERE version = expected_version`: when someone else saved in between it
    raises `EditConflict` with the fact-check as they left it and the fields they
    changed, and writes nothing. A draft is edited in place; in review, scheduled or
    retracted its text is locked. On a published fact-check the changes (with
    `correction`, {"kind", "note"}) go into its open revision, which readers don't see
    until a second editor approves it (`articles.services.revisions`).
    """
    require(user, roles.REVIEW, "You don’t have permission to edit fact-checks.")
    changes = dict(changes)
    if isinstance(changes.get("rating"), int):
        changes["rating"] = Rating.objects.get(pk=changes["rating"])
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(f"These fields can’t be edited here: {', '.join(sorted(unknown))}.")
    if "headline" in changes and not (changes["headline"] or "").strip():
        raise ServiceError("The headline can’t be empty.")
    with transaction.atomic():
        current = locked(factcheck)
        if current.status == Status.PUBLISHED:
            return revisions.revision_save(
                current=current, user=user, expected_version=expected_version, changes=changes, correction=correction
            )
        before = snapshot(current)
        wanted = {key: getattr(current, key) for key in EDITABLE_FIELDS} | changes
        values = {key: value for key, value in wanted.items() if getattr(current, key) != value}
        if not values:
            # Nothing differs from what is stored, so nothing can be overwritten: adopt its version.
            return current
        if current.version != expected_version:
            raise EditConflict(
                "Someone else saved this fact-check while you were editing it.",
                current=current,
                changed_fields=fields_changed_since(current, expected_version) or sorted(values),
            )
        if message := _locked_text_message(current):
            raise ServiceError(message)
        if correction:
            raise ServiceError("Corrections are only for published fact-checks.")
        old_version = current.version
        updated = FactCheck.objects.filter(pk=current.pk, version=expected_version).update(
            **values, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:  # only reachable where select_for_update is a no-op and a writer slipped in
            current.refresh_from_db()
            raise EditConflict(
                "Someone else saved this fact-check while you were editing it.",
                current=current,
                changed_fields=fields_changed_since(current, expected_version),
            )
        current.refresh_from_db()
        field_diff = diff(before, snapshot(current)) | {"version": [old_version, current.version]}
        audit_record(actor=user, action="factcheck_edited", factcheck=current, changes=field_diff)
    return current


# ---- the review ------------------------------------------------------------------------------


def _status_change(current: FactCheck, *, actor, action: str, message: str = "", **fields) -> FactCheck:
    old = {"status": current.status, "version": current.version}
    current = write(current, **fields)
    audit_record(
        actor=actor,
        action=action,
        factcheck=current,
        changes=diff(old, {"status": current.status, "version": current.version}),
        message=message,
    )
    return current


@records_refusals("factcheck_submit")
def factcheck_submit(*, factcheck: FactCheck, user) -> FactCheck:
    """Send a draft (or the changes to a published fact-check) to a second person for approval.

    The publish gate runs first: nothing reaches a reviewer that could not be published
    as it stands. The reviewer's last comment is cleared.
    """
    require(user, roles.REVIEW, "You don’t have permission to submit fact-checks.")
    with transaction.atomic():
        current = locked(factcheck)
        if current.status == Status.PUBLISHED:
            return revisions.revision_submit(current=current, user=user)
        if current.status != Status.DRAFT:
            raise ServiceError(
                f"Only a draft can be submitted for review (this one is {current.get_status_display().lower()})."
            )
        failures = publish_gate(current)
        if failures:
            raise PublishGateError("It isn’t ready for review yet.", messages=failures)
        return _status_change(
            current, actor=user, action="factcheck_submitted", status=Status.IN_REVIEW, review_comment=""
        )


@records_refusals("factcheck_withdraw")
def factcheck_withdraw(*, factcheck: FactCheck, user) -> FactCheck:
    """Take a fact-check (or proposed changes) back from review, to edit it again before approval."""
    require(user, roles.REVIEW, "You don’t have permission to edit fact-checks.")
    with transaction.atomic():
        current = locked(factcheck)
        if current.status == Status.PUBLISHED:
            return revisions.revision_withdraw(current=current, user=user)
        if current.status != Status.IN_REVIEW:
            raise ServiceError(
                f"Only a fact-check in review can be withdrawn (this one is {current.get_status_display().lower()})."
            )
        return _status_change(current, actor=user, action="factcheck_withdrawn", status=Status.DRAFT)


@records_refusals("factcheck_return")
def factcheck_return(*, factcheck: FactCheck, reviewer, comment: str) -> FactCheck:
    """Send a fact-check (or proposed changes) in review back with a comment the author sees on the editor."""
    require(reviewer, roles.PUBLISH, "Only an editor can review fact-checks.")
    comment = (comment or "").strip()
    if not comment:
        raise ServiceError("Say what needs fixing: the comment is what the author sees.")
    with transaction.atomic():
        current = locked(factcheck)
        if current.status == Status.PUBLISHED:
            return revisions.revision_return(current=current, reviewer=reviewer, comment=comment)
        if current.status != Status.IN_REVIEW:
            raise ServiceError("Only a fact-check in review can be sent back.")
        if current.author_id == reviewer.pk:
            raise ServiceError("You can’t review your own fact-check; another editor has to.")
        return _status_change(
            current,
            actor=reviewer,
            action="factcheck_returned",
            message=comment,
            status=Status.DRAFT,
            review_comment=comment,
        )


@records_refusals("changes_discard")
def factcheck_discard_changes(*, factcheck: FactCheck, user) -> FactCheck:
    """Drop the changes proposed to a published fact-check; readers never saw them."""
    require(user, "articles.add_correction", "Only an editor can change a published fact-check.")
    with transaction.atomic():
        return revisions.revision_discard(current=locked(factcheck), user=user)
