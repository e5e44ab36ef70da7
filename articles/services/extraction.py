"""Storing what the extraction engine finds: Quotes, their Speakers and their Claims.

`article_extract` runs the engine on an article body and keeps its result as Quote rows
whose offsets point into the body. Each quote joins a Claim: an existing one by the same
speaker whose fingerprint equals the quote's, or whose wording `same_claim`s it, in this
article or any other (fact-checked claims included, so a repeat lands on the verdict
already written); otherwise a new Claim. A Claim keeps denormalised fields for the
queue: its fullest wording, the highest check-worthiness with its reasons, the number of
appearances and when it first appeared.
"""

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Count, Exists, F, Min, OuterRef
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.extraction import ExtractedQuote, extract, same_claim
from articles.extraction import fingerprint as fingerprint_of
from articles.extraction.models import DESCRIPTION
from articles.models import Article, Claim, FactCheck, Quote, Speaker
from articles.services.speakers import speakers_resolve

logger = logging.getLogger(__name__)

_ATTRIBUTION_MAX = Quote._meta.get_field("attribution").max_length
_ROLE_MAX = Quote._meta.get_field("speaker_role").max_length
# bulk_update writes one CASE per column; each row scans its WHENs, so keep them bounded.
_UPDATE_BATCH = 500


def quotes_find(*, body: str, headings=()) -> list[ExtractedQuote]:
    """The engine's quotes for `body`, keeping only those whose offsets are right.

    A quote whose text is not the body between its offsets would be refused by the
    database; it is an engine bug, so it is logged and left out rather than failing
    the whole article.
    """
    found = extract(body, headings=[tuple(span) for span in headings])
    good = []
    for quote in found:
        if 0 <= quote.start < quote.end <= len(body) and body[quote.start : quote.end] == quote.text:
            good.append(quote)
        else:
            logger.warning("extraction engine gave wrong offsets %s-%s; quote skipped", quote.start, quote.end)
    return good


def article_extract(*, article: Article) -> list[Quote]:
    """Extract `article`'s quotes and attach each to a Claim; return the article's quotes.

    Running it again keeps the quotes that are still found (same span, same speaker),
    removes those that are not, and adds new ones, so re-extraction never duplicates.
    Quotes editors have worked on are never touched: those they corrected, split or
    merged, and every quote of a claim that is accepted, rejected or fact-checked. What
    the engine finds over such a quote's span is left out.
    If the engine itself fails, the article is marked "Extraction failed" with no
    change to its quotes, and `extract_quotes` can retry it later.
    """
    try:
        found = quotes_find(body=article.body, headings=article.headings or ())
    except Exception:
        logger.exception("quote extraction failed for article %s", article.pk)
        article.extraction_status = Article.ExtractionStatus.FAILED
        article.extracted_at = timezone.now()
        article.save(update_fields=["extraction_status", "extracted_at"])
        return list(article.quotes.all())
    with transaction.atomic():
        quotes = quotes_store(extracted=[(article, found)])[article.pk]
        article.extraction_status = Article.ExtractionStatus.DONE
        article.extracted_at = timezone.now()
        article.save(update_fields=["extraction_status", "extracted_at"])
    return quotes


