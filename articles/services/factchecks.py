"""Fact-checks: drafting, editing with edit-conflict detection, the two-person workflow, corrections.

Every function here is keyword-only, runs in one transaction, writes an AuditEvent and
raises a `ServiceError` subclass with a message an editor can read. Citations live in
`articles.services.citations`.

The workflow is draft → in review → published (→ unpublished). Every write to the
FactCheck row raises its `version`; edits say which version they started from and are
refused with `EditConflict` when someone else saved in between, so nothing is overwritten.
"""

import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from articles import roles
from articles.models import AuditEvent, Claim, Correction, FactCheck, Rating
from articles.services.audit import audit_record, diff
from articles.services.citations import (  # noqa: F401  (re-exported: the fact-check API in one place)
    citation_add,
    citation_move,
    citation_note_update,
    citation_remove,
    citations_reorder,
)
from articles.services.errors import EditConflict, PublishGateError, ServiceError
from articles.services.outlets import unique_slug

CLAIM_REVIEWED_MAX = 75  # search engines show about this much of ClaimReview.claimReviewed
HEADLINE_MAX = 200
SLUG_MAX = 80
EDITABLE_FIELDS = ("headline", "claim_reviewed", "rating", "summary", "body")
Status = FactCheck.Status


# ---- helpers ------------------------------------------------------------------------------


def trim_words(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters, with “…” when cut."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.–—-") + "…"


def snapshot(factcheck: FactCheck) -> dict:
    """The editable fields as JSON-friendly values (the rating by its label), for diffs and conflicts."""
    return {
        "headline": factcheck.headline,
        "claim_reviewed": factcheck.claim_reviewed,
        "rating": factcheck.rating.label if factcheck.rating_id else None,
        "summary": factcheck.summary,
        "body": factcheck.body,
    }


def _locked(factcheck: FactCheck) -> FactCheck:
    return FactCheck.objects.select_for_update(of=("self",)).select_related("rating", "claim").get(pk=factcheck.pk)


def _write(factcheck: FactCheck, **fields) -> FactCheck:
    """Save `fields` on a locked fact-check, raising its version; returns it refreshed."""
    fields.update(version=F("version") + 1, updated_at=timezone.now())
    FactCheck.objects.filter(pk=factcheck.pk).update(**fields)
    factcheck.refresh_from_db()
    return factcheck


def _require(user, perm: str, message: str) -> None:
    if user is None or not user.has_perm(perm):
        raise ServiceError(message)


def _label(rating: Rating | None) -> str | None:
    return rating.label if rating is not None else None


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


def fields_changed_since(factcheck: FactCheck, version: int) -> list[str]:
    """The editable fields (and status) that saves after `version` changed, from the audit trail."""
    events = AuditEvent.objects.filter(factcheck=factcheck).values_list("changes", flat=True)
    changed: set[str] = set()
    for changes in events:
        before = (changes.get("version") or [None])[0]
        if isinstance(before, int) and before >= version:
            changed.update(key for key in changes if key in EDITABLE_FIELDS or key == "status")
    return [field for field in (*EDITABLE_FIELDS, "status") if field in changed]


