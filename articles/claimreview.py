"""schema.org ClaimReview JSON-LD for a fact-check, as search engines and aggregators read it.

One function builds it (`claimreview`), used by the fact-check page, the preview and the
`/claimreview.json` DataFeed, so every place says the same thing. The property rules
follow Google's fact-check documentation: `claimReviewed` is short and carries no
verdict, the rating's number lies within the scale's worst and best, and `url` is the
page on this site.
"""

import json
from datetime import date, datetime
from operator import itemgetter

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles.models import FactCheck, Quote, Rating, Speaker

CLAIM_REVIEWED_MAX = 75  # Google: "less than 75 characters"

# Inside <script>, "</script>" or "<!--" in a string would end or confuse the element;
# JSON allows these characters as \u escapes, as Django's json_script does.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(path: str) -> str:
    """`path` on this site's public host (settings.SITE_URL)."""
    return settings.SITE_URL + path


def organisation() -> dict:
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL + "/"}


def rating_scale() -> tuple[int | None, int | None]:
    """(worst, best) of the numbered steps of the editable rating scale."""
    bounds = Rating.objects.filter(value__isnull=False).aggregate(worst=Min("value"), best=Max("value"))
    return bounds["worst"], bounds["best"]


def _one_per_article(items, *, article_id, published_at, created_at, start) -> list:
    """The first of `items` in each article, earliest article first (undated ones last).

    The rule of `appearance` order; the accessors let quotes and plain rows share it.
    """
    ordered = sorted(
        items, key=lambda i: (published_at(i) is None, published_at(i) or created_at(i), article_id(i), start(i))
    )
    seen, result = set(), []
    for item in ordered:
        if article_id(item) not in seen:
            seen.add(article_id(item))
            result.append(item)
    return result


def appearances(factcheck: FactCheck) -> list[Quote]:
    """One quote per article where the claim appeared, earliest first (prefetch-friendly)."""
    return _one_per_article(
        factcheck.claim.quotes.all(),
        article_id=lambda q: q.article_id,
        published_at=lambda q: q.article.published_at,
        created_at=lambda q: q.created_at,
        start=lambda q: q.start,
    )


def claim_reviewed(factcheck: FactCheck) -> str:
    """The short claim: the editor's wording, else the claim cut at a word under the limit."""
    text = " ".join((factcheck.claim_reviewed or factcheck.claim.text).split())
    if len(text) < CLAIM_REVIEWED_MAX:
        return text
    cut = text[: CLAIM_REVIEWED_MAX - 2]
    cut = cut[: cut.rindex(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:.–—-") + "…"


def _date(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().isoformat()
    return value.isoformat()


def _speaker(speaker: Speaker | None) -> dict | None:
    if speaker is None:
        return None
    kind = "Organization" if speaker.kind == Speaker.Kind.ORGANIZATION else "Person"
    data = {"@type": kind, "name": speaker.name, "url": absolute_url(speaker.get_absolute_url())}
    if kind == "Person" and speaker.role:
        data["jobTitle"] = speaker.role
    return data


def person_name(user) -> str:
    """How a newsroom member is named to readers: their full name, else their username."""
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _person(user) -> dict | None:
    return {"@type": "Person", "name": person_name(user)} if user is not None else None


def _creative_work(title: str, url: str, published_at, outlet_name: str | None, outlet_url: str) -> dict:
    work = {"@type": "CreativeWork", "headline": title}
    if url:
        work["url"] = url
    if published_at:
        work["datePublished"] = _date(published_at)
    if outlet_name is not None:
        publisher = {"@type": "Organization", "name": outlet_name}
        if outlet_url:
            publisher["url"] = outlet_url
        work["publisher"] = publisher
    return work


def _works_of(quotes: list[Quote]) -> list[tuple[dict, datetime | None]]:
    """(CreativeWork, article date) for each of `appearances()`."""
    works = []
    for quote in quotes:
        article = quote.article
        outlet = article.outlet if article.outlet_id else None
        work = _creative_work(
            article.title, article.url, article.published_at, outlet and outlet.name, outlet and outlet.homepage_url
        )
        works.append((work, article.published_at))
    return works


def feed_works(claim_ids) -> dict[int, list[tuple[dict, datetime | None]]]:
    """What `claimreview(works=…)` needs for many claims, in one query of plain rows.

    The same appearances, in the same order, as `appearances()`; without a model instance
    per quote, article and outlet, which cost the DataFeed most of its render.
    """
    rows = Quote.objects.filter(claim_id__in=claim_ids).values_list(
        "claim_id",
        "article_id",
        "start",
        "created_at",
        "article__title",
        "article__url",
        "article__published_at",
        "article__outlet__name",
        "article__outlet__homepage_url",
    )
    by_claim: dict[int, list[tuple]] = {}
    for row in rows:
        by_claim.setdefault(row[0], []).append(row)
    works = {}
    for claim_id, quotes in by_claim.items():
        first = _one_per_article(
            quotes,
            article_id=itemgetter(1),
            published_at=itemgetter(6),
            created_at=itemgetter(3),
            start=itemgetter(2),
        )
        works[claim_id] = [
            (_creative_work(title, url, published_at, outlet_name, outlet_url), published_at)
            for _, _, _, _, title, url, published_at, outlet_name, outlet_url in first
        ]
    return works


def review_rating(rating: Rating, scale: tuple[int | None, int | None]) -> dict:
    data = {"@type": "Rating", "alternateName": rating.label}
    worst, best = scale
    if rating.value is not None and worst is not None and best is not None:
        data.update(ratingValue=rating.value, worstRating=worst, bestRating=best)
    return data


def claimreview(
    factcheck: FactCheck,
    *,
    scale: tuple[int | None, int | None] | None = None,
    works: list[tuple[dict, datetime | None]] | None = None,
) -> dict:
    """The ClaimReview for `factcheck` as a JSON-ready dict.

    Reads `factcheck.claim.speaker`, `.rating` and the claim's quotes with their articles
    and outlets; select and prefetch them for lists, or pass `works` from `feed_works()`.
    `scale` is `rating_scale()`, passed in to build many reviews with one query.
    """
    claim = factcheck.claim
    if works is None:
        works = _works_of(appearances(factcheck))
    item = {"@type": "Claim"}
    if author := _speaker(claim.speaker):
        item["author"] = author
    first_date = claim.first_appeared_at or next((published for _, published in works if published), None)
    if first_date:
        item["datePublished"] = _date(first_date)
    works = [work for work, _ in works]
    if works:
        item["appearance"] = works
        item["firstAppearance"] = works[0]
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute_url(factcheck.get_absolute_url()),
        "claimReviewed": claim_reviewed(factcheck),
        "author": organisation(),
        "datePublished": _date(factcheck.published_at or factcheck.updated_at),
        "itemReviewed": item,
    }
    # Google reads `author` as the publishing organisation; the people who wrote and approved
    # the review go in schema.org's CreativeWork `creator` and `editor`.
    if creator := _person(factcheck.author):
        data["creator"] = creator
    if editor := _person(factcheck.approved_by):
        data["editor"] = editor
    if factcheck.headline:
        data["name"] = factcheck.headline
    if factcheck.rating_id:
        data["reviewRating"] = review_rating(factcheck.rating, scale if scale is not None else rating_scale())
    return data


def json_for_script(data) -> SafeString:
    """`data` as JSON that is safe between <script> tags (no "</script>", no "<!--")."""
    return mark_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES))
