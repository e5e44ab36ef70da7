"""The public site's routes: pages, feeds, machine-readable ClaimReview, sitemap and robots."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from articles.cache import public_page
from articles.cache_topics import CORRECTIONS, LISTS
from articles.sitemaps import SITEMAPS
from articles.views import feeds, public

app_name = "public"

urlpatterns = [
    path("", public.home, name="home"),
    path("fact-checks/", public.factcheck_list, name="factcheck_list"),
    path("fact-checks/<slug:slug>/", public.factcheck_detail, name="factcheck_detail"),
    path("speakers/", public.speaker_list, name="speaker_list"),
    path("speakers/<slug:slug>/", public.speaker_detail, name="speaker_detail"),
    path("ratings/", public.ratings, name="ratings"),
    path("corrections/", public.corrections, name="corrections"),
    path("ratings.css", public.rating_styles, name="rating_styles"),
    path("healthz", public.healthz, name="healthz"),
    path("robots.txt", public.robots_txt, name="robots"),
    path("claimreview.json", feeds.claimreview_feed, name="claimreview_feed"),
    path(
        "feeds/fact-checks.rss",
        public_page(personal=False, depends=[LISTS])(feeds.FactCheckFeed()),
        name="factcheck_rss",
    ),
    path(
        "feeds/fact-checks.atom",
        public_page(personal=False, depends=[LISTS])(feeds.FactCheckAtomFeed()),
        name="factcheck_atom",
    ),
    path(
        "feeds/corrections.atom",
        public_page(personal=False, depends=[CORRECTIONS])(feeds.CorrectionAtomFeed()),
        name="correction_atom",
    ),
    path(
        "sitemap.xml",
        public_page(personal=False, depends=[LISTS])(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "public:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(params=["p"], personal=False, depends=[LISTS])(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
