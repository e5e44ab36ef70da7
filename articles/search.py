"""Full-text search that uses PostgreSQL's when it is there, and a plain fallback otherwise.

One function so that the workbench queue and the public list search the same way:
PostgreSQL ranks by `websearch_to_tsquery` over a weighted `tsvector`; SQLite keeps rows
that contain every word of the query in any of the fields.
"""

from django.db import connection
from django.db.models import Q, QuerySet


def text_search(
    queryset: QuerySet, query: str, fields: list[str], *, config: str = "english", document: str = ""
) -> QuerySet:
    """Filter `queryset` to rows matching `query` across `fields` (ORM paths), best first.

    The first field weighs most on PostgreSQL. `document` names a stored `tsvector` column
    of the queryset's table holding exactly those fields' weighted vector (migration 0017):
    matching and ranking then read it instead of building it per row. An empty query
    returns the queryset as is.
    """
    # A NUL matches no stored text, and PostgreSQL refuses it in a query (a 500).
    query = (query or "").replace("\x00", "").strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
        from django.db.models.expressions import RawSQL

        if document:
            table = connection.ops.quote_name(queryset.model._meta.db_table)
            vector = RawSQL(f"{table}.{connection.ops.quote_name(document)}", [], output_field=SearchVectorField())
        else:
            weights = ["A", "B", "C", "D"]
            vector = SearchVector(fields[0], weight="A", config=config)
            for index, field in enumerate(fields[1:], start=1):
                vector += SearchVector(field, weight=weights[min(index, 3)], config=config)
        search_query = SearchQuery(query, search_type="websearch", config=config)
        # Match with @@, not rank > 0: ts_rank gives non-matching rows 1e-20, not 0.
        return (
            queryset.annotate(search_vector=vector, search_rank=SearchRank(vector, search_query))
            .filter(search_vector=search_query)
            .order_by("-search_rank", *queryset.query.order_by)
        )
    condition = Q()
    for word in query.split()[:10]:
        word = word.strip("\"'")
        if not word or word.lower() in {"or", "and"}:
            continue
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word.lstrip("-")})
        condition &= ~any_field if word.startswith("-") and len(word) > 1 else any_field
    return queryset.filter(condition).distinct() if any("__" in f for f in fields) else queryset.filter(condition)
