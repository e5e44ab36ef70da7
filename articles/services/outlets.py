"""Outlets by name, and the unique slugs that outlets, speakers and fact-checks share a recipe for."""

from collections.abc import Hashable, Iterable

from django.db import models
from django.db.models import Q
from django.utils.text import slugify

from articles.models import Outlet

_ATTEMPTS = 5


def unique_slug(model: type[models.Model], base: str, *, fallback: str, max_length: int | None = None) -> str:
    """`base` as a slug free in `model`, with -2, -3… added when taken, at most `max_length` long.

    `max_length` defaults to the slug field's; fact-checks ask for shorter, readable URLs.
    """
    return unique_slugs(model, {None: base}, fallback=fallback, max_length=max_length)[None]


def unique_slugs(
    model: type[models.Model], bases: dict[Hashable, str], *, fallback: str, max_length: int | None = None
) -> dict[Hashable, str]:
    """`unique_slug` for several bases at once ({key: base} -> {key: slug}), free in `model` and among themselves.

    One query finds which plain slugs are taken; a second, only when some are, the
    numbered ones that share their stems.
    """
    max_length = max_length or model._meta.get_field("slug").max_length
    roots = {key: slugify(base)[:max_length].strip("-") or fallback for key, base in bases.items()}
    taken = set(model.objects.filter(slug__in=set(roots.values())).values_list("slug", flat=True))
    if taken:
        clashing = Q()
        for root in taken:
            clashing |= Q(slug__startswith=root)
        taken |= set(model.objects.filter(clashing).values_list("slug", flat=True))
    slugs = {}
    for key, root in roots.items():
        slug, n = root, 2
        while slug in taken:
            suffix = f"-{n}"
            slug = root[: max_length - len(suffix)].rstrip("-") + suffix
            n += 1
        taken.add(slug)
        slugs[key] = slug
    return slugs


def outlet_get_or_create(*, name: str | None) -> Outlet | None:
    """The outlet called `name` (case-insensitively), created when new; None for no name.

    Imports and new citations both name outlets in free text ("POLITICO", "Politico"),
    so one lookup keeps them from creating the same publication twice.
    """
    return outlets_get_or_create(names=[name]).get(_clean(name))


def outlets_get_or_create(*, names: Iterable[str | None]) -> dict[str, Outlet]:
    """`outlet_get_or_create` for many names at once: {name with spaces tidied: Outlet}, blank names left out.

    A constant number of queries: find them all, insert the new ones (a row another
    import inserted meanwhile is skipped, not an error), and read those back. Call it
    inside the caller's transaction.
    """
    wanted = {_clean(name) for name in names} - {""}
    found = _outlets_named(wanted)
    for attempt in range(_ATTEMPTS):
        missing = {name for name in wanted if name.casefold() not in found}
        if not missing:
            return {name: found[name.casefold()] for name in wanted}
        if attempt == _ATTEMPTS - 1:
            raise RuntimeError(f"could not create the outlets {sorted(missing)}")
        # One row per publication, however the new names are cased ("Politico", "POLITICO").
        firsts = {name.casefold(): name for name in sorted(missing, reverse=True)}
        slugs = unique_slugs(Outlet, firsts, fallback="outlet")
        Outlet.objects.bulk_create(
            [Outlet(name=firsts[key], slug=slugs[key]) for key in sorted(firsts)], ignore_conflicts=True
        )
        found |= _outlets_named(missing)
    raise AssertionError("unreachable")


def _outlets_named(names: set[str]) -> dict[str, Outlet]:
    if not names:
        return {}
    query = Q()
    for name in names:
        query |= Q(name__iexact=name)
    return {outlet.name.casefold(): outlet for outlet in Outlet.objects.filter(query).order_by("-pk")}


def _clean(name: str | None) -> str:
    return " ".join((name or "").split())
