"""Fact-checks: drafting, citations, the two-person approval workflow, publishing and corrections.

Every function here is keyword-only, runs in one transaction, writes an AuditEvent and
raises a `ServiceError` subclass with a message an editor can read.
"""

import re

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from articles.models import Claim, FactCheck
from articles.services.audit import audit_record
from articles.services.errors import ServiceError

CLAIM_REVIEWED_MAX = 75  # search engines show about this much of ClaimReview.claimReviewed
HEADLINE_MAX = 200
SLUG_MAX = 80


def trim_words(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters, with “…” when cut."""
    text = re.sub(r"\s+", " ", text or "").strip().strip("“”\"'").strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.–—-") + "…"


def _headline_for(claim: Claim) -> str:
    speaker = claim.speaker.name if claim.speaker_id else "A claim"
    return trim_words(f"{speaker}: “{trim_words(claim.text, 120)}”", HEADLINE_MAX)


def _unique_slug(base: str) -> str:
    """`base` as a slug, with -2, -3… added when another fact-check already has it."""
    root = slugify(base)[:SLUG_MAX].strip("-") or "fact-check"
    taken = set(FactCheck.objects.filter(slug__startswith=root).values_list("slug", flat=True))
    slug, n = root, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = root[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug


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
    headline = _headline_for(claim)
    try:
        with transaction.atomic():
            factcheck = FactCheck.objects.create(
                claim=claim,
                headline=headline,
                slug=_unique_slug(headline),
                claim_reviewed=trim_words(claim.text, CLAIM_REVIEWED_MAX - 1),
                author=author,
            )
            audit_record(
                actor=author,
                action="factcheck_started",
                factcheck=factcheck,
                changes={"status": [None, factcheck.status], "headline": [None, headline]},
            )
    except IntegrityError:
        # Someone else started it between our read and our insert (or took the slug).
        existing = FactCheck.objects.filter(claim=claim).first()
        if existing is None:
            raise
        return existing
    return factcheck
