"""Google's fact-check (ClaimReview) property rules, as a checker the public-site tests share.

From Google Search Central's ClaimReview documentation: `claimReviewed` is required and
kept short (under 75 characters) and must not carry the verdict; `reviewRating` needs
`alternateName`, and a numeric `ratingValue` must lie between `worstRating` and
`bestRating`; `url` is the page of the review on the publisher's own site; `author` is
the publisher; `itemReviewed` is a Claim with its author, and each appearance is a
CreativeWork.
"""

import json
import re
from urllib.parse import urlsplit

LD_JSON = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.S)


def ld_json_blocks(html: str) -> list[dict]:
    return [json.loads(block) for block in LD_JSON.findall(html)]


def claimreview_problems(data: dict, *, site_url: str, visible_rating: str | None = None) -> list[str]:
    """Every rule `data` breaks (an empty list when it is valid)."""
    problems = []
    if data.get("@type") != "ClaimReview":
        problems.append("@type is not ClaimReview")
    if data.get("@context") not in ("https://schema.org", "http://schema.org"):
        problems.append("@context is not schema.org")
    reviewed = data.get("claimReviewed") or ""
    if not reviewed:
        problems.append("claimReviewed is missing")
    if len(reviewed) >= 75:
        problems.append(f"claimReviewed has {len(reviewed)} characters (must be under 75)")
    rating = data.get("reviewRating") or {}
    label = rating.get("alternateName") or ""
    if not label:
        problems.append("reviewRating.alternateName is missing")
    elif re.search(rf"(?<!\w){re.escape(label)}(?!\w)", reviewed, re.I):
        problems.append("claimReviewed contains the rating label")
    if "ratingValue" in rating:
        worst, best, value = rating.get("worstRating"), rating.get("bestRating"), rating["ratingValue"]
        if worst is None or best is None:
            problems.append("ratingValue without worstRating/bestRating")
        elif not worst <= value <= best:
            problems.append(f"ratingValue {value} outside {worst}..{best}")
    if visible_rating is not None and label != visible_rating:
        problems.append(f"markup rating {label!r} differs from the visible rating {visible_rating!r}")
    url = data.get("url") or ""
    if urlsplit(url).netloc != urlsplit(site_url).netloc or not urlsplit(url).scheme.startswith("http"):
        problems.append(f"url {url!r} is not on {site_url}")
    author = data.get("author") or {}
    if author.get("@type") != "Organization" or not author.get("name"):
        problems.append("author is not a named Organization")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", data.get("datePublished") or ""):
        problems.append("datePublished is not a date")
    item = data.get("itemReviewed") or {}
    if item.get("@type") != "Claim":
        problems.append("itemReviewed is not a Claim")
    if (item.get("author") or {}).get("@type") not in ("Person", "Organization"):
        problems.append("itemReviewed.author is not a Person or Organization")
    for work in item.get("appearance", []):
        if work.get("@type") != "CreativeWork" or not work.get("headline"):
            problems.append("an appearance is not a CreativeWork with a headline")
    if item.get("appearance") and item.get("firstAppearance") not in item["appearance"]:
        problems.append("firstAppearance is not one of the appearances")
    return problems
