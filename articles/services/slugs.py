"""A fact-check's address (slug): set by its editors before it is first published, and
changed afterwards only by an editor, the old address redirecting to the new one.

The draft's slug is made from the automatic headline when it starts
(`factcheck_start`); editors give it a readable one here. Once readers may have the link
(the fact-check has been published, even if withdrawn since), a change keeps the old
slug as a `FactCheckOldSlug`, which the public page answers with a 301.
"""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from articles import roles
from articles.models import FactCheck, FactCheckOldSlug
from articles.services.audit import audit_record
from articles.services.errors import ServiceError

SLUG_MAX = 80  # as factcheck_start makes them: short, readable URLs


def slug_clean(text: str) -> str:
    """The slug an editor's text makes ("Iran talks: 2025!" -> "iran-talks-2025"), or refuse it."""
    slug = slugify(text or "")[:SLUG_MAX].strip("-")
    if not slug:
        raise ServiceError("Give the address some letters or numbers (for example “iran-direct-talks”).")
    return slug


def factcheck_slug_set(*, factcheck: FactCheck, user, slug: str) -> FactCheck:
    """Give `factcheck` the address `slug` (normalised with `slug_clean`).

    Anyone who may edit fact-checks can set it until the first publication; after that
    only an editor, and the old address then redirects. An address another fact-check
    uses, or used while public, is refused.
    """
    if user is None or not user.has_perm(roles.REVIEW):
        raise ServiceError("You don’t have permission to edit fact-checks.")
    slug = slug_clean(slug)
    with transaction.atomic():
        current = FactCheck.objects.select_for_update().get(pk=factcheck.pk)
        old = current.slug
        if slug == old:
            return current
        seen_by_readers = current.published_at is not None
        if seen_by_readers and not user.has_perm(roles.PUBLISH):
            raise ServiceError("This fact-check has been published: only an editor can change its address.")
        if FactCheck.objects.filter(slug=slug).exclude(pk=current.pk).exists():
            raise ServiceError(f"Another fact-check already has the address “{slug}”. Choose another.")
        if FactCheckOldSlug.objects.filter(slug=slug).exclude(factcheck=current).exists():
            raise ServiceError(f"“{slug}” was another fact-check’s address and still leads there. Choose another.")
        # Coming back to an address it had: that address is the page again, not a redirect.
        FactCheckOldSlug.objects.filter(factcheck=current, slug=slug).delete()
        try:
            with transaction.atomic():
                FactCheck.objects.filter(pk=current.pk).update(slug=slug)
                if seen_by_readers:
                    FactCheckOldSlug.objects.create(factcheck=current, slug=old)
        except IntegrityError:
            raise ServiceError(f"Another fact-check took the address “{slug}” just now. Choose another.") from None
        current.slug = slug
        audit_record(
            actor=user,
            action="factcheck_slug_changed",
            factcheck=current,
            changes={"slug": [old, slug]},
            message="The old address redirects here." if seen_by_readers else "",
        )
    return current
