"""Which Claim each stored quotation joins, for many articles at once, and the claims' queue fields.

A quote joins an existing claim by the same speaker whose fingerprint equals the quote's
or one of its appearances', or whose wording `same_claim`s it, in any article
(fact-checked claims included, so a repeat lands on the verdict already written);
otherwise a new Claim. Unattributed quotes join only a claim with the very same wording,
because "who said it" is what makes two quotations one claim. A Claim keeps denormalised
fields for the queue: its fullest wording, the highest check-worthiness with its
reasons, the number of appearances and when it first appeared.

`ClaimGroups` loads every candidate for a chunk's speakers in two queries and writes
what changed in three, however many quotes. Two imports grouping the same speaker's
quotations at once would each miss the other's new claims, so on PostgreSQL it first
takes a transaction-scoped advisory lock per speaker (and per wording, for unattributed
quotes): imports of other speakers go on in parallel, and no lock is global. SQLite runs
one writer at a time already.
"""

import functools
import re
import sys
from datetime import datetime

from django.db import connection
from django.db.models import Count, Min
from django.db.models.functions import Coalesce

from articles.extraction import same_claim
from articles.models import Claim, Quote
from articles.services.bulk_sql import rows_insert, rows_update

_WORDS = re.compile(r"\w+")
# same_claim needs at least this share of the shorter text's vocabulary in common, in
# each of its tests (repeat, containment, word or phrase overlap); checking it first with
# two sets spares the full comparison against most of a prolific speaker's claims.
_MIN_SHARED_VOCABULARY = 0.4
# Advisory-lock namespaces (the first key of pg_advisory_xact_lock(int, int)), so these
# locks never meet another feature's.
_LOCK_SPEAKER_CLAIMS = 0x636C_6D01
_LOCK_UNATTRIBUTED_CLAIMS = 0x636C_6D02


class ClaimState:
    """A claim under consideration, with what this import does to it.

    Candidates are plain rows (no model instances: most are only compared); `reasons`
    is read only for claims created here, or when a better-scored appearance replaces it.
    """

    __slots__ = (
        "pk",
        "speaker_id",
        "text",
        "fingerprint",
        "checkworthiness",
        "reasons",
        "status",
        "position",
        "reworded",
        "rescored",
        "added",
        "first_appeared",
        "created",
        "_vocabulary",
    )

    def __init__(self, pk, speaker_id, text, fingerprint, checkworthiness, status, reasons=None, position=0):
        self.pk, self.speaker_id, self.text, self.fingerprint = pk, speaker_id, text, fingerprint
        self.checkworthiness, self.status, self.reasons, self.position = checkworthiness, status, reasons, position
        self.reworded = self.rescored = False
        self.added = 0  # appearances added by this import
        self.first_appeared: datetime | None = None  # the earliest of them
        self.created = False  # inserted by this import
        self._vocabulary: frozenset[str] | None = None

    @property
    def vocabulary(self) -> frozenset[str]:
        if self._vocabulary is None:
            self._vocabulary = vocabulary_of(self.text)
        return self._vocabulary

    def reword(self, text: str, fp: str) -> None:
        self.text, self.fingerprint, self.reworded, self._vocabulary = text, fp, True, None


# A worker imports chunk after chunk against the same speakers' claims: their vocabularies
# are worked out once per worker rather than once per chunk (a pure function of the text).
@functools.lru_cache(maxsize=1 << 17)
def vocabulary_of(text: str) -> frozenset[str]:
    return frozenset(map(sys.intern, _WORDS.findall(text.casefold())))


