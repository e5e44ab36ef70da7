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

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles.extraction import ExtractedQuote, extract
from articles.extraction.models import DESCRIPTION
from articles.models import Article, Claim, FactCheck, Quote, Speaker
from articles.services.bulk_sql import rows_insert
from articles.services.claim_groups import ClaimGroups, ClaimState
from articles.services.speakers import speakers_resolve
from articles.signals import claims_changed

logger = logging.getLogger(__name__)

_ATTRIBUTION_MAX = Quote._meta.get_field("attribution").max_length
_ROLE_MAX = Quote._meta.get_field("speaker_role").max_length
_KINDS = frozenset(Quote.Kind.values)


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
        quotes_store(extracted=[(article, found)])
        article.extraction_status = Article.ExtractionStatus.DONE
        article.extracted_at = timezone.now()
        article.save(update_fields=["extraction_status", "extracted_at"])
    return list(article.quotes.select_related("speaker", "claim").order_by("start"))


def quotes_store(*, extracted: list[tuple[Article, list[ExtractedQuote]]], new: bool = False) -> None:
    """Store what the engine found in each article: its Quotes, their Speakers and Claims.

    The one way quotes are stored, for the re-extraction of one article or a whole
    chunk of imported ones, in a constant number of queries however many articles and
    quotes. Articles are taken in order, each seeing the claims the ones before it made,
    so a chunk groups quotations exactly as importing its articles one by one would.
    `new` says the articles were just created and have no quotes yet (a query saved).
    Call inside the caller's transaction: it holds the claim-grouping locks of
    `ClaimGroups` until commit.
    """
    stored = {} if new else _stored_quotes([article for article, _ in extracted])
    work = []
    for article, found in extracted:
        existing, pinned = stored.get(article.pk, ({}, []))
        if pinned:
            found = [quote for quote in found if not any(_overlap(quote, kept) for kept in pinned)]
        work.append((article, [(quote, quote.fingerprint, _speaker_key(quote)) for quote in found], existing))
    placed = [entry for _, entries, _ in work for entry in entries]
    speakers = _resolve_speakers(placed)
    groups = ClaimGroups(
        speaker_ids={speaker.pk for speaker in speakers.values()},
        orphan_fps={fp for _, fp, key in placed if key is None},
        fingerprints={fp for _, fp, _ in placed},
    )
    refreshed: list[Quote] = []
    planned: list[tuple[Article, ExtractedQuote, str, int | None, ClaimState]] = []
    gone: list[Quote] = []
    for article, entries, existing in work:
        appeared = article.published_at or article.imported_at
        for quote, fp, key in entries:
            speaker_id = speakers[key].pk if key is not None else None
            appearance = {"text": quote.text, "fp": fp, "score": _score(quote), "reasons": quote.reasons}
            old = existing.pop((quote.start, quote.end), None)
            if old is not None and old.speaker_id == speaker_id:
                if _refresh(old, quote, fp):
                    refreshed.append(old)
                groups.absorb(groups.current(old.claim_id), **appearance, appeared=None)
                continue
            if old is not None:
                existing[(quote.start, quote.end)] = old  # replaced: its speaker changed
            state = groups.claim_for(speaker_id=speaker_id, **appearance)
            groups.absorb(state, **appearance, appeared=appeared)
            planned.append((article, quote, fp, speaker_id, state))
        gone.extend(existing.values())

    if gone:
        Quote.objects.filter(pk__in=[quote.pk for quote in gone]).delete()
    if refreshed:
        Quote.objects.bulk_update(
            refreshed, ["attribution", "speaker_role", "kind", "checkworthiness", "reasons", "fingerprint"]
        )
    groups.insert_new()
    rows_insert(
        Quote,
        [
            {
                "article_id": article.pk,
                "claim_id": state.pk,
                "speaker_id": speaker_id,
                "text": quote.text,
                "start": quote.start,
                "end": quote.end,
                "attribution": quote.cue[:_ATTRIBUTION_MAX],
                "speaker_role": _role(quote),
                "kind": _kind(quote),
                "checkworthiness": _score(quote),
                "reasons": list(quote.reasons),
                "fingerprint": fp,
            }
            for article, quote, fp, speaker_id, state in planned
        ],
    )
    groups.save_existing(lost={quote.claim_id for quote in gone})
    # Bulk writes send no signals: the pages of the claims that gained, lost or changed an
    # appearance are told here (only a claim with a public fact-check has any).
    # A claim made here has no fact-check yet, so only the claims that were there before count.
    claims_changed(
        {state.pk for *_, state in planned if not state.created}
        | {quote.claim_id for quote in gone}
        | {q.claim_id for q in refreshed}
    )


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


def _resolve_speakers(placed: list[tuple[ExtractedQuote, str, tuple | None]]) -> dict[tuple[str, str], Speaker]:
    # The speaker's record takes the title and the affiliation apart ("spokeswoman",
    # "Riverside Parents Association"); the quote keeps the role as the article gives it.
    keys: dict[tuple[str, str], tuple[str, str]] = {}
    for quote, _, key in placed:
        if key is not None:
            keys.setdefault(key, (quote.speaker_title, quote.speaker_affiliation))
    people = [(name, title, kind, affiliation) for (name, kind), (title, affiliation) in keys.items()]
    by_name = speakers_resolve(people=people)
    return {key: by_name[" ".join(key[0].split())] for key in keys}


def _refresh(old: Quote, quote: ExtractedQuote, fp: str) -> bool:
    """Bring a kept quote's engine-given fields up to date; True when any changed."""
    fresh = {
        "attribution": quote.cue[:_ATTRIBUTION_MAX],
        "speaker_role": _role(quote),
        "kind": _kind(quote),
        "checkworthiness": _score(quote),
        "reasons": list(quote.reasons),
        "fingerprint": fp,
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
    return quote.kind if quote.kind in _KINDS else Quote.Kind.DIRECT
