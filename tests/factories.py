"""Plain factory functions for tests: `make_article(**overrides)` and friends.

Each builds the smallest valid object and saves it, so a test names only what it is
about. Quotes are placed by searching the body for their text, so offsets are right.
"""

import hashlib
import importlib
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from articles import roles
from articles.models import (
    Article,
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

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_user(
    *, role: str | None = roles.FACT_CHECKER, username: str | None = None, password: str = "pw-test-123!", **extra
):
    """A user in `role` (a group name from articles.roles, or None for no role)."""
    User = get_user_model()
    user = User.objects.create_user(username=username or f"user{_n()}", password=password, **extra)
    if role:
        user.groups.add(_role_group(role))
    return user


def restore_defaults() -> None:
    """Put back the rating scale and the roles, with every permission `articles.roles` gives them.

    Transactional tests (live server, browser, real worker processes) flush the database
    after each test, which removes the rows data migrations wrote; permissions themselves
    come back through post_migrate, these don't.
    """
    from django.apps import apps
    from django.contrib.auth.models import Permission

    importlib.import_module("articles.migrations.0003_default_ratings_and_roles").seed(apps, None)
    for name, codenames in roles.ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        for codename in codenames:
            app, _, code = codename.rpartition(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app or "articles", codename=code))


def _role_group(name: str) -> Group:
    group = Group.objects.filter(name=name).first()
    if group is None:  # flushed by an earlier transactional test
        restore_defaults()
        group = Group.objects.get(name=name)
    return group


def make_outlet(**overrides) -> Outlet:
    n = _n()
    fields = {"name": f"Outlet {n}", "slug": f"outlet-{n}", "homepage_url": f"https://outlet{n}.example/"}
    fields.update(overrides)
    return Outlet.objects.create(**fields)


def make_article(**overrides) -> Article:
    n = _n()
    body = overrides.pop("body", f"Article {n}. “We cut the deficit by 40 percent,” Jane Doe said.")
    fields = {
        "title": f"Article {n}",
        "url": f"https://news.example/{n}",
        "body": body,
        "content_hash": hashlib.sha256(f"{body}\0{n}".encode()).hexdigest(),
        "published_at": timezone.now(),
        "extraction_status": Article.ExtractionStatus.DONE,
    }
    fields.update(overrides)
    return Article.objects.create(**fields)


def make_speaker(**overrides) -> Speaker:
    name = overrides.pop("name", f"Speaker {_n()}")
    fields = {"name": name, "slug": slugify(name) + f"-{_n()}", "role": "Minister"}
    fields.update(overrides)
    return Speaker.objects.create(**fields)


def make_quote(
    *,
    article: Article | None = None,
    text: str | None = None,
    claim: Claim | None = None,
    speaker: Speaker | None = None,
    checkworthiness: float = 0.7,
    **overrides,
) -> Quote:
    """A quote whose text is found in the article body; creates the article and claim if needed."""
    if article is None:
        text = text or f"We built {_n()} new schools last year"
        article = make_article(body=f"Intro paragraph.\n“{text},” the minister said.\nMore text.")
    text = text or article.body[article.body.index("“") + 1 : article.body.index("”")].rstrip(",")
    start = article.body.index(text)
    if speaker is None:
        speaker = claim.speaker if claim is not None else make_speaker()
    if claim is None:
        claim = make_claim(text=text, speaker=speaker, checkworthiness=checkworthiness, appearance_count=0)
    quote = Quote.objects.create(
        article=article,
        claim=claim,
        speaker=speaker,
        text=text,
        start=start,
        end=start + len(text),
        checkworthiness=checkworthiness,
        fingerprint=claim.fingerprint,
        reasons=overrides.pop("reasons", ["contains a number"]),
        **overrides,
    )
    Claim.objects.filter(pk=claim.pk).update(
        appearance_count=claim.quotes.count(), first_appeared_at=article.published_at
    )
    claim.refresh_from_db()
    return quote


def make_claim(**overrides) -> Claim:
    text = overrides.pop("text", f"We built {_n()} new schools last year")
    fields = {
        "text": text,
        "fingerprint": hashlib.sha1(text.casefold().encode()).hexdigest(),
        "checkworthiness": 0.7,
        "reasons": ["contains a number"],
        "appearance_count": 1,
    }
    if "speaker" not in overrides:
        fields["speaker"] = make_speaker()
    fields.update(overrides)
    return Claim.objects.create(**fields)


def make_source(**overrides) -> Source:
    n = _n()
    fields = {"title": f"Source document {n}", "url": f"https://evidence.example/{n}"}
    if "outlet" not in overrides:
        fields["outlet"] = make_outlet()
    fields.update(overrides)
    return Source.objects.create(**fields)


def rating(slug: str = "false") -> Rating:
    """One step of the scale the data migration seeds."""
    return Rating.objects.get(slug=slug)


def make_factcheck(
    *, claim: Claim | None = None, status: str = FactCheck.Status.DRAFT, citations: int = 1, **overrides
) -> FactCheck:
    """A fact-check on a claim with one real appearance; `status=published` makes it public.

    `scheduled` goes live in two hours; `retracted` was published and retracted, with its notice.
    """
    if claim is None:
        claim = make_quote().claim
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.ACCEPTED)
    n = _n()
    fields = {
        "claim": claim,
        "headline": f"Fact-check {n}: did they build the schools?",
        "slug": f"fact-check-{n}",
        "claim_reviewed": claim.text[:70],
        "rating": rating("false"),
        "summary": "The figure is wrong.",
        "body": "The official figures show **fewer** schools.",
        "status": status,
        "author": overrides.pop("author", None) or make_user(role=roles.FACT_CHECKER),
    }
    if status in (FactCheck.Status.PUBLISHED, FactCheck.Status.SCHEDULED, FactCheck.Status.RETRACTED):
        ahead = timedelta(hours=2) if status == FactCheck.Status.SCHEDULED else timedelta(0)
        fields["published_at"] = timezone.now() + ahead
        fields["approved_by"] = make_user(role=roles.EDITOR)
    if status == FactCheck.Status.RETRACTED:
        fields["retracted_at"] = timezone.now()
    fields.update(overrides)
    factcheck = FactCheck.objects.create(**fields)
    for order in range(citations):
        Citation.objects.create(factcheck=factcheck, source=make_source(), order=order, note="Official data")
    if status == FactCheck.Status.RETRACTED:
        Correction.objects.create(
            factcheck=factcheck,
            kind=Correction.Kind.RETRACTION,
            note="We could not stand by it.",
            created_at=fields["retracted_at"],
        )
    return factcheck
