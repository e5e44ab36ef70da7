"""Scheduled publishing (issue 10): approved for a future time, a fact-check goes live at that moment, not before.

Every public query is checked on both sides of the moment, through pages cached before
it: the pages, search, speaker pages, /claimreview.json, the feeds and the sitemap. The
clock is moved with `timezone.now` (what every query and the page cache read); one test
lets real time pass instead.
"""

import json
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from articles.models import AuditEvent, FactCheck
from articles.periodic import PERIODIC_TASKS
from articles.services.errors import ServiceError
from articles.services.factchecks import (
    factcheck_publish,
    factcheck_submit,
    factcheck_unschedule,
    factcheck_update,
    factchecks_release_due,
)
from tests.factories import make_factcheck, make_user
from tests.workflow import publish_reviewed

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
HEADLINE = "Did the port really double its cargo?"


@pytest.fixture
def clock(monkeypatch):
    """Move the clock that queries and the page cache read (`timezone.now`) forward."""
    real_now = timezone.now

    class Clock:
        offset = timedelta(0)

        def travel(self, **delta):
            self.offset += timedelta(**delta)

        def set(self, moment):
            """Read `moment` now (the clock keeps running from there)."""
            self.offset = moment - real_now()

    moved = Clock()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + moved.offset)
    return moved


def _public_urls(factcheck):
    speaker = factcheck.claim.speaker
    return {
        "home": reverse("public:home"),
        "list": reverse("public:factcheck_list"),
        "search": reverse("public:factcheck_list") + "?q=cargo",
        "speaker list": reverse("public:speaker_list"),
        "speaker": speaker.get_absolute_url(),
        "ratings": reverse("public:ratings"),
        "claimreview.json": reverse("public:claimreview_feed"),
        "rss": reverse("public:factcheck_rss"),
        "atom": reverse("public:factcheck_atom"),
        "sitemap": reverse("public:sitemap_section", args=["fact-checks"]),
        "sitemap index": reverse("public:sitemap"),
    }


def _shows(client, name, url, factcheck) -> bool:
    response = client.get(url)
    body = response.content.decode()
    if name == "speaker":
        return response.status_code == 200
    if name == "speaker list":
        return factcheck.claim.speaker.get_absolute_url() in body
    if name == "ratings":
        return f"1 fact-check rated {factcheck.rating.label}</a>" in body
    if name == "claimreview.json":
        return json.loads(body)["numberOfItems"] == 1
    if name == "sitemap index":
        return response.status_code == 200 and "fact-checks" in body and "<lastmod>" in body
    return factcheck.slug in body


def _scheduled(editor, *, ahead: timedelta):
    author = make_user()
    factcheck = make_factcheck(author=author, headline=HEADLINE, claim_reviewed="The port doubled its cargo")
    return publish_reviewed(factcheck, author=author, editor=editor, publish_at=timezone.now() + ahead)


def test_it_goes_live_at_its_time_everywhere_and_not_a_moment_before(client, editor, clock):
    factcheck = _scheduled(editor, ahead=timedelta(hours=3))
    assert factcheck.status == FactCheck.Status.SCHEDULED
    urls = _public_urls(factcheck)

    clock.set(factcheck.published_at - timedelta(seconds=5))
    assert client.get(factcheck.get_absolute_url()).status_code == 404
    for name, url in urls.items():
        if name != "sitemap index":  # the index lists the section whether or not it has entries
            assert not _shows(client, name, url, factcheck), f"{name} shows it before its time"

    clock.set(factcheck.published_at)  # the scheduled moment: pages cached seconds ago must not be served
    assert client.get(factcheck.get_absolute_url()).status_code == 200
    for name, url in urls.items():
        assert _shows(client, name, url, factcheck), f"{name} does not show it at its time"


def test_real_time_passing_invalidates_a_cached_page_at_the_moment(client, editor):
    factcheck = _scheduled(editor, ahead=timedelta(seconds=1.5))
    assert factcheck.slug not in client.get(reverse("public:home")).content.decode()  # cached now
    time.sleep(max(0.0, (factcheck.published_at - timezone.now()).total_seconds()) + 0.05)
    assert factcheck.slug in client.get(reverse("public:home")).content.decode()
    assert client.get(factcheck.get_absolute_url()).status_code == 200


