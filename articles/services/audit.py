"""The audit trail: one row for every state change or edit of a Claim or FactCheck, and for every refusal.

A refused attempt (a lost race, a locked text, a second approval) is part of the trail
too: `records_refusals` writes it after the service's transaction has rolled back, so
the refusal survives while nothing of the failed attempt does.
"""

from collections.abc import Callable
from functools import wraps

from articles.models import REFUSED_SUFFIX, AuditEvent, Claim, FactCheck
from articles.services.errors import ServiceError


def audit_record(
    *, actor, action: str, claim=None, factcheck=None, revision=None, changes=None, message: str = ""
) -> AuditEvent:
    """Record that `actor` did `action`; call inside the service's own transaction.

    `changes` maps a field name to `[before, after]`, both JSON-serialisable.
    """
    if factcheck is not None and claim is None:
        claim = factcheck.claim
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        claim=claim,
        factcheck=factcheck,
        revision=revision,
        changes=changes or {},
        message=message,
    )


def diff(before: dict, after: dict) -> dict:
    """The fields whose values differ, as {field: [before, after]}."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


# The keyword arguments services take for the person acting and for what they act on.
_ACTORS = ("user", "editor", "reviewer", "author")


def _subject(kwargs: dict) -> tuple[int | None, int | None]:
    """(claim id, fact-check id) of what a service was asked to act on, read from its arguments."""
    claim_id = factcheck_id = None
    if (factcheck := kwargs.get("factcheck")) is not None:
        factcheck_id, claim_id = factcheck.pk, factcheck.claim_id
    elif (citation := kwargs.get("citation")) is not None:
        factcheck_id = citation.factcheck_id
    for name in ("claim", "target"):
        if kwargs.get(name) is not None:
            claim_id = kwargs[name].pk
    if (quote := kwargs.get("quote")) is not None:
        claim_id = quote.claim_id
    return claim_id, factcheck_id


def refusal_record(*, action: str, error: ServiceError, kwargs: dict) -> None:
    """Record that a service refused `action`, in its own statement after the failed transaction.

    The claim or fact-check may be gone (merged away by the winner of a race), so only
    rows that still exist are linked. `bulk_create` sends no `post_save`: a refusal
    changes nothing readers see, so it must not invalidate the public page cache.
    """
    actor = next((kwargs[name] for name in _ACTORS if kwargs.get(name) is not None), None)
    claim_id, factcheck_id = _subject(kwargs)
    if claim_id is not None and not Claim.objects.filter(pk=claim_id).exists():
        claim_id = None
    if factcheck_id is not None and not FactCheck.objects.filter(pk=factcheck_id).exists():
        factcheck_id = None
    if factcheck_id is not None and claim_id is None:
        claim_id = FactCheck.objects.filter(pk=factcheck_id).values_list("claim_id", flat=True).first()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor if actor is not None and actor.is_authenticated else None,
                action=action + REFUSED_SUFFIX,
                claim_id=claim_id,
                factcheck_id=factcheck_id,
                message="; ".join(error.messages)[:2000],
            )
        ]
    )


def records_refusals(action: str) -> Callable:
    """Decorate a service so that each `ServiceError` it raises is recorded as `<action>_refused`.

    Put it outside `transaction.atomic`: the refusal is written once the attempt has
    rolled back. (Inside a caller's transaction, such as a bulk action, it is written in
    that transaction, and kept as long as the caller's work is.)
    """

    def decorator(service: Callable) -> Callable:
        @wraps(service)
        def wrapped(*args, **kwargs):
            try:
                return service(*args, **kwargs)
            except ServiceError as error:
                # A question back to the user (merge anyway?) is not a refusal.
                if getattr(error, "is_refusal", True):
                    refusal_record(action=action, error=error, kwargs=kwargs)
                raise

        return wrapped

    return decorator
