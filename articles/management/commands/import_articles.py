from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.ingest.detect import FORMATS
from articles.services.import_preview import ImportPreview
from articles.services.imports import CREATED, FAILED, READ_LIMIT, UNCHANGED, batch_create, batch_enqueue, import_files

_BAR_WIDTH = 30


class Command(BaseCommand):
    """Import articles from files and folders, recording an ImportBatch.

    A thin wrapper around `articles.services.imports.import_files`: folders are read
    recursively in name order, every item is imported on its own (a bad one is reported
    and skipped), and the run ends with one line, `imported N, unchanged M, failed K`,
    with each failure listed above it. `--dry-run` shows what would happen and writes
    nothing. `--enqueue` stores the files as a batch for the task workers, prints its id
    and returns at once. The exit status is non-zero when any item failed.
    """

    help = "Import articles (plain text, HTML, RSS/Atom, JSON/JSONL, CSV, or zips of them) from files or folders."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="A file or a folder (read recursively).")
        parser.add_argument(
            "--format",
            choices=["auto", *FORMATS],
            default="auto",
            help="Read every file in this format instead of detecting it (default: auto).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Show what would be imported; write nothing.")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Leave the import to the background workers: print the batch id and return at once.",
        )
        parser.add_argument("--outlet", default="", help="The outlet of articles that name none (e.g. plain text).")

    def handle(self, *args, paths, format, dry_run, enqueue, outlet, **options):
        if enqueue and dry_run:
            raise CommandError("--enqueue and --dry-run cannot be used together.")
        files = [(name, _read(path)) for name, path in _collect(paths)]
        if not files:
            raise CommandError("No files found in " + ", ".join(paths) + ".")
        if enqueue:
            with transaction.atomic():
                batch = batch_create(files=files, format=format, outlet=outlet, origin="command")
                batch_enqueue(batch)
            self.stdout.write(f"queued import #{batch.pk} ({len(files)} file{'s' if len(files) != 1 else ''})")
            self.stdout.write(f"follow it at {settings.SITE_URL}{batch.get_absolute_url()}")
            return
        tty = self.stdout.isatty()
        result = import_files(
            files=files, format=format, dry_run=dry_run, origin="command", outlet=outlet, progress=self._progress(tty)
        )
        if tty and not dry_run:
            self.stdout.write("")
        if isinstance(result, ImportPreview):
            self._write_preview(result)
            created, unchanged, failed = result.created_count, result.unchanged_count, result.failed_count
            summary = f"would import {created}, unchanged {unchanged}, failed {failed} (dry run: nothing was written)"
        else:
            for error in result.errors:
                self.stdout.write(self.style.ERROR(f"failed  {error['item']}: {error['reason']}"))
            failed = result.failed_count
            summary = f"imported {result.created_count}, unchanged {result.unchanged_count}, failed {failed}"
        self.stdout.write(summary)
        if failed:
            raise CommandError(f"{failed} item{'s' if failed != 1 else ''} could not be imported.", returncode=1)

    def _progress(self, tty: bool):
        state = {"step": 0}

        def show(batch) -> None:
            done, total = batch.processed, batch.total
            if tty:
                filled = round(_BAR_WIDTH * done / total) if total else _BAR_WIDTH
                counts = (
                    f"created {batch.created_count} · unchanged {batch.unchanged_count} · failed {batch.failed_count}"
                )
                self.stdout.write(
                    f"\r[{'#' * filled}{'.' * (_BAR_WIDTH - filled)}] {done}/{total}  {counts}", ending=""
                )
                self.stdout.flush()
            elif total >= 20 and done * 10 // total > state["step"]:
                # Plain lines for logs and pipes: one per tenth of the way.
                state["step"] = done * 10 // total
                self.stdout.write(f"processed {done}/{total}")

        return show

    def _write_preview(self, preview: ImportPreview) -> None:
        labels = {CREATED: "would import", UNCHANGED: "unchanged", FAILED: "failed"}
        for item in preview.items:
            line = f"{labels[item.action]:<13} {item.item}"
            if item.error:
                line += f": {item.error}"
            else:
                details = [f"“{item.title}”", item.outlet or "no outlet"]
                details.append(item.published_at.date().isoformat() if item.published_at else "no date")
                details.append(f"{item.quotes} quote{'s' if item.quotes != 1 else ''}")
                line += ": " + " · ".join(details)
                line += "".join(f"\n{'':<14}! {note}" for note in item.duplicates)
            style = self.style.ERROR if item.action == FAILED else (lambda text: text)
            self.stdout.write(style(line))


def _collect(paths: list[str]):
    """(name shown in reports, path) for every file under `paths`, folders in name order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in relative.parts):
                    yield str(Path(given) / relative), child
        elif path.is_file():
            yield given, path
        else:
            raise CommandError(f"No such file or folder: {given}")


def _read(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(READ_LIMIT)  # enough to refuse a file too large to import
