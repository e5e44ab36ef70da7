"""speaker_resolve: one Speaker per person, found again under any spelling or alias."""

import pytest
from django.urls import reverse

from articles.models import Speaker, SpeakerAlias
from articles.services.speakers import last_name, name_key, speaker_resolve, speakers_resolve
from tests.factories import make_speaker

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, key",
    [
        ("Esmaeil Baghaei", "esmaeil baghaei"),
        ("  ESMAEIL   baghaei ", "esmaeil baghaei"),
        ("Esmaeil Baghaeí", "esmaeil baghaei"),
        ("Mohammed bin-Salman", "mohammed bin salman"),
        ("Beto O’Rourke", "beto orourke"),
        ("Beto O'Rourke", "beto orourke"),
        ("J.D. Vance", "jd vance"),
        ("J. D. Vance", "jd vance"),
        ("JD Vance", "jd vance"),
        ("George H. W. Bush", "george hw bush"),
    ],
)
def test_name_key_ignores_case_accents_punctuation_and_spacing(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize(
    "name, surname",
    [
        ("Esmaeil Baghaei", "Baghaei"),
        ("Mohammed bin Salman", "bin Salman"),
        ("Charles de Gaulle", "de Gaulle"),
        ("Martin Luther King Jr.", "King"),
        ("Baghaei", ""),
    ],
)
def test_last_name_keeps_surname_particles(name, surname):
    assert last_name(name) == surname


def test_creates_a_speaker_with_a_unique_slug_and_its_aliases():
    speaker = speaker_resolve(name="Esmaeil Baghaei", role="Foreign Ministry spokesman")

    assert (speaker.name, speaker.slug, speaker.role, speaker.kind) == (
        "Esmaeil Baghaei",
        "esmaeil-baghaei",
        "Foreign Ministry spokesman",
        Speaker.Kind.PERSON,
    )
    assert set(speaker.aliases.values_list("normalized", flat=True)) == {"esmaeil baghaei", "baghaei"}


@pytest.mark.parametrize("spelling", ["Esmaeil Baghaei", "esmaeil baghaei", "ESMAEIL BAGHAEI", "Esmaeil Baghaeí"])
def test_finds_the_same_speaker_under_another_spelling(spelling):
    speaker = speaker_resolve(name="Esmaeil Baghaei")

    assert speaker_resolve(name=spelling) == speaker
    assert Speaker.objects.count() == 1


def test_last_name_alone_finds_the_full_name_speaker():
    speaker = speaker_resolve(name="Esmaeil Baghaei")

    assert speaker_resolve(name="Baghaei") == speaker
    assert speaker_resolve(name="baghaeí") == speaker


def test_two_full_names_sharing_a_last_name_stay_two_speakers():
    donald = speaker_resolve(name="Donald Trump")
    melania = speaker_resolve(name="Melania Trump")

    assert donald != melania
    assert speaker_resolve(name="Donald Trump") == donald
    assert speaker_resolve(name="Melania Trump") == melania
    # The surname is not given to the second speaker: "Trump" would become ambiguous.
    assert not melania.aliases.filter(normalized="trump").exists()


def test_an_ambiguous_last_name_is_not_guessed():
    first = make_speaker(name="Ana Lima", slug="ana-lima")
    second = make_speaker(name="Rui Lima", slug="rui-lima")
    SpeakerAlias.objects.create(speaker=first, name="Lima", normalized="lima")
    SpeakerAlias.objects.create(speaker=second, name="Lima", normalized="lima")

    lima = speaker_resolve(name="Lima")

    assert lima not in (first, second)
    assert lima.name == "Lima"


def test_matches_speakers_created_elsewhere_by_their_name():
    existing = make_speaker(name="Rafael Grossi", slug="rafael-grossi-iaea")

    assert speaker_resolve(name="rafael grossi", role="IAEA director general") == existing
    existing.refresh_from_db()
    assert existing.role == "Minister"  # a known role is not overwritten


def test_an_empty_role_is_filled_in():
    speaker = speaker_resolve(name="Nasser Kanaani")

    speaker_resolve(name="Nasser Kanaani", role="Foreign Ministry spokesperson")

    speaker.refresh_from_db()
    assert speaker.role == "Foreign Ministry spokesperson"


def test_matches_an_alias_an_editor_added():
    mbs = make_speaker(name="Mohammed bin Salman", slug="mbs")
    SpeakerAlias.objects.create(speaker=mbs, name="MBS", normalized=name_key("MBS"))

    assert speaker_resolve(name="MBS") == mbs


def test_slugs_stay_unique_for_different_people_with_similar_names():
    make_speaker(name="Jane Doe", slug="jane-doe")

    other = speaker_resolve(name="Jane Doé-Smith")
    again = speaker_resolve(name="Jane  Doe!")

    assert other.slug == "jane-doe-smith"
    assert again.slug == "jane-doe"  # the same person as the existing Jane Doe
    assert Speaker.objects.count() == 2


def test_slug_gets_a_number_when_taken_by_someone_else():
    make_speaker(name="Jane Doe (activist)", slug="jane-doe")

    speaker = speaker_resolve(name="Jane Doe")

    assert speaker.slug == "jane-doe-2"


def test_organisations_get_no_last_name_alias():
    ministry = speaker_resolve(name="Foreign Ministry", kind=Speaker.Kind.ORGANIZATION)

    assert ministry.kind == Speaker.Kind.ORGANIZATION
    assert list(ministry.aliases.values_list("normalized", flat=True)) == ["foreign ministry"]
    assert speaker_resolve(name="Ministry") != ministry


def test_a_blank_name_is_refused():
    with pytest.raises(ValueError):
        speaker_resolve(name="   ")


def test_resolving_several_names_at_once_creates_each_person_once():
    existing = make_speaker(name="Rafael Grossi", slug="rafael-grossi")

    found = speakers_resolve(
        people=[
            ("Jane Doe", "Finance Minister", "person"),
            ("JANE  DOE", "", "person"),
            ("Ana Lima", "Mayor", "person"),
            ("Rui Lima", "", "person"),
            ("rafael grossi", "IAEA chief", "person"),
            ("", "", "person"),
        ]
    )

    assert found["Jane Doe"] == found["JANE DOE"]
    assert found["Jane Doe"].role == "Finance Minister"
    assert found["Ana Lima"] != found["Rui Lima"]
    assert found["rafael grossi"] == existing
    assert Speaker.objects.count() == 4
    # Only the first of two new Limas gets the surname: "Lima" alone must not be a guess.
    assert SpeakerAlias.objects.filter(normalized="lima").count() == 1
    assert len({speaker.slug for speaker in Speaker.objects.all()}) == 4


def test_an_alias_added_in_the_admin_is_matched(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    speaker = make_speaker(name="Mohammed bin Salman", slug="mohammed-bin-salman")
    form = {
        "name": speaker.name,
        "slug": speaker.slug,
        "kind": speaker.kind,
        "role": speaker.role,
        "affiliation": "",
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-0-name": "M.B.S.",
    }

    response = client.post(reverse("admin:articles_speaker_change", args=[speaker.pk]), form)

    assert response.status_code == 302
    assert speaker.aliases.get().normalized == "mbs"
    assert speaker_resolve(name="MBS") == speaker


def test_the_admin_refuses_a_second_speaker_with_the_same_name_in_words(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    existing = make_speaker(name="María López", slug="maria-lopez")
    form = {
        "name": "maria  LOPEZ",
        "slug": "maria-lopez-2",
        "kind": "person",
        "role": "",
        "affiliation": "",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }

    response = client.post(reverse("admin:articles_speaker_add"), form)

    assert response.status_code == 200
    assert "“María López” already has this name" in response.content.decode()
    assert list(Speaker.objects.all()) == [existing]


def test_renaming_a_speaker_keeps_its_name_key_in_step():
    speaker = make_speaker(name="Jane Doe")

    speaker.name = "Jane Doe-Smith"
    speaker.save(update_fields=["name"])

    assert Speaker.objects.get(pk=speaker.pk).name_key == "jane doe smith"
    assert speaker_resolve(name="JANE DOE SMITH") == speaker
