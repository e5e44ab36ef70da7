"""A fact-check's citations: the Sources it relies on, in reading order, each with a note.

Citations are rows of their own, so adding or moving one never races the text editor:
they touch `updated_at` but not the fact-check's `version`, and an author's open form
stays valid. On a published fact-check only an editor may change them.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from articles import roles
from articles.models import Citation, FactCheck, Source
from articles.services.audit import audit_record
from articles.services.errors import ServiceError
from articles.services.outlets import outlet_get_or_create


def _check_can_edit(factcheck: FactCheck, user) -> None:
    if user is None or not user.has_perm(roles.REVIEW):
        raise ServiceError("You don’t have permission to edit fact-checks.")
    if factcheck.status == FactCheck.Status.PUBLISHED and not user.has_perm("articles.add_correction"):
        raise ServiceError("Only an editor can change the sources of a published fact-check.")


def _touch(factcheck: FactCheck) -> None:
    FactCheck.objects.filter(pk=factcheck.pk).update(updated_at=timezone.now())


def _source_label(source: Source) -> str:
    return str(source)


def source_find_or_create(*, url: str = "", outlet_name: str = "", title: str = "") -> Source:
    """The Source at `url` (or with this outlet and title when there is no URL), created if new."""
    url, title = (url or "").strip(), " ".join((title or "").split())
    outlet = outlet_get_or_create(name=outlet_name)
    if url:
        existing = Source.objects.filter(Q(url=url) | Q(url=url.rstrip("/")) | Q(url=url + "/")).first()
        if existing is not None:
            return existing
    elif not title:
        raise ServiceError("Give the source’s URL, or its outlet and title.")
    else:
        existing = Source.objects.filter(outlet=outlet, title__iexact=title, url="").first()
        if existing is not None:
            return existing
    if not title:
        raise ServiceError("Give the new source a title, as readers will see it.")
    return Source.objects.create(url=url, outlet=outlet, title=title[:500])


def citation_add(
    *,
    factcheck: FactCheck,
    user,
    source: Source | None = None,
    url: str = "",
    outlet_name: str = "",
    title: str = "",
    note: str = "",
) -> Citation:
    """Cite `source`, or the Source found or created from `url`, `outlet_name` and `title`, last in order.

    A URL that is already a Source (say, one the claim's article cites) reuses it, so a
    document is stored once however many fact-checks cite it.
    """
    _check_can_edit(factcheck, user)
    with transaction.atomic():
        FactCheck.objects.select_for_update().filter(pk=factcheck.pk).first()
        if source is None:
            source = source_find_or_create(url=url, outlet_name=outlet_name, title=title)
        if Citation.objects.filter(factcheck=factcheck, source=source).exists():
            raise ServiceError("This source is already cited.")
        last = Citation.objects.filter(factcheck=factcheck).aggregate(last=Max("order"))["last"]
        try:
            with transaction.atomic():
                citation = Citation.objects.create(
                    factcheck=factcheck, source=source, order=0 if last is None else last + 1, note=note.strip()
                )
        except IntegrityError as error:
            raise ServiceError("This source is already cited.") from error
        _touch(factcheck)
        audit_record(
            actor=user,
            action="citation_added",
            factcheck=factcheck,
            changes={"citation": [None, _source_label(source)]},
            message=citation.note,
        )
    return citation


def citation_remove(*, citation: Citation, user) -> None:
    """Drop a citation (the Source itself stays, other fact-checks may cite it)."""
    factcheck = citation.factcheck
    _check_can_edit(factcheck, user)
    with transaction.atomic():
        label = _source_label(citation.source)
        Citation.objects.filter(pk=citation.pk).delete()
        _touch(factcheck)
        audit_record(actor=user, action="citation_removed", factcheck=factcheck, changes={"citation": [label, None]})


def citations_reorder(*, factcheck: FactCheck, user, order: list[int]) -> list[Citation]:
    """Put the citations in the order of `order`, a list of every citation's primary key."""
    _check_can_edit(factcheck, user)
    with transaction.atomic():
        FactCheck.objects.select_for_update().filter(pk=factcheck.pk).first()
        citations = {c.pk: c for c in Citation.objects.filter(factcheck=factcheck).select_related("source")}
        if sorted(order) != sorted(citations) or len(set(order)) != len(order):
            raise ServiceError("The citations changed meanwhile; reload the page and try again.")
        before = [c.source.title for c in sorted(citations.values(), key=lambda c: (c.order, c.pk))]
        for position, pk in enumerate(order):
            citations[pk].order = position
        Citation.objects.bulk_update(citations.values(), ["order"])
        after = [citations[pk].source.title for pk in order]
        if before != after:
            _touch(factcheck)
            audit_record(
                actor=user, action="citations_reordered", factcheck=factcheck, changes={"citations": [before, after]}
            )
    return [citations[pk] for pk in order]


def citation_move(*, citation: Citation, user, offset: int) -> list[Citation]:
    """Move a citation up (-1) or down (+1) one place."""
    pks = list(Citation.objects.filter(factcheck=citation.factcheck_id).values_list("pk", flat=True))
    index = pks.index(citation.pk)
    target = max(0, min(len(pks) - 1, index + offset))
    pks.insert(target, pks.pop(index))
    return citations_reorder(factcheck=citation.factcheck, user=user, order=pks)


def citation_note_update(*, citation: Citation, user, note: str) -> Citation:
    """Say what this source supports."""
    _check_can_edit(citation.factcheck, user)
    note = (note or "").strip()[:500]
    with transaction.atomic():
        before = citation.note
        if before == note:
            return citation
        Citation.objects.filter(pk=citation.pk).update(note=note)
        citation.note = note
        _touch(citation.factcheck)
        audit_record(
            actor=user,
            action="citation_note_changed",
            factcheck=citation.factcheck,
            changes={"note": [before, note]},
            message=_source_label(citation.source),
        )
    return citation
