"""The sitemap: every published fact-check, every speaker with one, and the fixed pages.

Served as a sitemap index (`/sitemap.xml`) with one sitemap per section, paginated at
the protocol's 50,000 URLs. Locations use `settings.SITE_URL`, the canonical host that
the pages' ClaimReview and Open Graph URLs use too.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from articles.models import FactCheck, Speaker


class CanonicalHostSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class FactCheckSitemap(CanonicalHostSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        # A correction changes the page too: crawlers should come back for it.
        return (
            FactCheck.objects.published()
            .only("slug", "updated_at", "published_at")
            .annotate(corrected_at=Max("corrections__created_at"))
            .order_by("-published_at", "id")
        )

    def lastmod(self, factcheck):
        return max(filter(None, (factcheck.updated_at, factcheck.published_at, factcheck.corrected_at)))

    def get_latest_lastmod(self):
        # The default iterates every item; one aggregate does.
        latest = FactCheck.objects.published().aggregate(
            updated=Max("updated_at"), published=Max("published_at"), corrected=Max("corrections__created_at")
        )
        return max(filter(None, latest.values()), default=None)


class SpeakerSitemap(CanonicalHostSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        published = FactCheck.objects.published().filter(claim__speaker=OuterRef("pk"))
        return Speaker.objects.filter(Exists(published)).only("slug").order_by("slug")


class PageSitemap(CanonicalHostSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["home", "factcheck_list", "speaker_list", "ratings", "corrections"]

    def location(self, name):
        return reverse(f"public:{name}")


SITEMAPS = {"pages": PageSitemap, "fact-checks": FactCheckSitemap, "speakers": SpeakerSitemap}
