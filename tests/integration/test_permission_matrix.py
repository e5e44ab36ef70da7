"""The permission matrix: every URL in the URLconf × anonymous, Fact-checker, Editor, Admin × GET and POST.

The resolver is walked, so a URL added later without a row here fails the test: say who
may use it before it ships. Each cell is the status that role gets (a redirect to the
login page is `L`, to the admin's login `AL`, any other redirect `R`). POSTs carry no
data, as a crafted request would: the matrix is about who gets in, not what the form
does. Each cell runs in a savepoint that is rolled back, so every cell sees the same data.

The Django admin's per-model pages follow from one statement per model of what the Admin
role may do there (view, add, change, delete); the other roles are not staff.
"""

import uuid
from datetime import timedelta
from http.cookies import SimpleCookie

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from articles import roles
from articles.models import (
    AuditEvent,
    Correction,
    FactCheck,
    FactCheckOldSlug,
    FactCheckRevision,
    FeedEntry,
    FeedPoll,
    FeedSubscription,
    ImportBatch,
    ImportFile,
    ImportItem,
    PeriodicRun,
    SpeakerAlias,
)
from articles.tasks import import_batch
from tests.factories import make_factcheck, make_quote, make_speaker, make_user

pytestmark = pytest.mark.django_db

L, AL, R = "L", "AL", "R"
ROLES = ("anonymous", "checker", "editor", "admin")


def every(status):
    return (status,) * len(ROLES)


PUBLIC_PAGE = {"GET": every(200), "POST": every(405)}
REVIEW_PAGE = {"GET": (L, 200, 200, 200), "POST": every(405)}
IMPORT_PAGE = {"GET": (L, 403, 403, 200), "POST": every(405)}
REVIEW_ACTION = {"GET": every(405), "POST": (L, R, R, R)}  # without htmx an action redirects back
PUBLISH_ACTION = {"GET": every(405), "POST": (L, 403, R, R)}
# Drafts and unpublished speakers: readers get the same 404 as for a page that never existed.
NEWSROOM_ONLY = {"GET": (404, 200, 200, 200), "POST": every(405)}

