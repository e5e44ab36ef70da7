"""What every fact-check service shares: the locked read, the versioned write, the publish gate,
who counts as having written a text, and the correction notes published with changes.

The services themselves are in `factchecks` (drafting and review), `revisions` (changes
to published work) and `publishing` (approval, scheduling, retraction, corrections).
"""

import re
from copy import copy

from django.db.models import F
from django.utils import timezone

from articles.models import AuditEvent, Correction, FactCheck, FactCheckRevision, Rating
from articles.services.audit import audit_record, diff
from articles.services.errors import ServiceError

CLAIM_REVIEWED_MAX = 75  # search engines show about this much of ClaimReview.claimReviewed
HEADLINE_MAX = 200
SLUG_MAX = 80
EDITABLE_FIELDS = ("headline", "claim_reviewed", "rating", "summary", "body")
# The audit actions that change what a fact-check says; whoever did one of them wrote it.
TEXT_ACTIONS = (
    "factcheck_started",
    "factcheck_edited",
    "citation_added",
    "citation_removed",
    "citations_reordered",
    "citation_note_changed",
)
Status = FactCheck.Status


def snapshot(factcheck) -> dict:
    """The editable fields as JSON-friendly values (the rating by its label), for diffs and conflicts."""
    return {
        "headline": factcheck.headline,
        "claim_reviewed": factcheck.claim_reviewed,
        "rating": factcheck.rating.label if factcheck.rating_id else None,
        "summary": factcheck.summary,
        "body": factcheck.body,
    }


def label(rating: Rating | None) -> str | None:
    return rating.label if rating is not None else None


def when(moment) -> str:
    """A moment as editors read it, with the time zone: “12 Mar 2026, 09:00 UTC”."""
    return f"{timezone.localtime(moment):%-d %b %Y, %H:%M %Z}"


def require(user, perm: str, message: str) -> None:
    if user is None or not user.has_perm(perm):
        raise ServiceError(message)


def write(factcheck: FactCheck, *, touch: bool = True, **fields) -> FactCheck:
    """Save `fields` on a locked fact-check, raising its version; returns it refreshed.

    `touch=False` leaves `updated_at` alone, for writes readers cannot see (proposed changes).
    """
    fields["version"] = F("version") + 1
    if touch:
        fields["updated_at"] = timezone.now()
    FactCheck.objects.filter(pk=factcheck.pk).update(**fields)
    factcheck.refresh_from_db()
    return factcheck


def release_if_due(current: FactCheck) -> bool:
    """Mark a locked, scheduled fact-check published once its time has come; True if it did.

    Readers see a scheduled fact-check from its time on either way (`live_q`); this
    records the moment in the audit trail and lets the workflow treat it as published.
    """
    if current.status != Status.SCHEDULED or current.published_at > timezone.now():
        return False
    old = {"status": current.status, "version": current.version}
    write(current, status=Status.PUBLISHED)
    audit_record(
        actor=None,
        action="factcheck_went_live",
        factcheck=current,
        changes=diff(old, {"status": current.status, "version": current.version}),
        message=f"Scheduled for {when(current.published_at)}.",
    )
    return True


def locked(factcheck: FactCheck) -> FactCheck:
    """The fact-check's row, locked for this transaction (and marked published if its time came)."""
    try:
        current = (
            FactCheck.objects.select_for_update(of=("self",)).select_related("rating", "claim").get(pk=factcheck.pk)
        )
    except FactCheck.DoesNotExist:
        raise ServiceError("This fact-check no longer exists.") from None
    release_if_due(current)
    return current


def open_revision(factcheck: FactCheck, *, lock: bool = False) -> FactCheckRevision | None:
    """The proposed changes being written or in review on a published fact-check, if any."""
    revisions = FactCheckRevision.objects.open().filter(factcheck=factcheck).select_related("rating", "created_by")
    return (revisions.select_for_update(of=("self",)) if lock else revisions).first()


def proposed(factcheck: FactCheck, revision: FactCheckRevision | None) -> FactCheck:
    """The fact-check as it would read with `revision` applied (unsaved), or itself without one."""
    if revision is None:
        return factcheck
    result = copy(factcheck)
    for name in EDITABLE_FIELDS:
        setattr(result, name, getattr(revision, name))
    return result


def fields_changed_since(factcheck: FactCheck, version: int) -> list[str]:
    """The editable fields (and status) that saves after `version` changed, from the audit trail."""
    events = AuditEvent.objects.filter(factcheck=factcheck).values_list("changes", flat=True)
    changed: set[str] = set()
    for changes in events:
        before = (changes.get("version") or [None])[0]
        if isinstance(before, int) and before >= version:
            changed.update(key for key in changes if key in EDITABLE_FIELDS or key == "status")
    return [field for field in (*EDITABLE_FIELDS, "status") if field in changed]


