"""Speakers: one row per person or organisation, found again under any name they go by.

The extraction engine hands over names as the article spells them ("Esmaeil Baghaei",
"Esmaeil Baghaeí", "BAGHAEI"). `speaker_resolve` matches them to existing speakers by a
normalised key (case, accents, punctuation and spacing ignored) against both the
speaker's own name and its SpeakerAliases, and creates the speaker only when nothing
matches. Two different full names are never merged: "Melania Trump" does not become
"Donald Trump" because they share a last name.
"""

import re
import unicodedata

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.text import slugify

from articles.models import Speaker, SpeakerAlias

_NON_WORD = re.compile(r"[^\w]+")
# Particles that are part of a surname ("bin Salman", "de Gaulle") but never one alone.
_PARTICLES = frozenset("al el bin ibn da de del della der di du la le van von".split())
_SUFFIXES = frozenset("jr sr ii iii iv".split())


def name_key(name: str) -> str:
    """The form names are compared in: no accents, case, punctuation or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold().replace("’", "'").replace("'", "")).split())


def last_name(name: str) -> str:
    """The surname of a full personal name ("Mohammed bin Salman" -> "bin Salman"), or ""."""
    words = name.split()
    while words and name_key(words[-1]) in _SUFFIXES:
        words.pop()
    if len(words) < 2:
        return ""
    surname = [words[-1]]
    for word in reversed(words[1:-1]):
        if name_key(word) not in _PARTICLES:
            break
        surname.insert(0, word)
    return " ".join(surname)


def speaker_resolve(*, name: str, role: str = "", kind: str = Speaker.Kind.PERSON) -> Speaker:
    """Return the speaker called `name`, creating it (with a last-name alias) when new.

    A name matches a speaker whose own name or alias has the same `name_key`. A full
    name matches only a full name: the last-name aliases ("Baghaei") serve names given
    alone, and a last name shared by several speakers matches none of them, so a new
    speaker is made under that single name rather than a guess. A known speaker with no
    role gets `role`. Call inside the caller's transaction.
    """
    name = " ".join(name.split())
    if not name:
        raise ValueError("a speaker needs a name")
    kind = kind if kind in Speaker.Kind.values else Speaker.Kind.PERSON
    speaker = _find(name)
    if speaker is None:
        speaker = _create(name=name, role=role, kind=kind)
    elif role and not speaker.role:
        speaker.role = role[: Speaker._meta.get_field("role").max_length]
        speaker.save(update_fields=["role"])
    return speaker


def _find(name: str) -> Speaker | None:
    key = name_key(name)
    if not key:
        return None
    # Speakers made here carry their own name as an alias; for those made elsewhere (the
    # admin) the name is compared in Python, because accents cannot be folded in SQL
    # portably, after narrowing the candidates to names containing the last word.
    words = _NON_WORD.sub(" ", name).split()
    by_words = Q(name__icontains=words[-1]) if words else Q(name__iexact=name)
    has_alias = Exists(SpeakerAlias.objects.filter(speaker=OuterRef("pk"), normalized=key))
    candidates = list(Speaker.objects.annotate(has_alias=has_alias).filter(Q(has_alias=True) | by_words).order_by("id"))
    by_name = [speaker for speaker in candidates if name_key(speaker.name) == key]
    if by_name:
        return by_name[0]
    by_alias = [speaker for speaker in candidates if speaker.has_alias]
    if len(by_alias) == 1:
        return by_alias[0]
    return None


def _create(*, name: str, role: str, kind: str) -> Speaker:
    fields = {
        "name": name[: Speaker._meta.get_field("name").max_length],
        "role": role[: Speaker._meta.get_field("role").max_length],
        "kind": kind,
    }
    for attempt in range(5):
        try:
            with transaction.atomic():
                speaker = Speaker.objects.create(slug=_free_slug(name), **fields)
                _add_alias(speaker, name)
                break
        except IntegrityError:
            # Another import took the slug (or created the speaker) meanwhile.
            found = _find(name)
            if found is not None:
                return found
            if attempt == 4:
                raise
    if kind == Speaker.Kind.PERSON:
        surname = last_name(name)
        # A last name that already points to someone else would make "Trump" ambiguous.
        if surname and not SpeakerAlias.objects.filter(normalized=name_key(surname)).exists():
            _add_alias(speaker, surname)
    return speaker


def _add_alias(speaker: Speaker, alias: str) -> None:
    SpeakerAlias.objects.get_or_create(speaker=speaker, normalized=name_key(alias), defaults={"name": alias})


def _free_slug(name: str) -> str:
    max_length = Speaker._meta.get_field("slug").max_length
    base = (slugify(name) or "speaker")[: max_length - 6].strip("-") or "speaker"
    taken = set(Speaker.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
