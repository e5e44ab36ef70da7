"""Attribution conventions beyond 'X said': roles in lower case, 'according to' at
the end of a sentence, participles after a name, possessive claims, homes and
relative clauses between a subject and its verb, labelling verbs."""

import pytest

from articles.extraction import extract


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # Wire style writes some roles in lower case in front of the name.
        ("“The bridge is safe,” retired general Ana Lima said.", "Ana Lima"),
        ("“The bridge is safe,” former Sen. Ana Lima said.", "Ana Lima"),
        # "according to" closing the sentence sources everything in it.
        (
            "Turnout rose after volunteers chanted “Vote early!” all week, according to county clerk Ana Lima.",
            "Ana Lima",
        ),
        # A participle right after a name belongs to that name, not to the subject.
        ("The new ad shows Ana Lima saying, “We will build it.”", "Ana Lima"),
        ("The video ends with footage of Ana Lima asking, “Who pays for it?”", "Ana Lima"),
        # The owner of a claim made it.
        ("Critics seized on Ana Lima's claim that there were “no delays at all.”", "Ana Lima"),
        # A home after the name, or a relative clause, sits between subject and verb.
        (
            "In May, Gov. Ana Lima of Ruritania praised the builders for “quick and careful work.”",
            "Ana Lima",
        ),
        (
            "Ana Lima, who has campaigned across the region for the party since she left"
            " the cabinet in the spring of last year, blasted the plan as a “disaster” on Monday.",
            "Ana Lima",
        ),
        # "branded" labels like "called" does.
        ("Ruritania branded the test a “reckless provocation.”", "Ruritania"),
        # First-person columns: "my father said".
        ("“Work hard and stay kind,” my father often said.", "my father"),
        # Documents "read"; a phrase borrowed "as X put it" is X's.
        ("“No new schools will open,” the letter reads.", "the letter"),
        ("The plan rests on a “leap of faith,” as the analyst Ana Lima put it.", "Ana Lima"),
        # A party tag in brackets between the subject and its verb.
        (
            "Senate Leader Ana Lima (D-Nev.), in particular, has been calling the plan a “con job” for months.",
            "Ana Lima",
        ),
        # Something a person owns speaks: the phrase as written is the speaker.
        (
            "However, Ana Lima's lawyer dismissed those reports as “old allegations.”",
            "Ana Lima's lawyer",
        ),
        (
            "Ana Lima’s family has called on police to release the videos “as a matter of transparency.”",
            "Ana Lima’s family",
        ),
        # A paragraph introducing the quotation by the statement's author.
        (
            "The bias shows in how the site rated this statement by Ana Lima on June 11:"
            "\n\n“If you look at the figures, one in two is out of work.”",
            "Ana Lima",
        ),
        # "after" as a preposition opens no clause: the sentence's subject speaks.
        (
            "In recent weeks, Ana Lima has gone after Kerr Putney as a “human leech.”",
            "Ana Lima",
        ),
        # A description keeps its determiner and words before the role noun.
        (
            "A county spokesman, reached by phone, said the county “is reviewing all options.”",
            "A county spokesman",
        ),
        # A surname that is also a place word, after a given name.
        ("“The survey is skewed,” argued Daniel Park, a researcher.", "Daniel Park"),
        # Groups, documents and poll respondents speak as written.
        (
            "In August, several environmental groups granted the firm an extension, saying its"
            " “capital was less than expected.”",
            "several environmental groups",
        ),
        (
            "A document on the campaign's website states that leave applies only if a marriage"
            " is “recognized under state law.”",
            "A document on the campaign's website",
        ),
        ("However, 63 percent said the delay was “justified” in the end.", "63 percent"),
        # "according to" names who reported it; the sentence's subject said it.
        (
            "The foreign minister, Lena Obi, accused the West of “pouring oil on the fire,”"
            " according to the state news agency RTA.",
            "Lena Obi",
        ),
        # A long appositive between the name and the verb.
        (
            "“We were never told,” Ana Lima, the director of the council who also sat on"
            " the board of the trust until May, told reporters.",
            "Ana Lima",
        ),
    ],
)
def test_attribution_conventions(text, speaker):
    (found,) = extract(text)
    assert found.speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # A contracted pronoun is still the subject: "He’s claiming that …".
        (
            "Mayor Paul Ortiz spoke on Monday.\n\nHe’s claiming that the budget is “fully balanced.”",
            "Paul Ortiz",
        ),
        # The subject of the pronoun's own sentence beats a person named earlier,
        # even one whose gender is known.
        (
            "Mayor Paul Ortiz spoke first.\n\nKerr Putney, the police chief, said the video"
            " was “not conclusive,” but he said it “supports what we heard.”",
            "Kerr Putney",
        ),
        # “…,” said Doe. “…,” he said: the speaker just quoted goes on, even when
        # an earlier person's gender is known and Doe's is not.
        (
            "Governor Paul Ortiz signed the bill on Monday.\n\n“It is a scandal,” said Kerr Putney,"
            " a council member.\n\n“We will appeal,” he said.",
            "Kerr Putney",
        ),
        # "characterized X as “…”" labels like "called".
        (
            "Kerr Putney spoke next.\n\nHowever, he characterized the plan as “a little desperate.”",
            "Kerr Putney",
        ),
        # A given name that is also a common word still opens a name.
        ("“We will win,” former President Bill Ortiz said.", "Bill Ortiz"),
        # An institution named with its place words, acting "on Friday", is what
        # a later "it" refers to.
        (
            "The United Nations Security Council on Friday condemned the test and vowed"
            " to act on what it called “a clear threat to peace.”",
            "the United Nations Security Council",
        ),
        # A sentence whose named subject speaks introduces the quotation after it.
        (
            "His former partner, Kerr Putney, called him a master of the deal. “He saw what others could not.”",
            "Kerr Putney",
        ),
        # The subject of the sentence just before the quotation beats a speaker
        # quoted further back, even one whose gender is known; "Outlet's Name" is
        # a person, and the subject may come after its verb.
        (
            "“Polls move slowly,” said Paul Ortiz, a strategist.\n\nThe debate will not"
            " change much, noted WXYZ’s Kerr Putney.\n\n“Voters made up their minds,” he wrote.",
            "Kerr Putney",
        ),
        # A subject followed by its institution, then an object of a preposition.
        (
            "“It was a rout,” Paul Ortiz said.\n\nKerr Putney of the National Gazette agreed"
            " with Ortiz about the result.\n\n“It was decisive,” he wrote.",
            "Kerr Putney",
        ),
        # A share that is the object of a verb is not who spoke.
        (
            "“We rate claims every day,” PolitiFact said.\n\nPolitiFact rated 32% of"
            " Republican claims as “false” in 2013.",
            "PolitiFact",
        ),
        # A name after "by" is an object even with a comma after it.
        (
            "Lena Obi spoke in the Oval Office.\n\nA plan drafted by Kerr Putney, a former"
            " envoy, was also discussed.\n\n“Unity means peace,” she said.",
            "Lena Obi",
        ),
        # A fragment inside a subordinate clause belongs to that clause's subject.
        (
            "Mayor Ana Lima described the senator as a “disgrace” after Kerr Putney attacked"
            " the police and blamed the shootings on “implicit bias” in the force.",
            "Kerr Putney",
        ),
        # Features name private people by their given name alone.
        (
            "Her husband, Carlos, drives the truck.\n\nCarlos says the shelves are empty."
            " “I've never seen anything like it,” he said.",
            "Carlos",
        ),
        # A subject with an aside between dashes before its verb.
        (
            "“The figures are wrong,” said Lena Obi.\n\nIt became an issue, with Ana Lima —"
            " who has called for higher taxes — lambasting the plan.\n\n“It is trickle-down"
            " all over again,” she said.",
            "Ana Lima",
        ),
        # A person introduced with a role in apposition, just before the quotation,
        # beats the subject of an earlier clause.
        (
            "While Omar Tarek had many artists on his side, that has not happened for Lena Obi,"
            " which concerns Paul Ortiz, president of the local caucus.\n\n“No one is writing songs"
            " for her,” he said.",
            "Paul Ortiz",
        ),
        # A name given to both sexes says nothing of gender: the pronoun after
        # the subject does.
        (
            "Mayor Paul Ortiz opened the hearing.\n\nTerry Strada accused the government of"
            " delay, and she demanded a vote.\n\n“We are tired of waiting,” she said.",
            "Terry Strada",
        ),
        # A lone given name tells the gender a later "she" needs.
        (
            "Columnist Jane Ortiz and Hannah watched the speech.\n\n“He is winning,” Hannah said."
            "\n\n“It is finished,” she said.",
            "Hannah",
        ),
    ],
)
def test_pronouns_find_their_antecedent(text, speaker):
    found = extract(text)
    assert found[-1].speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        # A verdict on a statement is not the statement: no speaker from the possessive.
        "Ana Lima's statement was “mostly false.”",
    ],
)
def test_a_verdict_on_a_claim_is_not_the_claim(text):
    (found,) = extract(text)
    assert found.speaker != "Ana Lima"