def quotes_store(*, extracted: list[tuple[Article, list[ExtractedQuote]]], new: bool = False) -> dict[int, list[Quote]]:
    """Store what the engine found in each article, {article id: its quotes by position}.

    The one way quotes are stored, for a single re-extraction or a whole chunk of
    imported articles, in a constant number of queries however many articles and quotes.
    Articles are taken in order, each seeing the claims the ones before it made, so a
    chunk groups quotations exactly as importing its articles one by one would. `new`
    says the articles were just created and have no quotes yet (one query saved).

    Concurrent imports of the same speaker's quotations would each miss the other's new
    claims, so on PostgreSQL a transaction-scoped advisory lock per speaker (and per
    wording, for unattributed quotes) is held from reading the candidate claims until
    commit; imports of other speakers go on in parallel. SQLite runs one writer at a
    time already. Call inside the caller's transaction.
    """
    stored = {} if new else _stored_quotes([article for article, _ in extracted])
    work = []
    for article, found in extracted:
        existing, pinned = stored.get(article.pk, ({}, []))
        if pinned:
            found = [quote for quote in found if not any(_overlap(quote, kept) for kept in pinned)]
        work.append((article, found, existing, pinned))
    every_quote = [quote for _, found, _, _ in work for quote in found]
    speakers = _resolve_speakers(every_quote)
    _lock_claim_groups(speakers.values(), every_quote)
    candidates = _candidate_claims(speakers.values(), every_quote)

    update: list[Quote] = []
    planned: list[tuple[Article, ExtractedQuote, Speaker | None, _ClaimState]] = []
    gone: list[Quote] = []
    kept: dict[int, list[Quote]] = {}
    for article, found, existing, pinned in work:
        kept[article.pk] = list(pinned)
        for quote in found:
            speaker = speakers.get(_speaker_key(quote))
            speaker_id = speaker.pk if speaker else None
            old = existing.pop((quote.start, quote.end), None)
            if old is not None and old.speaker_id == speaker_id:
                if _refresh(old, quote):
                    update.append(old)
                kept[article.pk].append(old)
                state = _claim_for(candidates, speaker_id, quote, old.claim_id)
            else:
                if old is not None:
                    existing[(quote.start, quote.end)] = old  # replaced: its speaker changed
                state = _claim_for(candidates, speaker_id, quote)
                planned.append((article, quote, speaker, state))
            _absorb(state, quote)
        gone.extend(existing.values())

    if gone:
        Quote.objects.filter(pk__in=[quote.pk for quote in gone]).delete()
    if update:
        Quote.objects.bulk_update(
            update, ["attribution", "speaker_role", "kind", "checkworthiness", "reasons", "fingerprint"]
        )
    new_states = _create_claims(planned)
    created = Quote.objects.bulk_create(
        [
            Quote(
                article=article,
                claim=state.claim,
                speaker=speaker,
                text=quote.text,
                start=quote.start,
                end=quote.end,
                attribution=quote.cue[:_ATTRIBUTION_MAX],
                speaker_role=_role(quote),
                kind=_kind(quote),
                checkworthiness=_score(quote),
                reasons=list(quote.reasons),
                fingerprint=quote.fingerprint or fingerprint_of(quote.text),
            )
            for article, quote, speaker, state in planned
        ]
    )
    for quote in created:
        kept[quote.article_id].append(quote)
    # Claims that existed before: count their new appearances, recount those that lost one.
    added: Counter = Counter()
    appeared: dict[int, datetime] = {}
    for article, _, _, state in planned:
        if id(state) not in new_states:
            added[state.pk] += 1
            when = _appeared(article)
            appeared[state.pk] = min(when, appeared.get(state.pk, when))
    lost = {quote.claim_id for quote in gone}
    existing_states = {
        state.pk: state
        for states in candidates.values()
        for state in states
        if id(state) not in new_states and (state.pk in added or state.pk in lost or state.changed)
    }
    _save_existing_claims(existing_states, added=added, lost=lost, appeared=appeared)
    return {article_id: sorted(quotes, key=lambda quote: quote.start) for article_id, quotes in kept.items()}


def _stored_quotes(articles: list[Article]) -> dict[int, tuple[dict[tuple[int, int], Quote], list[Quote]]]:
    """Each article's stored quotes: {id: ({span: quote extraction may replace}, [quotes editors pinned])}."""
    stored: dict[int, tuple[dict, list]] = {article.pk: ({}, []) for article in articles}
    checked = Exists(FactCheck.objects.filter(claim_id=OuterRef("claim_id")))
    quotes = Quote.objects.filter(article__in=[article.pk for article in articles]).order_by()
    for quote in quotes.select_related("claim").annotate(checked=checked):
        existing, pinned = stored[quote.article_id]
        if quote.edited or quote.checked or quote.claim.status != Claim.Status.PENDING:
            pinned.append(quote)
        else:
            existing[(quote.start, quote.end)] = quote
    return stored


def _appeared(article: Article) -> datetime:
    return article.published_at or article.imported_at


