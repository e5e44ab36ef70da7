"""correction_add: a public note on a published fact-check."""

import pytest

from articles.models import AuditEvent, Correction, FactCheck
from articles.services.errors import ServiceError
from articles.services.factchecks import correction_add
from tests.factories import make_factcheck

pytestmark = pytest.mark.django_db


def test_an_editor_adds_a_clarification(editor):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED)
    correction = correction_add(factcheck=factcheck, user=editor, kind="clarification", note="We meant 2023.")
    assert (correction.kind, correction.note, correction.created_by) == ("clarification", "We meant 2023.", editor)
    event = AuditEvent.objects.get(factcheck=factcheck, action="correction_added")
    assert event.message == "We meant 2023."


def test_a_checker_cannot_add_corrections(checker):
    with pytest.raises(ServiceError):
        correction_add(factcheck=make_factcheck(status=FactCheck.Status.PUBLISHED), user=checker, kind="typo", note="x")
    assert not Correction.objects.exists()


def test_corrections_are_only_for_published_fact_checks(editor):
    with pytest.raises(ServiceError):
        correction_add(factcheck=make_factcheck(), user=editor, kind="typo", note="x")


@pytest.mark.parametrize(("kind", "note"), [("typo", "  "), ("nonsense", "A note"), ("rating_change", "New rating")])
def test_a_correction_needs_a_kind_and_a_note_and_no_rating_change_without_a_rating(editor, kind, note):
    with pytest.raises(ServiceError):
        correction_add(factcheck=make_factcheck(status=FactCheck.Status.PUBLISHED), user=editor, kind=kind, note=note)
    assert not Correction.objects.exists()
