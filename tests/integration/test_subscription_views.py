"""The feed pages in the workbench and the admin: who gets in, what they show, what the buttons do."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import roles
from articles.models import FeedSubscription
from articles.services.subscription_poll import LEASE, subscription_poll
from articles.services.subscriptions import subscription_create
from tests.factories import make_user
from tests.feed_server import rss, story

pytestmark = pytest.mark.django_db

# (URL name, method); each takes a subscription id except the first two.
URLS = [
    ("workbench:subscription_list", "get"),
    ("workbench:subscription_new", "get"),
    ("workbench:subscription_detail", "get"),
    ("workbench:subscription_edit", "get"),
    ("workbench:subscription_poll", "post"),
    ("workbench:subscription_pause", "post"),
    ("workbench:subscription_resume", "post"),
]


def url_for(name: str) -> str:
    if name in ("workbench:subscription_list", "workbench:subscription_new"):
        return reverse(name)
    return reverse(name, args=[subscription_create(url="https://news.example.org/rss").pk])


@pytest.mark.parametrize(("name", "method"), URLS)
def test_only_admins_reach_the_feed_pages(client, name, method):
    url = url_for(name)
    assert getattr(client, method)(url).status_code == 302  # anonymous: to the login page

    for role in (roles.FACT_CHECKER, roles.EDITOR):
        client.force_login(make_user(role=role))
        assert getattr(client, method)(url).status_code == 403, role

    client.force_login(make_user(role=roles.ADMIN))
    assert getattr(client, method)(url).status_code in (200, 302)
    if method == "post":
        assert client.get(url).status_code == 405


def test_the_navigation_shows_feeds_to_admins_only(client):
    client.force_login(make_user(role=roles.EDITOR))
    assert reverse("workbench:subscription_list") not in client.get(reverse("workbench:dashboard")).content.decode()

    client.force_login(make_user(role=roles.ADMIN))
    assert reverse("workbench:subscription_list") in client.get(reverse("workbench:dashboard")).content.decode()


def test_an_unknown_feed_is_a_404(admin_client_role):
    assert admin_client_role.get(reverse("workbench:subscription_detail", args=[999])).status_code == 404
    assert admin_client_role.post(reverse("workbench:subscription_poll", args=[999])).status_code == 404


# ---- The list ------------------------------------------------------------------------------


def test_the_list_starts_with_a_helpful_empty_state(admin_client_role):
    page = admin_client_role.get(reverse("workbench:subscription_list")).content.decode()

    assert "No feeds yet." in page
    assert reverse("workbench:subscription_new") in page


def test_the_list_shows_each_feeds_state_and_filters_in_place(admin_client_role):
    working = subscription_create(url="https://working.example/rss", title="Working Wire")
    failing = subscription_create(url="https://failing.example/rss", title="Failing Wire")
    FeedSubscription.objects.filter(pk=failing.pk).update(
        consecutive_failures=3, last_status="failed", last_polled_at=timezone.now(), last_error="The server is down."
    )
    paused = subscription_create(url="https://paused.example/rss", title="Paused Wire")
    FeedSubscription.objects.filter(pk=paused.pk).update(active=False)

    page = admin_client_role.get(reverse("workbench:subscription_list")).content.decode()
    assert page.index("Failing Wire") < page.index("Working Wire") < page.index("Paused Wire")  # by name, paused last
    assert "Failing (3 in a row)" in page and "The server is down." in page
    assert "Waiting for its first poll" in page

    response = admin_client_role.get(reverse("workbench:subscription_list") + "?show=failing", HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert "Failing Wire" in fragment and "Working Wire" not in fragment and "Paused Wire" not in fragment
    assert working.get_absolute_url() not in fragment

    response = admin_client_role.get(reverse("workbench:subscription_list") + "?show=paused")
    assert "Paused Wire" in response.content.decode() and "Failing Wire" not in response.content.decode()


def test_an_empty_tab_says_so(admin_client_role):
    subscription_create(url="https://working.example/rss")

    page = admin_client_role.get(reverse("workbench:subscription_list") + "?show=failing").content.decode()

    assert "No feed is failing." in page


# ---- Subscribing and editing -------------------------------------------------------------


def test_subscribing_through_the_form(admin_client_role, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_role.post(
            reverse("workbench:subscription_new"),
            {"url": "https://news.example.org/rss.xml", "outlet_name": "Example News", "interval_minutes": "30"},
        )

    subscription = FeedSubscription.objects.get()
    assert response.status_code == 302 and response["Location"] == subscription.get_absolute_url()
    assert (subscription.outlet.name, subscription.interval_minutes) == ("Example News", 30)
    assert DBTaskResult.objects.get().args_kwargs["args"] == [subscription.pk]  # the first poll is queued
    page = admin_client_role.get(response["Location"]).content.decode()
    assert "Subscribed. The first poll has been queued" in page
    assert "Not polled yet." in page and "No articles from this feed yet." in page


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"url": "", "interval_minutes": "15"}, "url", "This field is required."),
        ({"url": "not an address", "interval_minutes": "15"}, "url", "Enter a valid URL."),
        ({"url": "http://127.0.0.1/feed", "interval_minutes": "15"}, "url", "this machine (a loopback address)"),
        ({"url": "https://a.example/rss", "interval_minutes": "1"}, "interval_minutes", "greater than or equal to 5"),
        ({"url": "https://dup.example/rss", "interval_minutes": "15"}, "url", "already subscribed to as “Dup”"),
    ],
)
def test_the_form_explains_what_is_wrong_and_keeps_the_input(admin_client_role, data, field, message):
    subscription_create(url="https://dup.example/rss", title="Dup")

    response = admin_client_role.post(reverse("workbench:subscription_new"), data)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert 'role="alert"' in response.content.decode()
    assert FeedSubscription.objects.count() == 1


def test_editing_a_feed(admin_client_role):
    subscription = subscription_create(url="https://news.example.org/rss", title="Old name")
    edit = reverse("workbench:subscription_edit", args=[subscription.pk])
    assert 'value="Old name"' in admin_client_role.get(edit).content.decode()

    response = admin_client_role.post(
        edit, {"url": "https://news.example.org/politics.xml", "title": "Politics", "interval_minutes": "60"}
    )

    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.url, subscription.title, subscription.interval_minutes) == (
        "https://news.example.org/politics.xml",
        "Politics",
        60,
    )


# ---- The feed's page and its buttons -------------------------------------------------------


def test_the_feed_page_shows_the_last_poll_the_next_poll_the_last_error_and_the_poll_log(
    admin_client_role, feed_server
):
    feed_server.feed("/feed.xml", rss(story(1), story(2, body="")))
    subscription = subscription_create(url=feed_server.url(), outlet_name="The Gazette")
    subscription_poll(subscription_id=subscription.pk)
    feed_server.status("/feed.xml", 503)
    subscription_poll(subscription_id=subscription.pk)

    page = admin_client_role.get(subscription.get_absolute_url()).content.decode()

    assert "Failing (1 in a row)" in page
    assert "Last error" in page and "The server answered 503 Service Unavailable." in page
    assert "later than usual because the feed is failing" in page
    assert "New entries imported" in page and "HTTP 200" in page and "HTTP 503" in page
    assert "Entry 2: the entry has no text" in page
    assert "Council story number 1" in page  # the latest articles, linked to the workbench
    assert "hx-trigger" not in page  # nothing queued or running: no refreshing


def test_the_feed_page_refreshes_itself_while_a_poll_is_waiting_or_running(admin_client_role):
    subscription = subscription_create(url="https://news.example.org/rss")
    url = subscription.get_absolute_url()

    fragment = admin_client_role.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert 'hx-trigger="every 3s"' in fragment and "Waiting for the background worker" in fragment

    FeedSubscription.objects.filter(pk=subscription.pk).update(claimed_until=timezone.now() + LEASE)
    assert "Polling now" in admin_client_role.get(url, HTTP_HX_REQUEST="true").content.decode()

    FeedSubscription.objects.filter(pk=subscription.pk).update(
        claimed_until=None, next_poll_at=timezone.now() + timedelta(minutes=10), last_polled_at=timezone.now()
    )
    assert "hx-trigger" not in admin_client_role.get(url, HTTP_HX_REQUEST="true").content.decode()


def test_pause_resume_and_poll_now_buttons(admin_client_role, django_capture_on_commit_callbacks):
    subscription = subscription_create(url="https://news.example.org/rss")

    response = admin_client_role.post(reverse("workbench:subscription_pause", args=[subscription.pk]), follow=True)
    assert "Paused: this feed is not polled until you resume it." in response.content.decode()
    assert ">Resume</button>" in response.content.decode() and ">Poll now</button>" not in response.content.decode()
    response = admin_client_role.post(reverse("workbench:subscription_poll", args=[subscription.pk]), follow=True)
    assert "This feed is paused. Resume it to poll it again." in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client_role.post(reverse("workbench:subscription_resume", args=[subscription.pk]))
        response = admin_client_role.post(reverse("workbench:subscription_poll", args=[subscription.pk]), follow=True)
    assert "A poll has been queued" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.active
    assert DBTaskResult.objects.filter(task_path="articles.tasks.feed_poll").count() == 2


# ---- The admin -------------------------------------------------------------------------------


def test_the_admin_lists_feeds_and_its_actions_call_the_services(admin_client_role, django_capture_on_commit_callbacks):
    subscription = subscription_create(url="https://news.example.org/rss", title="Wire")
    changelist = reverse("admin:articles_feedsubscription_changelist")
    assert "Wire" in admin_client_role.get(changelist + "?active__exact=1&q=news").content.decode()

    admin_client_role.post(changelist, {"action": "pause", "_selected_action": [subscription.pk]})
    subscription.refresh_from_db()
    assert not subscription.active

    with django_capture_on_commit_callbacks(execute=True):
        admin_client_role.post(changelist, {"action": "resume", "_selected_action": [subscription.pk]})
    subscription.refresh_from_db()
    assert subscription.active and DBTaskResult.objects.count() == 1

    change = admin_client_role.get(reverse("admin:articles_feedsubscription_change", args=[subscription.pk]))
    assert change.status_code == 200
    assert 'name="etag"' not in change.content.decode()  # poll state is shown, not edited
    for log in ("admin:articles_feedpoll_changelist", "admin:articles_feedentry_changelist"):
        assert admin_client_role.get(reverse(log)).status_code == 200


def test_the_admin_refuses_a_private_address(admin_client_role):
    response = admin_client_role.post(
        reverse("admin:articles_feedsubscription_add"),
        {
            "url": "http://192.168.1.20/rss",
            "interval_minutes": "15",
            "active": "on",
            "polls-TOTAL_FORMS": "0",
            "polls-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "a private or reserved network address" in response.content.decode()
    assert not FeedSubscription.objects.exists()


def test_adding_a_feed_in_the_admin_goes_through_the_service(admin_client_role, admin_user):
    response = admin_client_role.post(
        reverse("admin:articles_feedsubscription_add"),
        {
            "url": "https://news.example.org/rss",
            "interval_minutes": "15",
            "active": "on",
            "polls-TOTAL_FORMS": "0",
            "polls-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    subscription = FeedSubscription.objects.get()
    assert subscription.created_by == admin_user