def factcheck_update(
    *, factcheck: FactCheck, user, expected_version: int, changes: dict, correction: dict | None = None
) -> FactCheck:
    """Save an editor's changes to the headline, claim reviewed, rating, summary or body.

    `expected_version` is the version the editor's form was loaded at. The write is an
    `UPDATE … WHERE version = expected_version`: when someone else saved in between it
    raises `EditConflict` with the fact-check as they left it and the fields they
    changed, and writes nothing. Changing a published fact-check needs the Editor role
    and `correction` ({"kind", "note"}), published with it; a new rating must come with
    a "rating_change" correction, which records the previous and the new rating.
    """
    _require(user, roles.REVIEW, "You don’t have permission to edit fact-checks.")
    changes = dict(changes)
    if isinstance(changes.get("rating"), int):
        changes["rating"] = Rating.objects.get(pk=changes["rating"])
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(f"These fields can’t be edited here: {', '.join(sorted(unknown))}.")
    if "headline" in changes and not (changes["headline"] or "").strip():
        raise ServiceError("The headline can’t be empty.")
    with transaction.atomic():
        current = _locked(factcheck)
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
        rating_changed = "rating" in values
        if current.status == Status.PUBLISHED:
            _require(user, "articles.add_correction", "Only an editor can change a published fact-check.")
            correction = _correction_checked(correction, rating_changed=rating_changed)
        elif correction:
            raise ServiceError("Corrections are only for published fact-checks.")
        previous_rating = current.rating
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
        if correction:
            _correction_create(
                factcheck=current,
                user=user,
                kind=correction["kind"],
                note=correction["note"],
                previous_rating=previous_rating if rating_changed else None,
                new_rating=current.rating if rating_changed else None,
            )
    return current


# ---- the workflow ----------------------------------------------------------------------------


def factcheck_submit(*, factcheck: FactCheck, user) -> FactCheck:
    """Send a draft for review by a second person; the reviewer's last comment is cleared."""
    _require(user, roles.REVIEW, "You don’t have permission to submit fact-checks.")
    with transaction.atomic():
        current = _locked(factcheck)
        if current.status not in (Status.DRAFT, Status.UNPUBLISHED):
            raise ServiceError(
                f"Only a draft can be submitted for review (this one is {current.get_status_display()})."
            )
        old = {"status": current.status, "version": current.version}
        current = _write(current, status=Status.IN_REVIEW, review_comment="")
        audit_record(
            actor=user,
            action="factcheck_submitted",
            factcheck=current,
            changes=diff(old, {"status": current.status, "version": current.version}),
        )
    return current


def factcheck_return(*, factcheck: FactCheck, reviewer, comment: str) -> FactCheck:
    """Send a fact-check in review back to its author with a comment the author sees on the editor."""
    _require(reviewer, roles.PUBLISH, "Only an editor can review fact-checks.")
    comment = (comment or "").strip()
    if not comment:
        raise ServiceError("Say what needs fixing: the comment is what the author sees.")
    with transaction.atomic():
        current = _locked(factcheck)
        if current.status != Status.IN_REVIEW:
            raise ServiceError("Only a fact-check in review can be sent back.")
        if current.author_id == reviewer.pk:
            raise ServiceError("You can’t review your own fact-check; another editor has to.")
        old = {"status": current.status, "version": current.version}
        current = _write(current, status=Status.DRAFT, review_comment=comment)
        audit_record(
            actor=reviewer,
            action="factcheck_returned",
            factcheck=current,
            changes=diff(old, {"status": current.status, "version": current.version}),
            message=comment,
        )
    return current


def publish_gate(factcheck: FactCheck) -> list[str]:
    """Every reason the fact-check can't be published yet, one readable message each."""
    failures = []
    reviewed = (factcheck.claim_reviewed or "").strip()
    if not reviewed:
        failures.append("Write the “claim reviewed”: the claim in under 75 characters.")
    elif len(reviewed) >= CLAIM_REVIEWED_MAX:
        failures.append(f"“Claim reviewed” must be under {CLAIM_REVIEWED_MAX} characters; it has {len(reviewed)}.")
    if factcheck.rating_id and re.search(
        rf"(?<!\w){re.escape(factcheck.rating.label)}(?!\w)", reviewed, flags=re.IGNORECASE
    ):
        failures.append(f"“Claim reviewed” must not contain the rating (“{factcheck.rating.label}”).")
    if not factcheck.claim.speaker_id:
        failures.append("The claim has no speaker: set who said it on the claim.")
    if not factcheck.rating_id:
        failures.append("Choose a rating.")
    if not factcheck.citations.exists():
        failures.append("Cite at least one source.")
    if not (factcheck.summary or "").strip():
        failures.append("Write the summary (“If your time is short”).")
    return failures


