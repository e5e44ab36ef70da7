"""Tasks that the crash tests' worker processes run (they import them by dotted path)."""

from django.db import connection
from django.tasks import task


@task
def answer() -> int:
    return 42


@task(takes_context=True)
def lose_the_connection_on_the_first_try(context) -> str:
    """The first try ends its own database session, as a PostgreSQL restart would, and fails."""
    with connection.cursor() as cursor:
        if context.attempt == 1:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        cursor.execute("SELECT 1")
    return f"done on try {context.attempt}"


@task
def count_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs")
        return cursor.fetchone()[0]
