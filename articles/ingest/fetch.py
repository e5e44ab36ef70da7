"""Fetching a feed over HTTP: conditional, bounded in time and size, and public addresses only.

Plain Python (http.client), no Django. A feed address is typed in by a person and then
fetched by a worker inside our network, so it is treated as hostile:

- only ``http`` and ``https``, no user names or passwords in the address;
- the host name is resolved once, *every* address it resolves to must be public (not
  loopback, private, link-local such as 169.254.169.254, multicast or reserved), and the
  connection goes to the address that was checked, so a DNS answer that changes between the
  check and the connection (DNS rebinding) cannot reach an internal service; networks in
  ``allow_networks`` are let through (tests and local development serve feeds on 127.0.0.1);
- redirects are followed by hand, at most ``MAX_REDIRECTS``, each hop checked the same way;
- one deadline covers the whole exchange, redirects included, so a server that trickles a
  byte at a time cannot hold a worker for longer than ``timeout`` seconds;
- at most ``max_bytes`` are read, after gzip decompression too (a small gzip can expand to
  gigabytes), and a larger declared Content-Length is refused before reading.

urllib would follow redirects to any address and connect to whatever the name resolves to at
connection time; requests and httpx would need the same hooks, so the standard library it is.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """The feed could not be fetched; ``message`` says why in words an admin understands.

    ``status`` is the HTTP status when the server answered, ``retry_after`` the seconds it
    asked us to wait (429 and 503 with Retry-After), ``permanent`` whether asking again is
    pointless (410 Gone).
    """

    def __init__(self, message: str, *, status: int | None = None, retry_after: int | None = None, permanent=False):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after
        self.permanent = permanent


@dataclass(frozen=True)
class FetchResult:
    status: int  # 200, or 304 when the feed has not changed since the validators we sent
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    url: str = ""  # where the feed was finally read, after redirects
    moved_to: str = ""  # set when a redirect was permanent (301, 308): the feed's new address


def check_address(url: str) -> tuple[str, str, int]:
    """Refuse what is not an http(s) address of a host; return (scheme, host, port)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchError(f"“{url[:200]}” is not a valid web address") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"only http:// and https:// feeds can be polled, not “{scheme or url[:50]}”")
    if parts.username is not None or parts.password is not None:
        raise FetchError("feed addresses with a user name or password are not supported")
    if not parts.hostname:
        raise FetchError(f"“{url[:200]}” has no host name")
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80)


def forbidden_reason(address: str, allow_networks: tuple = ()) -> str | None:
    """Why `address` (an IP) must not be fetched from, or None when it is a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in ipaddress.ip_network(network, strict=False) for network in allow_networks):
        return None
    if ip.is_loopback:
        return "this machine (a loopback address)"
    if ip.is_link_local:
        return "a link-local address (such as a cloud metadata service)"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private or ip.is_reserved or ip.is_unspecified or not ip.is_global:
        return "a private or reserved network address"
    return None


def resolve(host: str, port: int, allow_networks: tuple = ()) -> str:
    """The address to connect to for `host`, after checking that every address it has is public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"the host name {host} could not be found (DNS)") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        reason = forbidden_reason(address, allow_networks)
        if reason:
            raise FetchError(f"{host} points to {address}, {reason}; only feeds on the public internet can be polled")
    if not addresses:
        raise FetchError(f"the host name {host} has no address")
    return addresses[0]


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float = 20.0,
    max_bytes: int = 5 * 1024 * 1024,
    allow_networks: tuple = (),
    user_agent: str = "feed-poller",
) -> FetchResult:
    """GET `url` with If-None-Match / If-Modified-Since; raise FetchError for anything but 200 or 304."""
    deadline = _Deadline(timeout)
    try:
        return _fetch(url, etag, last_modified, deadline, max_bytes, allow_networks, user_agent)
    except FetchError:
        if deadline.expired:
            seconds = f"{timeout:g} second{'' if timeout == 1 else 's'}"
            raise FetchError(f"the server did not send the feed within {seconds}, the time limit") from None
        raise
    finally:
        deadline.cancel()


def _fetch(url, etag, last_modified, deadline, max_bytes, allow_networks, user_agent) -> FetchResult:
    moved_to = ""
    permanent_so_far = True
    for hop in range(MAX_REDIRECTS + 1):
        try:
            response, connection = _request(url, etag, last_modified, deadline, allow_networks, user_agent)
        except FetchError as error:
            if hop and not deadline.expired:
                raise FetchError(f"the feed redirects to {url[:200]}: {error.message}", status=error.status) from None
            raise
        try:
            status = response.status
            if status in _REDIRECTS:
                location = response.getheader("Location", "")
                if not location:
                    raise FetchError(
                        f"the server answered {status} (a redirect) without saying where to", status=status
                    )
                url = urljoin(url, location.strip())
                permanent_so_far = permanent_so_far and status in (301, 308)
                moved_to = url if permanent_so_far else ""
                continue
            if status == 304:
                return FetchResult(304, url=url, moved_to=moved_to)
            if status != 200:
                raise _status_error(response)
            body = _read_body(response, deadline, max_bytes)
            return FetchResult(
                200,
                body=body,
                etag=(response.getheader("ETag") or "")[:500],
                last_modified=(response.getheader("Last-Modified") or "")[:100],
                content_type=(response.getheader("Content-Type") or "").split(";")[0].strip().lower(),
                url=url,
                moved_to=moved_to,
            )
        finally:
            connection.close()
    raise FetchError(f"the feed redirected more than {MAX_REDIRECTS} times")


