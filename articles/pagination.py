"""Pagination whose deep pages cost about what the first one does.

Django's Paginator slices the whole query, joins included, with OFFSET: on page 2,500 of
the fact-checks the database builds 50,000 joined rows to throw them away. `IdPaginator`
finds a page's primary keys first (an index-only scan of the ordering index), then
fetches only those rows with everything the page shows. A count the caller already knows
(a scorecard's total, a remembered figure) saves the COUNT, a scan of every matching row.
"""

from django.core.paginator import Page, Paginator

from articles import cache_topics as topics
from articles.cache import remembered
from articles.models import FactCheck


class IdPaginator(Paginator):
    def __init__(self, object_list, per_page, *args, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if count is not None:
            self.count = count  # replaces the cached property

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def live_factcheck_count() -> int:
    """How many fact-checks readers see: the count behind every unfiltered page of the list and the DataFeed.

    Counting them scans the live index (about 10 ms at 100,000), so each process keeps the figure
    until the lists' topic moves.
    """
    return remembered("live-factchecks", [topics.LISTS], lambda: FactCheck.objects.published().count())
