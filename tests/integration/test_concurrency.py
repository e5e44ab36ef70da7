"""Two editors act on the same claim or fact-check at once, in threads against the real PostgreSQL.

Each round starts both actions together (a barrier) and holds the winner's row lock a
little longer than a fast request would (a sleep after `SELECT … FOR UPDATE`), so the
second action really arrives while the first is in flight. Exactly one wins, the other
gets a readable refusal, and the audit trail shows both: the winner's event and the
loser's `…_refused`, written after its transaction rolled back.

SQLite has no row locks and serialises every writer on one database lock, so these races
would prove nothing there: they run on PostgreSQL only.
"""

import threading
import time
from functools import partial

import pytest
from django.db import connection, connections, transaction

from articles.models import AuditEvent, Claim, FactCheck, Quote
from articles.services.errors import ServiceError
from articles.services.factchecks import factcheck_publish, factcheck_submit, factcheck_update, factcheck_withdraw
from articles.services.review import claim_accept, claim_merge, claim_reject
from tests.factories import make_factcheck, make_quote, make_speaker, make_user
from tests.workflow import propose_changes

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row-lock races need PostgreSQL: SQLite serialises all writers, so there is no race to lose.",
    ),
]
ROUNDS = 20
HOLD_LOCK = 0.05  # seconds the winner keeps its row lock, so the other action queues behind it


def _holding_the_first_lock():
    """An execute wrapper that sleeps once, after the action's first `SELECT … FOR UPDATE`."""
    held = False

    def wrapper(execute, sql, params, many, context):
        nonlocal held
        result = execute(sql, params, many, context)
        if not held and "FOR UPDATE" in sql:
            held = True
            time.sleep(HOLD_LOCK)
        return result

    return wrapper


