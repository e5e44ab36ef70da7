"""Triage of claims: accept, reject, assign, reopen, correct, merge and split.

Every function here is one action an editor takes in the review queue. Each runs in a
transaction, locks the rows it decides on (`select_for_update`, so two editors acting on
the same claim at once are serialised and the second one gets a readable refusal rather
than silently overwriting the first), records an `AuditEvent`, and raises `ServiceError`
with a message meant for the person who acted.

A Claim carries fields copied from its appearances (text, score, reasons, count, first
date, speaker); `claim_refresh` recomputes them whenever appearances change.

A claim whose fact-check has left the draft stage (in review, scheduled, published or
retracted) is part of what an editor approved and readers see: its speaker, wording and
appearances are the ClaimReview's. Correcting, splitting or merging it away is refused
with a message saying so; a duplicate may still be merged *into* it when that changes
neither its speaker nor its wording.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from articles import roles
from articles.extraction.checkworthiness import assess
from articles.extraction.matching import fingerprint
from articles.models import Article, AuditEvent, Claim, FactCheck, Quote
from articles.services.audit import audit_record, diff, records_refusals, refusal_record
from articles.services.errors import ServiceError
from articles.services.factchecks import factcheck_start

MAX_QUOTE_LENGTH = 3000
MAX_BULK = 200


class ConfirmationRequired(ServiceError):
    """The action is allowed but surprising; the caller may repeat it with `confirm=True`."""

    is_refusal = False  # a question back, not a refusal: the audit trail does not record it


@dataclass
class BulkResult:
    """What a bulk action did: the claims it changed and, for each one it skipped, why."""

    done: list[Claim] = field(default_factory=list)
    skipped: list[tuple[Claim, str]] = field(default_factory=list)

    def summary(self, verb: str) -> str:
        text = f"{verb} {len(self.done)} claim{'' if len(self.done) == 1 else 's'}."
        if self.skipped:
            text += f" Skipped {len(self.skipped)}: " + "; ".join(
                f"#{claim.pk} — {message}" for claim, message in self.skipped[:5]
            )
            if len(self.skipped) > 5:
                text += f"; and {len(self.skipped) - 5} more"
        return text


def _name(user) -> str:
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()


def _lock(claim: Claim) -> Claim:
    try:
        return Claim.objects.select_for_update().get(pk=claim.pk)
    except Claim.DoesNotExist:
        raise ServiceError("This claim no longer exists; it may have been merged into another.") from None


def _factcheck_of(claim: Claim) -> FactCheck | None:
    return FactCheck.objects.filter(claim_id=claim.pk).first()


def _is_fixed(factcheck: FactCheck | None) -> bool:
    """Whether the fact-check is past the draft: approved, being approved, or on the public record."""
    return factcheck is not None and factcheck.status != FactCheck.Status.DRAFT


def _refuse_if_fixed(claim: Claim, doing: str) -> None:
    """Refuse `doing` (“correct this quote”) on a claim whose fact-check is in review or public."""
    factcheck = _factcheck_of(claim)
    if not _is_fixed(factcheck):
        return
    if factcheck.status == FactCheck.Status.IN_REVIEW:
        raise ServiceError(
            f"Claim #{claim.pk}’s fact-check is in review: its speaker and appearances are part of what the editor "
            f"approves, so you can’t {doing} now. Withdraw the fact-check from review first."
        )
    if factcheck.is_scheduled:
        raise ServiceError(
            f"Claim #{claim.pk}’s fact-check is approved and scheduled to go live: its speaker and appearances are "
            f"what the editor approved, so you can’t {doing}. Cancel the schedule first."
        )
    if factcheck.status == FactCheck.Status.RETRACTED:
        raise ServiceError(
            f"Claim #{claim.pk}’s fact-check was retracted: its notice stays on record as it was, so you can’t {doing}."
        )
    raise ServiceError(
        f"Claim #{claim.pk}’s fact-check is published: readers see its speaker, wording and appearances, so you "
        f"can’t {doing}. If who said it is wrong, the fact-check is wrong: an editor has to retract it."
    )


def _decision(claim: Claim) -> dict:
    return {
        "status": claim.status,
        "rejection_reason": claim.rejection_reason,
        "decided_by": claim.decided_by.get_username() if claim.decided_by_id else None,
    }


def _require_pending(claim: Claim) -> None:
    if claim.status == Claim.Status.PENDING:
        return
    when = f" on {timezone.localtime(claim.decided_at):%d %b %Y at %H:%M}" if claim.decided_at else ""
    if claim.status == Claim.Status.ACCEPTED:
        decided = "accepted"
    else:
        decided = f"rejected ({claim.get_rejection_reason_display().lower()})"
    raise ServiceError(f"Already {decided} by {_name(claim.decided_by)}{when}. Reopen it to decide again.")


def claim_refresh(claim: Claim, *, keep_wording: bool = False) -> Claim:
    """Recompute the fields a Claim copies from its appearances and save them.

    The text is the fullest wording (unless `keep_wording`: a fact-checked claim keeps
    the wording its readers saw), the score and reasons those of the best-scoring
    appearance, the date the earliest article's; the speaker follows the appearances
    when they all agree.
    """
    quotes = list(Quote.objects.filter(claim_id=claim.pk).select_related("article"))
    claim.appearance_count = len(quotes)
    if quotes:
        best = max(quotes, key=lambda quote: (quote.checkworthiness, len(quote.text)))
        if not keep_wording:
            claim.text = max(quotes, key=lambda quote: len(quote.text)).text
        claim.checkworthiness = best.checkworthiness
        claim.reasons = list(best.reasons)
        dates = [quote.article.published_at for quote in quotes if quote.article.published_at]
        claim.first_appeared_at = min(dates) if dates else None
        speakers = {quote.speaker_id for quote in quotes}
        if len(speakers) == 1:
            claim.speaker_id = speakers.pop()
    claim.save(update_fields=["appearance_count", "text", "checkworthiness", "reasons", "first_appeared_at", "speaker"])
    return claim


@records_refusals("claim_accept")
@transaction.atomic
def claim_accept(*, claim: Claim, user) -> FactCheck:
    """Mark a pending claim as worth checking and open its draft fact-check.

    The person who accepts becomes the draft's author. A claim that already has a
    fact-check (say, one merged into it) keeps that one rather than getting a second.
    """
    claim = _lock(claim)
    _require_pending(claim)
    before = _decision(claim)
    claim.status = Claim.Status.ACCEPTED
    claim.rejection_reason = ""
    claim.decided_by = user
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    audit_record(actor=user, action="claim_accepted", claim=claim, changes=diff(before, _decision(claim)))
    factcheck = _factcheck_of(claim)
    if factcheck is None:
        factcheck = factcheck_start(claim=claim, author=user)
    return factcheck


def _check_reason(reason: str) -> None:
    if reason not in Claim.RejectionReason.values:
        choices = ", ".join(label.lower() for label in Claim.RejectionReason.labels)
        raise ServiceError(f"Choose why the claim is rejected: {choices}.")


@records_refusals("claim_reject")
@transaction.atomic
def claim_reject(*, claim: Claim, user, reason: str) -> Claim:
    """Reject a pending claim for one of `Claim.RejectionReason` (opinion, not checkable, ...)."""
    _check_reason(reason)
    claim = _lock(claim)
    _require_pending(claim)
    factcheck = _factcheck_of(claim)
    if factcheck is not None:
        raise ServiceError(
            f"It already has a fact-check ({factcheck.get_status_display().lower()}); it cannot be rejected."
        )
    before = _decision(claim)
    claim.status = Claim.Status.REJECTED
    claim.rejection_reason = reason
    claim.decided_by = user
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    audit_record(actor=user, action="claim_rejected", claim=claim, changes=diff(before, _decision(claim)))
    return claim


@records_refusals("claim_assign")
@transaction.atomic
def claim_assign(*, claim: Claim, user, assignee) -> Claim:
    """Give a claim to a fact-checker (anyone whose role may review), or take it back with None."""
    if assignee is not None and not (assignee.is_active and assignee.has_perm(roles.REVIEW)):
        raise ServiceError(f"{_name(assignee)} cannot review claims; choose a fact-checker or an editor.")
    claim = _lock(claim)
    if claim.assigned_to_id == (assignee.pk if assignee else None):
        return claim
    before = claim.assigned_to.get_username() if claim.assigned_to_id else None
    claim.assigned_to = assignee
    claim.save(update_fields=["assigned_to"])
    after = assignee.get_username() if assignee else None
    audit_record(actor=user, action="claim_assigned", claim=claim, changes={"assigned_to": [before, after]})
    return claim


@records_refusals("claim_reopen")
@transaction.atomic
def claim_reopen(*, claim: Claim, user) -> Claim:
    """Send an accepted or rejected claim back to pending review, to decide again.

    Refused while a fact-check exists: the decision to check it stands with the draft.
    """
    claim = _lock(claim)
    if claim.status == Claim.Status.PENDING:
        raise ServiceError("It is already waiting for review.")
    factcheck = _factcheck_of(claim)
    if factcheck is not None:
        raise ServiceError(
            f"It has a fact-check ({factcheck.get_status_display().lower()}); the decision stands while that exists."
        )
    before = _decision(claim)
    claim.status = Claim.Status.PENDING
    claim.rejection_reason = ""
    claim.decided_by = None
    claim.decided_at = None
    claim.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    audit_record(actor=user, action="claim_reopened", claim=claim, changes=diff(before, _decision(claim)))
    return claim


def _trimmed_span(body: str, start: int, end: int) -> tuple[int, int]:
    if not (0 <= start < end <= len(body)):
        raise ServiceError(f"A quote must start before it ends and lie inside the article (0 to {len(body)}).")
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start == end:
        raise ServiceError("That selection is only blank space.")
    if end - start > MAX_QUOTE_LENGTH:
        raise ServiceError(f"A quote can be at most {MAX_QUOTE_LENGTH} characters long.")
    return start, end


@records_refusals("quote_correct")
@transaction.atomic
def quote_correct(*, quote: Quote, user, speaker=None, start: int | None = None, end: int | None = None) -> Quote:
    """Correct who said a quote, or where it starts and ends in its article.

    The text is re-read from the article body between the new offsets (blank space at
    either end is trimmed), and its score and fingerprint follow the new wording. A
    speaker change must leave the claim's appearances agreeing on one speaker: split the
    appearance off first when it belongs to someone else.
    """
    try:
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
    except Quote.DoesNotExist:
        raise ServiceError("This quote no longer exists.") from None
    claim = _lock(quote.claim)
    _refuse_if_fixed(claim, "correct its quotes from the queue")
    body = Article.objects.values_list("body", flat=True).get(pk=quote.article_id)
    start, end = _trimmed_span(body, quote.start if start is None else start, quote.end if end is None else end)
    speaker_id = quote.speaker_id if speaker is None else speaker.pk
    if (start, end, speaker_id) == (quote.start, quote.end, quote.speaker_id):
        raise ServiceError("Nothing to change: that is already the quote’s speaker and span.")
    changes = {}
    if (start, end) != (quote.start, quote.end):
        overlapping = Quote.objects.filter(article_id=quote.article_id, start__lt=end, end__gt=start)
        if overlapping.exclude(pk=quote.pk).exists():
            raise ServiceError("That span overlaps another quote in the article; merge the two claims instead.")
        changes["span"] = [[quote.start, quote.end], [start, end]]
        changes["text"] = [quote.text, body[start:end]]
        assessment = assess(body[start:end])
        quote.start, quote.end, quote.text = start, end, body[start:end]
        quote.checkworthiness, quote.reasons = assessment.score, list(assessment.reasons)
        quote.fingerprint = fingerprint(quote.text)
    if speaker_id != quote.speaker_id:
        others = set(Quote.objects.filter(claim_id=claim.pk).exclude(pk=quote.pk).values_list("speaker_id", flat=True))
        if others and others != {speaker_id}:
            raise ServiceError(
                "The claim’s other appearances are attributed to someone else. "
                "Split this appearance off into its own claim first, then correct its speaker."
            )
        changes["speaker"] = [str(quote.speaker) if quote.speaker_id else None, str(speaker)]
        quote.speaker = speaker
    quote.edited = True
    quote.save()
    claim_refresh(claim)
    audit_record(actor=user, action="quote_corrected", claim=claim, changes=changes)
    return quote


@records_refusals("claim_merge")
@transaction.atomic
def claim_merge(*, target: Claim, other: Claim, user, confirm: bool = False) -> Claim:
    """Move every appearance of `other` into `target`, then delete `other`.

    `other`'s history and fact-check (if it has one and `target` has none) move too, and
    the merged claim keeps the more advanced decision. Claims with two fact-checks cannot
    be merged; claims by different speakers need `confirm=True`, which attributes every
    appearance to `target`'s speaker.
    """
    if target.pk == other.pk:
        raise ServiceError("A claim cannot be merged with itself.")
    both = Claim.objects.select_for_update().filter(pk__in=[target.pk, other.pk]).order_by("pk")  # no deadlock
    locked = {claim.pk: claim for claim in both}
    if len(locked) < 2:
        raise ServiceError("One of the claims no longer exists; it may have been merged already.")
    target, other = locked[target.pk], locked[other.pk]
    target_factcheck, other_factcheck = _factcheck_of(target), _factcheck_of(other)
    if target_factcheck and other_factcheck:
        raise ServiceError("Both claims have a fact-check; merging them would leave one without its claim.")
    # Moving a fact-check past the draft onto another claim would change who readers are told said it.
    _refuse_if_fixed(other, "merge it into another claim")
    if _is_fixed(target_factcheck) and target.speaker_id != other.speaker_id:
        _refuse_if_fixed(target, "merge in a claim by someone else")
    if target.speaker_id != other.speaker_id and not confirm:
        raise ConfirmationRequired(
            f"These claims are attributed to different speakers ({target.speaker or 'nobody'} and "
            f"{other.speaker or 'nobody'}). Merge anyway to attribute every appearance to {target.speaker or 'nobody'}."
        )
    before_count = target.appearance_count
    moved = Quote.objects.filter(claim_id=other.pk)
    if target.speaker_id != other.speaker_id:
        moved.update(claim=target, speaker_id=target.speaker_id, edited=True)
    else:
        moved.update(claim=target, edited=True)
    if other_factcheck:
        FactCheck.objects.filter(pk=other_factcheck.pk).update(claim=target)
    if other.status == Claim.Status.ACCEPTED and target.status != Claim.Status.ACCEPTED:
        target.status, target.rejection_reason = other.status, ""
        target.decided_by_id, target.decided_at = other.decided_by_id, other.decided_at
    target.assigned_to_id = target.assigned_to_id or other.assigned_to_id
    target.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at", "assigned_to"])
    AuditEvent.objects.filter(claim_id=other.pk).update(claim=target)
    message = f"Merged claim #{other.pk} (“{other.text[:120]}”) into this one."
    other.delete()
    claim_refresh(target, keep_wording=_is_fixed(target_factcheck))
    audit_record(
        actor=user,
        action="claim_merged",
        claim=target,
        changes={"appearance_count": [before_count, target.appearance_count], "merged_claim": [other.pk, None]},
        message=message,
    )
    return target


@records_refusals("quote_split")
@transaction.atomic
def quote_split(*, quote: Quote, user) -> Claim:
    """Move one wrongly grouped appearance out of its claim into a new, pending claim of its own."""
    try:
        quote = Quote.objects.select_for_update().select_related("article").get(pk=quote.pk)
    except Quote.DoesNotExist:
        raise ServiceError("This quote no longer exists.") from None
    claim = _lock(quote.claim)
    _refuse_if_fixed(claim, "split its appearances")
    if Quote.objects.filter(claim_id=claim.pk).count() < 2:
        raise ServiceError("This is the claim’s only appearance; there is nothing to split it from.")
    new_claim = Claim.objects.create(
        text=quote.text,
        speaker_id=quote.speaker_id,
        fingerprint=quote.fingerprint or claim.fingerprint,
        checkworthiness=quote.checkworthiness,
        reasons=list(quote.reasons),
        appearance_count=1,
        first_appeared_at=quote.article.published_at,
    )
    quote.claim = new_claim
    quote.edited = True
    quote.save(update_fields=["claim", "edited"])
    claim_refresh(claim)
    claim_refresh(new_claim)
    where = f"“{quote.article.title[:100]}”"
    audit_record(
        actor=user,
        action="quote_split",
        claim=claim,
        changes={"appearance_count": [claim.appearance_count + 1, claim.appearance_count]},
        message=f"The appearance in {where} is now claim #{new_claim.pk}.",
    )
    audit_record(
        actor=user, action="claim_split_off", claim=new_claim, message=f"Split off from claim #{claim.pk} ({where})."
    )
    return new_claim


def _bulk(claims: Iterable[Claim], action: Callable[[Claim], object], *, name: str, user) -> BulkResult:
    ids = sorted({claim.pk for claim in claims})
    if not ids:
        raise ServiceError("Select at least one claim.")
    if len(ids) > MAX_BULK:
        raise ServiceError(f"Select at most {MAX_BULK} claims at once.")
    result = BulkResult()
    for claim in Claim.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
        try:
            with transaction.atomic():
                action(claim)
        except ServiceError as error:
            # The refusal the single action recorded rolled back with its savepoint; keep it.
            refusal_record(action=name, error=error, kwargs={"claim": claim, "user": user})
            result.skipped.append((claim, error.message))
        else:
            result.done.append(claim)
    return result


@transaction.atomic
def claims_bulk_accept(*, claims: Iterable[Claim], user) -> BulkResult:
    """Accept each selected claim (opening its draft); claims that cannot be accepted are skipped, with why."""
    return _bulk(claims, lambda claim: claim_accept(claim=claim, user=user), name="claim_accept", user=user)


@transaction.atomic
def claims_bulk_reject(*, claims: Iterable[Claim], user, reason: str) -> BulkResult:
    """Reject each selected claim for one reason; claims that cannot be rejected are skipped, with why."""
    _check_reason(reason)
    return _bulk(
        claims, lambda claim: claim_reject(claim=claim, user=user, reason=reason), name="claim_reject", user=user
    )


@transaction.atomic
def claims_bulk_assign(*, claims: Iterable[Claim], user, assignee) -> BulkResult:
    """Assign every selected claim to one fact-checker (or nobody)."""
    return _bulk(
        claims, lambda claim: claim_assign(claim=claim, user=user, assignee=assignee), name="claim_assign", user=user
    )
