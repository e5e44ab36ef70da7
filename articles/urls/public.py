"""The public site's routes: pages, feeds, machine-readable ClaimReview, sitemap and robots."""

from django.urls import path
from django.views.decorators.http import require_GET

from articles.cache import public_page
from articles.cache_topics import CORRECTIONS, LISTS
from articles.views import feeds, public, sitemaps

app_name = "public"


def read_only(view, **cache):
    """Django's feed and sitemap views answer any method; these are for reading (GET) only."""
    return require_GET(public_page(personal=False, **cache)(view))


urlpatterns = [
    path("", public.home, name="home"),
    path("fact-checks/", public.factcheck_list, name="factcheck_list"),
    path("fact-checks/<slug:slug>/", public.factcheck_detail, name="factcheck_detail"),
    path("fact-checks/<slug:slug>/card.png", public.factcheck_card, name="factcheck_card"),
    path("speakers/", public.speaker_list, name="speaker_list"),
    path("speakers/<slug:slug>/", public.speaker_detail, name="speaker_detail"),
    path("ratings/", public.ratings, name="ratings"),
    path("corrections/", public.corrections, name="corrections"),
    path("ratings.css", public.rating_styles, name="rating_styles"),
    path("healthz", public.healthz, name="healthz"),
    path("robots.txt", public.robots_txt, name="robots"),
    path("claimreview.json", feeds.claimreview_feed, name="claimreview_feed"),
    path("feeds/fact-checks.rss", read_only(feeds.FactCheckFeed(), depends=[LISTS]), name="factcheck_rss"),
    path("feeds/fact-checks.atom", read_only(feeds.FactCheckAtomFeed(), depends=[LISTS]), name="factcheck_atom"),
    path(
        "feeds/corrections.atom", read_only(feeds.CorrectionAtomFeed(), depends=[CORRECTIONS]), name="correction_atom"
    ),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
]
