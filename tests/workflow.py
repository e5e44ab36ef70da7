"""Workflow steps shared by tests: a fact-check taken through review the way the services require."""

from articles.models import FactCheck
from articles.services.factchecks import factcheck_publish, factcheck_submit, factcheck_update


def publish_reviewed(factcheck: FactCheck, *, author, editor, publish_at=None) -> FactCheck:
    """Submit a draft as `author` and approve it as `editor` (who wrote none of it)."""
    factcheck = factcheck_submit(factcheck=factcheck, user=author)
    return factcheck_publish(
        factcheck=factcheck, editor=editor, expected_version=factcheck.version, publish_at=publish_at
    )


def propose_changes(factcheck: FactCheck, *, by, changes: dict, kind: str, note: str) -> FactCheck:
    """Propose changes to a published fact-check with their correction note, and submit them."""
    factcheck.refresh_from_db()
    factcheck = factcheck_update(
        factcheck=factcheck,
        user=by,
        expected_version=factcheck.version,
        changes=changes,
        correction={"kind": kind, "note": note},
    )
    return factcheck_submit(factcheck=factcheck, user=by)


def approve(factcheck: FactCheck, *, editor) -> FactCheck:
    """Approve what is in review, from the version as it stands now."""
    factcheck.refresh_from_db()
    return factcheck_publish(factcheck=factcheck, editor=editor, expected_version=factcheck.version)