# URL key -> [(how to build the URL from the world, {method: statuses by role})]
EXPECTED = {
    # The public site: the same for everyone, read-only.
    "public:home": [(lambda w: reverse("public:home"), PUBLIC_PAGE)],
    "public:factcheck_list": [(lambda w: reverse("public:factcheck_list"), PUBLIC_PAGE)],
    "public:factcheck_detail": [
        (lambda w: reverse("public:factcheck_detail", args=[w["published"].slug]), PUBLIC_PAGE),
        (lambda w: reverse("public:factcheck_detail", args=[w["draft"].slug]), NEWSROOM_ONLY),
        # Retracted: readers get the public retraction notice, "gone" (410); the newsroom the page.
        (
            lambda w: reverse("public:factcheck_detail", args=[w["retracted"].slug]),
            {"GET": (410, 200, 200, 200), "POST": every(405)},
        ),
    ],
    "public:factcheck_card": [
        (lambda w: reverse("public:factcheck_card", args=[w["published"].slug]), PUBLIC_PAGE),
        # No share card for unpublished work, not even for the newsroom: nothing to share yet.
        (lambda w: reverse("public:factcheck_card", args=[w["draft"].slug]), {"GET": every(404), "POST": every(405)}),
    ],
    "public:speaker_list": [(lambda w: reverse("public:speaker_list"), PUBLIC_PAGE)],
    "public:speaker_detail": [
        (lambda w: reverse("public:speaker_detail", args=[w["published"].claim.speaker.slug]), PUBLIC_PAGE),
        (lambda w: reverse("public:speaker_detail", args=[w["draft"].claim.speaker.slug]), NEWSROOM_ONLY),
    ],
    "public:ratings": [(lambda w: reverse("public:ratings"), PUBLIC_PAGE)],
    "public:corrections": [(lambda w: reverse("public:corrections"), PUBLIC_PAGE)],
    "public:rating_styles": [(lambda w: reverse("public:rating_styles"), PUBLIC_PAGE)],
    "public:healthz": [(lambda w: reverse("public:healthz"), PUBLIC_PAGE)],
    "public:robots": [(lambda w: reverse("public:robots"), PUBLIC_PAGE)],
    "public:claimreview_feed": [(lambda w: reverse("public:claimreview_feed"), PUBLIC_PAGE)],
    "public:factcheck_rss": [(lambda w: reverse("public:factcheck_rss"), PUBLIC_PAGE)],
    "public:factcheck_atom": [(lambda w: reverse("public:factcheck_atom"), PUBLIC_PAGE)],
    "public:correction_atom": [(lambda w: reverse("public:correction_atom"), PUBLIC_PAGE)],
    "public:sitemap": [(lambda w: reverse("public:sitemap"), PUBLIC_PAGE)],
    "public:sitemap_section": [
        (lambda w, section=section: reverse("public:sitemap_section", args=[section]), PUBLIC_PAGE)
        for section in ("pages", "fact-checks", "speakers")
    ],
    # Logging in and out.
    "login": [(lambda w: reverse("login"), {"GET": every(200), "POST": every(200)})],  # the form, with errors
    "logout": [(lambda w: reverse("logout"), {"GET": every(405), "POST": every(R)})],
    # The workbench: every role with the review permission; publishing for Editors; imports for Admins.
    "workbench:dashboard": [(lambda w: reverse("workbench:dashboard"), REVIEW_PAGE)],
    "workbench:claim_list": [(lambda w: reverse("workbench:claim_list"), REVIEW_PAGE)],
    "workbench:claim_bulk": [(lambda w: reverse("workbench:claim_bulk"), REVIEW_ACTION)],
    "workbench:claim_detail": [(lambda w: reverse("workbench:claim_detail", args=[w["claim"].pk]), REVIEW_PAGE)],
    "workbench:claim_row": [(lambda w: reverse("workbench:claim_row", args=[w["claim"].pk]), REVIEW_PAGE)],
    **{
        f"workbench:claim_{action}": [
            (lambda w, action=action: reverse(f"workbench:claim_{action}", args=[w["claim"].pk]), REVIEW_ACTION)
        ]
        for action in ("accept", "reject", "assign", "reopen", "merge")
    },
    "workbench:quote_correct": [(lambda w: reverse("workbench:quote_correct", args=[w["quote"].pk]), REVIEW_ACTION)],
    "workbench:quote_split": [(lambda w: reverse("workbench:quote_split", args=[w["quote"].pk]), REVIEW_ACTION)],
    "workbench:article_detail": [
        (lambda w: reverse("workbench:article_detail", args=[w["quote"].article_id]), REVIEW_PAGE)
    ],
    "workbench:factcheck_list": [(lambda w: reverse("workbench:factcheck_list"), REVIEW_PAGE)],
    "workbench:factcheck_edit": [(lambda w: reverse("workbench:factcheck_edit", args=[w["draft"].pk]), REVIEW_PAGE)],
    "workbench:factcheck_save": [
        # An empty form is invalid: 422 with the form, for everyone who may edit.
        (
            lambda w: reverse("workbench:factcheck_save", args=[w["draft"].pk]),
            {"GET": every(405), "POST": (L, 422, 422, 422)},
        )
    ],
    "workbench:factcheck_preview": [
        (lambda w: reverse("workbench:factcheck_preview", args=[w["draft"].pk]), REVIEW_PAGE)
    ],
    "workbench:factcheck_history": [
        (lambda w: reverse("workbench:factcheck_history", args=[w["draft"].pk]), REVIEW_PAGE)
    ],
    "workbench:factcheck_submit": [
        (lambda w: reverse("workbench:factcheck_submit", args=[w["draft"].pk]), REVIEW_ACTION)
    ],
    "workbench:factcheck_return": [
        (lambda w: reverse("workbench:factcheck_return", args=[w["in_review"].pk]), PUBLISH_ACTION)
    ],
    "workbench:factcheck_publish": [
        (lambda w: reverse("workbench:factcheck_publish", args=[w["in_review"].pk]), PUBLISH_ACTION)
    ],
    "workbench:factcheck_withdraw": [
        (lambda w: reverse("workbench:factcheck_withdraw", args=[w["in_review"].pk]), REVIEW_ACTION)
    ],
    "workbench:factcheck_unschedule": [
        (lambda w: reverse("workbench:factcheck_unschedule", args=[w["scheduled"].pk]), PUBLISH_ACTION)
    ],
    "workbench:factcheck_retract": [
        (lambda w: reverse("workbench:factcheck_retract", args=[w["published"].pk]), PUBLISH_ACTION)
    ],
    "workbench:factcheck_discard_changes": [
        (lambda w: reverse("workbench:factcheck_discard_changes", args=[w["published"].pk]), PUBLISH_ACTION)
    ],
    "workbench:factcheck_address": [
        (lambda w: reverse("workbench:factcheck_address", args=[w["draft"].pk]), REVIEW_ACTION)
    ],
    "workbench:speaker_edit": [
        (
            lambda w: reverse("workbench:speaker_edit", args=[w["quote"].speaker_id]),
            {"GET": (L, 200, 200, 200), "POST": (L, 200, 200, 200)},  # an empty form comes back with its errors
        )
    ],
    "workbench:correction_add": [
        (lambda w: reverse("workbench:correction_add", args=[w["published"].pk]), PUBLISH_ACTION)
    ],
    "workbench:source_search": [
        (lambda w: reverse("workbench:source_search", args=[w["draft"].pk]) + "?q=source", REVIEW_PAGE)
    ],
    "workbench:citation_add": [(lambda w: reverse("workbench:citation_add", args=[w["draft"].pk]), REVIEW_ACTION)],
    **{
        f"workbench:citation_{action}": [
            (
                lambda w, action=action: reverse(
                    f"workbench:citation_{action}", args=[w["draft"].pk, w["draft"].citations.first().pk]
                ),
                REVIEW_ACTION,
            )
        ]
        for action in ("remove", "move", "note")
    },
    "workbench:import_list": [(lambda w: reverse("workbench:import_list"), IMPORT_PAGE)],
    "workbench:import_new": [
        (lambda w: reverse("workbench:import_new"), {"GET": (L, 403, 403, 200), "POST": (L, 403, 403, 200)})
    ],
    "workbench:import_confirm": [
        (
            lambda w: reverse("workbench:import_confirm", args=[w["batch"].pk]),
            {"GET": every(405), "POST": (L, 403, 403, R)},  # not previewed: back to the form, with a message
        )
    ],
    "workbench:import_detail": [(lambda w: reverse("workbench:import_detail", args=[w["batch"].pk]), IMPORT_PAGE)],
    # Feed subscriptions: Admins only, like imports.
    "workbench:subscription_list": [(lambda w: reverse("workbench:subscription_list"), IMPORT_PAGE)],
    "workbench:subscription_new": [
        (lambda w: reverse("workbench:subscription_new"), {"GET": (L, 403, 403, 200), "POST": (L, 403, 403, 200)})
    ],
    "workbench:subscription_detail": [
        (lambda w: reverse("workbench:subscription_detail", args=[w["subscription"].pk]), IMPORT_PAGE)
    ],
    "workbench:subscription_edit": [
        (
            lambda w: reverse("workbench:subscription_edit", args=[w["subscription"].pk]),
            {"GET": (L, 403, 403, 200), "POST": (L, 403, 403, 200)},
        )
    ],
    **{
        f"workbench:subscription_{action}": [
            (
                lambda w, action=action: reverse(f"workbench:subscription_{action}", args=[w["subscription"].pk]),
                {"GET": every(405), "POST": (L, 403, 403, R)},
            )
        ]
        for action in ("poll", "pause", "resume")
    },
    # The Django admin's own pages: staff only (the Admin role).
    "admin:index": [(lambda w: reverse("admin:index"), {"GET": (AL, AL, AL, 200), "POST": (AL, AL, AL, 200)})],
    "admin:login": [(lambda w: reverse("admin:login"), {"GET": (200, 200, 200, R), "POST": every(200)})],
    # Logging out of the admin: non-staff are sent to the admin's index (and on to its login).
    "admin:logout": [(lambda w: reverse("admin:logout"), {"GET": (R, R, R, 405), "POST": every(R)})],
    "admin:password_change": [
        (lambda w: reverse("admin:password_change"), {"GET": (AL, AL, AL, 200), "POST": (AL, AL, AL, 200)})
    ],
    "admin:password_change_done": [
        (lambda w: reverse("admin:password_change_done"), {"GET": (AL, AL, AL, 200), "POST": (AL, AL, AL, 405)})
    ],
    "admin:autocomplete": [
        (
            lambda w: reverse("admin:autocomplete") + "?app_label=articles&model_name=factcheck&field_name=claim",
            {"GET": (AL, AL, AL, 200), "POST": (AL, AL, AL, 405)},
        )
    ],
    "admin:jsi18n": [(lambda w: reverse("admin:jsi18n"), {"GET": (AL, AL, AL, 200), "POST": (AL, AL, AL, 405)})],
    "admin:view_on_site": [
        (
            lambda w: reverse(
                "admin:view_on_site", args=[ContentType.objects.get_for_model(FactCheck).pk, w["published"].pk]
            ),
            {"GET": (AL, AL, AL, R), "POST": (AL, AL, AL, R)},
        )
    ],
    "admin:app_list": [
        (lambda w: reverse("admin:app_list", args=["articles"]), {"GET": (AL, AL, AL, 200), "POST": (AL, AL, AL, 200)}),
        # An app where the Admin role may see nothing is not there for them.
        (lambda w: reverse("admin:app_list", args=["auth"]), {"GET": (AL, AL, AL, 404), "POST": (AL, AL, AL, 404)}),
    ],
    "admin/(?P<url>.*)$": [(lambda w: "/admin/no-such-page/", {"GET": (AL, AL, AL, 404), "POST": (AL, AL, AL, 404)})],
}

