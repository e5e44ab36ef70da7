"""import_files: every format, every bad input, one transaction per item, an honest ImportBatch."""

import io
import json
import zipfile
from pathlib import Path

import pytest

from articles.ingest.limits import MAX_FILE_BYTES
from articles.models import Article, Claim, ImportBatch, Outlet, Quote, Source, Speaker, SpeakerAlias
from articles.services import extraction as extraction_service
from articles.services.import_preview import ImportPreview
from articles.services.imports import CREATED, FAILED, READ_LIMIT, UNCHANGED, import_files
from tests.factories import make_article

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
WRITTEN = (Article, Outlet, Source, Speaker, SpeakerAlias, Claim, Quote, ImportBatch)

TEXT_ARTICLE = (
    "Mayor Ana Lima defended the budget on Tuesday.\n"
    "“We cut the deficit by 40 percent in two years,” Lima told reporters.\n"
).encode()
CSV_ARTICLES = (
    "title,url,outlet,published_at,byline,body\n"
    "Council approves budget,https://courier.example/budget,The Harbour Courier,2025-04-02,Ana Lima,"
    '"The council approved the budget. “We cut the deficit by 40 percent,” Mayor Ana Lima said."\n'
    "Clinics open,https://courier.example/clinics,The Harbour Courier,2025-04-03,,"
    '"Two clinics opened. “We hired 120 nurses this year,” Health Minister Priya Okafor said."\n'
).encode()


def data(name: str) -> tuple[str, bytes]:
    return name, (DATA / name).read_bytes()


def zipped(members: dict[str, bytes], name: str = "upload.zip") -> tuple[str, bytes]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return name, buffer.getvalue()


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WRITTEN}


def titles() -> set[str]:
    return set(Article.objects.values_list("title", flat=True))


# ---- Formats ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "upload, expected_titles",
    [
        (("budget.txt", TEXT_ARTICLE), {"Mayor Ana Lima defended the budget on Tuesday."}),
        (data("article.html"), {"Iran Rejects Talks With Washington"}),
        (data("feed.rss.xml"), {"Iran rejects direct talks", "Budget approved"}),
        (data("feed.atom.xml"), {"Talks stall in Geneva"}),
        (data("bulk.json"), {"Iran rejects talks", "Keys in any case"}),
        (data("bulk.jsonl"), {"First", "Third"}),
        (("articles.csv", CSV_ARTICLES), {"Council approves budget", "Clinics open"}),
        (zipped({"text/budget.txt": TEXT_ARTICLE, "bulk/articles.csv": CSV_ARTICLES}), None),
    ],
    ids=["text", "html", "rss", "atom", "json", "jsonl", "csv", "zip"],
)
def test_every_format_imports(upload, expected_titles):
    batch = import_files(files=[upload])

    expected_titles = expected_titles or {
        "Mayor Ana Lima defended the budget on Tuesday.",
        "Council approves budget",
        "Clinics open",
    }
    assert titles() == expected_titles
    assert batch.created_count == len(expected_titles)
    assert set(Article.objects.values_list("extraction_status", flat=True)) == {Article.ExtractionStatus.DONE}


def test_the_format_can_be_forced():
    batch = import_files(files=[("export.dat", CSV_ARTICLES)], format="csv")

    assert batch.created_count == 2
    assert titles() == {"Council approves budget", "Clinics open"}


def test_html_arrives_without_scripts_or_event_handlers():
    import_files(files=[data("hostile.html")])

    body = Article.objects.get().body
    assert "Council approved" in body or "council approved" in body
    for marker in ("alert", "SCRIPT_MARKER", "NAV_MARKER", "AD_MARKER", "onload", "onerror", "WRITE_MARKER"):
        assert marker not in body


