"""The public site: what readers, search engines and aggregators see.

Every page here is cached whole for anonymous readers (`articles.cache.public_page`),
says which topics it is drawn from, and is invalidated by `articles.signals` when one of
them changes; each view runs a constant number of queries however many rows there are.
"""

import hashlib
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET
from django_htmx.http import push_url

from articles import cache_topics as topics
from articles import roles
from articles.cache import depends_on, public_page
from articles.claimreview import (
    absolute_url,
    appearances,
    claimreview,
    json_for_script,
    person_name,
    rating_scale,
)
from articles.filters import PublicFactCheckFilter
from articles.markdown import render_markdown
from articles.models import Correction, FactCheck, FactCheckOldSlug, Quote, Rating, Speaker, SpeakerAlias, live_q
from articles.pagination import IdPaginator, live_factcheck_count
from articles.rating_colours import badge_colours
from articles.share_card import draw_card
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
    return live_q(prefix)


def is_public(factcheck: FactCheck) -> bool:
    return factcheck.is_live


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
        "author_name": person_name(factcheck.author),
        "approver_name": person_name(factcheck.approved_by),
        "card_url": absolute_url(reverse("public:factcheck_card", args=[factcheck.slug])),
        "card_alt": card_alt(factcheck),
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
    filtered = any(request.GET.get(name) for name in PublicFactCheckFilter.PARAMS if name != "page")
    count = None if filtered else live_factcheck_count()
    page = IdPaginator(filterset.qs, FACTCHECKS_PER_PAGE, count=count).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page": page, "filtered": filtered}
    if not request.htmx or request.htmx.history_restore_request:
        return render(request, "public/factcheck_list.html", context)
    response = render(request, "public/factcheck_list.html#results", context)
    # The form sends every field; the address bar gets only the filters in use, to share.
    used = urlencode([(key, value) for key, value in request.GET.items() if value and key in filterset.PARAMS])
    return push_url(response, request.path + (f"?{used}" if used else ""))


def retraction_context(factcheck: FactCheck) -> dict:
    """The public retraction notice: what was retracted, when, and why."""
    retraction = factcheck.corrections.filter(kind=Correction.Kind.RETRACTION).order_by("-created_at").first()
    return {
        "factcheck": factcheck,
        "speaker": factcheck.claim.speaker,
        "rating": factcheck.rating,
        "retraction": retraction,
        "canonical_url": absolute_url(factcheck.get_absolute_url()),
        "corrections": list(
            factcheck.corrections.exclude(kind=Correction.Kind.RETRACTION)
            .select_related("previous_rating", "new_rating")
            .order_by("created_at", "id")
        ),
    }


@require_GET
@public_page()
def factcheck_detail(request, slug):
    factcheck = FactCheck.objects.for_public().filter(slug=slug).first()
    if factcheck is None:
        # An address it had before an editor changed it: links already shared keep working.
        old = get_object_or_404(FactCheckOldSlug.objects.select_related("factcheck"), slug=slug)
        return HttpResponsePermanentRedirect(old.factcheck.get_absolute_url())
    newsroom = _newsroom(request)
    if factcheck.status == FactCheck.Status.RETRACTED and not newsroom:
        # Gone for good, and saying so: readers who follow an old link learn what was retracted and why.
        return render(request, "public/factcheck_retracted.html", retraction_context(factcheck), status=410)
    if not is_public(factcheck) and not newsroom:
        raise Http404("No published fact-check here.")  # drafts and scheduled checks are the newsroom's
    _depends_on_factcheck(request, factcheck)
    return render(request, "public/factcheck_detail.html", factcheck_page_context(factcheck))


def _depends_on_factcheck(request, factcheck: FactCheck) -> None:
    """A fact-check's page is drawn from it, its claim (wording, appearances) and its speaker."""
    depends_on(request, topics.factcheck(factcheck.pk), topics.claim(factcheck.claim_id))
    if factcheck.claim.speaker_id:
        depends_on(request, topics.speaker(factcheck.claim.speaker_id))


def _speaker_line(speaker: Speaker | None) -> str:
    if speaker is None:
        return ""
    return ", ".join(part for part in (speaker.name, speaker.role) if part)


def card_alt(factcheck: FactCheck) -> str:
    """The share card in words, for og:image:alt."""
    verdict = factcheck.rating.label if factcheck.rating_id else "Not rated"
    who = _speaker_line(factcheck.claim.speaker)
    return f"{verdict}: “{factcheck.claim_reviewed or factcheck.claim.text}”" + (f" — {who}" if who else "")


