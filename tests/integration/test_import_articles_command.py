"""manage.py import_articles and extract_quotes: thin commands with honest summaries and exit codes."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Claim, ImportBatch, Outlet, Quote, Source, Speaker
from tests.integration.workers import run_queued_tasks

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
COUNTED = (Article, Outlet, Source, Speaker, Claim, Quote)


class TTY(io.StringIO):
    def isatty(self):
        return True


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("import_articles", *args, stdout=out)
    return out.getvalue().splitlines()


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_importing_the_seeds_folder():
    lines = run(str(SEEDS))

    assert lines == ["imported 2, unchanged 0, failed 0"]
    assert Article.objects.count() == 2
    seed_003 = Article.objects.get(published_at__isnull=False)
    assert seed_003.published_at.date().isoformat() == "2025-03-30"
    assert set(seed_003.sources.values_list("outlet__name", flat=True)) == {"Townhall", "Politico", "Euronews"}
    assert not Article.objects.filter(body__contains="Be the first to comment").exists()
    assert ImportBatch.objects.get().origin == "command"


def test_a_second_run_changes_nothing():
    run(str(SEEDS))
    counts = row_counts()

    lines = run(str(SEEDS))

    assert lines[-1] == "imported 0, unchanged 2, failed 0"
    assert row_counts() == counts


def test_failures_are_listed_above_one_summary_line_and_the_exit_status_is_non_zero(tmp_path):
    shutil.copy(next(SEEDS.glob("003_*.txt")), tmp_path / "003.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "rows.csv").write_text("title,body,published_at\nA title,Some text.,next Tuesday\n")
    out = io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("import_articles", str(tmp_path), stdout=out)

    assert failed.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert lines[-1] == "imported 1, unchanged 0, failed 2"
    assert sum(line.startswith("imported ") for line in lines) == 1
    assert any(f"{tmp_path}/empty.txt: the file is empty" in line for line in lines[:-1])
    assert any(f"{tmp_path}/rows.csv row 2" in line and "date" in line for line in lines[:-1])


def test_folders_are_read_recursively_in_name_order_without_hidden_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("First article here.\n“We built 12 schools,” Mayor Ana Lima said.\n")
    (tmp_path / "b" / "c.txt").write_text("Second article here.\n“We hired 40 nurses,” Dr Priya Okafor said.\n")
    (tmp_path / ".hidden.txt").write_text("Not an article.")

    run(str(tmp_path))

    batch = ImportBatch.objects.get()
    assert batch.file_names == [f"{tmp_path}/a.txt", f"{tmp_path}/b/c.txt"]
    assert batch.created_count == 2


def test_several_paths_and_a_forced_format(tmp_path):
    (tmp_path / "export.dat").write_text("title,body\nCouncil approves budget,The council approved the budget.\n")
    (tmp_path / "export.txt").write_text("title,body\nClinics open,Two clinics opened on Monday.\n")

    lines = run(str(tmp_path / "export.dat"), str(tmp_path / "export.txt"), "--format", "csv")

    assert lines == ["imported 2, unchanged 0, failed 0"]
    assert set(Article.objects.values_list("title", flat=True)) == {"Council approves budget", "Clinics open"}


def test_dry_run_shows_each_item_and_writes_nothing(tmp_path):
    run(str(SEEDS))
    counts = row_counts()
    batches = ImportBatch.objects.count()
    (tmp_path / "new.txt").write_text("Budget news today.\n“We cut the deficit by 40 percent,” Mayor Ana Lima said.\n")

    lines = run(str(SEEDS), str(tmp_path), "--dry-run")

    assert row_counts() == counts and ImportBatch.objects.count() == batches
    assert lines[-1] == "would import 1, unchanged 2, failed 0 (dry run: nothing was written)"
    new_line = next(line for line in lines if "new.txt" in line)
    assert new_line.startswith("would import")
    assert "“Budget news today.”" in new_line and "1 quote" in new_line
    assert sum(line.startswith("unchanged") for line in lines) == 2


def test_a_progress_bar_only_on_a_terminal():
    terminal = TTY()
    call_command("import_articles", str(SEEDS), stdout=terminal)
    Article.objects.all().delete()
    plain = io.StringIO()
    call_command("import_articles", str(SEEDS), stdout=plain)

    assert "\r[" in terminal.getvalue() and "2/2  created 2 · unchanged 0 · failed 0" in terminal.getvalue()
    assert terminal.getvalue().splitlines()[-1] == "imported 2, unchanged 0, failed 0"
    assert "\r" not in plain.getvalue()


def test_a_missing_path_is_refused_before_anything_is_imported(tmp_path):
    with pytest.raises(CommandError, match="No such file or folder"):
        call_command("import_articles", str(SEEDS), str(tmp_path / "missing"), stdout=io.StringIO())

    assert not Article.objects.exists() and not ImportBatch.objects.exists()


def test_extract_quotes_redoes_pending_and_failed_articles_only():
    run(str(SEEDS))
    pending = Article.objects.first()
    Article.objects.filter(pk=pending.pk).update(extraction_status=Article.ExtractionStatus.PENDING)
    quotes = Quote.objects.count()
    out = io.StringIO()

    call_command("extract_quotes", stdout=out)

    assert out.getvalue().splitlines()[-1].startswith("extracted 1 articles")
    assert Quote.objects.count() == quotes
    pending.refresh_from_db()
    assert pending.extraction_status == Article.ExtractionStatus.DONE


def test_extract_quotes_all_never_duplicates():
    run(str(SEEDS))
    quotes, claims = Quote.objects.count(), Claim.objects.count()
    out = io.StringIO()

    call_command("extract_quotes", "--all", stdout=out)

    assert out.getvalue().splitlines()[-1] == f"extracted 2 articles ({quotes} quotes), failed 0"
    assert (Quote.objects.count(), Claim.objects.count()) == (quotes, claims)


def test_enqueue_returns_at_once_with_the_batch_id_and_leaves_the_work_to_the_workers(
    django_capture_on_commit_callbacks,
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        lines = run(str(SEEDS), "--enqueue")

    batch = ImportBatch.objects.get()
    assert lines[0] == f"queued import #{batch.pk} (2 files)"
    assert lines[1].endswith(f"/workbench/imports/{batch.pk}/")
    assert (batch.status, batch.files.count()) == (ImportBatch.Status.PENDING, 2)
    assert not Article.objects.exists()
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.args_kwargs["args"]) == ("articles.tasks.import_batch", [batch.pk])

    run_queued_tasks()

    batch.refresh_from_db()
    assert (batch.status, batch.created_count) == (ImportBatch.Status.DONE, 2)
    assert not batch.files.exists()


def test_the_readme_states_the_upload_limits_the_upload_page_shows():
    from articles.ingest.limits import MAX_ARCHIVE_BYTES, MAX_FILE_BYTES, MAX_ZIP_MEMBERS, MAX_ZIP_TOTAL_BYTES

    readme = " ".join((ROOT / "README.md").read_text().split())
    mb = 1024 * 1024
    assert (
        f"{MAX_FILE_BYTES // mb} MB per file; a zip archive {MAX_ARCHIVE_BYTES // mb} MB, holding at most "
        f"{MAX_ZIP_MEMBERS} files and {MAX_ZIP_TOTAL_BYTES // mb} MB uncompressed"
    ) in readme


def test_the_readme_gives_the_import_command_as_it_runs_outside_make_run():
    readme = (ROOT / "README.md").read_text()

    assert "DJANGO_DEBUG=1 .venv/bin/python manage.py import_articles PATH" in readme


def test_extract_quotes_can_leave_the_work_to_the_workers(django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    run(str(SEEDS))
    Article.objects.update(extraction_status=Article.ExtractionStatus.FAILED)
    out = io.StringIO()

    call_command("extract_quotes", "--enqueue", stdout=out)

    assert out.getvalue().strip() == "queued extraction of 2 articles"
    tasks = DBTaskResult.objects.filter(task_path="articles.tasks.extract_article")
    assert sorted(task.args_kwargs["args"][0] for task in tasks) == sorted(Article.objects.values_list("pk", flat=True))
    run_queued_tasks()
    assert not Article.objects.exclude(extraction_status=Article.ExtractionStatus.DONE).exists()