def test_the_seeds_import_with_their_quotes():
    files = [(f"seeds/{path.name}", path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]

    batch = import_files(files=files)

    assert (batch.created_count, batch.unchanged_count, batch.failed_count) == (2, 0, 0)
    assert Quote.objects.count() >= 10
    assert not Article.objects.filter(body__contains="Be the first to comment").exists()


# ---- Bad input -------------------------------------------------------------------------

ZIP_BOMB = zipped({"bomb.txt": b"0" * (2 * 1024 * 1024)}, "bomb.zip")
HTML_ONLY_SCRIPT = b"<html><body><script>alert(1)</script><div onclick='steal()'></div></body></html>"

BAD_INPUTS = [
    (("empty.txt", b""), "empty.txt", "empty"),
    (("blank.txt", b"  \n\n  "), "blank.txt", "empty"),
    (("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01"), "photo.png", "PNG"),
    (("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), "report.pdf", "PDF"),
    (("garbled.txt", bytes(range(128, 256)) * 20), "garbled.txt", "UTF-8"),
    (("huge.txt", b"a" * (MAX_FILE_BYTES + 1)), "huge.txt", "limit"),
    (ZIP_BOMB, "bomb.txt", "zip bomb"),
    (zipped({"../../etc/evil.txt": TEXT_ARTICLE}), "../../etc/evil.txt", ".."),
    (zipped({"/etc/passwd.txt": TEXT_ARTICLE}), "/etc/passwd.txt", "absolute path"),
    (("broken.zip", b"PK\x03\x04 this is not really a zip"), "broken.zip", "zip"),
    (("scripts.html", HTML_ONLY_SCRIPT), "scripts.html", "no article text"),
    (data("malformed.xml"), "malformed.xml", "not well-formed"),
    (data("billion_laughs.xml"), "billion_laughs.xml", "entities"),
    (data("xxe.xml"), "xxe.xml", "entities"),
    (("short.csv", b"title,url,body\nOnly a title\n"), "short.csv row 2", "missing"),
    (("dates.csv", b"title,body,published_at\nA title,Some text.,next Tuesday\n"), "dates.csv row 2", "date"),
    (("dates.json", json.dumps([{"title": "T", "body": "B.", "published_at": "31/31/2025"}]).encode()), None, "date"),
    (("nobody.jsonl", b'{"title": "Only a title"}\n'), "nobody.jsonl line 1", "body"),
]


@pytest.mark.parametrize(
    "upload, item, reason", BAD_INPUTS, ids=[upload[0] + "-" + reason for upload, _, reason in BAD_INPUTS]
)
def test_bad_input_gets_a_clear_per_item_error_and_writes_nothing(upload, item, reason):
    batch = import_files(files=[upload])

    assert batch.failed_count == len(batch.errors) >= 1
    assert batch.created_count == 0
    error = batch.errors[0]
    assert set(error) == {"item", "reason"}
    if item is not None:
        assert error["item"] == item
    assert reason.lower() in error["reason"].lower()
    assert batch.status == ImportBatch.Status.DONE
    assert {name: n for name, n in row_counts().items() if name != "ImportBatch"} == dict.fromkeys(
        [model.__name__ for model in WRITTEN if model is not ImportBatch], 0
    )


def test_a_legacy_encoding_is_recognised():
    text = "Café owners protest.\n“Our rent rose by 30 percent,” café owner José Álvarez said.\n"

    batch = import_files(files=[("cafe.txt", text.encode("cp1252"))])

    assert batch.created_count == 1
    assert "José Álvarez" in Article.objects.get().body


def test_bad_items_do_not_stop_the_good_ones():
    files = [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        data("bulk.csv"),
        ("budget.txt", TEXT_ARTICLE),
        ("empty.txt", b""),
    ]

    batch = import_files(files=files)

    assert batch.created_count >= 3  # two good CSV rows and the text file
    assert batch.failed_count == len(batch.errors) >= 5
    assert batch.total == batch.processed == batch.created_count + batch.unchanged_count + batch.failed_count
    failed_items = [error["item"] for error in batch.errors]
    assert failed_items[0] == "photo.png"
    assert "bulk.csv row 4" in failed_items and "empty.txt" in failed_items
    assert "Mayor Ana Lima defended the budget on Tuesday." in titles()


def test_an_item_that_fails_while_saving_leaves_no_rows_and_the_batch_goes_on(monkeypatch):
    real_store = extraction_service.quotes_store

    def store_failing_for_clinics(*, extracted, **kwargs):
        stored = real_store(extracted=extracted, **kwargs)  # quotes, claims and speakers written...
        if any("clinics" in article.title.lower() for article, _ in extracted):
            raise RuntimeError("simulated crash after partial writes")  # ...and rolled back
        return stored

    monkeypatch.setattr(extraction_service, "quotes_store", store_failing_for_clinics)

    batch = import_files(files=[("articles.csv", CSV_ARTICLES)])

    assert (batch.created_count, batch.failed_count) == (1, 1)
    assert batch.errors == [
        {"item": "articles.csv row 3", "reason": "an unexpected error stopped this article; nothing of it was kept"}
    ]
    assert titles() == {"Council approves budget"}
    assert not Speaker.objects.filter(name="Priya Okafor").exists()
    assert not Quote.objects.filter(text__contains="nurses").exists()


def test_a_changed_text_at_a_known_address_is_a_failed_item():
    import_files(files=[("articles.csv", CSV_ARTICLES)])
    changed = CSV_ARTICLES.replace(b"40 percent", b"30 percent")

    batch = import_files(files=[("articles.csv", changed)])

    assert (batch.created_count, batch.unchanged_count, batch.failed_count) == (0, 1, 1)
    assert batch.errors[0]["item"] == "articles.csv row 2"
    assert "https://courier.example/budget" in batch.errors[0]["reason"]
    assert Article.objects.get(url="https://courier.example/budget").body.count("40 percent") == 1


# ---- The batch -------------------------------------------------------------------------


def test_the_batch_records_what_happened():
    batch = import_files(files=[("articles.csv", CSV_ARTICLES), ("empty.txt", b"")], origin="upload")

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert batch.finished_at is not None
    assert batch.origin == "upload"
    assert batch.file_names == ["articles.csv", "empty.txt"]
    assert (batch.total, batch.processed) == (3, 3)
    assert (batch.created_count, batch.unchanged_count, batch.failed_count) == (2, 0, 1)
    assert batch.errors == [{"item": "empty.txt", "reason": "the file is empty"}]
    assert set(batch.articles.values_list("title", flat=True)) == {"Council approves budget", "Clinics open"}


def test_a_second_run_counts_everything_unchanged():
    import_files(files=[("articles.csv", CSV_ARTICLES)])
    counts = row_counts()

    batch = import_files(files=[("articles.csv", CSV_ARTICLES)])

    assert (batch.created_count, batch.unchanged_count, batch.failed_count) == (0, 2, 0)
    assert row_counts() == {**counts, "ImportBatch": counts["ImportBatch"] + 1}


def test_progress_is_reported_once_read_and_after_every_chunk(settings):
    settings.IMPORT_CHUNK_SIZE = 1
    seen = []

    import_files(
        files=[("articles.csv", CSV_ARTICLES), ("empty.txt", b"")],
        progress=lambda batch: seen.append((batch.processed, batch.total)),
    )

    assert seen == [(1, 3), (2, 3), (3, 3)]  # the empty file is known to fail as soon as it is read


# ---- Dry run ---------------------------------------------------------------------------


def test_a_dry_run_previews_and_writes_nothing():
    make_article(title="Clinics open", url="https://elsewhere.example/clinics")
    counts = row_counts()

    preview = import_files(files=[("articles.csv", CSV_ARTICLES), ("empty.txt", b"")], dry_run=True)

    assert isinstance(preview, ImportPreview)
    assert row_counts() == counts
    budget, clinics, empty = preview.items
    assert (budget.item, budget.title, budget.outlet, budget.action) == (
        "articles.csv row 2",
        "Council approves budget",
        "The Harbour Courier",
        CREATED,
    )
    assert budget.published_at.date().isoformat() == "2025-04-02"
    assert budget.quotes == 1 and budget.duplicates == [] and budget.error == ""
    assert clinics.action == CREATED
    assert "same title as" in clinics.duplicates[0]
    assert (empty.action, empty.error) == (FAILED, "the file is empty")
    assert (preview.created_count, preview.unchanged_count, preview.failed_count) == (2, 0, 1)


def test_a_dry_run_names_articles_already_imported_and_changed_texts():
    import_files(files=[("articles.csv", CSV_ARTICLES)])
    changed = CSV_ARTICLES.replace(b"120 nurses", b"150 nurses")

    preview = import_files(files=[("articles.csv", changed)], dry_run=True)

    budget, clinics = preview.items
    assert budget.action == UNCHANGED
    assert "“Council approves budget”" in budget.duplicates[0]
    assert clinics.action == FAILED
    assert "not overwritten" in clinics.error


def test_a_dry_run_spots_repeats_inside_the_upload():
    preview = import_files(files=[("a.txt", TEXT_ARTICLE), ("b.txt", TEXT_ARTICLE)], dry_run=True)

    first, second = preview.items
    assert (first.action, second.action) == (CREATED, UNCHANGED)
    assert "a.txt" in second.duplicates[0]


def test_a_file_larger_than_any_upload_is_refused_unread():
    batch = import_files(files=[("video.zip", b"PK\x03\x04" + b"\0" * READ_LIMIT)])

    assert batch.errors == [
        {
            "item": "video.zip",
            "reason": "the file is larger than 20 MB, the limit for a zip archive (5 MB for any other file)",
        }
    ]
