"""Whole-page caching for anonymous readers of the public site.

Rendering a public page costs milliseconds; answering from the cache costs tens of
microseconds. A page is cached whole, for anonymous readers only, under a key made of
its path, the query parameters the page reads and whether htmx asked for the fragment.

Invalidation is as narrow as the change (`articles.cache_topics`): each view says which
*topics* its page is drawn from (`depends_on`: this fact-check, its claim, its speaker,
the lists, the corrections) and each cached page keeps the generation of each topic it
was rendered at. `articles.signals` bumps the topics a saved or deleted row touches, so a
correction re-renders its fact-check, its speaker's page and the lists and feeds it
appears in, and a draft being typed, a claim being triaged or an article being imported
re-renders nothing readers see. A page is kept only if none of its topics moved while it
was rendering, so a page drawn from rows that were being committed is never kept.

Where things live: the rendered pages stay in each process's own memory (`LocalPages`,
least recently used dropped first within `PUBLIC_PAGE_CACHE_BYTES`), so a hit costs no
network round trip and no unpickling of a large body; only the page's few topic
generations are read on each request, from a memory-mapped table shared by every process
on the host, or from Redis (`DJANGO_CACHE_URL=redis://…`) when several hosts serve.

A page's newest topic generation is its `Last-Modified`; the ETag is a hash of the page,
weak because each response carries its own CSP nonce: the cached body keeps a placeholder
where the nonce was, and every response gets a fresh nonce that matches its own
`Content-Security-Policy` header.
"""

import hashlib
import os
import tempfile
import threading
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

from articles import cache_topics as topics
from articles.cache_topics import CacheTopics, FileTopics, RedisTopics

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
_ALL_SLOTS = topics.slots_for([topics.ALL])


def _next_scheduled_publication() -> datetime | None:
    """When the next fact-check whose publication time is still ahead goes public."""
    from articles.models import FactCheck

    return FactCheck.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()


_stores: dict = {}


def topic_store():
    """Where the topic generations live: the shared cache, or with per-process memory a file per host.

    One file per database, so test runs and benchmark databases never mix.
    """
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, LocMemCache):
        store = _stores.get(id(backend))
        if store is None or store.backend is not backend:
            kind = RedisTopics if isinstance(backend, RedisCache) else CacheTopics
            store = _stores[id(backend)] = kind(backend)
        return store
    connection = connections[DEFAULT_DB_ALIAS]
    database = connection.settings_dict
    identity = f"{database['ENGINE']}|{database.get('HOST')}|{database.get('PORT')}|{database['NAME']}"
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        identity += f"|{os.getpid()}"  # every in-memory database is its process's own, whatever its name
    store = _stores.get(identity)
    if store is None:
        digest = hashlib.blake2b(identity.encode(), digest_size=8).hexdigest()
        path = os.path.join(tempfile.gettempdir(), f"factcheck-public-topics-v2-{digest}")
        try:
            store = FileTopics(path)
        except OSError:  # no writable temporary folder: correct for this process only
            store = CacheTopics(backend)
        _stores[identity] = store
    return store


def invalidate(*names: str, reschedule: bool = False) -> int:
    """Mark every cached page drawn from any of these topics as stale; returns the new generation.

    `reschedule` looks up the next scheduled publication again (a fact-check with a future
    `published_at` becomes visible without any save); callers pass it when what changed
    can move that time.
    """
    store = topic_store()
    if reschedule:
        store.set_next_publication(_next_scheduled_publication())
    return store.bump(topics.bumped_slots(names))


def bump_generation(*, reschedule: bool = True) -> int:
    """Make every cached page stale (the rating scale changed, a publication time came)."""
    return invalidate(topics.ALL, reschedule=reschedule)


def _read(slots: tuple[int, ...]) -> tuple[int, ...]:
    """The current generations of `slots`, starting afresh when the table was lost or a publication came."""
    store = topic_store()
    values, due_ns = store.read(slots)
    # Slot 0 is ALL, always read first; zero means the table was lost (a flush, a new file).
    if values[0] == 0 or (due_ns and due_ns <= timezone.now().timestamp() * 1e9):
        bump_generation()
        values, _ = store.read(slots)
    return values


_remembered: dict = {}


