"""Invalidate the public pages a change touches (`articles.cache`), and only those.

Connected in `ArticlesConfig.ready()`. Signals rather than calls in the services, so
that the admin, data migrations and shell edits invalidate the public pages too.

What a change touches (`articles.cache_topics`):
- a fact-check that readers can see (or could, before this change): its own page, its
  speaker's page, the lists and feeds, and the corrections; a draft, one in review, and
  the proposed changes to a published one until they are approved, touch nothing readers
  see, so typing in the editor costs the public cache nothing;
- a claim, or a quote appearing as one: that claim's fact-check, if it has a public one;
- a speaker: their page, and the lists if they have a public fact-check;
- a citation, a correction or a source: the fact-checks that cite or carry them;
- the rating scale or an outlet: every page (both are shown everywhere, and change rarely).
Rows created by an import (a new article, speaker, claim or source) touch nothing yet.

The same changes keep each speaker's count of live fact-checks (`Speaker.live_checks`,
through `speakers_recount`), which the speakers' list and sitemap read: every path that
changes what readers see of a fact-check passes here.

Bulk writes (`bulk_create`, `QuerySet.update`) send no signal: the services that use
them call `claims_changed` or `factchecks_changed`, and every service write records an
`AuditEvent`, whose creation is a signal too. Each invalidation happens at once (so the
saving request itself sees its change) and again when the transaction commits (so a page
rendered from the old rows during the commit is dropped).
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from articles import cache
from articles import cache_topics as topics
from articles.models import (
    Article,
    AuditEvent,
    Citation,
    Claim,
    Correction,
    FactCheck,
    Outlet,
    Quote,
    Rating,
    Source,
    Speaker,
)
from articles.services.speakers import speakers_recount

NOT_PUBLIC = (FactCheck.Status.DRAFT, FactCheck.Status.IN_REVIEW)
PUBLIC = frozenset(FactCheck.Status.values) - set(NOT_PUBLIC)


def _invalidate(names: set[str], *, reschedule: bool = False) -> None:
    if not names:
        return
    names = tuple(names)
    cache.invalidate(*names, reschedule=reschedule)
    transaction.on_commit(lambda: cache.invalidate(*names, reschedule=reschedule), robust=True)


def _factcheck_topics(pk, speaker_id, *, public: bool) -> set[str]:
    names = {topics.factcheck(pk)}
    if public:
        names |= {topics.LISTS, topics.CORRECTIONS}
        if speaker_id is not None:
            names.add(topics.speaker_checks(speaker_id))
    return names


def factchecks_changed(ids: Iterable[int], *, was_public: bool = False) -> None:
    """Fact-checks changed by primary key (also after bulk writes); `was_public` if any was public before."""
    ids = set(ids)
    names = {topics.factcheck(pk) for pk in ids}
    speakers = set()
    rows = FactCheck.objects.filter(pk__in=ids).values_list("pk", "claim__speaker_id", "status")
    for pk, speaker_id, status in rows:
        public = was_public or status not in NOT_PUBLIC
        names |= _factcheck_topics(pk, speaker_id, public=public)
        if public:
            speakers.add(speaker_id)
    speakers_recount(speaker_ids=speakers)
    _invalidate(names, reschedule=True)


def claims_changed(ids: Iterable[int | None]) -> None:
    """Claims whose wording, speaker or appearances changed: their fact-check's pages, if public."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    names = {topics.claim(pk) for pk in ids}
    public = FactCheck.objects.filter(claim_id__in=ids).exclude(status__in=NOT_PUBLIC)
    for pk, speaker_id in public.values_list("pk", "claim__speaker_id"):
        names |= _factcheck_topics(pk, speaker_id, public=True)
    _invalidate(names)


# What each of these models' rows was before a save, so that a change away from public
# still invalidates what it left. Read in pre_save (a query per save) rather than kept from
# post_init: rows are loaded far more often than saved, and public pages load hundreds.
_BEFORE = {FactCheck: ("status",), Claim: ("speaker_id",), Quote: ("claim_id",)}


