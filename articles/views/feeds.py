"""Feeds for readers and aggregators: RSS and Atom of fact-checks, Atom of corrections, and
every published ClaimReview as a paginated schema.org DataFeed (`/claimreview.json`).

Links are absolute on `settings.SITE_URL`, the canonical host, like the pages' markup; that
includes each feed's self link, which Django would otherwise build from the request's Host
header. Summaries and correction notes are plain text written by editors, while RSS
descriptions and Atom's `type="html"` summaries are read as HTML: they are escaped, so a
reader shows `<b>` as typed instead of rendering it. Characters XML 1.0 cannot hold (most
C0 controls, which a paste can carry into a summary) are dropped from feed text, because
Django refuses to write them and the whole feed would fail.
"""

import json
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import InvalidPage
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.http import require_GET

from articles import cache_topics as topics
from articles.cache import last_modified, public_page
from articles.claimreview import absolute_url, claimreview, feed_works, rating_scale
from articles.models import Correction, FactCheck
from articles.pagination import IdPaginator, live_factcheck_count

FEED_ITEMS = 50
DATAFEED_PAGE_SIZE = 50
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot contain."""
    return NOT_XML.sub("", text)


class CanonicalFeed(Feed):
    """A feed whose self link is on the canonical host, whatever Host the request named."""

    url_name = ""

    def feed_url(self):
        return absolute_url(reverse(self.url_name))


class FactCheckFeed(CanonicalFeed):
    """The latest published fact-checks (RSS 2.0)."""

    url_name = "public:factcheck_rss"

    def title(self):
        return f"{settings.SITE_NAME}: fact-checks"

    def link(self):
        return absolute_url(reverse("public:factcheck_list"))

    def description(self):
        return f"The latest fact-checks published by {settings.SITE_NAME}."

    def items(self):
        # A retracted fact-check stays in the feed, marked, so subscribers learn of the retraction.
        retractions = Correction.objects.filter(kind=Correction.Kind.RETRACTION).order_by("-created_at")
        return (
            FactCheck.objects.on_record()
            .for_public()
            .prefetch_related(Prefetch("corrections", queryset=retractions, to_attr="retractions"))
            .order_by("-published_at", "-id")[:FEED_ITEMS]
        )

    def item_title(self, factcheck):
        headline = xml_text(factcheck.headline)
        return f"Retracted: {headline}" if factcheck.retracted_at else headline

    def item_description(self, factcheck):
        if factcheck.retracted_at:
            reason = factcheck.retractions[0].note if factcheck.retractions else ""
            when = timezone.localtime(factcheck.retracted_at)
            return escape(xml_text(f"We retracted this fact-check on {when:%-d %B %Y}. {reason}".strip()))
        rating = f"Our rating: {factcheck.rating.label}. " if factcheck.rating_id else ""
        return escape(xml_text(rating + (factcheck.summary or factcheck.claim_reviewed)))

    def item_link(self, factcheck):
        return absolute_url(factcheck.get_absolute_url())

    def item_pubdate(self, factcheck):
        return factcheck.published_at

    def item_updateddate(self, factcheck):
        return max(filter(None, (factcheck.updated_at, factcheck.published_at, factcheck.retracted_at)))

    def item_author_name(self, factcheck):
        return settings.SITE_NAME

    def item_categories(self, factcheck):
        return [xml_text(factcheck.rating.label)] if factcheck.rating_id and not factcheck.retracted_at else []


class FactCheckAtomFeed(FactCheckFeed):
    """The same fact-checks as Atom 1.0."""

    feed_type = Atom1Feed
    url_name = "public:factcheck_atom"

    def subtitle(self):
        return self.description()


class CorrectionAtomFeed(CanonicalFeed):
    """Every public correction and update, retractions included, newest first (Atom 1.0)."""

    feed_type = Atom1Feed
    url_name = "public:correction_atom"

    def title(self):
        return f"{settings.SITE_NAME}: corrections and updates"

    def link(self):
        return absolute_url(reverse("public:corrections"))

    def subtitle(self):
        return f"Every correction and update to a fact-check published by {settings.SITE_NAME}."

    def items(self):
        return (
            Correction.objects.filter(Exists(FactCheck.objects.on_record().filter(pk=OuterRef("factcheck_id"))))
            .select_related("factcheck", "previous_rating", "new_rating")
            .order_by("-created_at", "-id")[:FEED_ITEMS]
        )

    def item_title(self, correction):
        return xml_text(f"{correction.get_kind_display()}: {correction.factcheck.headline}")

    def item_description(self, correction):
        change = ""
        if correction.previous_rating_id and correction.new_rating_id:
            change = f" Rating changed from {correction.previous_rating.label} to {correction.new_rating.label}."
        return escape(xml_text(correction.note + change))

    def item_link(self, correction):
        return absolute_url(f"{correction.factcheck.get_absolute_url()}#correction-{correction.pk}")

    def item_pubdate(self, correction):
        return correction.created_at

    def item_author_name(self, correction):
        return settings.SITE_NAME


def datafeed_page(number) -> tuple[dict, dict]:
    """One page of the ClaimReview DataFeed and its Link headers (a fixed number of queries)."""
    factchecks = FactCheck.objects.published().for_public().order_by("-published_at", "-id")
    paginator = IdPaginator(factchecks, DATAFEED_PAGE_SIZE, count=live_factcheck_count())
    try:
        page = paginator.page(number or 1)
    except InvalidPage as error:
        raise Http404("No such page of the feed.") from error
    scale = rating_scale()
    factchecks = list(page)
    works = feed_works([factcheck.claim_id for factcheck in factchecks])
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
        "dataFeedElement": [
            claimreview(factcheck, scale=scale, works=works.get(factcheck.claim_id, [])) for factcheck in factchecks
        ],
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