class _Deadline:
    """One deadline for a whole fetch. Socket timeouts bound each wait, but a server can send
    a byte just before each one; so when the deadline passes, the open socket is shut down,
    which ends any read in progress (plain or TLS)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._timers: list[threading.Timer] = []

    def remaining(self) -> float:
        remaining = self.ends - time.monotonic()
        if remaining <= 0:
            self.expired = True
            raise FetchError("the deadline passed")
        return remaining

    def watch(self, sock: socket.socket) -> None:
        timer = threading.Timer(self.remaining(), self._expire, [sock])
        timer.daemon = True
        timer.start()
        self._timers.append(timer)

    def _expire(self, sock: socket.socket) -> None:
        self.expired = True
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def cancel(self) -> None:
        for timer in self._timers:
            timer.cancel()


def _request(url, etag, last_modified, deadline: _Deadline, allow_networks, user_agent):
    scheme, host, port = check_address(url)
    address = resolve(host, port, allow_networks)
    remaining = deadline.remaining()
    if scheme == "https":
        connection = http.client.HTTPSConnection(host, port, timeout=remaining, context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(host, port, timeout=remaining)

    def connect(_address, timeout, *args, **kwargs):
        # Connect to the address that was checked, not to whatever the name resolves to now;
        # TLS still verifies the certificate against the host name.
        sock = socket.create_connection((address, port), timeout, *args, **kwargs)
        deadline.watch(sock)
        return sock

    connection._create_connection = connect
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {
        "User-Agent": user_agent,
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
        "Accept-Encoding": "gzip",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        connection.request("GET", target, headers=headers)
        return connection.getresponse(), connection
    except TimeoutError:
        connection.close()
        raise FetchError("the server did not answer in time") from None
    except ssl.SSLError as error:
        connection.close()
        raise FetchError(f"the secure connection failed ({error.reason or error})") from None
    except (OSError, http.client.HTTPException) as error:
        connection.close()
        raise FetchError(f"the connection failed ({_describe(error)})") from None


def _status_error(response) -> FetchError:
    status = response.status
    reason = response.reason or http.client.responses.get(status, "")
    retry_after = parse_retry_after(response.getheader("Retry-After")) if status in (429, 503) else None
    if status == 410:
        return FetchError("the feed is gone (410): the outlet has removed it", status=status, permanent=True)
    if status == 404:
        return FetchError("there is no feed at this address (404 Not Found)", status=status)
    if status in (401, 403):
        return FetchError(f"the server refused access to the feed ({status} {reason})", status=status)
    if status == 429:
        return FetchError(
            "the server asks us to poll less often (429 Too Many Requests)", status=status, retry_after=retry_after
        )
    return FetchError(f"the server answered {status} {reason}".rstrip(), status=status, retry_after=retry_after)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> int | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0, int((when - (now or datetime.now(UTC))).total_seconds()))


def _read_body(response, deadline: _Deadline, max_bytes: int) -> bytes:
    too_large = FetchError(f"the feed is larger than {max_bytes / 2**20:g} MB, the limit; it was not read")
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise too_large
    gzipped = (response.getheader("Content-Encoding") or "").strip().lower() in ("gzip", "x-gzip")
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
    body = bytearray()
    try:
        while True:
            deadline.remaining()
            chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
            if not chunk:
                break
            if inflater is None:
                body += chunk
            else:
                # Inflate at most one byte past the limit at a time: a gzip bomb never fills memory.
                data = chunk
                while data and len(body) <= max_bytes:
                    body += inflater.decompress(data, max_bytes + 1 - len(body))
                    data = inflater.unconsumed_tail
            if len(body) > max_bytes:
                raise too_large
    except TimeoutError:
        raise FetchError("the server did not send the whole feed in time") from None
    except zlib.error:
        raise FetchError("the server sent a damaged gzip-compressed feed") from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(f"the connection broke while reading the feed ({_describe(error)})") from None
    if deadline.expired:  # the watchdog shut the socket: what was read is not the whole feed
        raise FetchError("the deadline passed")
    if inflater is not None:
        body += inflater.flush()[: max_bytes + 1 - len(body)]
        if len(body) > max_bytes:
            raise too_large
    return bytes(body)


def _describe(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(error, http.client.IncompleteRead):
        return "the server closed the connection early"
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return text[:200]
