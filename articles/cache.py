"""Whole-page caching for anonymous readers of the public site.

Rendering a public page costs milliseconds; answering from the cache costs tens of
microseconds. A page is cached whole, for anonymous readers only, under a key made of
its path, the query parameters the page reads and whether htmx asked for the fragment.

Invalidation is one global *public content generation*: a nanosecond timestamp kept in
the cache and replaced (bumped) by `articles.signals` whenever something a reader can see
is saved or deleted: a fact-check, a correction, a citation, a rating... Each cached page
records the generation it was rendered at and is served only while that generation is
current, so a publish, an edit or a correction shows at once, and a change nobody can
see costs one re-render per page. The generation read before rendering is the one stored
with the page, so a page rendered while a change was being committed is never kept.
With several processes (gunicorn workers) the cache must be shared (`DJANGO_CACHE_URL`),
or one worker's bump is not seen by the others.

The generation is also the pages' `Last-Modified`; the ETag is a hash of the page, weak
because each response carries its own CSP nonce: the cached body keeps a placeholder
where the nonce was, and every response gets a fresh nonce that matches its own
`Content-Security-Policy` header.
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import wraps
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

GENERATION_KEY = "public:generation"
PAGE_KEY_PREFIX = "public:page:"
NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"
# Cached pages are also dropped after a day, so a cache without eviction stays bounded.
# Headers that belong to the page itself (the rest, such as the CSP, are set for each response).
STORED_HEADERS = {
    "content-type",
    "content-language",
    "link",
    "x-robots-tag",
    "etag",
    "last-modified",
    "cache-control",
    "vary",
    "hx-push-url",
}
PAGE_TIMEOUT = 24 * 60 * 60
# Readers' browsers revalidate every time (a 304 costs next to nothing) so that a
# correction reaches them at once.
CACHE_CONTROL = {"public": True, "max_age": 0, "must_revalidate": True}


def _next_scheduled_publication() -> datetime | None:
    """When the next fact-check whose publication time is still ahead goes public."""
    from articles.models import FactCheck

    return (
        FactCheck.objects.filter(status=FactCheck.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def bump_generation(*, reschedule: bool = True) -> int:
    """Start a new public content generation: every cached page is stale from now on.

    `reschedule` looks up the next scheduled publication (a fact-check with a future
    `published_at` becomes visible without any save); callers pass False when what
    changed cannot move it, e.g. a citation, to spare a query per save during imports.
    """
    generation = time.time_ns()
    if reschedule:
        next_at = _next_scheduled_publication()
    else:
        current = cache.get(GENERATION_KEY)
        next_at = current[1] if current else _next_scheduled_publication()
    cache.set(GENERATION_KEY, (generation, next_at), timeout=None)
    return generation


def current_generation(value=None) -> int:
    """The current generation (from `value`, as read from the cache, when given)."""
    if value is None:
        value = cache.get(GENERATION_KEY)
    if value is None:
        return bump_generation()
    generation, next_at = value
    if next_at is not None and next_at <= timezone.now():
        return bump_generation()
    return generation


def last_modified() -> datetime:
    """When something readers can see last changed (as far as this cache knows)."""
    return datetime.fromtimestamp(current_generation() / 1e9, tz=UTC)


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    # A pending flash message would be shown (and consumed) by a rendered page only.
    if "messages" in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
        return False
    return True


def _page_key(request: HttpRequest, params: Iterable[str]) -> str:
    # Only the parameters the page reads, sorted: `?utm_source=` or a different order
    # share one entry, and made-up or empty parameters cannot fill the cache. (Read from META, not
    # request.GET and request.htmx: this runs on every hit and those build whole objects.)
    query_string = request.META.get("QUERY_STRING", "")
    query = sorted(pair for pair in parse_qsl(query_string, keep_blank_values=True) if pair[1] and pair[0] in params)
    meta = request.META
    htmx = meta.get("HTTP_HX_REQUEST") == "true" and meta.get("HTTP_HX_HISTORY_RESTORE_REQUEST") != "true"
    raw = f"{request.path}\x00{query!r}\x00{htmx}"
    return PAGE_KEY_PREFIX + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def _conditional(request: HttpRequest, response: HttpResponse, generation: int) -> HttpResponse:
    meta = request.META
    if "HTTP_IF_NONE_MATCH" not in meta and "HTTP_IF_MODIFIED_SINCE" not in meta:
        return response
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=generation // 1_000_000_000, response=response
    )


def _replay(request: HttpRequest, entry: tuple) -> HttpResponse:
    generation, body, headers, has_nonce = entry
    if has_nonce:
        body = body.replace(NONCE_PLACEHOLDER, str(request._csp_nonce).encode())
    return _conditional(request, HttpResponse(body, headers=headers), generation)


def _store(request: HttpRequest, key: str, generation: int, response: HttpResponse) -> HttpResponse:
    body = response.content
    nonce = getattr(request, "_csp_nonce", None)
    has_nonce = bool(nonce)  # a LazyNonce is true once a template has used it
    if has_nonce:
        body = body.replace(str(nonce).encode(), NONCE_PLACEHOLDER)
    # Everything a replay needs is computed once, here: the hit path only copies it.
    response.headers["ETag"] = f'W/"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
    response.headers["Last-Modified"] = http_date(generation / 1e9)
    patch_cache_control(response, **CACHE_CONTROL)
    patch_vary_headers(response, ("Cookie", "HX-Request"))
    headers = {name: value for name, value in response.items() if name.lower() in STORED_HEADERS}
    cache.set(key, (generation, body, headers, has_nonce), timeout=PAGE_TIMEOUT)
    return _conditional(request, response, generation)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page that rendered a CSRF token is personal: never share it.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.has_header("Cache-Control")
    )


def public_page(params: Iterable[str] = (), *, personal: bool = True) -> Callable:
    """Cache a public view's whole response for anonymous readers (see the module docs).

    `params` names the query parameters the view reads; the rest are ignored in the key.
    Signed-in users get a fresh, privately cached page (they may see drafts and links to
    the workbench), unless `personal=False` says the response is the same for everyone
    (a stylesheet, robots.txt).
    """
    params = tuple(params)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if personal and not _cacheable_request(request):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
                patch_vary_headers(response, ("Cookie", "HX-Request"))
                return response
            key = _page_key(request, params)
            found = cache.get_many([GENERATION_KEY, key])
            generation = current_generation(found.get(GENERATION_KEY))
            entry = found.get(key)
            if entry is not None and entry[0] == generation:
                return _replay(request, entry)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # a TemplateResponse (the sitemap views)
            if not _storable(request, response):
                return response
            return _store(request, key, generation, response)

        return wrapped

    return decorator