def _create_claims(planned: list[tuple[Article, ExtractedQuote, Speaker | None, "_ClaimState"]]) -> set[int]:
    """Insert the claims first met in `planned`, with their appearances; return their states' ids."""
    new_states: dict[int, _ClaimState] = {}
    for article, _, _, state in planned:
        if state.pk is None:
            claim = state.claim
            when = _appeared(article)
            if id(state) not in new_states:
                new_states[id(state)] = state
                claim.appearance_count, claim.first_appeared_at = 0, when
            claim.appearance_count += 1
            claim.first_appeared_at = min(claim.first_appeared_at, when)
    if new_states:
        Claim.objects.bulk_create([state.claim for state in new_states.values()])
    return set(new_states)


# Advisory-lock namespaces (the first key of pg_advisory_xact_lock(int, int)), so these
# locks never meet another feature's.
_LOCK_SPEAKER_CLAIMS = 0x636C_6D01
_LOCK_UNATTRIBUTED_CLAIMS = 0x636C_6D02


def _lock_claim_groups(speakers, found: list[ExtractedQuote]) -> None:
    """Hold, until commit, the right to group claims for these speakers and unattributed wordings.

    Keys are taken in one sorted pass, so two imports never wait on each other in a cycle.
    """
    if connection.vendor != "postgresql":
        return
    keys = {(_LOCK_SPEAKER_CLAIMS, _int32(speaker.pk)) for speaker in speakers}
    keys |= {
        (_LOCK_UNATTRIBUTED_CLAIMS, _int32(int(quote.fingerprint or fingerprint_of(quote.text), 16)))
        for quote in found
        if _speaker_key(quote) is None
    }
    if not keys:
        return
    ordered = sorted(keys)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(space, key) FROM unnest(%s::int[], %s::int[]) AS lock(space, key)",
            [[space for space, _ in ordered], [key for _, key in ordered]],
        )


def _int32(value: int) -> int:
    """`value` folded into PostgreSQL's int4, which lock keys are (keys that collide only wait longer)."""
    return (value & 0xFFFF_FFFF) - (1 << 32 if value & 0x8000_0000 else 0)


_CLAIM_FIELDS = (
    "id",
    "speaker_id",
    "text",
    "fingerprint",
    "checkworthiness",
    "reasons",
    "status",
    "appearance_count",
    "first_appeared_at",
)
_WORDS = re.compile(r"\w+")
# same_claim needs at least this share of the shorter text's vocabulary in common, in
# each of its tests (repeat, containment, word or phrase overlap); checking it first with
# two sets spares the full comparison against most of a prolific speaker's claims.
_MIN_SHARED_VOCABULARY = 0.4


@dataclass(eq=False)
class _ClaimState:
    """A Claim under consideration, with what this extraction learnt about it.

    Candidates are loaded as plain rows; the Claim object is built only for the few a
    quote joins, because most of a speaker's claims are only compared.
    """

    row: dict
    fingerprints: set[str] = field(default_factory=set)
    changed: bool = False
    _claim: Claim | None = None
    _vocabulary: frozenset[str] | None = None

    @classmethod
    def of(cls, claim: Claim) -> "_ClaimState":
        return cls({"id": claim.pk, "speaker_id": claim.speaker_id}, {claim.fingerprint}, _claim=claim)

    @property
    def claim(self) -> Claim:
        if self._claim is None:
            self._claim = Claim(**self.row)
        return self._claim

    @property
    def pk(self) -> int | None:
        return self._claim.pk if self._claim is not None else self.row["id"]

    @property
    def text(self) -> str:
        return self._claim.text if self._claim is not None else self.row["text"]

    def same_claim(self, text: str, vocabulary: frozenset[str]) -> bool:
        if self._vocabulary is None or self._claim is not None:
            self._vocabulary = _vocabulary_of(self.text)
        shared = len(vocabulary & self._vocabulary)
        if shared < _MIN_SHARED_VOCABULARY * min(len(vocabulary), len(self._vocabulary)) or not shared:
            return False
        return same_claim(text, self.text)


