"""Start a new public content generation whenever something readers can see changes.

Connected in `ArticlesConfig.ready()`. Signals rather than calls in the services, so
that the admin, data migrations and shell edits invalidate the public pages too. The
services write some changes with `QuerySet.update()` (the edit-conflict check), which
sends no signal, but every service write records an `AuditEvent`, so its creation is a
signal too. The bump happens at once (so the saving request itself sees its change) and
again when the transaction commits (so a page rendered from the old rows during the
commit is dropped).
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles import cache
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

# Changes to these can move a fact-check's publication time; the rest cannot.
RESCHEDULING = (FactCheck,)
PUBLIC_MODELS = (FactCheck, Correction, Citation, Source, Rating, Speaker, Claim, Quote, Article, Outlet)


def public_content_changed(sender, **kwargs):
    reschedule = sender in RESCHEDULING
    cache.bump_generation(reschedule=reschedule)
    transaction.on_commit(lambda: cache.bump_generation(reschedule=reschedule), robust=True)


def audit_event_recorded(sender, instance, created, **kwargs):
    if created:
        public_content_changed(FactCheck if instance.factcheck_id else sender)


def public_m2m_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        public_content_changed(sender, **kwargs)


def connect() -> None:
    for model in PUBLIC_MODELS:
        uid = f"public-cache-{model._meta.label_lower}"
        post_save.connect(public_content_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(public_content_changed, sender=model, dispatch_uid=uid + "-delete")
    post_save.connect(audit_event_recorded, sender=AuditEvent, dispatch_uid="public-cache-audit-event")
    m2m_changed.connect(public_m2m_changed, sender=Article.sources.through, dispatch_uid="public-cache-article-sources")
