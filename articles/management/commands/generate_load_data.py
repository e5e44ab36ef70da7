"""Fill an empty database with realistic public-site data for the page benchmark.

    manage.py generate_load_data               # 100,000 fact-checks, 1,000,000 quotes, 20,000 speakers, 200 outlets
    manage.py generate_load_data --scale 0.1   # a tenth of each
    manage.py generate_load_data --factchecks 5000 --quotes 50000

Everything is written with bulk inserts in batches (no signals, no per-row saves). Every
quote is a real span of its article's body, so the database triggers that check
`text == body[start:end]` accept them. Claims repeat across articles, as real quotes do,
and a few prolific speakers account for many checks. It refuses a database that already
has articles, since the data is meant for a fresh benchmark database.
"""

import hashlib
import random
import time
from array import array
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles import cache
from articles.models import Article, Citation, Claim, Correction, FactCheck, Outlet, Quote, Rating, Source, Speaker

DEFAULTS = {"factchecks": 100_000, "quotes": 1_000_000, "speakers": 20_000, "outlets": 200}

FIRST = (
    "Ana Ben Carla Dev Elena Farid Grace Hugo Iris Jonas Kemi Liam Maya Noor Omar Petra Quinn Rosa Sam Tara Uma "
    "Victor Wen Xavier Yara Zane Amir Beatriz Chen Dana Emil Fatima Gustav Hana Ivan Jamal Keiko Lars Mona Nils"
).split()
LAST = (
    "Adeyemi Bauer Castell Dubois Eriksen Fischer Garcia Haddad Ibrahim Jensen Kowalski Larsen Moreau Nakamura "
    "Okafor Petrov Quispe Rossi Santos Tanaka Ulloa Varga Whitfield Xu Yilmaz Zhang Novak Silva Kim Murphy"
).split()
ROLES = ["Finance minister", "Senator", "Mayor", "Health secretary", "Party leader", "Governor", "Spokesperson", "MP"]
PLACES = (
    "Northshire Eastvale Riverton Westmarch Southport Highland Lakeside Midland Coastal Border Capital Valley "
    "Harbour Forest Plains Summit Bayside Ironbridge Millbrook Oakridge"
).split()
PAPERS = "Ledger Herald Wire Courier Times Post Gazette Observer Tribune Chronicle".split()
TOPICS = [
    ("We built {n} new schools in {place} last year", "schools"),
    ("Unemployment in {place} fell to {p} percent, the lowest in {y} years", "jobs"),
    ("Crime in {place} has dropped by {p} percent since {year}", "crime"),
    ("Our government cut the deficit by {n} million in {year}", "budget"),
    ("{place} now has {n} more nurses than in {year}", "health"),
    ("Average rents in {place} rose {p} percent in a single year", "housing"),
    ("Every family in {place} pays {n} less in tax than in {year}", "tax"),
    ("Trains in {place} now run on time {p} percent of the time", "transport"),
    ("We planted {n} thousand trees across {place} since {year}", "environment"),
    ("Waiting lists in {place} hospitals are down {p} percent", "health"),
]