def _remember(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    fields = _BEFORE[sender]
    row = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
    instance._cache_loaded = row or {}


def _loaded(instance, name):
    return getattr(instance, "_cache_loaded", {}).get(name)


def factcheck_saved(sender, instance, **kwargs):
    public = instance.status not in NOT_PUBLIC or _loaded(instance, "status") not in (None, *NOT_PUBLIC)
    speaker_id = None
    if public:
        speaker_id = Claim.objects.filter(pk=instance.claim_id).values_list("speaker_id", flat=True).first()
        speakers_recount(speaker_ids=[speaker_id])
    _invalidate(_factcheck_topics(instance.pk, speaker_id, public=public), reschedule=True)


def correction_or_citation_saved(sender, instance, **kwargs):
    factchecks_changed([instance.factcheck_id])


def source_saved(sender, instance, created=False, **kwargs):
    if not created:
        factchecks_changed(Citation.objects.filter(source_id=instance.pk).values_list("factcheck_id", flat=True))


def speaker_saved(sender, instance, created=False, **kwargs):
    if created:
        return
    names = {topics.speaker(instance.pk)}
    if FactCheck.objects.filter(claim__speaker_id=instance.pk).exclude(status__in=NOT_PUBLIC).exists():
        names |= {topics.LISTS, topics.CORRECTIONS}
    _invalidate(names)


def claim_saved(sender, instance, created=False, **kwargs):
    if created:
        return
    claims_changed([instance.pk])
    before = _loaded(instance, "speaker_id")
    if before is not None and before != instance.speaker_id:
        speakers_recount(speaker_ids=[before, instance.speaker_id])
        _invalidate({topics.speaker_checks(before)})


def quote_saved(sender, instance, **kwargs):
    claims_changed([instance.claim_id, _loaded(instance, "claim_id")])


def article_saved(sender, instance, created=False, **kwargs):
    # Extraction stores quotes in bulk and then saves the article's status: that save is
    # what reaches the claims its new quotes joined.
    if not created:
        claims_changed(Quote.objects.filter(article_id=instance.pk).values_list("claim_id", flat=True).distinct())


def everything_changed(sender, instance, created=False, **kwargs):
    if sender is Outlet and created:
        return  # a new outlet from an import: nothing shows it yet
    cache.bump_generation(reschedule=False)
    transaction.on_commit(lambda: cache.bump_generation(reschedule=False), robust=True)


def audit_event_recorded(sender, instance, created, **kwargs):
    if not created:
        return
    if instance.revision_id and instance.action != "changes_approved":
        return  # proposed changes to published work: readers see them only once approved
    if instance.factcheck_id:
        # Services write fact-checks with QuerySet.update(), so this is their signal; a
        # status change may have taken the fact-check away from readers.
        statuses = (instance.changes or {}).get("status") or ()
        factchecks_changed([instance.factcheck_id], was_public=bool(PUBLIC.intersection(statuses)))
    elif instance.claim_id:
        claims_changed([instance.claim_id])


_HANDLERS = [
    (FactCheck, factcheck_saved),
    (Correction, correction_or_citation_saved),
    (Citation, correction_or_citation_saved),
    (Source, source_saved),
    (Speaker, speaker_saved),
    (Claim, claim_saved),
    (Quote, quote_saved),
    (Article, article_saved),
    (Rating, everything_changed),
    (Outlet, everything_changed),
]


def connect() -> None:
    for model, handler in _HANDLERS:
        uid = f"public-cache-{model._meta.label_lower}"
        post_save.connect(handler, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(handler, sender=model, dispatch_uid=uid + "-delete")
    for model in _BEFORE:
        pre_save.connect(_remember, sender=model, dispatch_uid=f"public-cache-{model._meta.label_lower}-before")
    post_save.connect(audit_event_recorded, sender=AuditEvent, dispatch_uid="public-cache-audit-event")