def race(*actions) -> list[tuple[str, object]]:
    """Run the actions at once, one thread and one database connection each; ("ok", result) or ("refused", message)."""
    barrier = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            with connection.execute_wrapper(_holding_the_first_lock()):
                outcomes[index] = ("ok", action())
        except ServiceError as error:
            outcomes[index] = ("refused", error.message)
        except Exception as error:  # noqa: BLE001  (reported by the assertion, not lost in the thread)
            outcomes[index] = ("error", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _one_winner(outcomes) -> int:
    kinds = [kind for kind, _ in outcomes]
    assert sorted(kinds) == ["ok", "refused"], outcomes
    return kinds.index("ok")


def _refusals(**where):
    return list(AuditEvent.objects.refusals().filter(**where).values_list("action", "actor__username", "message"))


def test_accept_versus_reject(seeded_defaults):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    wins = {"accept": 0, "reject": 0}
    for _ in range(ROUNDS):
        with transaction.atomic():  # one commit for the setup, not one per row
            claim = make_quote().claim
        outcomes = race(
            partial(claim_accept, claim=claim, user=alice),
            partial(claim_reject, claim=claim, user=bob, reason="opinion"),
        )
        winner = _one_winner(outcomes)
        claim.refresh_from_db()
        loser_message = outcomes[1 - winner][1]
        if winner == 0:
            wins["accept"] += 1
            assert claim.status == Claim.Status.ACCEPTED and FactCheck.objects.filter(claim=claim).exists()
            assert loser_message.startswith("Already accepted by alice")
            assert _refusals(claim=claim) == [("claim_reject_refused", "bob", loser_message)]
        else:
            wins["reject"] += 1
            assert claim.status == Claim.Status.REJECTED and not FactCheck.objects.filter(claim=claim).exists()
            assert loser_message.startswith("Already rejected (opinion) by bob")
            assert _refusals(claim=claim) == [("claim_accept_refused", "alice", loser_message)]
        decided = AuditEvent.objects.actions().filter(claim=claim, action__in=["claim_accepted", "claim_rejected"])
        assert decided.count() == 1
    assert sum(wins.values()) == ROUNDS


def test_publish_versus_publish_by_two_editors(seeded_defaults):
    author, ed1, ed2 = make_user(), make_user(role="Editor", username="ed1"), make_user(role="Editor", username="ed2")
    for _ in range(ROUNDS):
        with transaction.atomic():
            factcheck = factcheck_submit(factcheck=make_factcheck(author=author), user=author)
        version = factcheck.version
        outcomes = race(
            partial(factcheck_publish, factcheck=factcheck, editor=ed1, expected_version=version),
            partial(factcheck_publish, factcheck=factcheck, editor=ed2, expected_version=version),
        )
        winner = _one_winner(outcomes)
        factcheck.refresh_from_db()
        assert factcheck.status == FactCheck.Status.PUBLISHED
        assert factcheck.approved_by.username == ("ed1", "ed2")[winner]
        assert outcomes[1 - winner][1].startswith(f"Already published: {('ed1', 'ed2')[winner]} approved it")
        assert AuditEvent.objects.filter(factcheck=factcheck, action="factcheck_published").count() == 1
        assert [r[:2] for r in _refusals(factcheck=factcheck)] == [
            ("factcheck_publish_refused", ("ed1", "ed2")[1 - winner])
        ]


def test_publish_versus_the_author_pulling_it_back_to_edit(seeded_defaults):
    """Whichever wins, what goes public is exactly what the approver read."""
    author, editor = make_user(username="author"), make_user(role="Editor", username="approver")
    wins = {"publish": 0, "edit": 0}
    for _ in range(ROUNDS):
        with transaction.atomic():
            factcheck = make_factcheck(author=author, body="Read by the approver.")
            factcheck = factcheck_submit(factcheck=factcheck, user=author)
        version = factcheck.version

        def withdraw_and_edit(factcheck=factcheck):
            pulled = factcheck_withdraw(factcheck=factcheck, user=author)
            return factcheck_update(
                factcheck=pulled, user=author, expected_version=pulled.version, changes={"body": "Changed after."}
            )

        outcomes = race(
            partial(factcheck_publish, factcheck=factcheck, editor=editor, expected_version=version), withdraw_and_edit
        )
        winner = _one_winner(outcomes)
        factcheck.refresh_from_db()
        if winner == 0:
            wins["publish"] += 1
            assert (factcheck.status, factcheck.body) == (FactCheck.Status.PUBLISHED, "Read by the approver.")
            assert outcomes[1][1] == "It is published, and no changes to it are in review."
            assert [r[:2] for r in _refusals(factcheck=factcheck)] == [("factcheck_withdraw_refused", "author")]
        else:
            wins["edit"] += 1
            assert (factcheck.status, factcheck.body) == (FactCheck.Status.DRAFT, "Changed after.")
            assert outcomes[0][1] == "Submit the fact-check for review before publishing it."
            assert [r[:2] for r in _refusals(factcheck=factcheck)] == [("factcheck_publish_refused", "approver")]
            assert not FactCheck.objects.published().filter(pk=factcheck.pk).exists()
    assert sum(wins.values()) == ROUNDS


def test_approving_changes_versus_editing_them(seeded_defaults):
    proposer, approver = make_user(role="Editor", username="proposer"), make_user(role="Editor", username="approver")
    for _ in range(ROUNDS):
        with transaction.atomic():
            factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED, body="Published.")
            propose_changes(factcheck, by=proposer, changes={"body": "Approved text."}, kind="typo", note="Typo.")
        factcheck.refresh_from_db()
        version = factcheck.version

        outcomes = race(
            partial(factcheck_publish, factcheck=factcheck, editor=approver, expected_version=version),
            partial(
                factcheck_update,
                factcheck=factcheck,
                user=proposer,
                expected_version=version,
                changes={"body": "Slipped in."},
            ),
        )
        # The changes are in review, so the edit is refused before or after the approval; never published.
        assert [kind for kind, _ in outcomes] == ["ok", "refused"], outcomes
        factcheck.refresh_from_db()
        assert factcheck.body == "Approved text."
        assert [r[:2] for r in _refusals(factcheck=factcheck)] == [("factcheck_edit_refused", "proposer")]


def test_merge_versus_merge_of_the_same_claim(seeded_defaults):
    one, two = make_user(username="one"), make_user(username="two")
    speaker = make_speaker()
    for round_number in range(ROUNDS):
        with transaction.atomic():
            a, b, c = (make_quote(speaker=speaker, text=f"Round {round_number} claim {n}").claim for n in "abc")
        b_quotes = set(Quote.objects.filter(claim=b).values_list("pk", flat=True))
        # Alternate the shapes: two targets for one claim, and two claims merged into each other.
        second = (
            partial(claim_merge, target=c, other=b, user=two)
            if round_number % 2
            else partial(claim_merge, target=b, other=a, user=two)
        )
        outcomes = race(partial(claim_merge, target=a, other=b, user=one), second)
        winner = _one_winner(outcomes)
        assert "no longer exists" in outcomes[1 - winner][1]
        survivors = set(Claim.objects.filter(pk__in=[a.pk, b.pk, c.pk]).values_list("pk", flat=True))
        assert len(survivors) == 2
        for claim in Claim.objects.filter(pk__in=survivors):
            assert claim.appearance_count == claim.quotes.count()
        assert Quote.objects.filter(pk__in=b_quotes, claim__in=survivors).count() == len(b_quotes)
        merged = AuditEvent.objects.filter(action="claim_merged").order_by("-id")
        assert merged.count() == round_number + 1 and merged[0].actor.username == ("one", "two")[winner]
        refused = AuditEvent.objects.refusals().filter(action="claim_merge_refused").order_by("-id")
        assert refused.count() == round_number + 1 and refused[0].actor.username == ("one", "two")[1 - winner]
