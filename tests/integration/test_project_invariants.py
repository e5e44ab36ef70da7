"""Site-wide promises: migrations, deploy settings, every page renders, CSP everywhere."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROOT = Path(__file__).resolve().parents[2]


def test_no_pending_migrations(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _manage(*args, **env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="x7#kq2!pz9@vm4$wn8^rt6&yb3*hc5(jd1)fs0-gl_aeiou-production-like-key",
        DJANGO_ALLOWED_HOSTS="factcheck.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_the_development_key_with_debug_off():
    result = _manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def _argument_free_urls(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns == "admin":
                continue
            yield from _argument_free_urls(pattern, prefix, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groups:
            yield f"{namespace}{pattern.name}"


ARGUMENT_FREE = sorted(set(_argument_free_urls()))


@pytest.mark.parametrize("name", ARGUMENT_FREE)
def test_every_argument_free_url_renders_for_an_admin(name, admin_client_role):
    response = admin_client_role.get(reverse(name))
    # POST-only actions (logout, bulk actions) answer GET with 405 and say so in Allow.
    if response.status_code == 405:
        assert "GET" not in response.headers["Allow"], name
    else:
        assert response.status_code == 200, (name, response.status_code)


@pytest.mark.parametrize("name", ARGUMENT_FREE)
def test_every_response_carries_a_content_security_policy(name, client, db):
    response = client.get(reverse(name))
    assert "Content-Security-Policy" in response.headers, name
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_unknown_page_is_a_friendly_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
