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

Where things live: the rendered pages stay in each process's own memory (`LocalPages`,
least recently used dropped first within `PUBLIC_PAGE_CACHE_BYTES`), so a hit costs no
network round trip and no unpickling of a large body; only the small generation is read
from Django's cache on each request. With several processes (gunicorn workers) that cache
must be shared (`DJANGO_CACHE_URL=redis://…`) so one worker's bump reaches every worker;
the default local-memory cache is per process, right for one process (`make run`).

The generation is also the pages' `Last-Modified`; the ETag is a hash of the page, weak
because each response carries its own CSP nonce: the cached body keeps a placeholder
where the nonce was, and every response gets a fresh nonce that matches its own
`Content-Security-Policy` header.
"""

import hashlib
import mmap
import os
import struct
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import wraps
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

GENERATION_KEY = "public:generation"
NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"
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
# Readers' browsers revalidate every time (a 304 costs next to nothing) so that a
# correction reaches them at once.
CACHE_CONTROL = {"public": True, "max_age": 0, "must_revalidate": True}


def _next_scheduled_publication() -> datetime | None:
    """When the next fact-check whose publication time is still ahead goes public."""
    from articles.models import FactCheck

    return FactCheck.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()


class CacheGeneration:
    """The generation kept in Django's cache: shared by every host when that is Redis."""

    def __init__(self, backend):
        self.backend = backend
        self._reader = None
        if isinstance(backend, RedisCache):
            # Django's Redis backend builds a client object for each operation, which costs
            # more than the round trip; for this one key read on every request, keep one.
            self._reader = (backend._cache.get_client(), backend.make_and_validate_key(GENERATION_KEY))

    def read(self) -> tuple | None:
        if self._reader is None:
            return self.backend.get(GENERATION_KEY)
        client, key = self._reader
        raw = client.get(key)
        return None if raw is None else self.backend._cache._serializer.loads(raw)

    def write(self, value: tuple) -> None:
        self.backend.set(GENERATION_KEY, value, timeout=None)


class FileGeneration:
    """The generation in a small memory-mapped file that every process on this host shares.

    With the default per-process memory cache, this is what lets one gunicorn worker's bump
    reach the others (and the task worker's): reading it costs well under a microsecond.
    One file per database, so test runs and benchmark databases never mix.
    """

    LAYOUT = struct.Struct("<qq")  # generation (ns), next scheduled publication (ns, 0 = none)

    def __init__(self, path: str):
        self.path = path
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < self.LAYOUT.size:
                os.ftruncate(fd, self.LAYOUT.size)
            self._map = mmap.mmap(fd, self.LAYOUT.size)
        finally:
            os.close(fd)

    def read(self) -> tuple | None:
        generation, next_ns = self.LAYOUT.unpack_from(self._map)
        if not generation:
            return None
        return generation, (datetime.fromtimestamp(next_ns / 1e9, tz=UTC) if next_ns else None)

    def write(self, value: tuple) -> None:
        generation, next_at = value
        self.LAYOUT.pack_into(self._map, 0, generation, int(next_at.timestamp() * 1e9) if next_at else 0)


_stores: dict = {}


def generation_store():
    """Where the generation lives: the shared cache, or with per-process memory a file per host."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, LocMemCache):
        store = _stores.get(id(backend))
        if store is None or store.backend is not backend:
            store = _stores[id(backend)] = CacheGeneration(backend)
        return store
    database = connections[DEFAULT_DB_ALIAS].settings_dict
    identity = f"{database['ENGINE']}|{database.get('HOST')}|{database.get('PORT')}|{database['NAME']}"
    store = _stores.get(identity)
    if store is None:
        digest = hashlib.blake2b(identity.encode(), digest_size=8).hexdigest()
        path = os.path.join(tempfile.gettempdir(), f"factcheck-public-generation-{digest}")
        try:
            store = FileGeneration(path)
        except OSError:  # no writable temporary folder: correct for this process only
            store = CacheGeneration(backend)
        _stores[identity] = store
    return store


def bump_generation(*, reschedule: bool = True) -> int:
    """Start a new public content generation: every cached page is stale from now on.

    `reschedule` looks up the next scheduled publication (a fact-check with a future
    `published_at` becomes visible without any save); callers pass False when what
    changed cannot move it, e.g. a citation, to spare a query per save during imports.
    """
    store = generation_store()
    generation = time.time_ns()
    if reschedule:
        next_at = _next_scheduled_publication()
    else:
        current = store.read()
        next_at = current[1] if current else _next_scheduled_publication()
    store.write((generation, next_at))
    return generation


def read_generation() -> tuple | None:
    """The raw (generation, next scheduled publication) pair, read on every request."""
    return generation_store().read()


def current_generation(value=None) -> int:
    """The current generation (from `value`, as returned by `read_generation`, when given)."""
    if value is None:
        value = read_generation()
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


def _page_key(request: HttpRequest, params: Iterable[str]) -> tuple:
    # Only the parameters the page reads, sorted: `?utm_source=` or a different order
    # share one entry, and made-up or empty parameters cannot fill the cache. (Read from
    # META, not request.GET and request.htmx: this runs on every hit and those build objects.)
    query_string = request.META.get("QUERY_STRING", "")
    query = sorted(pair for pair in parse_qsl(query_string, keep_blank_values=True) if pair[1] and pair[0] in params)
    meta = request.META
    htmx = meta.get("HTTP_HX_REQUEST") == "true" and meta.get("HTTP_HX_HISTORY_RESTORE_REQUEST") != "true"
    # The host too: a page built for one name of the site is never handed to another. It
    # has passed ALLOWED_HOSTS already (CommonMiddleware), so unknown hosts never get here.
    host = meta.get("HTTP_HOST", "").lower()
    return (host, request.path, tuple(query), htmx)


class LocalPages:
    """This process's rendered pages: an LRU dictionary within a byte budget."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # the development server and gthread workers use threads

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def set(self, key, entry) -> None:
        size = len(entry[1])
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped[1])

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


pages = LocalPages(getattr(settings, "PUBLIC_PAGE_CACHE_BYTES", 64 * 1024 * 1024))


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


def _store(request: HttpRequest, key: tuple, generation: int, response: HttpResponse) -> HttpResponse:
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
    pages.set(key, (generation, body, headers, has_nonce))
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
            generation = current_generation(read_generation())
            entry = pages.get(key)
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
