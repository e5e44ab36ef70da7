"""The public site: what readers, search engines and aggregators see.

Every page here is cached whole for anonymous readers (`articles.cache.public_page`),
says which topics it is drawn from, and is invalidated by `articles.signals` when one of
them changes; each view runs a constant number of queries however many rows there are.
"""

import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_htmx.http import push_url

from articles import cache_topics as topics
from articles import roles
from articles.cache import depends_on, public_page
from articles.claimreview import absolute_url, appearances, claimreview, json_for_script, rating_scale
from articles.filters import PublicFactCheckFilter
from articles.markdown import render_markdown
from articles.models import Correction, FactCheck, Quote, Rating, Speaker
from articles.rating_colours import badge_colours
from articles.views.scorecard import scorecard

FACTCHECKS_PER_PAGE = 20
SPEAKERS_PER_PAGE = 60
CORRECTIONS_PER_PAGE = 30
# The database already constrains both; checked again because they are written into CSS.
SLUG_RE = re.compile(r"[-a-zA-Z0-9_]+")
COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")
SMALL_SAMPLE = 5  # fewer checks than this and a scorecard says little about a speaker


def published_q(prefix: str = "") -> Q:
    """`FactCheck.objects.published()` as a condition on a related path, for annotations."""
    return Q(**{f"{prefix}status": FactCheck.Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()})


def is_public(factcheck: FactCheck) -> bool:
    return (
        factcheck.status == FactCheck.Status.PUBLISHED
        and factcheck.published_at is not None
        and factcheck.published_at <= timezone.now()
    )


def _newsroom(request) -> bool:
    """Whether the visitor has workbench access (and so may see what readers cannot)."""
    return request.user.is_authenticated and request.user.has_perm(roles.REVIEW)


def factcheck_page_context(factcheck: FactCheck, *, preview: bool = False) -> dict:
    """Everything `public/factcheck_detail.html` shows, for the public page and the workbench preview.

    With `preview=True` the page says so in a banner and is never cached. Runs a fixed
    number of queries: the appearances, citations and corrections are fetched in bulk.
    """
    quotes = Prefetch("claim__quotes", queryset=Quote.objects.as_appearances())
    prefetch_related_objects([factcheck], "claim__speaker", "rating", quotes)
    quotes = appearances(factcheck)
    description = factcheck.summary or factcheck.claim_reviewed or factcheck.claim.text
    return {
        "factcheck": factcheck,
        "claim": factcheck.claim,
        # Quotes often end where the attribution began: “…the United States,” he said.
        "claim_text": factcheck.claim.text.strip().rstrip(",;:–— "),
        "speaker": factcheck.claim.speaker,
        "rating": factcheck.rating,
        "appearances": quotes,
        "first_quote": quotes[0] if quotes else None,
        "body_html": render_markdown(factcheck.body),
        "citations": list(factcheck.citations.select_related("source__outlet")),
        "corrections": list(
            factcheck.corrections.select_related("previous_rating", "new_rating").order_by("created_at", "id")
        ),
        "claimreview_json": json_for_script(claimreview(factcheck, scale=rating_scale())),
        "canonical_url": absolute_url(factcheck.get_absolute_url()),
        "meta_description": " ".join(description.split())[:300],
        "is_public": is_public(factcheck) and not preview,
        "preview": preview,
    }


@require_GET
def healthz(request):
    """A constant response: the baseline the page benchmark compares every page with."""
    return HttpResponse(b"ok\n", content_type="text/plain")


@require_GET
@public_page(personal=False, depends=[topics.ALL])
def rating_styles(request):
    """`.badge-<slug>` colours from the editable rating scale, each readable (articles.rating_colours)."""
    rules = [
        ".badge-{}{{background:{};color:{}}}".format(r.slug, *badge_colours(r.colour))
        for r in Rating.objects.only("slug", "colour")
        if SLUG_RE.fullmatch(r.slug) and COLOUR_RE.fullmatch(r.colour)
    ]
    return HttpResponse(
        "\n".join(["/* Rating colours, from the rating scale. */", *rules, ""]), content_type="text/css"
    )