def _vocabulary_of(text: str) -> frozenset[str]:
    return frozenset(_WORDS.findall(text.casefold()))


def _overlap(found: ExtractedQuote, stored: Quote) -> bool:
    return found.start < stored.end and stored.start < found.end


def _speaker_key(quote: ExtractedQuote) -> tuple[str, str] | None:
    # A description ("a spokesman", "the Vermont senator") names nobody: as a Speaker it
    # would join every article's "a spokesman" into one person and group their claims.
    if not quote.speaker or not quote.speaker.strip() or quote.speaker_kind == DESCRIPTION:
        return None
    return quote.speaker.strip(), quote.speaker_kind or Speaker.Kind.PERSON


def _role(quote: ExtractedQuote) -> str:
    """The role to store: for an unnamed source, the description the article gives."""
    if quote.speaker and quote.speaker_kind == DESCRIPTION:
        return quote.speaker.strip()[:_ROLE_MAX]
    return (quote.speaker_role or "")[:_ROLE_MAX]


def _resolve_speakers(found: list[ExtractedQuote]) -> dict[tuple[str, str], Speaker]:
    keys: dict[tuple[str, str], str] = {}
    for quote in found:
        if (key := _speaker_key(quote)) is not None:
            keys.setdefault(key, quote.speaker_role or "")
    by_name = speakers_resolve(people=[(name, role, kind) for (name, kind), role in keys.items()])
    return {key: by_name[" ".join(key[0].split())] for key in keys}


def _candidate_claims(speakers, found: list[ExtractedQuote]) -> dict[int | None, list[_ClaimState]]:
    """Existing claims each quote could join, by speaker id, in two queries.

    A speaker's claims are all candidates (wording can match without equal
    fingerprints); unattributed quotes join only claims with the very same wording,
    because "who said it" is what makes two quotations one claim.
    """
    speaker_ids = {speaker.pk for speaker in speakers}
    fps = {quote.fingerprint or fingerprint_of(quote.text) for quote in found}
    orphan_fps = {quote.fingerprint or fingerprint_of(quote.text) for quote in found if _speaker_key(quote) is None}
    claims = Claim.objects.none()
    if speaker_ids:
        claims = Claim.objects.filter(speaker_id__in=speaker_ids)
    if orphan_fps:
        claims = claims | Claim.objects.filter(speaker__isnull=True, fingerprint__in=orphan_fps)
    states = {row["id"]: _ClaimState(row, {row["fingerprint"]}) for row in claims.order_by("pk").values(*_CLAIM_FIELDS)}
    if states and speaker_ids:
        # An earlier appearance may be worded like this quote while its claim carries a
        # fuller wording: match on the appearances' fingerprints too.
        for claim_id, fp in (
            Quote.objects.filter(speaker_id__in=speaker_ids, fingerprint__in=fps)
            .order_by()
            .values_list("claim_id", "fingerprint")
        ):
            if claim_id in states:
                states[claim_id].fingerprints.add(fp)
    by_speaker: dict[int | None, list[_ClaimState]] = {}
    for state in states.values():
        by_speaker.setdefault(state.row["speaker_id"], []).append(state)
    return by_speaker


def _claim_for(
    candidates: dict[int | None, list[_ClaimState]], speaker_id: int | None, quote: ExtractedQuote, current=None
) -> _ClaimState:
    if current is not None:
        return _current_state(candidates, current)
    states = candidates.setdefault(speaker_id, [])
    fp = quote.fingerprint or fingerprint_of(quote.text)
    exact = next((state for state in states if fp in state.fingerprints), None)
    if exact is not None:
        return exact
    if speaker_id is not None:
        vocabulary = _vocabulary_of(quote.text)
        similar = next((state for state in states if state.same_claim(quote.text, vocabulary)), None)
        if similar is not None:
            return similar
    state = _ClaimState.of(
        Claim(
            speaker_id=speaker_id,
            text=quote.text,
            fingerprint=fp,
            checkworthiness=_score(quote),
            reasons=list(quote.reasons),
        )
    )
    states.append(state)
    return state