# What the Admin role may do with each model in the Django admin: view, add, change, delete.
# Editorial records change only through the services, where every change is checked and
# audited: quotes, citations, corrections and the audit trail are read-only here; a claim's
# assignee and a fact-check's text save through claim_assign and factcheck_update.
ADMIN_MAY = {
    "auth.group": "",
    "auth.user": "",
    "django_tasks_database.dbtaskresult": "",
    "axes.accessattempt": "vd",  # unlock a login by deleting its attempt
    "axes.accesslog": "",
    "axes.accessfailurelog": "",
    "articles.outlet": "vacd",
    "articles.importbatch": "vc",  # batches are records of import runs: started from the upload page
    "articles.importfile": "",
    "articles.source": "vacd",
    "articles.article": "vacd",
    "articles.speaker": "vacd",
    "articles.speakeralias": "vacd",
    "articles.quote": "v",
    "articles.claim": "vc",  # only the assignee, through claim_assign
    "articles.rating": "vacd",
    "articles.factcheck": "vc",  # the text only, through factcheck_update; the workflow fields are read-only
    "articles.citation": "v",
    "articles.correction": "v",
    "articles.auditevent": "v",
    "articles.feedsubscription": "vacd",
    "articles.feedpoll": "v",
    "articles.feedentry": "v",
    "articles.importitem": "",
    "articles.periodicrun": "",
    "articles.factcheckrevision": "",
    "articles.factcheckoldslug": "",
}