@require_GET
@public_page(depends=[topics.LISTS])
def home(request):
    factchecks = FactCheck.objects.published().for_public()[:12]
    return render(request, "public/home.html", {"factchecks": factchecks, "ratings": Rating.objects.all()})


@require_GET
@public_page(params=PublicFactCheckFilter.PARAMS, depends=[topics.LISTS])
def factcheck_list(request):
    newest_first = FactCheck.objects.published().for_public().order_by("-published_at", "-id")
    filterset = PublicFactCheckFilter(request.GET, queryset=newest_first)  # a search ranks first, then dates
    page = Paginator(filterset.qs, FACTCHECKS_PER_PAGE).get_page(request.GET.get("page"))
    if not request.htmx or request.htmx.history_restore_request:
        return render(request, "public/factcheck_list.html", {"filter": filterset, "page": page})
    response = render(request, "public/factcheck_list.html#results", {"filter": filterset, "page": page})
    # The form sends every field; the address bar gets only the filters in use, to share.
    used = urlencode([(key, value) for key, value in request.GET.items() if value and key in filterset.PARAMS])
    return push_url(response, request.path + (f"?{used}" if used else ""))


@require_GET
@public_page()
def factcheck_detail(request, slug):
    factcheck = get_object_or_404(FactCheck.objects.for_public(), slug=slug)
    if not is_public(factcheck) and not _newsroom(request):
        raise Http404("No published fact-check here.")  # drafts and withdrawn checks are the newsroom's
    claim = factcheck.claim
    depends_on(request, topics.factcheck(factcheck.pk), topics.claim(claim.pk))
    if claim.speaker_id:
        depends_on(request, topics.speaker(claim.speaker_id))
    return render(request, "public/factcheck_detail.html", factcheck_page_context(factcheck))


@require_GET
@public_page(params=["page"], depends=[topics.LISTS])
def speaker_list(request):
    speakers = (
        Speaker.objects.annotate(checks=Count("claims__factcheck", filter=published_q("claims__factcheck__")))
        .filter(checks__gt=0)
        .order_by("-checks", "name")
    )
    page = Paginator(speakers, SPEAKERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "public/speaker_list.html", {"page": page})


@require_GET
@public_page(params=["page"])
def speaker_detail(request, slug):
    speaker = get_object_or_404(Speaker, slug=slug)
    depends_on(request, topics.speaker(speaker.pk), topics.speaker_checks(speaker.pk))
    factchecks = FactCheck.objects.published().for_public().filter(claim__speaker=speaker)
    card = scorecard(speaker, factchecks)
    if not card.total and not _newsroom(request):
        raise Http404("We have not published a fact-check of this speaker.")  # nothing public to show
    page = Paginator(factchecks, FACTCHECKS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"speaker": speaker, "scorecard": card, "page": page, "small_sample": card.total < SMALL_SAMPLE}
    return render(request, "public/speaker_detail.html", context)


@require_GET
@public_page(depends=[topics.LISTS])
def ratings(request):
    scale = Rating.objects.annotate(uses=Count("factchecks", filter=published_q("factchecks__"))).order_by(
        "order", "id"
    )
    return render(request, "public/ratings.html", {"ratings": scale})


@require_GET
@public_page(params=["page"], depends=[topics.CORRECTIONS])
def corrections(request):
    public = Correction.objects.filter(
        Exists(FactCheck.objects.published().filter(pk=OuterRef("factcheck_id")))
    ).select_related("factcheck__claim__speaker", "previous_rating", "new_rating")
    page = Paginator(public.order_by("-created_at", "-id"), CORRECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "public/corrections.html", {"page": page})


@require_GET
@public_page(personal=False, depends=[topics.ALL])
def robots_txt(request):
    return render(
        request, "public/robots.txt", {"sitemap_url": absolute_url("/sitemap.xml")}, content_type="text/plain"
    )
