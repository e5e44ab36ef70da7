"""Outlets by name, and the unique slugs that outlets and fact-checks share a recipe for."""

from django.db import IntegrityError, models, transaction
from django.utils.text import slugify

from articles.models import Outlet


def unique_slug(model: type[models.Model], base: str, *, fallback: str, max_length: int | None = None) -> str:
    """`base` as a slug free in `model`, with -2, -3… added when taken, at most `max_length` long.

    `max_length` defaults to the slug field's; fact-checks ask for shorter, readable URLs.
    """
    max_length = max_length or model._meta.get_field("slug").max_length
    root = slugify(base)[:max_length].strip("-") or fallback
    taken = set(model.objects.filter(slug__startswith=root).values_list("slug", flat=True))
    slug, n = root, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = root[: max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug


def outlet_get_or_create(*, name: str | None) -> Outlet | None:
    """The outlet called `name` (case-insensitively), created when new; None for no name.

    Imports and new citations both name outlets in free text ("POLITICO", "Politico"),
    so one lookup keeps them from creating the same publication twice.
    """
    name = " ".join((name or "").split())
    if not name:
        return None
    outlet = Outlet.objects.filter(name__iexact=name).first()
    if outlet is not None:
        return outlet
    try:
        with transaction.atomic():
            return Outlet.objects.create(name=name, slug=unique_slug(Outlet, name, fallback="outlet"))
    except IntegrityError:
        # Another import created it between our read and our insert.
        outlet = Outlet.objects.filter(name__iexact=name).first()
        if outlet is None:
            raise
        return outlet