def remembered(key: str, names, compute):
    """`compute()`, drawn from these topics, kept in this process until one of them moves.

    For figures that several pages share and that cost a scan to compute, such as the number
    of live fact-checks behind every page of the list and the DataFeed.
    """
    entry = _remembered.get(key)
    if entry is not None and _read(entry[0]) == entry[1]:
        return entry[2]
    slots = topics.slots_for(names)
    started = topic_store().now()
    value = compute()
    generations = _read(slots)
    if max(generations) < started:  # as for pages: nothing it was drawn from moved meanwhile
        _remembered[key] = (slots, generations, value)
    return value


def forget_remembered() -> None:
    """Drop every remembered figure (tests roll back rows without any topic moving)."""
    _remembered.clear()


def current_generation() -> int:
    """The generation of the whole public site (moved by changes that touch every page)."""
    return _read(_ALL_SLOTS)[0]


def last_modified(*names: str) -> datetime:
    """When something drawn from these topics (by default the lists) last changed, as far as the cache knows."""
    slots = topics.slots_for(names or [topics.LISTS])
    return datetime.fromtimestamp(max(_read(slots)) / 1e9, tz=UTC)


def depends_on(request: HttpRequest, *names: str) -> None:
    """Say that the page being rendered for `request` is drawn from these topics."""
    declared = getattr(request, "_page_topics", None)
    if declared is not None:
        declared.update(names)


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


def _conditional(request: HttpRequest, response: HttpResponse, modified_ns: int) -> HttpResponse:
    meta = request.META
    if "HTTP_IF_NONE_MATCH" not in meta and "HTTP_IF_MODIFIED_SINCE" not in meta:
        return response
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=modified_ns // 1_000_000_000, response=response
    )


def _replay(request: HttpRequest, entry: tuple) -> HttpResponse:
    _slots, generations, body, headers, has_nonce = entry
    if has_nonce:
        body = body.replace(NONCE_PLACEHOLDER, str(request._csp_nonce).encode())
    return _conditional(request, HttpResponse(body, headers=headers), max(generations))


def _store(request: HttpRequest, key: tuple, started_ns: int, response: HttpResponse) -> HttpResponse:
    slots = topics.slots_for(request._page_topics)
    generations = _read(slots)
    modified = max(generations)
    if modified >= started_ns:
        # A topic moved while the page was rendering: it may show rows from before the change.
        return response
    body = response.content
    nonce = getattr(request, "_csp_nonce", None)
    has_nonce = bool(nonce)  # a LazyNonce is true once a template has used it
    if has_nonce:
        body = body.replace(str(nonce).encode(), NONCE_PLACEHOLDER)
    # Everything a replay needs is computed once, here: the hit path only copies it.
    response.headers["ETag"] = f'W/"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
    response.headers["Last-Modified"] = http_date(modified / 1e9)
    patch_cache_control(response, **CACHE_CONTROL)
    patch_vary_headers(response, ("Cookie", "HX-Request"))
    headers = {name: value for name, value in response.items() if name.lower() in STORED_HEADERS}
    pages.set(key, (slots, generations, body, headers, has_nonce))
    return _conditional(request, response, modified)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page that rendered a CSRF token is personal: never share it.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.has_header("Cache-Control")
    )


def public_page(params: Iterable[str] = (), *, personal: bool = True, depends: Iterable[str] = ()) -> Callable:
    """Cache a public view's whole response for anonymous readers (see the module docs).

    `params` names the query parameters the view reads; the rest are ignored in the key.
    `depends` names the fixed topics the page is drawn from (`cache_topics.LISTS`…); the
    view adds the topics it finds while rendering with `depends_on`. A page that names
    none is stale after any change. Signed-in users get a fresh, privately cached page
    (they may see drafts and links to the workbench), unless `personal=False` says the
    response is the same for everyone (a stylesheet, robots.txt).
    """
    params = tuple(params)
    depends = tuple(depends)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if personal and not _cacheable_request(request):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
                patch_vary_headers(response, ("Cookie", "HX-Request"))
                return response
            key = _page_key(request, params)
            entry = pages.get(key)
            if entry is not None and _read(entry[0]) == entry[1]:
                return _replay(request, entry)
            current_generation()  # a lost table or a publication due is dealt with before the clock starts
            started = topic_store().now()
            request._page_topics = set(depends)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # a TemplateResponse (the sitemap views)
            if not _storable(request, response):
                return response
            return _store(request, key, started, response)

        return wrapped

    return decorator
