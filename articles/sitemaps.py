"""The sitemap: every live fact-check, every speaker with one, and the fixed pages.

Served as a sitemap index (`/sitemap.xml`) with one sitemap per section, each split into
pages of `PAGE_SIZE` URLs (`?p=2`…). Locations use `settings.SITE_URL`, the canonical host
that the pages' ClaimReview and Open Graph URLs use too.

Written out directly rather than with `django.contrib.sitemaps`: its per-URL objects and
template cost about 60 µs a URL, three seconds for a page of 50,000 fact-checks. Here a
page is one index-only look-up of its rows' ids and one query for the rows, joined into
a string; the protocol allows pages this size and crawlers follow the index.
"""

import math
from datetime import datetime
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction, FactCheck, Speaker

PAGE_SIZE = 2000
PAGES = ["home", "factcheck_list", "speaker_list", "ratings", "corrections"]
SECTIONS = ("pages", "fact-checks", "speakers")
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _day(value: datetime | None) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def _url(path: str, lastmod: datetime | None = None, changefreq: str = "", priority: str = "") -> str:
    parts = [f"<url><loc>{escape(settings.SITE_URL + path)}</loc>"]
    if lastmod:
        parts.append(f"<lastmod>{_day(lastmod)}</lastmod>")
    if changefreq:
        parts.append(f"<changefreq>{changefreq}</changefreq>")
    if priority:
        parts.append(f"<priority>{priority}</priority>")
    parts.append("</url>")
    return "".join(parts)


def _live_factchecks():
    return FactCheck.objects.published().order_by("-published_at", "-id")


def section_pages(section: str) -> int:
    """How many pages a section has (at least one, so an empty section is a valid, empty sitemap)."""
    if section == "fact-checks":
        count = _live_factchecks().count()
    elif section == "speakers":
        count = Speaker.objects.checked().count()
    else:
        count = len(PAGES)
    return max(1, math.ceil(count / PAGE_SIZE))


def index_xml() -> str:
    """The sitemap index: each page of each section, with when the fact-checks last changed."""
    latest = _live_factchecks().aggregate(updated=Max("updated_at"), published=Max("published_at"))
    corrected = Correction.objects.aggregate(at=Max("created_at"))["at"]
    lastmod = max(filter(None, [*latest.values(), corrected]), default=None)
    entries = []
    for section in SECTIONS:
        location = settings.SITE_URL + reverse("public:sitemap_section", args=[section])
        for number in range(1, section_pages(section) + 1):
            loc = location if number == 1 else f"{location}?p={number}"
            modified = f"<lastmod>{_day(lastmod)}</lastmod>" if lastmod and section != "pages" else ""
            entries.append(f"<sitemap><loc>{escape(loc)}</loc>{modified}</sitemap>")
    return f"{_HEAD}<sitemapindex {_NS}>\n" + "\n".join(entries) + "\n</sitemapindex>\n"


def section_xml(section: str, number: int) -> str | None:
    """One page of a section, or None when there is no such section or page."""
    if section not in SECTIONS or number < 1 or number > section_pages(section):
        return None
    window = slice((number - 1) * PAGE_SIZE, number * PAGE_SIZE)
    if section == "pages":
        urls = [_url(reverse(f"public:{name}"), changefreq="daily", priority="0.6") for name in PAGES]
    elif section == "fact-checks":
        # The page's ids from the live fact-checks' index (a subquery: 5,000 query parameters
        # cost more to send than the rows), then those rows, each with the day it last
        # changed: the newest of its edit, its publication and its last correction.
        ids = _live_factchecks().values("pk")[window]
        changed = Greatest("updated_at", "published_at", Coalesce(Max("corrections__created_at"), "published_at"))
        rows = (
            FactCheck.objects.filter(pk__in=ids)
            .annotate(changed=TruncDate(changed))
            .order_by()
            .values_list("published_at", "pk", "slug", "changed")
        )
        rows = sorted(rows, reverse=True)  # the live order: newest first, then the highest id
        # Slugs are letters, digits, - and _ (a SlugField): nothing in them needs escaping.
        before, _, after = reverse("public:factcheck_detail", args=["SLUG"]).partition("SLUG")
        head, middle = "<url><loc>" + escape(settings.SITE_URL + before), escape(after) + "</loc><lastmod>"
        tail = "</lastmod><changefreq>weekly</changefreq><priority>0.8</priority></url>"
        urls = [f"{head}{slug}{middle}{day.isoformat()}{tail}" for _, _, slug, day in rows]
    else:
        detail = reverse("public:speaker_detail", args=["SLUG"]).replace("SLUG", "{}")
        slugs = Speaker.objects.checked().values_list("slug", flat=True)[window]
        urls = [_url(detail.format(slug), changefreq="weekly", priority="0.5") for slug in slugs]
    return f"{_HEAD}<urlset {_NS}>\n" + "\n".join(urls) + "\n</urlset>\n"
