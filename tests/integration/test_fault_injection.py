"""A database error in the middle of a service call leaves no partial state.

For each service that writes more than one row, a dry run counts its writes (INSERT,
UPDATE, DELETE); then, for each of them in turn, the service runs again on fresh data with
an execute wrapper that raises a `DatabaseError` at that write. Every table must then
hold exactly what it held before the call. Runs on SQLite and on PostgreSQL.
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from articles.models import FactCheck
from articles.services import citations, factchecks, review
from tests.factories import make_article, make_factcheck, make_quote, make_speaker, make_user
from tests.workflow import propose_changes

pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE")


class InjectedFault(DatabaseError):
    pass


def _is_write(sql: str) -> bool:
    return sql.lstrip().upper().startswith(WRITES)


class Writes:
    """An execute wrapper that counts writes and, when `fail_at` is set, raises at that one."""

    def __init__(self, fail_at: int | None = None):
        self.count, self.fail_at = 0, fail_at

    def __call__(self, execute, sql, params, many, context):
        if _is_write(sql):
            self.count += 1
            if self.count == self.fail_at:
                raise InjectedFault(f"injected failure at write {self.count}: {sql[:60]}")
        return execute(sql, params, many, context)


def snapshot() -> dict:
    """Every row of every table of the app and of the users, as plain values."""
    models = [*apps.get_app_config("articles").get_models(), apps.get_model("auth", "User")]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


# ---- one scenario per multi-write service: setup() -> state, act(state) ----------------------------


def _users():
    return {"checker": make_user(), "editor": make_user(role="Editor"), "editor2": make_user(role="Editor")}


def _pending_claims():
    speaker = make_speaker()
    return _users() | {"claims": [make_quote(speaker=speaker, text=f"We hired {n} nurses").claim for n in (10, 20, 30)]}


def _with_draft():
    return _users() | {"factcheck": make_factcheck()}


def _in_review():
    state = _users()
    factcheck = make_factcheck(author=state["checker"])
    state["factcheck"] = factchecks.factcheck_submit(factcheck=factcheck, user=state["checker"])
    return state


def _published():
    return _users() | {"factcheck": make_factcheck(status=FactCheck.Status.PUBLISHED)}


def _changes_in_review():
    state = _published()
    propose_changes(state["factcheck"], by=state["editor"], changes={"body": "New."}, kind="typo", note="A typo.")
    state["factcheck"].refresh_from_db()
    return state


def _scheduled():
    state = _in_review()
    fc = state["factcheck"]
    soon = timezone.now() + timedelta(hours=1)
    state["factcheck"] = factchecks.factcheck_publish(
        factcheck=fc, editor=state["editor"], expected_version=fc.version, publish_at=soon
    )
    return state


def _due():
    state = _scheduled()
    FactCheck.objects.filter(pk=state["factcheck"].pk).update(published_at=timezone.now() - timedelta(seconds=1))
    return state


def _merge_state():
    state = _pending_claims()
    make_factcheck(claim=state["claims"][1])  # a draft that moves with its claim
    return state


def _two_appearances():
    state = _users()
    quote = make_quote(text="We cut waiting lists by half")
    article = make_article(body="Lead.\n“We cut waiting lists by half,” she said.\nEnd.")
    make_quote(article=article, text="We cut waiting lists by half", claim=quote.claim)
    return state | {"quote": quote, "other_speaker": make_speaker()}


def _update(state, **changes):
    fc = state["factcheck"]
    return factchecks.factcheck_update(factcheck=fc, user=state["editor"], expected_version=fc.version, **changes)


SCENARIOS = {
    "claim_accept": (_pending_claims, lambda s: review.claim_accept(claim=s["claims"][0], user=s["checker"])),
    "claim_reject": (
        _pending_claims,
        lambda s: review.claim_reject(claim=s["claims"][0], user=s["checker"], reason="opinion"),
    ),
    "claims_bulk_accept": (
        _pending_claims,
        lambda s: review.claims_bulk_accept(claims=s["claims"], user=s["checker"]),
    ),
    "claim_merge": (
        _merge_state,
        lambda s: review.claim_merge(target=s["claims"][0], other=s["claims"][1], user=s["checker"]),
    ),
    "quote_split": (_two_appearances, lambda s: review.quote_split(quote=s["quote"], user=s["checker"])),
    "quote_correct": (
        _two_appearances,
        lambda s: review.quote_correct(quote=s["quote"], user=s["checker"], end=s["quote"].end - 3),
    ),
    "factcheck_update (draft)": (_with_draft, lambda s: _update(s, changes={"body": "Edited."})),
    "factcheck_update (proposed changes)": (
        _published,
        lambda s: _update(s, changes={"body": "Edited."}, correction={"kind": "typo", "note": "A typo."}),
    ),
    "factcheck_submit": (
        _with_draft,
        lambda s: factchecks.factcheck_submit(factcheck=s["factcheck"], user=s["checker"]),
    ),
    "factcheck_withdraw": (
        _in_review,
        lambda s: factchecks.factcheck_withdraw(factcheck=s["factcheck"], user=s["checker"]),
    ),
    "factcheck_return": (
        _in_review,
        lambda s: factchecks.factcheck_return(factcheck=s["factcheck"], reviewer=s["editor"], comment="Fix it."),
    ),
    "factcheck_publish": (
        _in_review,
        lambda s: factchecks.factcheck_publish(
            factcheck=s["factcheck"], editor=s["editor"], expected_version=s["factcheck"].version
        ),
    ),
    "factcheck_publish (approve changes)": (
        _changes_in_review,
        lambda s: factchecks.factcheck_publish(
            factcheck=s["factcheck"], editor=s["editor2"], expected_version=s["factcheck"].version
        ),
    ),
    "factcheck_unschedule": (
        _scheduled,
        lambda s: factchecks.factcheck_unschedule(factcheck=s["factcheck"], editor=s["editor2"]),
    ),
    "factchecks_release_due": (_due, lambda s: factchecks.factchecks_release_due()),
    "factcheck_retract (with changes open)": (
        _changes_in_review,
        lambda s: factchecks.factcheck_retract(factcheck=s["factcheck"], editor=s["editor2"], reason="Forged."),
    ),
    "factcheck_discard_changes": (
        _changes_in_review,
        lambda s: factchecks.factcheck_discard_changes(factcheck=s["factcheck"], user=s["editor"]),
    ),
    "correction_add": (
        _published,
        lambda s: factchecks.correction_add(factcheck=s["factcheck"], user=s["editor"], kind="typo", note="Typo."),
    ),
    "citation_add (new source)": (
        _with_draft,
        lambda s: citations.citation_add(
            factcheck=s["factcheck"], user=s["checker"], url="https://new.example/x", outlet_name="New", title="X"
        ),
    ),
    "citations_reorder": (
        lambda: _users() | {"factcheck": make_factcheck(citations=3)},
        lambda s: citations.citations_reorder(
            factcheck=s["factcheck"],
            user=s["checker"],
            order=list(reversed(s["factcheck"].citations.values_list("pk", flat=True))),
        ),
    ),
    "citation_remove": (
        _with_draft,
        lambda s: citations.citation_remove(citation=s["factcheck"].citations.get(), user=s["checker"]),
    ),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_database_error_at_any_write_leaves_no_partial_state(name):
    setup, act = SCENARIOS[name]
    with transaction.atomic():  # the dry run, rolled back: how many writes the call makes
        state = setup()
        counter = Writes()
        with connection.execute_wrapper(counter):
            act(state)
        transaction.set_rollback(True)
    assert counter.count >= 2, f"{name} makes {counter.count} write(s): not a multi-write service"

    for fail_at in range(1, counter.count + 1):
        with transaction.atomic():
            state = setup()
            before = snapshot()
            with connection.execute_wrapper(Writes(fail_at)), pytest.raises(InjectedFault):
                act(state)
            assert snapshot() == before, f"{name}: a failure at write {fail_at} of {counter.count} left rows behind"
            transaction.set_rollback(True)
