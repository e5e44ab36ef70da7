"""Editors correct a speaker from the workbench; a published name is not changed behind review."""

import pytest
from django.urls import reverse

from articles.models import AuditEvent, FactCheck, SpeakerAlias
from articles.services.errors import ServiceError
from articles.services.speakers import speaker_resolve, speaker_update
from tests.factories import make_claim, make_factcheck, make_quote, make_speaker

pytestmark = pytest.mark.django_db


def test_a_checker_corrects_name_role_affiliation_and_aliases(checker):
    speaker = make_speaker(name="Tomas Greer", role="mayor")

    speaker_update(
        speaker=speaker,
        user=checker,
        name="Thomas Greer",
        role="Former mayor",
        affiliation="Harbour City Council",
        aliases=["Greer", "Tom Greer"],
    )

    speaker.refresh_from_db()
    assert (speaker.name, speaker.role, speaker.affiliation) == ("Thomas Greer", "Former mayor", "Harbour City Council")
    names = set(speaker.aliases.values_list("name", flat=True))
    assert {"Greer", "Tom Greer", "Thomas Greer", "Tomas Greer"} <= names  # the old name still finds them
    assert speaker_resolve(name="Tom Greer") == speaker and speaker_resolve(name="Tomas Greer") == speaker
    event = AuditEvent.objects.get(action="speaker_updated")
    assert event.actor == checker and event.changes["role"] == ["mayor", "Former mayor"]
    assert event.changes["name"] == ["Tomas Greer", "Thomas Greer"]


def test_an_alias_left_out_is_removed(checker):
    speaker = make_speaker(name="Dana Whitfield")
    SpeakerAlias.objects.create(speaker=speaker, name="Whitfeld", normalized="whitfeld")

    speaker_update(speaker=speaker, user=checker, name="Dana Whitfield", aliases=["Whitfield"])

    assert set(speaker.aliases.values_list("name", flat=True)) == {"Dana Whitfield", "Whitfield"}


def test_a_speaker_with_published_fact_checks_keeps_its_name_but_not_its_role(checker, editor):
    speaker = make_speaker(name="Thomas Greer", role="mayor")
    make_factcheck(claim=make_quote(speaker=speaker).claim, status=FactCheck.Status.PUBLISHED)

    for user in (checker, editor):
        with pytest.raises(ServiceError, match="1 published fact-check, and readers see this name.*ask an editor"):
            speaker_update(speaker=speaker, user=user, name="Tom Greer", role="mayor")
    speaker_update(speaker=speaker, user=checker, name="Thomas Greer", role="Former mayor", aliases=["Tom Greer"])

    speaker.refresh_from_db()
    assert (speaker.name, speaker.role) == ("Thomas Greer", "Former mayor")


def test_another_speakers_name_cannot_be_an_alias(checker):
    make_speaker(name="Donald Trump")
    melania = speaker_resolve(name="Melania Trump")

    with pytest.raises(ServiceError, match="“Donald Trump” is another speaker’s name"):
        speaker_update(speaker=melania, user=checker, name="Melania Trump", aliases=["Donald Trump"])


def test_the_edit_page_saves_and_returns_to_the_claim(checker_client):
    speaker = make_speaker(name="Thomas Greer", role="mayor")
    claim = make_claim(speaker=speaker)
    url = reverse("workbench:speaker_edit", args=[speaker.pk])

    claim_page = checker_client.get(claim.get_absolute_url()).content.decode()
    assert url in claim_page  # "Edit speaker" next to the name
    form = checker_client.get(url, {"next": claim.get_absolute_url()}).content.decode()
    assert 'name="affiliation"' in form and 'name="aliases"' in form

    response = checker_client.post(
        url,
        {"name": "Thomas Greer", "role": "Former mayor", "affiliation": "Harbour City Council", "aliases": "Greer\n"},
        follow=True,
        HTTP_REFERER=claim.get_absolute_url(),
        QUERY_STRING=f"next={claim.get_absolute_url()}",
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == claim.get_absolute_url()
    assert "Former mayor" in html and "Harbour City Council" in html


def test_the_edit_page_shows_a_refusal_in_words(checker_client):
    speaker = make_speaker(name="Thomas Greer")
    make_factcheck(claim=make_quote(speaker=speaker).claim, status=FactCheck.Status.PUBLISHED)

    response = checker_client.post(reverse("workbench:speaker_edit", args=[speaker.pk]), {"name": "T. Greer"})

    assert response.status_code == 200
    assert "can’t be done here" in response.content.decode()
    speaker.refresh_from_db()
    assert speaker.name == "Thomas Greer"
