"""schema.org ClaimReview JSON-LD for a fact-check, as search engines and aggregators read it.

One function builds it (`claimreview`), used by the fact-check page, the preview and the
`/claimreview.json` DataFeed, so every place says the same thing. The property rules
follow Google's fact-check documentation: `claimReviewed` is short and carries no
verdict, the rating's number lies within the scale's worst and best, and `url` is the
page on this site.
"""

import json
from datetime import date, datetime

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


def appearances(factcheck: FactCheck) -> list[Quote]:
    """One quote per article where the claim appeared, earliest first (prefetch-friendly)."""
    seen, result = set(), []
    quotes = sorted(
        factcheck.claim.quotes.all(),
        key=lambda q: (q.article.published_at is None, q.article.published_at or q.created_at, q.article_id, q.start),
    )
    for quote in quotes:
        if quote.article_id not in seen:
            seen.add(quote.article_id)
            result.append(quote)
    return result


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


def _creative_work(quote: Quote) -> dict:
    article = quote.article
    work = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        work["url"] = article.url
    if article.published_at:
        work["datePublished"] = _date(article.published_at)
    if article.outlet_id:
        publisher = {"@type": "Organization", "name": article.outlet.name}
        if article.outlet.homepage_url:
            publisher["url"] = article.outlet.homepage_url
        work["publisher"] = publisher
    return work


def review_rating(rating: Rating, scale: tuple[int | None, int | None]) -> dict:
    data = {"@type": "Rating", "alternateName": rating.label}
    worst, best = scale
    if rating.value is not None and worst is not None and best is not None:
        data.update(ratingValue=rating.value, worstRating=worst, bestRating=best)
    return data


def claimreview(factcheck: FactCheck, *, scale: tuple[int | None, int | None] | None = None) -> dict:
    """The ClaimReview for `factcheck` as a JSON-ready dict.

    Reads `factcheck.claim.speaker`, `.rating` and the claim's quotes with their articles
    and outlets; select and prefetch them for lists. `scale` is `rating_scale()`, passed in
    to build many reviews with one query.
    """
    claim = factcheck.claim
    quotes = appearances(factcheck)
    works = [_creative_work(quote) for quote in quotes]
    item = {"@type": "Claim"}
    if author := _speaker(claim.speaker):
        item["author"] = author
    first_date = claim.first_appeared_at or next(
        (q.article.published_at for q in quotes if q.article.published_at), None
    )
    if first_date:
        item["datePublished"] = _date(first_date)
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
