"""factcheck_unpublish: an editor takes a fact-check off the public site."""

import pytest

from articles.models import AuditEvent, FactCheck
from articles.services.errors import ServiceError
from articles.services.factchecks import factcheck_unpublish
from tests.factories import make_factcheck

pytestmark = pytest.mark.django_db


def test_an_editor_unpublishes_and_it_leaves_the_public_list(editor):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED)
    factcheck = factcheck_unpublish(factcheck=factcheck, editor=editor, reason="Legal asked us to")
    assert factcheck.status == FactCheck.Status.UNPUBLISHED
    assert not FactCheck.objects.published().exists()
    event = AuditEvent.objects.get(factcheck=factcheck, action="factcheck_unpublished")
    assert (event.actor, event.message, event.changes["status"]) == (
        editor,
        "Legal asked us to",
        ["published", "unpublished"],
    )


def test_a_checker_cannot_unpublish(checker):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED)
    with pytest.raises(ServiceError):
        factcheck_unpublish(factcheck=factcheck, editor=checker)
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.PUBLISHED


def test_only_a_published_fact_check_can_be_unpublished(editor):
    with pytest.raises(ServiceError):
        factcheck_unpublish(factcheck=make_factcheck(), editor=editor)