def contributors(factcheck: FactCheck, revision: FactCheckRevision | None = None) -> set[int]:
    """Everyone who wrote the text an approver is asked to approve: the draft's, or the revision's.

    The author (who opened the draft) and whoever edited its text or its citations, from
    the audit trail; for proposed changes, whoever started or edited them.
    """
    if revision is None:
        events = AuditEvent.objects.filter(factcheck=factcheck, revision__isnull=True, action__in=TEXT_ACTIONS)
        people = {factcheck.author_id}
    else:
        events = AuditEvent.objects.filter(revision=revision, action="factcheck_edited")
        people = {revision.created_by_id}
    people.update(events.values_list("actor_id", flat=True))
    people.discard(None)
    return people


def require_approver(editor, factcheck: FactCheck, revision: FactCheckRevision | None = None) -> None:
    """Two-person rule: nobody approves a text they wrote any of."""
    if editor.pk not in contributors(factcheck, revision):
        return
    if revision is not None:
        raise ServiceError(
            "You edited these changes, so you can’t approve them; an editor who didn’t write them has to."
        )
    if factcheck.author_id == editor.pk:
        raise ServiceError("You can’t approve your own fact-check; a second editor has to.")
    raise ServiceError(
        "You edited this fact-check, so approving it would be approving your own work; "
        "an editor who didn’t write any of it has to."
    )


# ---- the publish gate ------------------------------------------------------------------------


def _word(text: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", flags=re.IGNORECASE)


def ratings_named(text: str, labels: list[str]) -> list[str]:
    """The labels of the rating scale that `text` names, longest first so “Mostly false” is not “False”."""
    if not text or not labels:
        return []
    ordered = sorted(labels, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(label) for label in ordered) + r")(?!\w)", re.IGNORECASE)
    by_key = {label.casefold(): label for label in labels}
    found = []
    for match in pattern.finditer(text):
        label_found = by_key[match.group(1).casefold()]
        if label_found not in found:
            found.append(label_found)
    return found


def publish_gate(factcheck: FactCheck) -> list[str]:
    """Every reason the fact-check can't be published (or submitted) yet, one readable message each."""
    failures = []
    reviewed = (factcheck.claim_reviewed or "").strip()
    if not reviewed:
        failures.append("Write the “claim reviewed”: the claim in under 75 characters.")
    elif len(reviewed) >= CLAIM_REVIEWED_MAX:
        failures.append(f"“Claim reviewed” must be under {CLAIM_REVIEWED_MAX} characters; it has {len(reviewed)}.")
    if factcheck.rating_id and _word(factcheck.rating.label).search(reviewed):
        failures.append(f"“Claim reviewed” must not contain the rating (“{factcheck.rating.label}”).")
    if not (factcheck.headline or "").strip():
        failures.append("Write the headline.")
    if not factcheck.claim.speaker_id:
        failures.append("The claim has no speaker: set who said it on the claim.")
    if not factcheck.rating_id:
        failures.append("Choose a rating.")
    else:
        # A headline or summary that names another step of the scale contradicts the badge next to it.
        labels = list(Rating.objects.values_list("label", flat=True))
        for name, text in (("headline", factcheck.headline), ("summary", factcheck.summary)):
            others = [
                found for found in ratings_named(text, labels) if found.casefold() != factcheck.rating.label.casefold()
            ]
            if others:
                named = ", ".join(f"“{found}”" for found in others)
                failures.append(
                    f"The {name} says {named}, but the rating is “{factcheck.rating.label}”: make them agree."
                )
    if not factcheck.citations.exists():
        failures.append("Cite at least one source.")
    if not (factcheck.summary or "").strip():
        failures.append("Write the summary (“If your time is short”).")
    return failures


# ---- correction notes ------------------------------------------------------------------------


def correction_checked(correction: dict | None, *, rating_changed: bool) -> dict:
    """The correction note that changes to published work are published with: kind and note, valid."""
    kind = (correction or {}).get("kind") or ""
    note = ((correction or {}).get("note") or "").strip()
    if kind == Correction.Kind.RETRACTION:
        raise ServiceError("A retraction is not a correction: use Retract, which takes the fact-check down.")
    if kind not in Correction.Kind.values or not note:
        raise ServiceError("This fact-check is published: say what you changed in a correction note (kind and note).")
    if rating_changed and kind != Correction.Kind.RATING_CHANGE:
        raise ServiceError("A new rating must be published as a “Rating changed” correction.")
    if kind == Correction.Kind.RATING_CHANGE and not rating_changed:
        raise ServiceError("“Rating changed” is only for a change of rating; choose another kind.")
    return {"kind": kind, "note": note}


def correction_create(*, factcheck, user, kind, note, previous_rating=None, new_rating=None) -> Correction:
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
        changes["rating"] = [label(previous_rating), label(new_rating)]
    audit_record(actor=user, action="correction_added", factcheck=factcheck, changes=changes, message=note)
    return correction
