"""Builders shared by the public-site tests: fact-checks with several appearances, many rows."""

from datetime import timedelta

from django.utils import timezone

from articles.models import Correction, FactCheck
from tests.factories import make_article, make_factcheck, make_outlet, make_quote, make_speaker, rating


def add_appearance(claim, *, outlet=None, days_ago: int = 0, url: str | None = None, title: str | None = None):
    """Another article where `claim` appeared (a real quote, so the DB triggers agree)."""
    fields = {"outlet": outlet, "published_at": timezone.now() - timedelta(days=days_ago)}
    if url is not None:
        fields["url"] = url
    if title is not None:
        fields["title"] = title
    article = make_article(body=f"Lead paragraph.\n“{claim.text},” the speaker said.\nMore.", **fields)
    return make_quote(article=article, text=claim.text, claim=claim)


def published_factcheck(**overrides) -> FactCheck:
    return make_factcheck(status=FactCheck.Status.PUBLISHED, **overrides)


def many_published(count: int, *, speaker=None, appearances: int = 2, corrections: int = 1) -> list[FactCheck]:
    """`count` published fact-checks, each with appearances in outlets and corrections."""
    speaker = speaker or make_speaker(name="Prolific Speaker")
    outlet = make_outlet()
    made = []
    for n in range(count):
        quote = make_quote(speaker=speaker, text=f"We opened {n + 100} clinics in {2000 + n}")
        for extra in range(appearances - 1):
            add_appearance(quote.claim, outlet=outlet, days_ago=extra + 1)
        factcheck = published_factcheck(claim=quote.claim, rating=rating(["false", "true", "half-true"][n % 3]))
        for c in range(corrections):
            Correction.objects.create(factcheck=factcheck, kind=Correction.Kind.CLARIFICATION, note=f"Note {c}")
        made.append(factcheck)
    return made
