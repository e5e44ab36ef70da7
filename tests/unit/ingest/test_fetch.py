"""The feed fetcher on its own (no Django): which addresses it refuses, and that it connects where it checked."""

import socket
from datetime import UTC, datetime

import pytest

from articles.ingest.fetch import FetchError, check_address, fetch, forbidden_reason, parse_retry_after
from tests.feed_server import FeedServer, rss, story


@pytest.mark.parametrize(
    "address, reason",
    [
        ("127.0.0.1", "this machine (a loopback address)"),
        ("127.8.9.10", "this machine (a loopback address)"),
        ("::1", "this machine (a loopback address)"),
        ("::ffff:127.0.0.1", "this machine (a loopback address)"),  # IPv4 written as IPv6
        ("10.0.0.1", "a private or reserved network address"),
        ("172.16.4.2", "a private or reserved network address"),
        ("192.168.1.1", "a private or reserved network address"),
        ("100.64.0.1", "a private or reserved network address"),  # carrier-grade NAT
        ("fd00::1", "a private or reserved network address"),
        ("0.0.0.0", "a private or reserved network address"),
        ("169.254.169.254", "a link-local address (such as a cloud metadata service)"),
        ("fe80::1%eth0", "a link-local address (such as a cloud metadata service)"),
        ("224.0.0.1", "a multicast address"),
        ("240.0.0.1", "a private or reserved network address"),
        ("8.8.8.8", None),
        ("151.101.1.69", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_only_public_addresses_may_be_fetched(address, reason):
    assert forbidden_reason(address) == reason


def test_listed_networks_are_let_through():
    assert forbidden_reason("127.0.0.1", ("127.0.0.1/32",)) is None
    assert forbidden_reason("127.0.0.2", ("127.0.0.1/32",)) == "this machine (a loopback address)"
    assert forbidden_reason("10.20.30.40", ("10.20.0.0/16",)) is None


@pytest.mark.parametrize(
    "url, message",
    [
        ("gopher://example.org/", "only http:// and https:// feeds can be polled, not “gopher”"),
        ("example.org/feed", "only http:// and https:// feeds can be polled"),
        ("http://user:pw@example.org/", "feed addresses with a user name or password are not supported"),
        ("http:///feed.xml", "has no host name"),
        ("http://example.org:http/", "is not a valid web address"),
    ],
)
def test_addresses_that_are_not_web_addresses_are_refused(url, message):
    with pytest.raises(FetchError) as refused:
        check_address(url)
    assert message in refused.value.message


def test_a_valid_address_gives_its_host_and_port():
    assert check_address("https://News.Example.org/rss") == ("https", "news.example.org", 443)
    assert check_address("http://[2606:4700::1]:8080/rss") == ("http", "2606:4700::1", 8080)


@pytest.mark.parametrize(
    "value, seconds",
    [
        ("120", 120),
        (" 0 ", 0),
        ("Wed, 21 Oct 2015 07:28:30 GMT", 30),
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0),  # in the past: no wait
        ("soon", None),
        ("", None),
        (None, None),
        ("-5", None),
    ],
)
def test_retry_after_in_seconds_or_as_a_date(value, seconds):
    now = datetime(2015, 10, 21, 7, 28, tzinfo=UTC)
    assert parse_retry_after(value, now=now) == seconds


@pytest.fixture
def server():
    server = FeedServer()
    yield server
    server.stop()


def fake_dns(monkeypatch, answers: dict[str, list[list[str]]]):
    """Make getaddrinfo answer `answers[host]`, one list of addresses per call (the last repeats)."""
    real = socket.getaddrinfo
    asked = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        asked.append(host)
        rounds = answers[host]
        addresses = rounds[min(len(asked) - 1, len(rounds) - 1)]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_the_connection_goes_to_the_address_that_was_checked(server, monkeypatch):
    """DNS rebinding: a name that points elsewhere once checked is still fetched from the checked address."""
    server.feed("/feed.xml", rss(story(1)))
    asked = fake_dns(monkeypatch, {"feeds.example": [["127.0.0.1"], ["10.9.9.9"]]})

    result = fetch(f"http://feeds.example:{server.port}/feed.xml", allow_networks=("127.0.0.1/32",), timeout=5)

    assert result.status == 200 and b"Council story number 1" in result.body
    assert asked == ["feeds.example"]  # resolved once, for the check
    assert server.requests[0][1]["host"] == f"feeds.example:{server.port}"


def test_a_name_with_any_private_address_is_refused(server, monkeypatch):
    fake_dns(monkeypatch, {"mixed.example": [["151.101.1.69", "10.0.0.7"]]})

    with pytest.raises(FetchError) as refused:
        fetch(f"http://mixed.example:{server.port}/feed.xml", timeout=5)

    assert refused.value.message == (
        "mixed.example points to 10.0.0.7, a private or reserved network address; "
        "only feeds on the public internet can be polled"
    )
    assert server.requests == []


def test_an_unknown_host_is_a_clear_error(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)

    with pytest.raises(FetchError, match=r"the host name nowhere\.example could not be found \(DNS\)"):
        fetch("https://nowhere.example/feed.xml", timeout=5)


def test_too_many_redirects_are_refused(server):
    for n in range(10):
        server.redirect(f"/hop{n}", f"/hop{n + 1}")

    with pytest.raises(FetchError, match="redirected more than 5 times"):
        fetch(server.url("/hop0"), allow_networks=("127.0.0.1/32",), timeout=5)
    assert len(server.requests) == 6
