"""`{% load review_tags %}`: how the review queue shows scores, reasons, people and audit events."""

from django import template
from django.urls import NoReverseMatch, reverse

from articles.extraction.checkworthiness import LOWERING_REASONS
from articles.models import Claim, FactCheck

register = template.Library()


AUDIT_LABELS = {
    "claim_accepted": "accepted",
    "claim_rejected": "rejected",
    "claim_assigned": "assigned",
    "claim_reopened": "reopened",
    "claim_merged": "merged another claim into",
    "claim_split_off": "split off",
    "quote_corrected": "corrected a quote of",
    "quote_split": "split an appearance off",
    "factcheck_started": "started a fact-check on",
    "factcheck_edited": "edited the fact-check on",
    "factcheck_submitted": "sent for approval the fact-check on",
    "factcheck_returned": "sent back the fact-check on",
    "factcheck_published": "published the fact-check on",
    "factcheck_unpublished": "unpublished the fact-check on",
    "factcheck_withdrawn": "withdrew from review the fact-check on",
    "factcheck_scheduled": "approved and scheduled the fact-check on",
    "factcheck_unscheduled": "cancelled the schedule of the fact-check on",
    "factcheck_went_live": "published at its scheduled time the fact-check on",
    "factcheck_retracted": "retracted the fact-check on",
    "changes_submitted": "submitted changes to the fact-check on",
    "changes_withdrawn": "withdrew changes to the fact-check on",
    "changes_returned": "sent back changes to the fact-check on",
    "changes_approved": "approved and published changes to the fact-check on",
    "changes_discarded": "discarded changes to the fact-check on",
    "correction_added": "added a correction to the fact-check on",
    "factcheck_slug_changed": "changed the address of the fact-check on",
    "citation_added": "cited a source in the fact-check on",
    "citation_removed": "removed a source from the fact-check on",
    "citations_reordered": "reordered the sources of the fact-check on",
    "citation_note_changed": "changed a source’s note in the fact-check on",
    "speaker_updated": "edited the speaker",
}


@register.filter
def score(value) -> int:
    """A 0–1 check-worthiness score on the 0–100 scale editors see."""
    return round((value or 0) * 100)


@register.filter
def score_band(value) -> str:
    value = value or 0
    return "high" if value >= 0.7 else "mid" if value >= 0.5 else "low"


@register.filter
def reason_tone(reason: str) -> str:
    # Reasons that lower the score (opinion, a question...) are shown apart from those that raise it.
    return "lowers" if reason in LOWERING_REASONS else "raises"


@register.filter
def person(user) -> str:
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()


@register.filter
def audit_label(action: str) -> str:
    if action.endswith("_refused"):
        return f"was refused ({action.removesuffix('_refused').replace('_', ' ')}) on"
    return AUDIT_LABELS.get(action, action.replace("_", " "))


@register.simple_tag
def factcheck_url(factcheck) -> str:
    """The fact-check's page in the workbench editor (or the workbench list until it exists)."""
    for name in ("workbench:factcheck_edit", "workbench:factcheck_detail"):
        try:
            return reverse(name, args=[factcheck.pk])
        except NoReverseMatch:
            continue
    return reverse("workbench:factcheck_list")


@register.filter
def http_url(url) -> str:
    """The URL if it is http(s), else empty: imported links never become `javascript:` hrefs."""
    url = str(url or "")
    return url if url.lower().startswith(("http://", "https://")) else ""


@register.filter
def ago(moment) -> str:
    """“just now”, or Django's “5 minutes ago”."""
    from django.utils import timezone
    from django.utils.timesince import timesince

    if moment is None:
        return ""
    if (timezone.now() - moment).total_seconds() < 60:
        return "just now"
    return f"{timesince(moment)} ago"


@register.filter
def date_or_time(moment) -> str:
    """“30 Mar 2025, 14:05”, or just “30 Mar 2025” when the source gave only a date.

    Imports store a date without a time as midnight UTC (articles.ingest.dates), so a
    time of exactly 00:00:00 UTC is not a time anyone gave and is not shown.
    """
    from datetime import UTC

    from django.utils import timezone
    from django.utils.formats import date_format

    if moment is None:
        return ""
    utc = moment.astimezone(UTC)
    if (utc.hour, utc.minute, utc.second, utc.microsecond) == (0, 0, 0, 0):
        return date_format(utc, "j M Y")
    return date_format(timezone.localtime(moment), "j M Y, H:i")


@register.filter
def audit_detail(event) -> str:
    """The part of an audit event worth a glance: to whom it was assigned, why it was rejected."""
    changes = event.changes or {}
    if event.action == "claim_assigned" and "assigned_to" in changes:
        return f"to {changes['assigned_to'][1] or 'nobody'}"
    if event.action == "claim_rejected" and "rejection_reason" in changes:
        return f"as {str(changes['rejection_reason'][1]).replace('_', ' ')}"
    return ""


# How audit events' changed fields read in a history list: labels, and values by their display names.
CHANGE_LABELS = {
    "status": "Status",
    "rejection_reason": "Reason",
    "decided_by": "Decided by",
    "assigned_to": "Assigned to",
    "approved_by": "Approved by",
    "claim_reviewed": "Claim reviewed",
    "summary": "Summary",
    "citation": "Source",
    "citations": "Sources, in order",
    "appearance_count": "Appearances",
    "merged_claim": "Merged claim",
    "span": "Span (offsets)",
    "text": "Wording",
    "slug": "Address",
    "aliases": "Other names",
}
_VALUE_LABELS = {
    "status": dict(Claim.Status.choices) | dict(FactCheck.Status.choices),
    "rejection_reason": dict(Claim.RejectionReason.choices),
}
_HIDDEN_CHANGES = frozenset({"version"})


def _display(name: str, value) -> str:
    if value is None or value == "" or value == []:
        return ""
    if name in _VALUE_LABELS:
        return str(_VALUE_LABELS[name].get(value, value))
    if name == "span" and isinstance(value, list) and len(value) == 2:
        return f"{value[0]}–{value[1]}"
    if name == "merged_claim":
        return f"#{value}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


@register.filter
def readable_changes(changes) -> list[tuple[str, str, str]]:
    """An audit event's `{field: [before, after]}` as (label, before, after) to show, blanks as ""."""
    rows = []
    for name, values in (changes or {}).items():
        if name in _HIDDEN_CHANGES or not isinstance(values, list) or len(values) != 2:
            continue
        label = CHANGE_LABELS.get(name) or name.replace("_", " ").capitalize()
        rows.append((label, _display(name, values[0]), _display(name, values[1])))
    return rows
