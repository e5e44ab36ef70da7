"""Deployment settings as a production run reads them, and the headers every response carries."""

import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import make_user
from tests.integration.test_project_invariants import _manage

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DJANGO_SECRET_KEY": "x7#kq2!pz9@vm4$wn8^rt6&yb3*hc5(jd1)fs0-gl_aeiou-production-like-key",
    "DJANGO_ALLOWED_HOSTS": "factcheck.example.org",
}
SETTINGS = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_PROXY_SSL_HEADER",
    "DEBUG",
]


def _production_settings(**env) -> dict:
    values = f"{{k: getattr(settings, k, None) for k in {SETTINGS!r}}}"
    code = f"from django.conf import settings; import json; print(json.dumps({values}))"
    result = _manage("shell", "-c", code, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_are_secure_and_the_proxy_header_is_trusted_only_when_asked():
    direct = _production_settings()
    proxied = _production_settings(DJANGO_BEHIND_PROXY="1")

    assert direct["DEBUG"] is False
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT"):
        assert direct[name] is True, name
    assert direct["SECURE_HSTS_SECONDS"] >= 31536000 and direct["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert direct["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert direct["SECURE_PROXY_SSL_HEADER"] is None
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


HTTPS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
}


@override_settings(**HTTPS)
def test_behind_the_proxy_https_gets_hsts_and_plain_http_is_redirected():
    client = Client()

    plain = client.get(reverse("public:home"))
    secure = client.get(reverse("public:home"), HTTP_X_FORWARDED_PROTO="https")

    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


@override_settings(**HTTPS)
def test_the_session_cookie_is_secure_and_http_only_over_https():
    make_user(username="reporter")
    client = Client()

    response = client.post(
        reverse("login"), {"username": "reporter", "password": "pw-test-123!"}, HTTP_X_FORWARDED_PROTO="https"
    )

    cookie = response.cookies["sessionid"]
    assert response.status_code == 302
    assert cookie["secure"] and cookie["httponly"]


@pytest.mark.parametrize("url", ["/", "/fact-checks/", "/accounts/login/", "/no-such-page/", "/claimreview.json"])
def test_every_response_has_a_strict_csp_and_nosniff(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]

    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src 'self'" in policy  # plus the response's nonce where the page has a script
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