def _admin_rows(label: str, may: str):
    app, model = label.split(".")
    prefix = f"admin:{app}_{model}"
    see = 200 if ("v" in may or "c" in may) else 403

    def page(status_get, status_post=None):
        return {"GET": (AL, AL, AL, status_get), "POST": (AL, AL, AL, status_post or status_get)}

    def object_url(view):
        return lambda w: reverse(f"{prefix}_{view}", args=[w["objects"][label]])

    rows = {
        f"{prefix}_changelist": [(lambda w: reverse(f"{prefix}_changelist"), page(see))],
        f"{prefix}_add": [(lambda w: reverse(f"{prefix}_add"), page(200 if "a" in may else 403))],
        f"{prefix}_change": [(object_url("change"), page(see, 200 if "c" in may else 403))],
        f"{prefix}_delete": [(object_url("delete"), page(200 if "d" in may else 403))],
        f"{prefix}_history": [(object_url("history"), page(see))],
        # The old /admin/<app>/<model>/<id>/ address redirects to the change page, for staff.
        f"admin/{app}/{model}/<path:object_id>/": [
            (lambda w: reverse(f"{prefix}_changelist") + f"{w['objects'][label]}/", page(R))
        ],
    }
    if label == "auth.user":
        rows["admin:auth_user_password_change"] = [
            (lambda w: reverse("admin:auth_user_password_change", args=[w["objects"][label]]), page(403))
        ]
    return rows


# On PostgreSQL the production task engine's app is installed too, with its job list in the
# admin: operators' business, not the newsroom's.
if apps.is_installed("procrastinate.contrib.django"):
    ADMIN_MAY["procrastinate.procrastinatejob"] = ""

for _label, _may in ADMIN_MAY.items():
    EXPECTED.update(_admin_rows(_label, _may))
# A claim's admin form has one optional field (the assignee): an empty POST is valid, saved
# through claim_assign, and redirects.
EXPECTED["admin:articles_claim_change"][0][1]["POST"] = (AL, AL, AL, R)


