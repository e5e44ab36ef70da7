"""Our own 400, 403, 404 and 500 pages, with debug off: clear, and they leak nothing.

The test client runs with DEBUG off (pytest-django), as production does.
"""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import connection
from django.http import Http404
from django.test import Client, RequestFactory, override_settings
from django.urls import path, reverse

from articles.models import FactCheck
from articles.views import errors
from factcheck.urls import urlpatterns as site_urlpatterns
from tests.factories import make_factcheck

pytestmark = pytest.mark.django_db

SECRET = "s3cr3t-detail-9f2c"  # what an exception might carry: it must never reach the page


def _boom(request):
    raise RuntimeError(f"database password is {SECRET}")


def _suspicious(request):
    raise SuspiciousOperation(f"tampered with {SECRET}")


def _forbidden(request):
    raise PermissionDenied(f"rule {SECRET}")


def _missing(request):
    raise Http404(f"draft {SECRET} exists")


urlpatterns = [
    path("boom/", _boom),
    path("suspicious/", _suspicious),
    path("forbidden/", _forbidden),
    path("missing/", _missing),
    *site_urlpatterns,  # the error pages link to the site's pages
]
handler400 = errors.bad_request
handler500 = errors.server_error


def _assert_leaks_nothing(response):
    body = response.content.decode()
    for leak in (SECRET, "Traceback", "RuntimeError", "SuspiciousOperation", 'File "', "settings.py", "DEBUG"):
        assert leak not in body, leak
    assert "Content-Security-Policy" in response.headers


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/suspicious/", 400, "We couldn’t read that request"),
        ("/forbidden/", 403, "You don’t have access to this page"),
        ("/missing/", 404, "Page not found"),
        ("/boom/", 500, "Something went wrong on our side"),
    ],
)
def test_each_error_page_is_ours_and_leaks_nothing(url, status, heading):
    response = Client(raise_request_exception=False).get(url)

    assert response.status_code == status
    assert heading in response.content.decode()
    assert "The Fact-Check Desk" in response.content.decode()  # the site's own page, not Django's
    _assert_leaks_nothing(response)


def test_a_forged_host_gets_our_400_page(client):
    response = client.get(reverse("public:home"), HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert "We couldn’t read that request" in response.content.decode()
    assert "attacker.example" not in response.content.decode()


def test_the_500_page_renders_without_the_database_or_a_working_request():
    def no_database(execute, sql, params, many, context):
        raise AssertionError(f"the 500 page queried the database: {sql}")

    broken = RequestFactory().get("/", HTTP_HOST="not-allowed.example")  # no session, no user, bad host
    with connection.execute_wrapper(no_database):
        response = errors.server_error(broken)

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert 'href="/static/css/site.css"' in response.content.decode()


def test_the_500_page_falls_back_to_a_fixed_page_if_its_template_fails(settings):
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
    }  # no manifest was collected: {% static %} raises, as it would on a half-deployed server

    response = errors.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_draft_and_a_page_that_never_existed_get_the_same_404(client):
    draft = make_factcheck(status=FactCheck.Status.DRAFT, headline="Secret draft headline")

    for_draft = client.get(reverse("public:factcheck_detail", args=[draft.slug]))
    for_nothing = client.get(reverse("public:factcheck_detail", args=["no-such-fact-check"]))

    assert for_draft.status_code == for_nothing.status_code == 404
    assert "Secret draft headline" not in for_draft.content.decode()

    def _without_nonce(response):
        nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        return response.content.decode().replace(nonce, "")

    assert _without_nonce(for_draft) == _without_nonce(for_nothing)


def test_an_expired_form_gets_a_page_that_says_what_to_do(db):
    csrf_client = Client(enforce_csrf_checks=True)

    response = csrf_client.post(reverse("login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert "CSRF" not in response.content.decode()