class ClaimGroups:
    """The claims that quotes of `speaker_ids` (and unattributed ones worded as `orphan_fps`) may join.

    `fingerprints` are those of every quote to be placed: appearances worded like one of
    them count as the claim's wording too.
    """

    def __init__(self, *, speaker_ids: set[int], orphan_fps: set[str], fingerprints: set[str]) -> None:
        _lock(speaker_ids, orphan_fps)
        self._by_speaker: dict[int | None, list[ClaimState]] = {}
        self._by_fp: dict[tuple[int | None, str], ClaimState] = {}
        self._by_pk: dict[int, ClaimState] = {}
        self._count = 0
        claims = Claim.objects.none()
        if speaker_ids:
            claims = Claim.objects.filter(speaker_id__in=speaker_ids)
        if orphan_fps:
            claims = claims | Claim.objects.filter(speaker__isnull=True, fingerprint__in=orphan_fps)
        fields = ("id", "speaker_id", "text", "fingerprint", "checkworthiness", "status")
        for row in claims.order_by("pk").values_list(*fields):
            self._add(ClaimState(*row))
        if self._by_pk and speaker_ids:
            # An earlier appearance may be worded like a new quote while its claim carries
            # a fuller wording: match on the appearances' fingerprints too.
            appearances = Quote.objects.filter(speaker_id__in=speaker_ids, fingerprint__in=fingerprints).order_by()
            for claim_id, fp in appearances.values_list("claim_id", "fingerprint"):
                if (state := self._by_pk.get(claim_id)) is not None:
                    self._know(state, fp)

    def _add(self, state: ClaimState) -> ClaimState:
        state.position = self._count
        self._count += 1
        self._by_speaker.setdefault(state.speaker_id, []).append(state)
        if state.pk is not None:
            self._by_pk[state.pk] = state
        self._know(state, state.fingerprint)
        return state

    def _know(self, state: ClaimState, fp: str) -> None:
        # The earliest claim holding a wording wins, as a scan in claim order would find.
        key = (state.speaker_id, fp)
        if (held := self._by_fp.get(key)) is None or state.position < held.position:
            self._by_fp[key] = state

    def claim_for(self, *, speaker_id: int | None, text: str, fp: str, score: float, reasons: list) -> ClaimState:
        """The claim a new quotation joins: same wording, else (for a named speaker) `same_claim`, else a new one."""
        exact = self._by_fp.get((speaker_id, fp))
        if exact is not None:
            return exact
        if speaker_id is not None:
            vocabulary = vocabulary_of(text)
            size = len(vocabulary)
            # The hot loop of an import: one set intersection per claim of the speaker.
            for state in self._by_speaker.get(speaker_id, ()):
                theirs = state.vocabulary
                shared = len(vocabulary & theirs)
                if not shared or shared < _MIN_SHARED_VOCABULARY * min(size, len(theirs)):
                    continue
                if same_claim(text, state.text):
                    return state
        return self._add(ClaimState(None, speaker_id, text, fp, score, Claim.Status.PENDING, list(reasons)))

    def current(self, claim_id: int) -> ClaimState:
        """The state of the claim a kept quote already belongs to (editors may have moved it)."""
        if (state := self._by_pk.get(claim_id)) is None:
            fields = ("id", "speaker_id", "text", "fingerprint", "checkworthiness", "status")
            state = self._add(ClaimState(*Claim.objects.values_list(*fields).get(pk=claim_id)))
        return state

    def absorb(
        self, state: ClaimState, *, text: str, fp: str, score: float, reasons: list, appeared: datetime | None
    ) -> None:
        """Fold one appearance into its claim's wording and score; `appeared` when it is a new appearance."""
        self._know(state, fp)
        # A claim already under review keeps the wording its reviewers saw.
        if state.status == Claim.Status.PENDING and len(text.strip()) > len(state.text.strip()):
            state.reword(text, fp)
        if score > state.checkworthiness:
            state.checkworthiness, state.reasons, state.rescored = score, list(reasons), True
        if appeared is not None:
            state.added += 1
            state.first_appeared = appeared if state.first_appeared is None else min(state.first_appeared, appeared)

    def insert_new(self) -> None:
        """Insert the claims first met in this import (one statement); their states get ids."""
        new = [state for states in self._by_speaker.values() for state in states if state.pk is None]
        rows = [
            {
                "speaker_id": state.speaker_id,
                "text": state.text,
                "fingerprint": state.fingerprint,
                "checkworthiness": state.checkworthiness,
                "reasons": state.reasons,
                "appearance_count": state.added,
                "first_appeared_at": state.first_appeared,
            }
            for state in new
        ]
        for state, pk in zip(new, rows_insert(Claim, rows, ids=True), strict=True):
            state.pk, state.created = pk, True
            self._by_pk[pk] = state

    def save_existing(self, *, lost: set[int]) -> None:
        """Write what changed on claims stored before: wording, score, new appearances; recount `lost` ones.

        New appearances are added in SQL, so a count an editor changed meanwhile is kept.
        A claim that lost appearances (re-extraction) is recounted from its quotes, and
        deleted if it is still pending with none left.
        """
        changed = [
            (
                state.pk,
                state.added,
                state.first_appeared,
                state.text if state.reworded else None,
                state.fingerprint if state.reworded else None,
                state.checkworthiness if state.rescored else None,
                state.reasons if state.rescored else None,
            )
            for state in self._by_pk.values()
            if not state.created and state.pk not in lost and (state.added or state.reworded or state.rescored)
        ]
        table = connection.ops.quote_name(Claim._meta.db_table)
        rows_update(
            Claim,
            fields=["appearance_count", "first_appeared_at", "text", "fingerprint", "checkworthiness", "reasons"],
            rows=changed,
            assignments=(
                f"appearance_count = {table}.appearance_count + v.appearance_count, "
                f"first_appeared_at = CASE WHEN v.first_appeared_at IS NOT NULL AND ({table}.first_appeared_at IS NULL "
                f"OR v.first_appeared_at < {table}.first_appeared_at) THEN v.first_appeared_at "
                f"ELSE {table}.first_appeared_at END, "
                f"text = COALESCE(v.text, {table}.text), fingerprint = COALESCE(v.fingerprint, {table}.fingerprint), "
                f"checkworthiness = COALESCE(v.checkworthiness, {table}.checkworthiness), "
                f"reasons = COALESCE(v.reasons, {table}.reasons)"
            ),
        )
        if lost:
            self._recount(lost)

    def _recount(self, lost: set[int]) -> None:
        stats = {
            row["claim_id"]: row
            for row in Quote.objects.filter(claim_id__in=lost)
            .values("claim_id")
            .annotate(n=Count("id"), first=Min(Coalesce("article__published_at", "article__imported_at")))
        }
        claims = list(Claim.objects.filter(pk__in=lost))
        for claim in claims:
            state, row = self._by_pk.get(claim.pk), stats.get(claim.pk)
            if state is not None and state.reworded:
                claim.text, claim.fingerprint = state.text, state.fingerprint
            if state is not None and state.rescored:
                claim.checkworthiness, claim.reasons = state.checkworthiness, state.reasons
            claim.appearance_count = row["n"] if row else 0
            claim.first_appeared_at = row["first"] if row else None
        fields = ["text", "fingerprint", "checkworthiness", "reasons", "appearance_count", "first_appeared_at"]
        Claim.objects.bulk_update(claims, fields)
        orphans = [claim_id for claim_id in lost if claim_id not in stats]
        Claim.objects.filter(pk__in=orphans, status=Claim.Status.PENDING, factcheck__isnull=True).delete()


def _lock(speaker_ids: set[int], orphan_fps: set[str]) -> None:
    """Hold, until commit, the right to group claims for these speakers and unattributed wordings.

    Keys are taken in one sorted pass, so two imports never wait on each other in a cycle.
    """
    if connection.vendor != "postgresql":
        return
    keys = {(_LOCK_SPEAKER_CLAIMS, _int32(pk)) for pk in speaker_ids}
    keys |= {(_LOCK_UNATTRIBUTED_CLAIMS, _int32(int(fp, 16))) for fp in orphan_fps}
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
    value &= 0xFFFF_FFFF
    return value - (1 << 32) if value & 0x8000_0000 else value
