"""Every hostile string through every form field, filter, search box and URL slug (issue 13).

The forms are not listed by hand: each workbench and public page is fetched and every form
and htmx action on it is submitted once per string and field, the other fields keeping the
values the page gave them. Free-text fields get the whole corpus; fields that take a choice,
a number or an id get one string of each kind of trouble. Each request runs in a savepoint
that is rolled back, so every one starts from the same data.

Each answer must be a page or a validation error (never a 5xx), must not write the string
into the page unescaped, and a save that says it succeeded must have stored the text.
"""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from articles import roles
from articles.models import Correction, FactCheck, ImportBatch
from tests.factories import make_factcheck, make_quote, make_user
from tests.integration.hostile import FORM, SAMPLE, STRINGS, encode, form_body, forms_on, query, shown_raw
from tests.integration.public_helpers import published_factcheck

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world():
    author = make_user(role=roles.FACT_CHECKER, username="h-author")
    admin = make_user(role=roles.ADMIN, username="h-admin", is_staff=True)
    quote = make_quote()
    make_quote(speaker=quote.speaker, text="We built 12 new schools last year")  # a merge candidate
    draft = make_factcheck(author=author)
    in_review = make_factcheck(author=author, status=FactCheck.Status.IN_REVIEW)
    published = published_factcheck(author=author)
    Correction.objects.create(factcheck=published, kind=Correction.Kind.TYPO, note="A typo.")
    batch = ImportBatch.objects.create(created_by=admin)
    return {
        "admin": admin,
        "quote": quote,
        "draft": draft,
        "in_review": in_review,
        "published": published,
        "batch": batch,
    }


def _pages(world) -> list[str]:
    claim, quote = world["quote"].claim, world["quote"]
    return [
        reverse("workbench:dashboard"),
        reverse("workbench:claim_list"),
        reverse("workbench:claim_detail", args=[claim.pk]),
        *(
            reverse("workbench:claim_row", args=[claim.pk]) + f"?panel={p}&quote={quote.pk}"
            for p in ("correct", "merge", "split")
        ),
        reverse("workbench:article_detail", args=[quote.article_id]),
        reverse("workbench:factcheck_list"),
        *(reverse("workbench:factcheck_edit", args=[world[k].pk]) for k in ("draft", "in_review", "published")),
        reverse("workbench:import_list"),
        reverse("workbench:import_new"),
        reverse("public:factcheck_list"),
        "/no-such-page/",
    ]


def _collect_forms(client, pages) -> list[dict]:
    """The distinct forms on `pages`: the same action on another row or fact-check counts once."""
    unique = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        for form in forms_on(response.content.decode()):
            form["action"] = form["action"] or url.split("?")[0]
            key = (form["method"], re.sub(r"\d+", "N", form["action"]), tuple(sorted(form["fields"])))
            unique.setdefault(key, form)
    return list(unique.values())


def _variants(form, *, one_by_one: bool):
    """(field names, strings) to submit: each free-text field alone on the draft's autosave
    (each is stored and checked), all free-text fields together elsewhere, each other field alone."""
    text = [name for name, kind in form["kinds"].items() if kind == "text"]
    other = [name for name, kind in form["kinds"].items() if kind != "text"]
    if one_by_one:
        yield from (([name], STRINGS) for name in text)
    elif text:
        yield text, STRINGS
    yield from (([name], SAMPLE) for name in other)


def _submit(client, form, fields):
    headers = HTMX if form["htmx"] else {}
    if form["method"] == "get":
        return client.get(f"{form['action']}?{query(fields)}", **headers)
    return client.post(form["action"], data=form_body(fields), content_type=FORM, **headers)


def _as_django_reads_it(value: str) -> str:
    """What a view gets for `value` sent as UTF-8 bytes: invalid bytes (a lone surrogate) become U+FFFD."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace").strip()


def _problem(response, value) -> str:
    if response.status_code >= 500:
        return f"answered {response.status_code}"
    if shown_raw(response.content.decode("utf-8", "replace"), value):
        return "written into the page unescaped"
    return ""


def _lost(form, names, response, value) -> str:
    """For an autosave that answered 200: whether the text it says it saved is the text stored."""
    if not form["action"].endswith("/save/") or response.status_code != 200 or len(names) != 1:
        return ""
    (name,) = names
    if name not in ("headline", "claim_reviewed", "summary", "body"):
        return ""
    pk = int(form["action"].rstrip("/").split("/")[-2])
    stored = FactCheck.objects.filter(pk=pk).values_list(name, flat=True).get()
    return "" if stored == _as_django_reads_it(value) else f"said saved, stored {stored[:40]!r}"


def test_every_form_field_takes_every_hostile_string(world):
    client = Client()
    client.force_login(world["admin"])
    forms = _collect_forms(client, _pages(world))
    anonymous_forms = _collect_forms(Client(), [reverse("login")])
    assert len(forms) >= 20, [f["action"] for f in forms]  # the pages' forms were found
    assert any(f["action"].endswith("/save/") for f in forms)

    problems, tried = [], 0
    for form, who in [(f, client) for f in forms] + [(f, Client()) for f in anonymous_forms]:
        one_by_one = form["action"] == reverse("workbench:factcheck_save", args=[world["draft"].pk])
        for names, values in _variants(form, one_by_one=one_by_one):
            for value in values:
                tried += 1
                with transaction.atomic():
                    response = _submit(who, form, form["fields"] | dict.fromkeys(names, value))
                    where = f"{form['method'].upper()} {form['action']} {','.join(names)}={value[:40]!r}"
                    problem = _problem(response, value) or _lost(form, names, response, value)
                    if problem:
                        problems.append(f"{where}: {problem}")
                    transaction.set_rollback(True)
    print(f"forms: {len(forms)} forms, {tried} submissions")
    assert problems == [], f"{len(problems)} of {tried} submissions:\n" + "\n".join(problems[:60])


def _filter_params(client, url) -> list[str]:
    """The names a list page's filter form sends (plus page and sort)."""
    names = {"page", "sort"}
    for form in forms_on(client.get(url).content.decode()):
        if form["method"] == "get":
            names |= set(form["fields"])
    return sorted(names)