def _url_keys(resolver=None, prefix="", namespace=""):
    """Every URL pattern: its namespaced name, or its full route when it has no name."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_keys(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else prefix + str(pattern.pattern)


def test_every_url_in_the_urlconf_has_a_row():
    keys = set(_url_keys())

    assert sorted(keys - set(EXPECTED)) == [], "new URLs: say who may use them in EXPECTED"
    assert sorted(set(EXPECTED) - keys) == [], "rows for URLs that no longer exist"


def _world():
    checker = make_user(role=roles.FACT_CHECKER, username="m-checker")
    editor = make_user(role=roles.EDITOR, username="m-editor")
    admin = make_user(role=roles.ADMIN, username="m-admin", is_staff=True)
    quote = make_quote()
    draft = make_factcheck(author=checker)
    published = make_factcheck(status=FactCheck.Status.PUBLISHED)
    Correction.objects.create(factcheck=published, kind=Correction.Kind.TYPO, note="A typo.")
    retracted = make_factcheck(
        status=FactCheck.Status.RETRACTED, published_at=timezone.now(), retracted_at=timezone.now()
    )
    scheduled = make_factcheck(status=FactCheck.Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1))
    in_review = make_factcheck(status=FactCheck.Status.IN_REVIEW, author=checker)
    batch = ImportBatch.objects.create(created_by=admin)
    subscription = FeedSubscription.objects.create(url="https://wire.example/feed.xml", title="Wire", created_by=admin)
    FeedPoll.objects.create(subscription=subscription, outcome=FeedSubscription.Outcome.values[0])
    FeedEntry.objects.create(subscription=subscription, key="0" * 64)
    ImportFile.objects.create(batch=batch, upload_key=uuid.uuid4(), name="a.txt", data=b"text", size=4)
    import_batch.enqueue(batch.pk)  # a task result row (no worker runs here)
    SpeakerAlias.objects.create(speaker=make_speaker(), name="An alias")
    ImportItem.objects.create(batch=batch, position=0, locator="a.txt")
    PeriodicRun.objects.create(name="imports-sweep", next_run_at=timezone.now())
    FactCheckRevision.objects.create(factcheck=published, headline="Proposed headline", created_by=editor)
    FactCheckOldSlug.objects.create(factcheck=published, slug="an-old-address")
    AuditEvent.objects.create(actor=checker, action="claim_accepted", claim=quote.claim)
    AccessAttempt.objects.create(username="x", ip_address="192.0.2.1", user_agent="", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="192.0.2.1", user_agent="")
    AccessFailureLog.objects.create(username="x", ip_address="192.0.2.1", user_agent="")
    if apps.is_installed("procrastinate.contrib.django"):
        with connection.cursor() as cursor:  # procrastinate's models are read-only: a queued job, by hand
            cursor.execute("INSERT INTO procrastinate_jobs (queue_name, task_name) VALUES ('default', 'matrix')")
    objects = {}
    for label in ADMIN_MAY:
        model = ContentType.objects.get_by_natural_key(*label.split(".")).model_class()
        first = model._default_manager.order_by("pk").first()
        assert first is not None, f"the world needs a {label}"
        objects[label] = first.pk
    objects["auth.group"] = Group.objects.get(name=roles.ADMIN).pk
    users = {"anonymous": None, "checker": checker, "editor": editor, "admin": admin}
    return {
        "users": users,
        "claim": quote.claim,
        "quote": quote,
        "draft": draft,
        "in_review": in_review,
        "published": published,
        "retracted": retracted,
        "scheduled": scheduled,
        "batch": batch,
        "subscription": subscription,
        "objects": objects,
    }


def _outcome(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return AL
        if location.startswith(reverse("login")):
            return L
        return R
    return response.status_code


def _sessions(users) -> dict:
    """One logged-in session per role, reused by every cell (the cookie is set on a fresh client)."""
    sessions = {}
    for role, user in users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def test_every_cell_of_the_matrix():
    world = _world()
    sessions = _sessions(world["users"])
    clients = {role: Client() for role in ROLES}
    wrong, cells = [], 0
    for key, variants in EXPECTED.items():
        for build, by_method in variants:
            url = build(world)
            for method, statuses in by_method.items():
                for role, expected in zip(ROLES, statuses, strict=True):
                    # One client (and so one loaded middleware chain) per role; each cell starts
                    # from that role's session cookie alone, whatever the last cell set.
                    client = clients[role]
                    client.cookies = SimpleCookie()
                    if role in sessions:
                        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
                    with transaction.atomic():
                        got = _outcome(getattr(client, method.lower())(url))
                        transaction.set_rollback(True)
                    cells += 1
                    if got != expected:
                        wrong.append(f"{method} {url} ({key}) as {role}: expected {expected}, got {got}")
    assert wrong == [], f"{len(wrong)} of {cells} cells differ:\n" + "\n".join(wrong)