def factcheck_publish(*, factcheck: FactCheck, editor) -> FactCheck:
    """Approve and publish: an editor other than the author, after every gate check passes.

    Raises `PublishGateError` listing each failed check. The first publication date is
    kept when a fact-check is published again after being unpublished.
    """
    _require(editor, roles.PUBLISH, "Only an editor can publish fact-checks.")
    with transaction.atomic():
        current = _locked(factcheck)
        if current.status not in (Status.IN_REVIEW, Status.UNPUBLISHED):
            raise ServiceError("Submit the fact-check for review before publishing it.")
        if current.author_id == editor.pk:
            raise ServiceError("You can’t approve your own fact-check; a second editor has to.")
        failures = publish_gate(current)
        if failures:
            raise PublishGateError("This fact-check isn’t ready to publish.", messages=failures)
        approver = current.approved_by.get_username() if current.approved_by_id else None
        old = {"status": current.status, "approved_by": approver, "version": current.version}
        current = _write(
            current,
            status=Status.PUBLISHED,
            approved_by=editor,
            published_at=current.published_at or timezone.now(),
            review_comment="",
        )
        new = {"status": current.status, "approved_by": editor.get_username(), "version": current.version}
        audit_record(actor=editor, action="factcheck_published", factcheck=current, changes=diff(old, new))
    return current


def factcheck_unpublish(*, factcheck: FactCheck, editor, reason: str = "") -> FactCheck:
    """Take a published fact-check off the public site; it can be edited and published again."""
    _require(editor, roles.PUBLISH, "Only an editor can unpublish fact-checks.")
    with transaction.atomic():
        current = _locked(factcheck)
        if current.status != Status.PUBLISHED:
            raise ServiceError("Only a published fact-check can be unpublished.")
        old = {"status": current.status, "version": current.version}
        current = _write(current, status=Status.UNPUBLISHED)
        audit_record(
            actor=editor,
            action="factcheck_unpublished",
            factcheck=current,
            changes=diff(old, {"status": current.status, "version": current.version}),
            message=(reason or "").strip(),
        )
    return current


# ---- corrections -----------------------------------------------------------------------------


def _correction_checked(correction: dict | None, *, rating_changed: bool) -> dict:
    kind = (correction or {}).get("kind") or ""
    note = ((correction or {}).get("note") or "").strip()
    if kind not in Correction.Kind.values or not note:
        raise ServiceError("This fact-check is published: say what you changed in a correction note (kind and note).")
    if rating_changed and kind != Correction.Kind.RATING_CHANGE:
        raise ServiceError("A new rating must be published as a “Rating changed” correction.")
    if kind == Correction.Kind.RATING_CHANGE and not rating_changed:
        raise ServiceError("“Rating changed” is only for a change of rating; choose another kind.")
    return {"kind": kind, "note": note}


def _correction_create(*, factcheck, user, kind, note, previous_rating=None, new_rating=None) -> Correction:
    correction = Correction.objects.create(
        factcheck=factcheck,
        kind=kind,
        note=note,
        previous_rating=previous_rating,
        new_rating=new_rating,
        created_by=user,
    )
    changes = {"correction": [None, correction.get_kind_display()]}
    if kind == Correction.Kind.RATING_CHANGE:
        changes["rating"] = [_label(previous_rating), _label(new_rating)]
    audit_record(actor=user, action="correction_added", factcheck=factcheck, changes=changes, message=note)
    return correction


def correction_add(*, factcheck: FactCheck, user, kind: str, note: str) -> Correction:
    """Publish a dated note on a published fact-check without editing it (a clarification, say).

    A rating change can't be added this way: change the rating in the editor, which
    records the correction together with the new rating.
    """
    _require(user, "articles.add_correction", "Only an editor can add corrections.")
    with transaction.atomic():
        current = _locked(factcheck)
        if current.status != Status.PUBLISHED:
            raise ServiceError("Corrections are only for published fact-checks.")
        checked = _correction_checked({"kind": kind, "note": note}, rating_changed=False)
        return _correction_create(factcheck=current, user=user, **checked)