def test_the_periodic_task_marks_it_published_once(editor, clock):
    factcheck = _scheduled(editor, ahead=timedelta(minutes=10))
    assert factchecks_release_due() == 0
    clock.set(factcheck.published_at)
    assert factchecks_release_due() == 1
    assert factchecks_release_due() == 0  # idempotent
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.PUBLISHED
    assert AuditEvent.objects.filter(factcheck=factcheck, action="factcheck_went_live").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_go_live_task_is_registered_and_runs_in_the_real_worker(seeded_defaults):
    editor = make_user(role="Editor")
    factcheck = _scheduled(editor, ahead=timedelta(seconds=1))
    path, every = PERIODIC_TASKS["factchecks_go_live"]
    task = import_string(path)
    assert every <= 60
    time.sleep(1.1)
    result = task.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.PUBLISHED
    result.refresh()
    assert result.return_value == {"released": 1}


def test_approving_from_the_editor_with_a_time_schedules_it_and_the_workbench_says_when(client, editor, settings):
    settings.TIME_ZONE = "Europe/Paris"
    author = make_user()
    factcheck = factcheck_submit(factcheck=make_factcheck(author=author, headline=HEADLINE), user=author)
    client.force_login(editor)
    editor_page = client.get(reverse("workbench:factcheck_edit", args=[factcheck.pk])).content.decode()
    assert 'type="datetime-local" name="publish_at" id="id_publish_at"' in editor_page
    assert 'for="id_publish_at">Go live at</label>' in editor_page
    assert "Time zone: <strong>Europe/Paris</strong>" in editor_page

    local = timezone.localtime(timezone.now() + timedelta(days=2), ZoneInfo("Europe/Paris")).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    data = {"version": factcheck.version, "publish_at": local.strftime("%Y-%m-%dT%H:%M")}
    response = client.post(reverse("workbench:factcheck_publish", args=[factcheck.pk]), data, **HTMX)
    assert response.headers["HX-Redirect"] == reverse("workbench:factcheck_edit", args=[factcheck.pk])
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.SCHEDULED
    assert factcheck.published_at == local  # 09:30 in Paris, stored as the same instant

    page = client.get(reverse("workbench:factcheck_edit", args=[factcheck.pk])).content.decode()
    assert f'scheduled for <time datetime="{local.isoformat()}">{local:%-d %b %Y, 09:30} CE' in page
    assert "Cancel the schedule" in page
    listing = client.get(reverse("workbench:factcheck_list"), {"show": "scheduled"}).content.decode()
    assert HEADLINE in listing and f"{local:%-d %b %Y}, 09:30" in listing
    client.force_login(author)
    dashboard = client.get(reverse("workbench:dashboard")).content.decode()
    assert "Scheduled</span> · goes live" in dashboard


def test_a_time_already_past_is_refused_by_the_form(client, editor):
    author = make_user()
    factcheck = factcheck_submit(factcheck=make_factcheck(author=author), user=author)
    client.force_login(editor)
    past = timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("workbench:factcheck_publish", args=[factcheck.pk]),
        {"version": factcheck.version, "publish_at": past},
        **HTMX,
    )
    assert response.status_code == 200  # refusals are shown in place
    assert "Pick a time in the future, or publish now." in response.content.decode()
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.IN_REVIEW


def test_a_scheduled_fact_check_is_locked_until_the_schedule_is_cancelled(editor, second_editor):
    factcheck = _scheduled(editor, ahead=timedelta(days=1))
    with pytest.raises(ServiceError, match="scheduled to go live"):
        factcheck_update(factcheck=factcheck, user=editor, expected_version=factcheck.version, changes={"body": "x"})
    with pytest.raises(ServiceError, match="Already approved by editor: it goes live on"):
        factcheck_publish(factcheck=factcheck, editor=second_editor, expected_version=factcheck.version)

    factcheck = factcheck_unschedule(factcheck=factcheck, editor=second_editor)
    assert (factcheck.status, factcheck.published_at, factcheck.approved_by) == (FactCheck.Status.IN_REVIEW, None, None)
    assert AuditEvent.objects.filter(factcheck=factcheck, action="factcheck_unscheduled").exists()
    published = factcheck_publish(factcheck=factcheck, editor=second_editor, expected_version=factcheck.version)
    assert published.status == FactCheck.Status.PUBLISHED


def test_a_schedule_more_than_a_year_ahead_is_refused(editor):
    with pytest.raises(ServiceError, match="at most a year ahead"):
        _scheduled(editor, ahead=timedelta(days=400))
