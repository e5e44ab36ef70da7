from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.services.extraction import article_extract
from articles.tasks import extract_article


class Command(BaseCommand):
    """Run quote extraction again for articles that need it.

    By default only articles whose extraction is pending or failed; `--all` re-extracts
    every article (after the engine improved), keeping quotes that are still found, so
    nothing is duplicated. A thin wrapper around `article_extract`; the exit status is
    non-zero when an article's extraction failed. `--enqueue` queues one task per article
    for the background workers instead and returns at once.
    """

    help = "Extract quotes for articles whose extraction is pending or failed (or --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Re-extract every article, not only pending/failed.")
        parser.add_argument("--enqueue", action="store_true", help="Queue the work for the background workers.")

    def handle(self, *args, all, enqueue, **options):
        articles = Article.objects.order_by("pk")
        if not all:
            articles = articles.exclude(extraction_status=Article.ExtractionStatus.DONE)
        done = quotes = failed = 0
        # Ids first: writing while a cursor is open is not portable (SQLite).
        ids = list(articles.values_list("pk", flat=True))
        if enqueue:
            for pk in ids:
                extract_article.enqueue(pk)
            self.stdout.write(f"queued extraction of {len(ids)} article{'s' if len(ids) != 1 else ''}")
            return
        for article in (Article.objects.get(pk=pk) for pk in ids):
            found = article_extract(article=article)
            if article.extraction_status == Article.ExtractionStatus.FAILED:
                failed += 1
                self.stdout.write(self.style.ERROR(f"failed  #{article.pk} {article.title}"))
            else:
                done += 1
                quotes += len(found)
        self.stdout.write(f"extracted {done} articles ({quotes} quotes), failed {failed}")
        if failed:
            raise CommandError(f"extraction failed for {failed} article(s); see the log.", returncode=1)