def test_every_filter_and_search_parameter_takes_every_hostile_string(world):
    editor = Client()
    editor.force_login(world["admin"])
    reader = Client()
    draft = world["draft"]
    # (client, list page, strings: all for a search box, a sample for a page number;
    #  whether its htmx fragment is rendered too)
    lists = [
        (editor, reverse("workbench:claim_list"), STRINGS, True),
        (editor, reverse("workbench:factcheck_list"), STRINGS, False),
        (editor, reverse("workbench:import_list"), SAMPLE, True),
        (editor, reverse("workbench:source_search", args=[draft.pk]), STRINGS, False),
        (editor, reverse("admin:articles_article_changelist"), STRINGS, False),
        (editor, reverse("admin:articles_factcheck_changelist"), SAMPLE, False),
        (reader, reverse("public:factcheck_list"), STRINGS, True),
        (reader, reverse("public:speaker_list"), SAMPLE, False),
        (reader, reverse("public:corrections"), SAMPLE, False),
        (reader, reverse("public:claimreview_feed"), SAMPLE, False),
        (reader, reverse("public:sitemap_section", args=["fact-checks"]), SAMPLE, False),
    ]
    problems, tried = [], 0
    for client, url, values, htmx in lists:
        # Every parameter the page's filter form sends, and those its links add, at once.
        params = _filter_params(client, url) + ["q", "p", "o", "panel", "correct", "quote", "show"]
        for value in values:
            for headers in ({}, HTMX) if htmx else ({},):
                tried += 1
                response = client.get(f"{url}?{query(dict.fromkeys(params, value))}", **headers)
                body = response.content.decode("utf-8", "replace")
                if response.status_code not in (200, 302, 400, 404):
                    problems.append(f"{url} ={value[:40]!r}: {response.status_code}")
                elif shown_raw(body, value):
                    problems.append(f"{url} ={value[:40]!r}: written into the page unescaped")
    assert problems == [], f"{len(problems)} of {tried} requests:\n" + "\n".join(problems[:60])


# (address with the slug in it, whose page: a reader's or the newsroom's)
SLUGGED = [
    ("/fact-checks/{}/", "reader"),
    ("/speakers/{}/", "reader"),
    ("/sitemap-{}.xml", "reader"),
    ("/{}", "reader"),
    ("/workbench/claims/{}/", "editor"),
    ("/workbench/fact-checks/{}/", "editor"),
    ("/workbench/imports/{}/", "editor"),
    ("/workbench/imports/uploads/{}/confirm/", "editor"),
    ("/admin/articles/factcheck/{}/change/", "editor"),
]


def test_every_url_slug_takes_every_hostile_string(world):
    editor = Client()
    editor.force_login(world["admin"])
    clients = {"editor": editor, "reader": Client()}
    problems, tried = [], 0
    for pattern, who in SLUGGED:
        client = clients[who]
        for value in STRINGS:
            tried += 1
            url = pattern.format(encode(value))
            response = (client.post if pattern.endswith("confirm/") else client.get)(url)
            # 200 only where the value is blank and the address is the home page.
            if response.status_code not in (200, 302, 400, 404, 405) or (response.status_code == 200 and value.strip()):
                problems.append(f"{url[:80]}: {response.status_code}")
            elif shown_raw(response.content.decode("utf-8", "replace"), value):
                problems.append(f"{url[:80]}: written into the page unescaped")
    assert problems == [], f"{len(problems)} of {tried} requests:\n" + "\n".join(problems[:60])


def test_an_open_redirect_is_never_followed(world):
    editor = Client()
    editor.force_login(world["admin"])
    claim = world["quote"].claim
    targets = [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        " https://evil.example",
        "http:evil.example",
        "\\\\evil.example",
    ]
    for target in targets:
        for response in (
            editor.post(
                reverse("workbench:claim_reopen", args=[claim.pk]), data=form_body({"next": target}), content_type=FORM
            ),
            Client().post(
                reverse("login") + f"?next={encode(target)}",
                {"username": "h-admin", "password": "pw-test-123!", "next": target},
            ),
        ):
            location = response.get("Location", "")
            assert response.status_code == 302, target
            assert location.startswith("/") and not location.startswith(("//", "/\\")), (target, location)
