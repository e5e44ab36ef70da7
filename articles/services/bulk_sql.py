"""Many rows in one statement, for the import's hot paths, where the ORM's bulk methods cost more than the database.

`bulk_create` and `bulk_update` spend most of a chunk import in Python building one
expression per value (a CASE branch per row and column, in bulk_update's case). Here:

- `rows_insert` uses COPY on PostgreSQL (a few microseconds a row) and `bulk_create`
  elsewhere. It fills every column the model has, with each field's default for the
  ones a row leaves out, so a field added later needs no change here.
- `rows_update` joins the table to a VALUES list of the new values: one UPDATE whatever
  the number of rows, on PostgreSQL and SQLite alike.

COPY goes round Django's query log; it is added to it by hand, so that query counts
(`CaptureQueriesContext`, the import benchmark) stay honest.
"""

import time

import psycopg
from django.db import connection, models

_UPDATE_BATCH = 2000  # rows per UPDATE: well under SQLite's 32,766 parameters
# Fields whose Python values psycopg's binary COPY writes as they are.
_PLAIN = frozenset(
    "AutoField BigAutoField BigIntegerField BooleanField CharField DateTimeField FloatField ForeignKey IntegerField "
    "OneToOneField PositiveBigIntegerField PositiveIntegerField PositiveSmallIntegerField SlugField "
    "SmallIntegerField TextField URLField".split()
)


def rows_insert(model: type[models.Model], rows: list[dict], *, ids: bool = False) -> list[int] | None:
    """Insert `rows` ({attname: value}, missing fields get their defaults); their new ids in order if `ids`."""
    if not rows:
        return [] if ids else None
    if connection.vendor != "postgresql":
        objects = [model(**row) for row in rows]
        model.objects.bulk_create(objects)
        return [obj.pk for obj in objects] if ids else None
    pk = model._meta.pk
    new_ids = None
    if ids:
        new_ids = _reserve_ids(model, len(rows))
        rows = [{**row, pk.attname: new_id} for row, new_id in zip(rows, new_ids, strict=True)]
    fields = [field for field in model._meta.concrete_fields if field is not pk or ids]
    defaults = {field.attname: field.get_default() for field in fields if field.attname not in rows[0]}
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN (FORMAT BINARY)"
    # psycopg writes plain values itself (in C); only other fields need Django's conversion.
    spec = [
        (field, field.attname, defaults.get(field.attname), field.get_internal_type() not in _PLAIN) for field in fields
    ]
    started = time.monotonic()
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.copy(sql) as copy:
        copy.set_types([field.db_type(connection).split("(")[0] for field in fields])
        for row in rows:
            copy.write_row(
                [
                    field.get_db_prep_save(row.get(name, default), connection) if prepare else row.get(name, default)
                    for field, name, default, prepare in spec
                ]
            )
    _log(f"{sql} -- {len(rows)} rows", started)
    return new_ids


def rows_update(model: type[models.Model], *, fields: list[str], rows: list[tuple], assignments: str) -> None:
    """UPDATE `model` SET `assignments` for each row (pk, *values of `fields`), in one statement.

    `assignments` is SQL that reads the new values as `v.<column>` and the old ones as
    `<table>.<column>`; a value may be None (SQL NULL).
    """
    if not rows:
        return
    meta = model._meta
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    quote = connection.ops.quote_name
    table, pk, names = quote(meta.db_table), quote(meta.pk.column), ", ".join(quote(f.column) for f in columns)
    where = f"WHERE {table}.{pk} = v.{pk}"
    if connection.vendor == "postgresql":
        # One array per column, bound on the server: the statement's text stays the same
        # whatever the number of rows, and psycopg sends the arrays without quoting them.
        arrays = ", ".join(f"%s::{field.db_type(connection).split('(')[0]}[]" for field in columns)
        sql = f"UPDATE {table} SET {assignments} FROM unnest({arrays}) AS v ({names}) {where}"
        params = [[_prepared(field, row[i]) for row in rows] for i, field in enumerate(columns)]
        started = time.monotonic()
        with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(sql, params)
        _log(f"{sql} -- {len(rows)} rows", started)
        return
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    for start in range(0, len(rows), _UPDATE_BATCH):
        batch = rows[start : start + _UPDATE_BATCH]
        params = [_prepared(field, value) for row in batch for field, value in zip(columns, row, strict=True)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH v ({names}) AS (VALUES {', '.join([placeholder] * len(batch))}) "
                f"UPDATE {table} SET {assignments} FROM v {where}",
                params,
            )


def _prepared(field: models.Field, value):
    if value is None or field.get_internal_type() in _PLAIN:
        return value
    return field.get_db_prep_save(value, connection)


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
        )
        return [row[0] for row in cursor.fetchall()]


def _log(sql: str, started: float) -> None:
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
