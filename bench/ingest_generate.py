"""Synthetic news articles for the import benchmark.

Run: .venv/bin/python bench/ingest_generate.py N --out articles.jsonl [--seed S]

Each article is a dict with the bulk-import columns (title, url, outlet, published_at,
byline, body). Bodies run 600-1200 words, have a few section headings, and carry several
direct quotations attributed to invented speakers with roles in the forms newsrooms use
(“…,” Finance Minister Jane Doe told reporters. / Jane Doe, the finance minister, said: “…”).
Output is deterministic for a given seed, and article i is the same whatever N is, so a
benchmark can grow its corpus without changing the articles it already had. A ``.csv`` --out
writes CSV instead of JSON Lines.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from datetime import UTC, datetime, timedelta

OUTLETS = (
    ("The Harbour Courier", "harbourcourier.example"),
    ("Northfield Daily", "northfielddaily.example"),
    ("Capital Wire", "capitalwire.example"),
    ("The Valley Ledger", "valleyledger.example"),
    ("Coastline Public Radio", "coastlineradio.example"),
    ("Metro Evening Post", "metroeveningpost.example"),
)
FIRST_NAMES = tuple(
    "Ana Jane Tomás Priya Kwame Lena Marcus Yuki Olga Samir Grace Diego Fatima Henrik Aisha "
    "Peter Mei Rafael Ingrid Jonah".split()
)
LAST_NAMES = tuple(
    "Lima Doe Okafor Varga Nakamura Haddad Brennan Castillo Larsen Mensah Kowalski Duarte "
    "Rahman Whitfield Moreau Osei Lindqvist Achterberg Quinn Ferreira".split()
)
PLACES = tuple(
    "Northfield|Port Alder|Kessington|the river valley|Lowmarsh|East Brannock|the capital|"
    "Ridgeway|the coastal districts|Saint Oren".split("|")
)
TOPICS = {
    "budget": {
        "headline": (
            "{place} council approves {pct}% rise in spending after marathon debate",
            "Budget row deepens as {place} weighs cuts to {service}",
            "Finance chiefs defend {amount} plan for {place}",
        ),
        "roles": (
            ("Finance Minister", "the finance minister"),
            ("Councillor", "a member of the budget committee"),
            ("Treasurer", "the city treasurer"),
            ("Mayor", "the mayor"),
        ),
        "nouns": ("the budget", "the spending plan", "the tax increase", "the reserve fund"),
        "services": ("libraries", "bus routes", "street lights", "youth centres", "clinics"),
    },
    "health": {
        "headline": (
            "Hospital waiting lists in {place} grow by {pct}%, figures show",
            "Health board promises {amount} to cut delays in {place}",
            "Doctors warn of {service} shortages across {place}",
        ),
        "roles": (
            ("Health Minister", "the health minister"),
            ("Dr.", "a senior physician at the regional hospital"),
            ("Chief Executive", "the chief executive of the health board"),
        ),
        "nouns": ("the waiting list", "the staffing plan", "the new clinic", "the funding"),
        "services": (
            "nursing posts",
            "ambulance crews",
            "mental health services",
            "maternity wards",
            "dental clinics",
        ),
    },
    "energy": {
        "headline": (
            "{place} wind farm approved despite objections",
            "Energy bills in {place} to rise {pct}% this winter, regulator says",
            "Grid operator unveils {amount} upgrade for {place}",
        ),
        "roles": (
            ("Energy Secretary", "the energy secretary"),
            ("Regulator", "the head of the energy regulator"),
            ("Professor", "an energy economist at the state university"),
        ),
        "nouns": ("the tariff", "the grid upgrade", "the wind farm", "the price cap"),
        "services": ("heating subsidies", "insulation grants", "grid connections"),
    },
    "transport": {
        "headline": (
            "Rail line to {place} delayed again as costs climb {pct}%",
            "Commuters in {place} face fare rise and fewer {service}",
            "Transport agency pledges {amount} for {place} roads",
        ),
        "roles": (
            ("Transport Minister", "the transport minister"),
            ("Union Leader", "the general secretary of the transport workers' union"),
            ("Director", "the director of the transit authority"),
        ),
        "nouns": ("the rail project", "the fare increase", "the bypass", "the timetable"),
        "services": ("night buses", "ferry crossings", "cycle lanes", "rural routes"),
    },
}
HEADINGS = tuple(
    "Why It Matters|What to Know|Background|What People Are Saying|What Happens Next|"
    "The Numbers|Reaction|A Divided Council|Looking Ahead".split("|")
)
VERBS = tuple(
    "said|told reporters|said in a statement|told a press conference|added|"
    "wrote on social media|told local radio".split("|")
)
QUOTES = (
    "We cannot keep asking families to pay more for {noun} while {service} disappear",
    "This is the most responsible plan we could put forward under the circumstances",
    "Nobody in {place} voted for {noun}, and we will keep fighting it",
    "The figures speak for themselves: {pct} percent is not a rounding error",
    "I have said from the start that {noun} would cost more than promised",
    "We listened to residents, and we changed {noun} because of what they told us",
    "There is no money hidden anywhere; every cent of the {amount} is accounted for",
    "If we do nothing, {service} in {place} will be gone within five years",
    "It is a good day for {place}, but the hard work starts now",
    "Frankly, the people who designed {noun} have never used {service}",
    "We expect to publish the full report before the end of the month",
    "Our inspectors found no evidence that {noun} was mismanaged",
)
FILLER = (
    "The proposal was first published in {month} and has been revised {count} times since.",
    "Officials said the change would affect roughly {people} residents in {place}.",
    "Opposition members argued that the figures had been presented too late for scrutiny.",
    "A public consultation drew more than {count}00 written submissions.",
    "The final vote is expected next week, after a second reading.",
    "Independent analysts said the long-term costs remained uncertain.",
    "The plan includes {amount} for {service} over the next three years.",
    "Critics pointed to a similar scheme in {place2} that ran {pct}% over budget.",
    "Local businesses have been divided, with some welcoming the investment.",
    "Residents who attended the meeting in {place} raised concerns about {service}.",
    "The auditor's report, released on {weekday}, described the accounts as sound.",
    "Turnout at the last local election in {place} was {pct} percent.",
    "The agency did not respond to a request for comment before publication.",
    "Documents seen by reporters show that the estimate was revised in {month}.",
)
MONTHS = tuple("January February March April May June July August September October November December".split())
WEEKDAYS = tuple("Monday Tuesday Wednesday Thursday Friday".split())
EPOCH = datetime(2024, 1, 1, 6, 0, tzinfo=UTC)


def generate(n: int, seed: int = 0) -> list[dict]:
    """Return ``n`` deterministic synthetic articles; article ``i`` depends only on seed and i."""
    return [_article(random.Random(seed * 1_000_003 + index), index) for index in range(n)]


def _article(rng: random.Random, index: int) -> dict:
    topic = TOPICS[rng.choice(sorted(TOPICS))]
    outlet, domain = rng.choice(OUTLETS)
    slots = _slots(rng, topic)
    speakers = [_speaker(rng, topic) for _ in range(rng.randint(3, 5))]
    target_words = rng.randint(600, 1080)
    title = _fill(rng.choice(topic["headline"]), slots)
    title = title[0].upper() + title[1:]
    paragraphs: list[str] = [_lede(rng, slots, speakers[0])]
    headings = list(HEADINGS)
    rng.shuffle(headings)
    words = _count(paragraphs)
    quote_number = 0
    while words < target_words:
        if quote_number % 3 == 2 and headings:
            paragraphs.append(headings.pop())
        speaker = speakers[quote_number % len(speakers)]
        quote_number += 1
        paragraphs.append(_quote_paragraph(rng, slots, speaker, quote_number))
        paragraphs.append(" ".join(_fill(rng.choice(FILLER), slots) for _ in range(3)))
        words = _count(paragraphs)
    published = EPOCH + timedelta(minutes=rng.randrange(0, 60 * 24 * 700))
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    reporter = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    return {
        "title": title,
        "url": f"https://{domain}/news/{published:%Y/%m}/{slug}-{index}",
        "outlet": outlet,
        "published_at": published.isoformat().replace("+00:00", "Z"),
        "byline": reporter,
        "body": "\n".join(paragraphs),
    }


def _slots(rng: random.Random, topic: dict) -> dict[str, str]:
    place, place2 = rng.sample(PLACES, 2)
    return {
        "place": place,
        "place2": place2,
        "pct": str(rng.randint(2, 40)),
        "amount": f"${rng.randint(2, 900)} million",
        "service": rng.choice(topic["services"]),
        "noun": rng.choice(topic["nouns"]),
        "month": rng.choice(MONTHS),
        "weekday": rng.choice(WEEKDAYS),
        "count": str(rng.randint(2, 9)),
        "people": f"{rng.randint(2, 95) * 1000:,}",
    }


def _speaker(rng: random.Random, topic: dict) -> dict[str, str]:
    title, description = rng.choice(topic["roles"])
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return {
        "title": title,
        "description": description,
        "name": f"{first} {last}",
        "last": last,
        "pronoun": rng.choice(("she", "he", "they")),
    }


def _lede(rng: random.Random, slots: dict[str, str], speaker: dict[str, str]) -> str:
    opening = _fill(
        "Officials in {place} on {weekday} defended {noun}, a package worth {amount}, "
        "after weeks of protests over {service}. ",
        slots,
    )
    return opening + (
        f"{speaker['name']}, {speaker['description']}, has led the case for the plan, "
        "which has dominated local politics for months."
    )


def _quote_paragraph(rng: random.Random, slots: dict[str, str], speaker: dict[str, str], number: int) -> str:
    quote = _fill(rng.choice(QUOTES), slots)
    verb = rng.choice(VERBS)
    form = number % 4
    if form == 0:
        return f"“{quote},” {speaker['title']} {speaker['name']} {verb}."
    if form == 1:
        return f"{speaker['name']}, {speaker['description']}, said: “{quote}.”"
    if form == 2:
        follow = _fill(rng.choice(QUOTES), slots)
        return f"“{quote},” said {speaker['title']} {speaker['name']}. “{follow},” {speaker['pronoun']} added."
    return f"{speaker['last']} said {quote[0].lower() + quote[1:]}, according to a transcript."


def _fill(template: str, slots: dict[str, str]) -> str:
    return template.format(**slots)


def _count(paragraphs: list[str]) -> int:
    return sum(len(paragraph.split()) for paragraph in paragraphs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("--out", help="output file (.jsonl or .csv); standard output if omitted")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    articles = generate(args.n, seed=args.seed)
    if args.out and args.out.lower().endswith(".csv"):
        with open(args.out, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(articles[0]) if articles else [])
            writer.writeheader()
            writer.writerows(articles)
        return 0
    handle = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    try:
        for article in articles:
            handle.write(json.dumps(article, ensure_ascii=False) + "\n")
    finally:
        if handle is not sys.stdout:
            handle.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
