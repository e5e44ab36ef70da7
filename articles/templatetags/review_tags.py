"""`{% load review_tags %}`: how the review queue shows scores, reasons, people and audit events."""

from django import template
from django.urls import NoReverseMatch, reverse

from articles.extraction.checkworthiness import LOWERING_REASONS

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
    "correction_added": "added a correction to the fact-check on",
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
def audit_detail(event) -> str:
    """The part of an audit event worth a glance: to whom it was assigned, why it was rejected."""
    changes = event.changes or {}
    if event.action == "claim_assigned" and "assigned_to" in changes:
        return f"to {changes['assigned_to'][1] or 'nobody'}"
    if event.action == "claim_rejected" and "rejection_reason" in changes:
        return f"as {str(changes['rejection_reason'][1]).replace('_', ' ')}"
    return ""