def _claim_text(index: int) -> str:
    rng = random.Random(index * 7919)
    template, _ = TOPICS[index % len(TOPICS)]
    return (
        template.format(
            n=rng.randint(2, 900),
            p=rng.randint(2, 60),
            y=rng.randint(5, 50),
            year=rng.randint(1995, 2024),
            place=PLACES[(index // len(TOPICS)) % len(PLACES)],
        )
        + f" (statement {index})"
    )


def _trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return cut[: cut.rindex(" ")].rstrip(" ,;:") + "…"


class Command(BaseCommand):
    help = "Generate realistic load data (published fact-checks, quotes, speakers, outlets) with bulk inserts."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Multiply every default size (e.g. 0.01).")
        for name, default in DEFAULTS.items():
            parser.add_argument(f"--{name}", type=int, default=None, help=f"Default {default:,} × scale.")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        sizes = {name: options[name] or max(1, round(default * options["scale"])) for name, default in DEFAULTS.items()}
        if Article.objects.exists():
            raise CommandError("This database already has articles: load data is meant for a fresh database.")
        if not Rating.objects.exists():
            raise CommandError("No rating scale: run the migrations first.")
        self.rng = random.Random(options["seed"])
        self.batch = options["batch_size"]
        self.now = timezone.now()
        started = time.perf_counter()
        self.stdout.write("Generating " + ", ".join(f"{value:,} {name}" for name, value in sizes.items()))
        with transaction.atomic():
            outlets = self._outlets(sizes["outlets"])
            speakers = self._speakers(sizes["speakers"])
            n_claims = max(sizes["factchecks"], sizes["quotes"] // 5)
            plan = self._plan(n_claims, sizes["quotes"])
            claim_ids = self._claims(n_claims, speakers, plan)
            self._articles_and_quotes(outlets, speakers, claim_ids, plan)
            self._factchecks(sizes["factchecks"], claim_ids, speakers, plan)
        cache.bump_generation()
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - started:.0f} s."))

    def _log(self, what: str, count: int) -> None:
        self.stdout.write(f"  {what}: {count:,}")

    def _outlets(self, count: int) -> list[int]:
        rows = []
        for i in range(count):
            name = f"{PLACES[i % len(PLACES)]} {PAPERS[(i // len(PLACES)) % len(PAPERS)]}"
            if i >= len(PLACES) * len(PAPERS):
                name += f" {i}"
            rows.append(Outlet(name=name, slug=slugify(name), homepage_url=f"https://{slugify(name)}.example/"))
        created = Outlet.objects.bulk_create(rows, batch_size=self.batch)
        self._log("outlets", len(created))
        return [o.pk for o in created]

    def _speakers(self, count: int) -> list[int]:
        rows = []
        for i in range(count):
            if i % 10 == 9:
                name, kind, role = f"Ministry of {TOPICS[i % len(TOPICS)][1].title()} {i}", "organization", ""
            else:
                name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
                if i >= len(FIRST) * len(LAST):
                    name += f" {i // (len(FIRST) * len(LAST)) + 1}"  # one speaker per name (Speaker.name_key)
                kind, role = "person", ROLES[i % len(ROLES)]
            rows.append(Speaker(name=name, slug=f"{slugify(name)}-{i}", kind=kind, role=role, affiliation=""))
        ids = []
        for start in range(0, len(rows), self.batch):
            ids += [s.pk for s in Speaker.objects.bulk_create(rows[start : start + self.batch])]
        self._log("speakers", len(ids))
        return ids

    def _plan(self, n_claims: int, n_quotes: int) -> dict:
        """Which claim each quote repeats, each article's date and quote count, claims' first dates."""
        n_articles = max(1, n_quotes // 10)
        per_article = array("i", [n_quotes // n_articles] * n_articles)
        for i in range(n_quotes - sum(per_article)):
            per_article[i] += 1
        rng = self.rng
        # Every claim appears at least once; the rest favour earlier (older, more repeated) claims.
        claim_of = array("i", (q if q < n_claims else int(n_claims * rng.random() ** 2) for q in range(n_quotes)))
        rng.shuffle(claim_of)
        article_age = array("f", (rng.uniform(30, 1100) for _ in range(n_articles)))
        first_age = array("f", [0.0] * n_claims)
        appearances = array("i", [0] * n_claims)
        q = 0
        for a, count in enumerate(per_article):
            for _ in range(count):
                c = claim_of[q]
                appearances[c] += 1
                first_age[c] = max(first_age[c], article_age[a])
                q += 1
        return {"per_article": per_article, "claim_of": claim_of, "article_age": article_age,
                "first_age": first_age, "appearances": appearances}  # fmt: skip

    def _claims(self, n_claims: int, speakers: list[int], plan: dict) -> list[int]:
        # A few speakers are quoted and checked often (as in real life); most rarely.
        plan["speaker_of"] = array(
            "q", (speakers[int(len(speakers) * self.rng.random() ** 3)] for _ in range(n_claims))
        )
        ids = []
        for start in range(0, n_claims, self.batch):
            rows = []
            for c in range(start, min(n_claims, start + self.batch)):
                text = _claim_text(c)
                rows.append(
                    Claim(
                        speaker_id=plan["speaker_of"][c],
                        text=text,
                        fingerprint=hashlib.sha1(text.casefold().encode()).hexdigest(),
                        checkworthiness=0.5 + (c % 50) / 100,
                        reasons=["contains a number"],
                        appearance_count=plan["appearances"][c],
                        first_appeared_at=self.now - timedelta(days=float(plan["first_age"][c])),
                        status=Claim.Status.ACCEPTED,
                    )
                )
            ids += [claim.pk for claim in Claim.objects.bulk_create(rows)]
        self._log("claims", len(ids))
        return ids

    def _articles_and_quotes(self, outlets, speakers, claim_ids, plan) -> None:
        per_article, claim_of, ages = plan["per_article"], plan["claim_of"], plan["article_age"]
        q = articles_done = quotes_done = 0
        for start in range(0, len(per_article), max(1, self.batch // 10)):
            articles, spans = [], []
            for a in range(start, min(len(per_article), start + max(1, self.batch // 10))):
                parts, quotes = [f"Reporting from {PLACES[a % len(PLACES)]}.\n"], []
                offset = len(parts[0])
                for _ in range(per_article[a]):
                    c = claim_of[q]
                    q += 1
                    text = _claim_text(c)
                    lead = "“"
                    quotes.append((c, offset + len(lead), text))
                    sentence = f"{lead}{text},” the speaker told reporters. Officials disputed the figure.\n"
                    parts.append(sentence)
                    offset += len(sentence)
                body = "".join(parts)
                outlet = outlets[a % len(outlets)]
                articles.append(
                    Article(
                        outlet_id=outlet,
                        title=f"{_trim(quotes[0][2], 90)}, says speaker" if quotes else f"Report {a}",
                        url=f"https://news.example/{outlet}/{a}",
                        byline="Staff reporter",
                        published_at=self.now - timedelta(days=float(ages[a])),
                        body=body,
                        content_hash=hashlib.sha256(f"{a}\0{body}".encode()).hexdigest(),
                        extraction_status=Article.ExtractionStatus.DONE,
                        extracted_at=self.now,
                    )
                )
                spans.append(quotes)
            created = Article.objects.bulk_create(articles)
            rows = [
                Quote(
                    article_id=article.pk,
                    claim_id=claim_ids[c],
                    speaker_id=plan["speaker_of"][c],
                    text=text,
                    start=begin,
                    end=begin + len(text),
                    checkworthiness=0.5 + (c % 50) / 100,
                    reasons=["contains a number"],
                    fingerprint=hashlib.sha1(text.casefold().encode()).hexdigest(),
                    created_at=self.now,
                )
                for article, quotes in zip(created, spans, strict=True)
                for c, begin, text in quotes
            ]
            Quote.objects.bulk_create(rows, batch_size=self.batch)
            articles_done += len(created)
            quotes_done += len(rows)
        self._log("articles", articles_done)
        self._log("quotes", quotes_done)

    def _factchecks(self, count: int, claim_ids, speakers, plan) -> None:
        User = get_user_model()
        author, _ = User.objects.get_or_create(username="loadgen-author", defaults={"first_name": "Load"})
        editor, _ = User.objects.get_or_create(username="loadgen-editor", defaults={"first_name": "Load"})
        ratings = list(Rating.objects.all())
        weights = [3 if r.slug in ("false", "mostly-false", "half-true") else 2 for r in ratings]
        sources = Source.objects.bulk_create(
            [
                Source(title=f"Official statistics release {i}", url=f"https://stats.example/release/{i}",
                       published_on=(self.now - timedelta(days=i % 1000)).date())
                for i in range(max(2, count // 2))
            ],
            batch_size=self.batch,
        )  # fmt: skip
        source_ids = [s.pk for s in sources]
        made = corrections = 0
        for start in range(0, count, self.batch):
            rows = []
            for c in range(start, min(count, start + self.batch)):
                text = _claim_text(c)
                published = self.now - timedelta(days=float(plan["first_age"][c]) * self.rng.random(), minutes=1)
                rating = self.rng.choices(ratings, weights)[0]
                rows.append(
                    FactCheck(
                        claim_id=claim_ids[c],
                        headline=_trim(f"Did they really say: “{text}”?", 200),
                        slug=f"{slugify(text)[:70]}-{c}",
                        claim_reviewed=_trim(text.split(" (statement")[0], 74),
                        rating=rating,
                        summary=f"We compared the claim with official figures. {rating.definition}",
                        body=(
                            "## What was said\n\nThe speaker made this claim in several interviews.\n\n"
                            "## What the figures show\n\nThe official release tells a **different** story, "
                            "as the table in our second source shows.\n"
                        ),
                        status=FactCheck.Status.PUBLISHED,
                        author=author,
                        approved_by=editor,
                        published_at=published,
                        created_at=published,
                        updated_at=published,
                    )
                )
            created = FactCheck.objects.bulk_create(rows)
            citations, notes = [], []
            for factcheck in created:
                first, second = self.rng.sample(source_ids, 2)
                citations += [
                    Citation(factcheck_id=factcheck.pk, source_id=first, order=0, note="The official figure"),
                    Citation(factcheck_id=factcheck.pk, source_id=second, order=1, note="Earlier years"),
                ]
                if self.rng.random() < 0.05:
                    notes.append(
                        Correction(
                            factcheck_id=factcheck.pk,
                            kind=Correction.Kind.CLARIFICATION,
                            note="We added the year the figures refer to.",
                            created_by=editor,
                            created_at=factcheck.published_at + timedelta(days=2),
                        )
                    )
            Citation.objects.bulk_create(citations, batch_size=self.batch)
            Correction.objects.bulk_create(notes, batch_size=self.batch)
            made += len(created)
            corrections += len(notes)
        self._log("published fact-checks", made)
        self._log("corrections", corrections)
