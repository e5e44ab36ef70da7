"""A fact-check's citations: the Sources it relies on, in reading order, each with a note.

Citations are rows of their own, so adding or moving one never races the text editor:
they touch `updated_at` but not the fact-check's `version`, and an author's open form
stays valid. In review, scheduled or retracted they are locked with the text (what the
approver approved is what goes out); on a published fact-check only an editor may
change them. Each change locks the fact-check's row and checks its state there.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from articles import roles
from articles.models import Citation, FactCheck, Source
from articles.services.audit import audit_record, records_refusals
from articles.services.errors import ServiceError
from articles.services.factcheck_rules import locked
from articles.services.outlets import outlet_get_or_create

_LOCKED = {
    FactCheck.Status.IN_REVIEW: "It’s in review, so its sources are locked with the text. Withdraw it from review to "
    "change them.",
    FactCheck.Status.SCHEDULED: "It’s approved and scheduled, so its sources are locked. Cancel the schedule to "
    "change them.",
    FactCheck.Status.RETRACTED: "It was retracted: its sources stay on record as they were.",
}


def _check_can_edit(factcheck: FactCheck, user) -> FactCheck:
    """Lock the fact-check's row (call inside the transaction) and refuse when its sources can't change now."""
    if user is None or not user.has_perm(roles.REVIEW):
        raise ServiceError("You don’t have permission to edit fact-checks.")
    current = locked(factcheck)
    if current.status in _LOCKED:
        raise ServiceError(_LOCKED[current.status])
    if current.status == FactCheck.Status.PUBLISHED and not user.has_perm("articles.add_correction"):
        raise ServiceError("Only an editor can change the sources of a published fact-check.")
    return current


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


@records_refusals("citation_add")
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
    with transaction.atomic():
        _check_can_edit(factcheck, user)
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


@records_refusals("citation_remove")
def citation_remove(*, citation: Citation, user) -> None:
    """Drop a citation (the Source itself stays, other fact-checks may cite it)."""
    factcheck = citation.factcheck
    with transaction.atomic():
        _check_can_edit(factcheck, user)
        label = _source_label(citation.source)
        Citation.objects.filter(pk=citation.pk).delete()
        _touch(factcheck)
        audit_record(actor=user, action="citation_removed", factcheck=factcheck, changes={"citation": [label, None]})


@records_refusals("citations_reorder")
def citations_reorder(*, factcheck: FactCheck, user, order: list[int]) -> list[Citation]:
    """Put the citations in the order of `order`, a list of every citation's primary key."""
    with transaction.atomic():
        _check_can_edit(factcheck, user)
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


@records_refusals("citation_note_update")
def citation_note_update(*, citation: Citation, user, note: str) -> Citation:
    """Say what this source supports."""
    note = (note or "").strip()[:500]
    with transaction.atomic():
        _check_can_edit(citation.factcheck, user)
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