# Opened on its own, the card is an image document whose viewer styles itself inline; an
# image needs no scripts, so this policy allows nothing else.
CARD_CSP = {"default-src": [CSP.NONE], "img-src": [CSP.SELF], "style-src": [CSP.UNSAFE_INLINE]}


@csp_override(CARD_CSP)  # outside the page cache: a replayed response must carry it too
@require_GET
@public_page(personal=False)
def factcheck_card(request, slug):
    """The fact-check's share card (og:image), a PNG drawn on the server and kept in the cache.

    Only published fact-checks have one. The drawing is cached under a hash of what it
    shows, so a new rating, wording or speaker draws a new card and nothing else does.
    """
    factcheck = get_object_or_404(FactCheck.objects.for_public(), slug=slug)
    if not is_public(factcheck):
        raise Http404("No published fact-check here.")
    _depends_on_factcheck(request, factcheck)
    badge = badge_colours(factcheck.rating.colour) if factcheck.rating_id else ("#57606a", "#ffffff")
    fields = {
        "site": settings.SITE_NAME,
        "claim": " ".join((factcheck.claim_reviewed or factcheck.claim.text).split()),
        "speaker": _speaker_line(factcheck.claim.speaker),
        "verdict": factcheck.rating.label if factcheck.rating_id else "Not rated",
        "badge": badge,
    }
    key = "share-card:" + hashlib.sha256(repr(sorted(fields.items())).encode()).hexdigest()
    png = cache.get(key)
    if png is None:
        png = draw_card(**fields)
        cache.set(key, png, timeout=30 * 24 * 3600)
    return HttpResponse(png, content_type="image/png")


def _speakers_matching(query: str):
    """Speakers whose name or another name they go by contains `query` (any case)."""
    named = Q(name__icontains=query) | Exists(
        SpeakerAlias.objects.filter(speaker=OuterRef("pk"), name__icontains=query)
    )
    return Speaker.objects.filter(named)


@require_GET
@public_page(params=["page", "q"], depends=[topics.LISTS])
def speaker_list(request):
    # A NUL matches no name, and PostgreSQL refuses it in a query.
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:100]
    speakers = (_speakers_matching(query) if query else Speaker.objects.all()).checked()
    page = Paginator(speakers, SPEAKERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "public/speaker_list.html", {"page": page, "query": query})


@require_GET
@public_page(params=["page"])
def speaker_detail(request, slug):
    speaker = get_object_or_404(Speaker, slug=slug)
    depends_on(request, topics.speaker(speaker.pk), topics.speaker_checks(speaker.pk))
    factchecks = FactCheck.objects.published().for_public().filter(claim__speaker=speaker)
    card = scorecard(speaker, factchecks)
    if not card.total and not _newsroom(request):
        raise Http404("We have not published a fact-check of this speaker.")  # nothing public to show
    page = IdPaginator(factchecks, FACTCHECKS_PER_PAGE, count=card.total).get_page(request.GET.get("page"))
    context = {"speaker": speaker, "scorecard": card, "page": page, "small_sample": card.total < SMALL_SAMPLE}
    return render(request, "public/speaker_detail.html", context)


@require_GET
@public_page(depends=[topics.LISTS])
def ratings(request):
    # Tallied from the live fact-checks' index, not by joining every fact-check to the scale.
    uses = dict(FactCheck.objects.published().order_by().values_list("rating").annotate(n=Count("pk")))
    scale = list(Rating.objects.order_by("order", "id"))
    for step in scale:
        step.uses = uses.get(step.pk, 0)
    return render(request, "public/ratings.html", {"ratings": scale})


@require_GET
@public_page(params=["page"], depends=[topics.CORRECTIONS])
def corrections(request):
    # Retracted fact-checks stay on the record: their corrections and the retraction itself are listed.
    public = Correction.objects.filter(
        Exists(FactCheck.objects.on_record().filter(pk=OuterRef("factcheck_id")))
    ).select_related("factcheck__claim__speaker", "previous_rating", "new_rating")
    page = Paginator(public.order_by("-created_at", "-id"), CORRECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "public/corrections.html", {"page": page})


@require_GET
@public_page(personal=False, depends=[topics.ALL])
def robots_txt(request):
    return render(
        request, "public/robots.txt", {"sitemap_url": absolute_url("/sitemap.xml")}, content_type="text/plain"
    )
