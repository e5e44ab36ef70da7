"""Storing one chunk of parsed articles: one outcome per record, each article all or nothing.

This is the interface the import tasks call (`articles.services.imports`). Until the
bulk version lands (constant queries per chunk), it is a plain loop over
`article_import`, which already stores each article in its own transaction.

A database that stops answering (a restart, a dropped connection) is not one article's
fault: it is raised, so the task fails and is retried, instead of being recorded as
failed articles.
"""

import logging
from dataclasses import dataclass

from django.db import DatabaseError, InterfaceError, OperationalError, connection

from articles.ingest import ArticleRecord
from articles.models import Article, ImportBatch
from articles.services.errors import ServiceError
from articles.services.imports import FAILED, article_import

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChunkOutcome:
    status: str  # CREATED, UNCHANGED or FAILED
    article: Article | None = None
    error: str = ""


def articles_import_chunk(*, records: list[ArticleRecord], batch: ImportBatch | None = None) -> list[ChunkOutcome]:
    """Store each record (see `article_import`); return one ChunkOutcome per record, in order.

    A record that cannot be stored is a FAILED outcome with the reason in words and
    leaves nothing behind; it never stops the others. Losing the database connection
    raises (OperationalError or InterfaceError).
    """
    outcomes = []
    for record in records:
        try:
            outcome = article_import(record=record, batch=batch)
        except ServiceError as error:
            outcomes.append(ChunkOutcome(FAILED, error=error.message))
        except (OperationalError, InterfaceError):
            raise
        except DatabaseError:
            if not connection.is_usable():
                raise
            logger.exception("could not store %s", record.locator)
            outcomes.append(ChunkOutcome(FAILED, error="the database refused this article; nothing of it was kept"))
        except Exception:
            logger.exception("unexpected error importing %s", record.locator)
            outcomes.append(
                ChunkOutcome(FAILED, error="an unexpected error stopped this article; nothing of it was kept")
            )
        else:
            outcomes.append(ChunkOutcome(outcome.status, article=outcome.article))
    return outcomes
