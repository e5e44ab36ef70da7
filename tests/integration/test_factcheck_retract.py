"""factcheck_retract: taking a fact-check down keeps the record (issue 12 item 2).

Unpublishing used to erase it: a bare 404, its corrections gone from /corrections/ and
the feeds, and no reason asked for.
"""

import importlib
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles.models import AuditEvent, Correction, FactCheck
from articles.services.errors import ServiceError
from articles.services.factchecks import factcheck_retract, factcheck_update
from tests.factories import make_factcheck
from tests.integration.public_helpers import published_factcheck

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
REASON = "The budget document we relied on was a forgery."


def _retracted(editor, **fields):
    factcheck = published_factcheck(headline="Did the city spend $2bn on bridges?", **fields)
    Correction.objects.create(factcheck=factcheck, kind=Correction.Kind.CLARIFICATION, note="Added the year.")
    return factcheck_retract(factcheck=factcheck, editor=editor, reason=REASON)


def test_a_retraction_needs_a_reason(editor):
    factcheck = published_factcheck()
    for reason in ("", "   "):
        with pytest.raises(ServiceError, match="Say why it is retracted"):
            factcheck_retract(factcheck=factcheck, editor=editor, reason=reason)
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.PUBLISHED


def test_retracting_records_the_reason_as_a_public_retraction(editor):
    factcheck = _retracted(editor)
    assert (factcheck.status, factcheck.retracted_at is not None) == (FactCheck.Status.RETRACTED, True)
    retraction = factcheck.corrections.get(kind=Correction.Kind.RETRACTION)
    assert (retraction.note, retraction.created_by) == (REASON, editor)
    event = AuditEvent.objects.get(factcheck=factcheck, action="factcheck_retracted")
    assert (event.actor, event.message, event.changes["status"]) == (editor, REASON, ["published", "retracted"])


def test_its_address_answers_410_with_the_notice_what_when_and_why(client, editor):
    factcheck = _retracted(editor)
    response = client.get(factcheck.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "We retracted this fact-check" in html
    assert REASON in html  # why
    assert f"{factcheck.retracted_at:%Y-%m-%d}" in html  # when (the datetime attribute)
    assert "Did the city spend $2bn on bridges?" in html and factcheck.claim.speaker.name in html  # what
    assert "Our rating, withdrawn" in html and "False" in html
    assert "Added the year." in html  # its earlier corrections stay
    assert '<meta name="robots" content="noindex">' in html
    assert 'type="application/ld+json"' not in html  # no ClaimReview for what no longer stands


def test_the_newsroom_still_sees_the_page_with_a_banner(checker_client, editor):
    factcheck = _retracted(editor)
    response = checker_client.get(factcheck.get_absolute_url())
    assert response.status_code == 200
    assert "<strong>Retracted</strong> on" in response.content.decode()


def test_the_corrections_history_keeps_it_and_the_retraction(client, editor):
    factcheck = _retracted(editor)
    html = client.get(reverse("public:corrections")).content.decode()
    assert "Added the year." in html
    assert REASON in html and "<strong>Retracted</strong>" in html
    assert factcheck.get_absolute_url() in html


def test_the_feeds_keep_it_marked_retracted(client, editor):
    factcheck = _retracted(editor)
    corrections = ET.fromstring(client.get(reverse("public:correction_atom")).content).findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in corrections]
    assert titles[0] == f"Retracted: {factcheck.headline}"
    assert corrections[0].findtext(f"{ATOM}summary") == REASON
    assert f"Clarification: {factcheck.headline}" in titles

    atom = ET.fromstring(client.get(reverse("public:factcheck_atom")).content)
    (entry,) = atom.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == f"Retracted: {factcheck.headline}"
    assert REASON in entry.findtext(f"{ATOM}summary")
    rss = client.get(reverse("public:factcheck_rss")).content.decode()
    assert f"Retracted: {factcheck.headline}" in rss


def test_it_leaves_the_claimreview_feed_the_sitemap_and_the_lists(client, editor):
    factcheck = _retracted(editor)
    assert json.loads(client.get(reverse("public:claimreview_feed")).content)["numberOfItems"] == 0
    sitemap = client.get(reverse("public:sitemap_section", args=["fact-checks"])).content.decode()
    assert factcheck.slug not in sitemap
    for name in ("home", "factcheck_list"):
        assert factcheck.get_absolute_url() not in client.get(reverse(f"public:{name}")).content.decode()
    assert client.get(factcheck.claim.speaker.get_absolute_url()).status_code == 404  # no public check of theirs


def test_only_an_editor_retracts_and_only_what_is_published(checker, editor):
    with pytest.raises(ServiceError, match="Only an editor"):
        factcheck_retract(factcheck=published_factcheck(), editor=checker, reason=REASON)
    with pytest.raises(ServiceError, match="Only a published"):
        factcheck_retract(factcheck=make_factcheck(), editor=editor, reason=REASON)
    with pytest.raises(ServiceError, match="cancel the schedule"):
        factcheck_retract(factcheck=make_factcheck(status=FactCheck.Status.SCHEDULED), editor=editor, reason=REASON)


def test_a_retracted_fact_check_stays_as_it_was(editor):
    factcheck = _retracted(editor)
    with pytest.raises(ServiceError, match="retracted"):
        factcheck_update(factcheck=factcheck, user=editor, expected_version=factcheck.version, changes={"body": "x"})
    with pytest.raises(ServiceError, match="Already retracted"):
        factcheck_retract(factcheck=factcheck, editor=editor, reason="Again")


def test_retracting_discards_changes_still_in_progress(editor, second_editor):
    from tests.workflow import propose_changes

    factcheck = published_factcheck()
    propose_changes(factcheck, by=editor, changes={"body": "Proposed."}, kind="typo", note="A typo.")
    factcheck.refresh_from_db()
    factcheck_retract(factcheck=factcheck, editor=second_editor, reason=REASON)
    assert factcheck.revisions.get().status == "discarded"


def test_the_retract_form_requires_a_reason(editor_client):
    factcheck = published_factcheck()
    url = reverse("workbench:factcheck_retract", args=[factcheck.pk])
    response = editor_client.post(url, {"reason": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # refusals are shown in place
    assert "Say why it is retracted" in response.content.decode()
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.PUBLISHED


def test_the_migration_turns_unpublished_fact_checks_into_retractions_with_their_reason(editor):
    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0010_integrity_review_and_retraction")
    with_reason, without = published_factcheck(), published_factcheck()
    AuditEvent.objects.create(actor=editor, action="factcheck_unpublished", factcheck=with_reason, message="Legal")
    FactCheck.objects.filter(pk__in=[with_reason.pk, without.pk]).update(status="unpublished")

    migration.unpublished_to_retracted(apps, None)

    for factcheck, note in ((with_reason, "Legal"), (without, migration.FALLBACK_REASON)):
        factcheck.refresh_from_db()
        assert factcheck.status == FactCheck.Status.RETRACTED and factcheck.retracted_at is not None
        assert factcheck.corrections.get(kind=Correction.Kind.RETRACTION).note == note
    migration.retracted_to_unpublished(apps, None)
    with_reason.refresh_from_db()
    assert with_reason.status == "unpublished" and not Correction.objects.exists()
