"""Tasks that the crash tests' worker processes run (they import them by dotted path)."""

from django.db import DatabaseError, connection
from django.tasks import task


@task
def answer() -> int:
    return 42


@task
def lose_my_connection() -> str:
    """End this thread's own database session, as a PostgreSQL restart would."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    except DatabaseError:
        return "lost"
    return "kept"


@task
def count_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs")
        return cursor.fetchone()[0]
