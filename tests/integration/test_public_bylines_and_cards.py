"""Readers see who wrote and who approved a fact-check, a share card drawn on the server, and
can search the speakers we have checked."""

import json
from io import BytesIO

import pytest
from django.urls import reverse
from PIL import Image

from articles import roles
from articles.models import FactCheck
from articles.rating_colours import badge_colours
from tests.factories import make_claim, make_factcheck, make_speaker, make_user, rating
from tests.integration.public_helpers import add_appearance, many_published, published_factcheck

pytestmark = pytest.mark.django_db


def _claimreview(html: str) -> dict:
    start = html.index('<script type="application/ld+json"')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


def test_the_byline_names_the_author_and_the_approving_editor(client):
    author = make_user(role=roles.FACT_CHECKER, username="dlee", first_name="Dana", last_name="Lee")
    approver = make_user(role=roles.EDITOR, username="okwame")  # no full name: the username stands in
    factcheck = published_factcheck(author=author, approved_by=approver)

    html = client.get(factcheck.get_absolute_url()).content.decode()
    byline = html[html.index('class="byline"') :].split("</p>", 1)[0]

    assert "Dana Lee" in byline and "okwame" in byline
    assert "Edited and approved by" in byline
    assert "By The Fact-Check Desk" not in byline


def test_claimreview_keeps_the_organisation_as_author_and_adds_the_people(client, settings):
    author = make_user(role=roles.FACT_CHECKER, first_name="Dana", last_name="Lee")
    approver = make_user(role=roles.EDITOR, first_name="Kwame", last_name="Osei")
    factcheck = published_factcheck(author=author, approved_by=approver)

    data = _claimreview(client.get(factcheck.get_absolute_url()).content.decode())

    assert data["author"] == {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL + "/"}
    assert data["creator"] == {"@type": "Person", "name": "Dana Lee"}
    assert data["editor"] == {"@type": "Person", "name": "Kwame Osei"}


def test_the_page_offers_a_share_card_drawn_on_the_server(client):
    speaker = make_speaker(name="Dana Whitfield", role="Finance minister")
    claim = make_claim(text="Unemployment is the lowest in fifty years", speaker=speaker)
    add_appearance(claim)
    factcheck = published_factcheck(claim=claim, rating=rating("mostly-false"), slug="jobs")

    html = client.get(factcheck.get_absolute_url()).content.decode()
    card_url = reverse("public:factcheck_card", args=["jobs"])
    assert f'<meta property="og:image" content="http://127.0.0.1:8000{card_url}' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert "og:image:alt" in html and "Mostly false" in html

    response = client.get(card_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    # Opened on its own it is an image document: its viewer's inline styles are allowed, nothing else.
    for answer in (response, client.get(card_url)):  # drawn, then replayed from the page cache
        assert answer["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    image = Image.open(BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    assert image.size == (1200, 630)
    # The badge is drawn in the rating's own colour.
    colours = {colour for _, colour in image.convert("RGB").getcolors(1200 * 630)}
    background, _ = badge_colours(rating("mostly-false").colour)  # as readable as the page's badge
    badge = tuple(int(background[i : i + 2], 16) for i in (1, 3, 5))
    assert badge in colours


def test_the_card_follows_the_rating_and_is_not_drawn_for_unpublished_work(client):
    factcheck = published_factcheck(rating=rating("false"), slug="rated")
    first = client.get(reverse("public:factcheck_card", args=["rated"])).content
    FactCheck.objects.filter(pk=factcheck.pk).update(rating=rating("true"), version=factcheck.version + 1)
    factcheck.refresh_from_db()
    factcheck.save()  # a save readers can see: the page cache moves on
    second = client.get(reverse("public:factcheck_card", args=["rated"])).content
    assert first != second

    draft = make_factcheck(slug="still-a-draft")
    assert client.get(reverse("public:factcheck_card", args=[draft.slug])).status_code == 404


def test_readers_can_search_the_speakers_page(client):
    greer, whitfield = make_speaker(name="Thomas Greer"), make_speaker(name="Dana Whitfield")
    many_published(1, speaker=greer, appearances=1, corrections=0)
    factcheck = make_factcheck(claim=make_claim(speaker=whitfield), status=FactCheck.Status.PUBLISHED)
    assert factcheck.claim.speaker == whitfield

    everyone = client.get(reverse("public:speaker_list")).content.decode()
    found = client.get(reverse("public:speaker_list"), {"q": "greer"}).content.decode()
    nobody = client.get(reverse("public:speaker_list"), {"q": "zebra"}).content.decode()

    assert 'role="search"' in everyone and "Thomas Greer" in everyone and "Dana Whitfield" in everyone
    assert "Thomas Greer" in found and "Dana Whitfield" not in found
    assert 'value="greer"' in found
    assert "No speaker we have checked matches “zebra”" in nobody


def test_the_speakers_page_shows_role_and_affiliation(client):
    speaker = make_speaker(name="Thomas Greer", role="Former mayor", affiliation="Harbour City Council")
    many_published(1, speaker=speaker, appearances=1, corrections=0)

    listing = client.get(reverse("public:speaker_list")).content.decode()
    page = client.get(speaker.get_absolute_url()).content.decode()

    assert "Former mayor" in listing and "Harbour City Council" in listing
    assert "Former mayor, Harbour City Council" in page
