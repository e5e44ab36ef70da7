"""Importing an article stores each speaker's role whole: qualifiers kept, affiliation apart."""

import pytest

from articles.ingest import parse_upload
from articles.models import Quote, Speaker
from articles.services.imports import article_import

pytestmark = pytest.mark.django_db

# A made-up local story: one speaker with a qualifier, one with a role of plain
# words, one with an affiliation after "for the".
STORY = """Riverside weighs a new budget

Former mayor Thomas Greer said, “The budget is a mess and the council knows it.”

Parent group leader Dana Holt said, “We want answers before the vote on Tuesday.”

“Nobody has shown us the figures,” said Marta Ruiz, a spokeswoman for the Riverside Parents Association.
"""


def test_imported_speakers_keep_qualifiers_and_their_affiliation():
    (record,) = parse_upload("riverside-budget.txt", STORY.encode())
    article = article_import(record=record).article

    by_name = {s.name: s for s in Speaker.objects.filter(quotes__article=article).distinct()}
    assert {name: (s.role, s.affiliation) for name, s in by_name.items()} == {
        "Thomas Greer": ("former mayor", ""),
        "Dana Holt": ("Parent group leader", ""),
        "Marta Ruiz": ("spokeswoman", "Riverside Parents Association"),
    }
    # The quote keeps the role as the article gives it, affiliation included.
    ruiz_quote = Quote.objects.get(article=article, speaker=by_name["Marta Ruiz"])
    assert ruiz_quote.speaker_role == "a spokeswoman for the Riverside Parents Association"


@pytest.mark.parametrize(
    ("known", "after"),
    [("", "Riverside Parents Association"), ("Acme Schools", "Acme Schools")],
)
def test_a_known_speaker_gets_an_affiliation_only_when_it_has_none(known, after):
    Speaker.objects.create(name="Marta Ruiz", slug="marta-ruiz", role="spokeswoman", affiliation=known)
    (record,) = parse_upload("riverside-budget.txt", STORY.encode())
    article_import(record=record)
    assert Speaker.objects.get(name="Marta Ruiz").affiliation == after
