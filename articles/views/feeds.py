"""Feeds for readers and aggregators: RSS and Atom of fact-checks, Atom of corrections, and
every published ClaimReview as a paginated schema.org DataFeed (`/claimreview.json`).

Links are absolute on `settings.SITE_URL`, the canonical host, like the pages' markup.
"""

import json

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from articles import cache_topics as topics
from articles.cache import last_modified, public_page
from articles.claimreview import absolute_url, claimreview, rating_scale
from articles.models import Correction, FactCheck, Quote

FEED_ITEMS = 50
DATAFEED_PAGE_SIZE = 100


class FactCheckFeed(Feed):
    """The latest published fact-checks (RSS 2.0)."""

    def title(self):
        return f"{settings.SITE_NAME}: fact-checks"

    def link(self):
        return absolute_url(reverse("public:factcheck_list"))

    def description(self):
        return f"The latest fact-checks published by {settings.SITE_NAME}."

    def items(self):
        return FactCheck.objects.published().for_public()[:FEED_ITEMS]

    def item_title(self, factcheck):
        return factcheck.headline

    def item_description(self, factcheck):
        rating = f"Our rating: {factcheck.rating.label}. " if factcheck.rating_id else ""
        return rating + (factcheck.summary or factcheck.claim_reviewed)

    def item_link(self, factcheck):
        return absolute_url(factcheck.get_absolute_url())

    def item_pubdate(self, factcheck):
        return factcheck.published_at

    def item_updateddate(self, factcheck):
        return max(factcheck.updated_at, factcheck.published_at)

    def item_author_name(self, factcheck):
        return settings.SITE_NAME

    def item_categories(self, factcheck):
        return [factcheck.rating.label] if factcheck.rating_id else []


class FactCheckAtomFeed(FactCheckFeed):
    """The same fact-checks as Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()


class CorrectionAtomFeed(Feed):
    """Every public correction and update, newest first (Atom 1.0)."""

    feed_type = Atom1Feed

    def title(self):
        return f"{settings.SITE_NAME}: corrections and updates"

    def link(self):
        return absolute_url(reverse("public:corrections"))

    def subtitle(self):
        return f"Every correction and update to a fact-check published by {settings.SITE_NAME}."

    def items(self):
        public = FactCheck.objects.published().filter(pk=OuterRef("factcheck_id"))
        return (
            Correction.objects.filter(Exists(public))
            .select_related("factcheck", "previous_rating", "new_rating")
            .order_by("-created_at", "-id")[:FEED_ITEMS]
        )

    def item_title(self, correction):
        return f"{correction.get_kind_display()}: {correction.factcheck.headline}"

    def item_description(self, correction):
        change = ""
        if correction.previous_rating_id and correction.new_rating_id:
            change = f" Rating changed from {correction.previous_rating.label} to {correction.new_rating.label}."
        return correction.note + change

    def item_link(self, correction):
        return absolute_url(f"{correction.factcheck.get_absolute_url()}#correction-{correction.pk}")

    def item_pubdate(self, correction):
        return correction.created_at

    def item_author_name(self, correction):
        return settings.SITE_NAME


def datafeed_page(number) -> tuple[dict, dict]:
    """One page of the ClaimReview DataFeed and its Link headers (a fixed number of queries)."""
    quotes = Quote.objects.as_appearances()
    factchecks = (
        FactCheck.objects.published()
        .for_public()
        .prefetch_related(Prefetch("claim__quotes", queryset=quotes))
        .order_by("-published_at", "-id")
    )
    paginator = Paginator(factchecks, DATAFEED_PAGE_SIZE)
    try:
        page = paginator.page(number or 1)
    except InvalidPage as error:
        raise Http404("No such page of the feed.") from error
    scale = rating_scale()
    url = absolute_url(reverse("public:claimreview_feed"))
    links = {}
    if page.has_next():
        links["next"] = f"{url}?page={page.next_page_number()}"
    if page.has_previous():
        links["prev"] = f"{url}?page={page.previous_page_number()}"
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{settings.SITE_NAME}: ClaimReview feed",
        "url": f"{url}?page={page.number}" if page.number > 1 else url,
        "dateModified": timezone.localtime(last_modified()).isoformat(),
        "numberOfItems": paginator.count,
        "dataFeedElement": [claimreview(factcheck, scale=scale) for factcheck in page],
    }
    return feed, links


@require_GET
@public_page(params=["page"], personal=False, depends=[topics.LISTS])
def claimreview_feed(request):
    """Every published ClaimReview for aggregators, 100 a page, newest first; `Link` headers page through."""
    feed, links = datafeed_page(request.GET.get("page"))
    response = HttpResponse(
        json.dumps(feed, ensure_ascii=False, separators=(",", ":")), content_type="application/ld+json"
    )
    if links:
        response.headers["Link"] = ", ".join(f'<{href}>; rel="{rel}"' for rel, href in links.items())
    return response
