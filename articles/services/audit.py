"""The audit trail: one row for every state change or edit of a Claim or FactCheck."""

from articles.models import AuditEvent


def audit_record(*, actor, action: str, claim=None, factcheck=None, changes=None, message: str = "") -> AuditEvent:
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
        changes=changes or {},
        message=message,
    )


def diff(before: dict, after: dict) -> dict:
    """The fields whose values differ, as {field: [before, after]}."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}
