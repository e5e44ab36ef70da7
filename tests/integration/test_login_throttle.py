"""Login throttling (issue 13, defect 6: 100 wrong passwords in 93 s, then the right one logged in).

django-axes counts failures by username and client address together; after the limit that
pair is refused, even with the right password, until the cool-off passes or an Admin
deletes the access attempt in the admin.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from articles import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "pw-test-123!"
LIMIT = settings.AXES_FAILURE_LIMIT


def _login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_after_the_limit_even_the_right_password_is_refused_with_a_readable_page():
    make_user(username="reporter")
    guesser = Client(REMOTE_ADDR="203.0.113.9")

    statuses = [_login(guesser, "reporter", f"guess-{n}").status_code for n in range(LIMIT + 15)]
    right = _login(guesser, "reporter", PASSWORD)

    assert statuses[: LIMIT - 1] == [200] * (LIMIT - 1)  # the form again, with its error
    assert set(statuses[LIMIT:]) == {429}
    assert right.status_code == 429
    assert not _logged_in(guesser)
    page = right.content.decode()
    assert "Too many failed logins" in page and "reporter" in page
    assert "15 minutes" in page and "Access attempts" in page


def test_the_lockout_is_for_that_username_from_that_address_only():
    make_user(username="reporter")
    make_user(username="colleague")
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(LIMIT):
        _login(guesser, "reporter", f"guess-{n}")

    colleague_same_office = Client(REMOTE_ADDR="203.0.113.9")
    reporter_elsewhere = Client(REMOTE_ADDR="198.51.100.4")
    assert _login(colleague_same_office, "colleague", PASSWORD).status_code == 302
    assert _login(reporter_elsewhere, "reporter", PASSWORD).status_code == 302
    assert _logged_in(colleague_same_office) and _logged_in(reporter_elsewhere)


def test_a_few_typos_before_the_right_password_count_for_nothing():
    make_user(username="reporter")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(2):
        for n in range(LIMIT - 1):
            _login(client, "reporter", f"typo-{n}")
        assert _login(client, "reporter", PASSWORD).status_code == 302
        client.logout()


def test_the_lockout_ends_after_the_cool_off():
    make_user(username="reporter")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(LIMIT):
        _login(client, "reporter", f"guess-{n}")
    assert _login(client, "reporter", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))

    assert _login(client, "reporter", PASSWORD).status_code == 302


def test_an_admin_unlocks_a_login_in_the_admin(admin_client_role):
    make_user(username="reporter")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(LIMIT):
        _login(client, "reporter", f"guess-{n}")
    attempt = AccessAttempt.objects.get(username="reporter")

    listing = admin_client_role.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "reporter" in listing.content.decode()
    deleted = admin_client_role.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert deleted.status_code == 302
    assert _login(client, "reporter", PASSWORD).status_code == 302


def test_an_editor_cannot_unlock_logins(client):
    editor = make_user(role=roles.EDITOR, username="ed", is_staff=True)
    client.force_login(editor)

    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_the_admin_login_is_throttled_too():
    make_user(role=roles.ADMIN, username="boss", is_staff=True)
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(LIMIT):
        client.post(reverse("admin:login"), {"username": "boss", "password": f"guess-{n}"})

    response = client.post(reverse("admin:login"), {"username": "boss", "password": PASSWORD})

    assert response.status_code == 429
    assert not _logged_in(client)


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_the_address_it_appended_is_counted_not_what_the_client_wrote():
    make_user(username="reporter")
    client = Client(REMOTE_ADDR="10.0.0.2")  # the proxy
    for n in range(LIMIT):
        forged = f"192.0.2.{n}"  # a different made-up address every time
        _login(client, "reporter", f"guess-{n}", HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.9")

    locked = _login(client, "reporter", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200, 203.0.113.9")
    elsewhere = _login(Client(REMOTE_ADDR="10.0.0.2"), "reporter", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.4")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302


def test_a_hostile_username_on_the_lockout_page_is_shown_as_text():
    client = Client(REMOTE_ADDR="203.0.113.9")
    username = '<img src=x onerror="alert(1)">'
    for n in range(LIMIT):
        _login(client, username, f"guess-{n}")

    page = _login(client, username, "guess").content.decode()

    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_a_pasted_paragraph_as_the_username_is_just_a_wrong_login():
    client = Client(REMOTE_ADDR="203.0.113.9")
    paragraph = "All work and no play makes Jack a dull boy. " * 20  # 880 characters

    statuses = [_login(client, paragraph, f"guess-{n}").status_code for n in range(LIMIT + 1)]

    assert statuses[0] == 200 and statuses[-1] == 429  # refused, then throttled: never a 500
    assert AccessAttempt.objects.get().username == paragraph[:150]