def _current_state(candidates: dict[int | None, list[_ClaimState]], claim_id: int) -> _ClaimState:
    """The state of the claim a kept quote already belongs to (editors may have moved it)."""
    for states in candidates.values():
        for state in states:
            if state.pk == claim_id:
                return state
    state = _ClaimState.of(Claim.objects.get(pk=claim_id))
    candidates.setdefault(state.claim.speaker_id, []).append(state)
    return state


def _absorb(state: _ClaimState, quote: ExtractedQuote) -> None:
    """Fold one appearance into its claim's wording and score."""
    claim = state.claim
    fp = quote.fingerprint or fingerprint_of(quote.text)
    state.fingerprints.add(fp)
    # A claim already under review keeps the wording its reviewers saw.
    if claim.status == Claim.Status.PENDING and len(quote.text.strip()) > len(claim.text.strip()):
        claim.text = quote.text
        claim.fingerprint = fp
        state.changed = True
    score = _score(quote)
    if score > claim.checkworthiness:
        claim.checkworthiness = score
        claim.reasons = list(quote.reasons)
        state.changed = True


def _save_existing_claims(
    states: dict[int, _ClaimState], *, added: Counter, lost: set[int], appeared: dict[int, datetime]
) -> None:
    """Save claims that were there before these articles: wording, score and appearances.

    New appearances are added to the count in SQL, so an editor's concurrent change to
    the count is not lost; a claim that lost one (re-extraction) is recounted from its
    quotes, and deleted if it is still pending with none left. Two UPDATEs in all (per
    _UPDATE_BATCH claims), whatever the number of claims.
    """
    if missing := lost - set(states):
        states.update((claim.pk, _ClaimState.of(claim)) for claim in Claim.objects.filter(pk__in=missing))
    stats = {}
    if lost:
        stats = {
            row["claim_id"]: row
            for row in Quote.objects.filter(claim_id__in=lost)
            .values("claim_id")
            .annotate(n=Count("id"), first=Min(Coalesce("article__published_at", "article__imported_at")))
        }
    reworded, counted, orphans = [], [], []
    for claim_id, state in states.items():
        claim = state.claim
        if state.changed:
            reworded.append(claim)
        if claim_id in lost:
            row = stats.get(claim_id)
            counted.append(
                Claim(pk=claim_id, appearance_count=row["n"] if row else 0, first_appeared_at=row and row["first"])
            )
            if row is None:
                orphans.append(claim_id)
        elif added[claim_id]:
            first, when = claim.first_appeared_at, appeared[claim_id]
            counted.append(
                Claim(
                    pk=claim_id,
                    appearance_count=F("appearance_count") + added[claim_id],
                    first_appeared_at=when if first is None or when < first else first,
                )
            )
    if reworded:
        Claim.objects.bulk_update(
            reworded, ["text", "fingerprint", "checkworthiness", "reasons"], batch_size=_UPDATE_BATCH
        )
    if counted:
        Claim.objects.bulk_update(counted, ["appearance_count", "first_appeared_at"], batch_size=_UPDATE_BATCH)
    if orphans:
        Claim.objects.filter(pk__in=orphans, status=Claim.Status.PENDING, factcheck__isnull=True).delete()


def _refresh(old: Quote, quote: ExtractedQuote) -> bool:
    """Bring a kept quote's engine-given fields up to date; True when any changed."""
    fresh = {
        "attribution": quote.cue[:_ATTRIBUTION_MAX],
        "speaker_role": _role(quote),
        "kind": _kind(quote),
        "checkworthiness": _score(quote),
        "reasons": list(quote.reasons),
        "fingerprint": quote.fingerprint or fingerprint_of(quote.text),
    }
    changed = False
    for name, value in fresh.items():
        if getattr(old, name) != value:
            setattr(old, name, value)
            changed = True
    return changed


def _score(quote: ExtractedQuote) -> float:
    return min(1.0, max(0.0, float(quote.checkworthiness)))


def _kind(quote: ExtractedQuote) -> str:
    return quote.kind if quote.kind in Quote.Kind.values else Quote.Kind.DIRECT
