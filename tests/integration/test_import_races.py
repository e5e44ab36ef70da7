"""Two imports at once, on the real PostgreSQL: one speaker per person and one claim per statement.

Each test runs two imports in two threads (two database connections, two transactions),
started together, over records that meet the same new speakers and statements. Before
the unique speaker key and the claim-grouping locks, they made "maria-lopez" and
"maria-lopez-2", and two claims for one statement.
"""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.models import Count

from articles.ingest import ArticleRecord
from articles.models import Article, Claim, Quote, Speaker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writer at a time"),
]

PEOPLE = [
    ("Maria", "Lopez"),
    ("Ana", "Okafor"),
    ("Tomas", "Varga"),
    ("Priya", "Haddad"),
    ("Kwame", "Brennan"),
    ("Lena", "Castillo"),
    ("Marcus", "Larsen"),
    ("Yuki", "Mensah"),
    ("Olga", "Kowalski"),
    ("Samir", "Duarte"),
    ("Grace", "Rahman"),
    ("Diego", "Whitfield"),
]


def statement(i: int) -> str:
    return f"We cut the deficit by {i + 11} percent in {2001 + i}, and we will cut it again"


def records(side: str) -> list[ArticleRecord]:
    """One article per person, each quoting their statement; side "a" and side "b" word the story differently."""
    made = []
    for i, (first, last) in enumerate(PEOPLE):
        if side == "a":
            body = f"Story {i}. “{statement(i)},” Mayor {first} {last} told reporters on Monday.\n"
        else:
            body = f"Report {i} from the rally. Mayor {first} {last} said: “{statement(i)}.”\n"
        made.append(
            ArticleRecord(
                title=f"{side} {i}",
                body=body,
                url=f"https://{side}.example/{i}",
                outlet="The Courier",
                published_at=datetime(2025, 4, 1 + i, tzinfo=UTC),
            )
        )
    return made


def import_one_by_one(items):
    from articles.services.imports import article_import

    for record in items:
        article_import(record=record)


def import_in_chunks(items):
    from articles.services.bulk_import import articles_import_chunk

    for start in range(0, len(items), 4):
        articles_import_chunk(records=items[start : start + 4])


def at_once(*jobs):
    """Run each (function, argument) in its own thread and connection, all released together."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(function, argument):
        try:
            barrier.wait(timeout=30)
            function(argument)
        except Exception as error:  # re-raised below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]


@pytest.mark.parametrize("importer", [import_one_by_one, import_in_chunks], ids=["one-by-one", "chunks"])
def test_two_imports_meeting_the_same_new_people_make_one_speaker_and_one_claim_each(importer, seeded_defaults):
    at_once((importer, records("a")), (importer, records("b")))

    assert Article.objects.count() == 2 * len(PEOPLE)
    for i, (first, last) in enumerate(PEOPLE):
        speakers = list(Speaker.objects.filter(name__endswith=last).values_list("slug", flat=True))
        assert speakers == [f"{first}-{last}".lower()], f"{first} {last}: {speakers}"
        claims = Claim.objects.filter(quotes__text__startswith=statement(i)[:30]).distinct()
        assert claims.count() == 1, f"{first} {last}: {list(claims.values_list('pk', 'text'))}"
        claim = claims.get()
        assert claim.appearance_count == claim.quotes.count() == 2


def test_two_imports_of_the_same_files_store_each_article_once(seeded_defaults):
    from articles.services.bulk_import import articles_import_chunk

    items = records("a") + records("b")
    outcomes = []

    def import_all(chunk):
        for start in range(0, len(items), chunk):
            outcomes.extend(articles_import_chunk(records=items[start : start + chunk]))

    at_once((import_all, 5), (import_all, 7))

    statuses = [outcome.status for outcome in outcomes]
    assert (statuses.count("created"), statuses.count("unchanged"), statuses.count("failed")) == (24, 24, 0)
    assert Article.objects.count() == 24
    assert Speaker.objects.values("name_key").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    assert Claim.objects.values("speaker", "fingerprint").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    for claim in Claim.objects.annotate(n=Count("quotes")):
        assert claim.appearance_count == claim.n
    assert Quote.objects.count() == Article.objects.count()
