"""Speakers: one row per person or organisation, found again under any name they go by.

The extraction engine hands over names as the article spells them ("Esmaeil Baghaei",
"Esmaeil Baghaeí", "BAGHAEI"). `speaker_resolve` matches them to existing speakers by a
normalised key (case, accents, punctuation and spacing ignored) against both the
speaker's own name and its SpeakerAliases, and creates the speaker only when nothing
matches. Two different full names are never merged: "Melania Trump" does not become
"Donald Trump" because they share a last name.
"""

import re
from collections.abc import Iterable

from django.db.models import Case, Value, When

from articles.models import Speaker, SpeakerAlias
from articles.names import name_key
from articles.services.outlets import unique_slugs

__all__ = ["last_name", "name_key", "speaker_resolve", "speakers_resolve"]

_NON_WORD = re.compile(r"[^\w]+")
# Particles that are part of a surname ("bin Salman", "de Gaulle") but never one alone.
_PARTICLES = frozenset("al el bin ibn da de del della der di du la le van von".split())
_SUFFIXES = frozenset("jr sr ii iii iv".split())
_ATTEMPTS = 5
_NAME_MAX = Speaker._meta.get_field("name").max_length


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
    name = _clean(name)
    if not name:
        raise ValueError("a speaker needs a name")
    return speakers_resolve(people=[(name, role, kind)])[name]


def speakers_resolve(*, people: Iterable[tuple[str, str, str]]) -> dict[str, Speaker]:
    """`speaker_resolve` for several (name, role, kind) at once: {name: Speaker}.

    A constant number of queries however many names: one finds every speaker known by
    an alias, a second (only for names still unknown) those whose own name has the key,
    then the rest are inserted together with their aliases and read back. The unique
    `Speaker.name_key` settles a race: when another import inserts the same new name
    first, our row is skipped and theirs is read back, so both imports get one speaker.
    Blank names are skipped.
    """
    # One entry per person: spellings that normalise alike ("Jane Doe", "JANE DOE") share it.
    wanted: dict[str, tuple[str, str, str]] = {}  # key -> (first spelling, role, kind)
    spellings: dict[str, str] = {}  # spelling -> key
    for name, role, kind in people:
        name = _clean(name)
        key = name_key(name[:_NAME_MAX])  # as the stored, possibly shortened, name is keyed
        if not key:
            continue
        spellings[name] = key
        if key not in wanted:
            wanted[key] = (name, role or "", kind if kind in Speaker.Kind.values else Speaker.Kind.PERSON)
    if not wanted:
        return {}
    surnames = {key: last_name(name) for key, (name, _, kind) in wanted.items() if kind == Speaker.Kind.PERSON}
    by_key = _speakers_by_alias(set(wanted) | {name_key(surname) for surname in surnames.values() if surname})
    found: dict[str, Speaker] = {}
    for key in wanted:
        speaker = _pick(key, by_key.get(key, []))
        if speaker is not None:
            found[key] = speaker
    if missing := [key for key in wanted if key not in found]:
        found.update(_speakers_keyed(missing))
    new: dict[str, tuple[str, str, str]] = {}  # key -> (name, role, kind, surname alias or "")
    for key, (name, role, kind) in wanted.items():
        if key not in found:
            surname = surnames.get(key, "")
            # A last name that already points to someone else would make "Trump" ambiguous.
            free = surname if surname and name_key(surname) not in by_key else ""
            new[key] = (name, role, kind, free)
            if free:
                by_key[name_key(free)] = []
    _fill_roles([(found[key], wanted[key][1]) for key in found])
    if new:
        found.update(_create_all(new))
    return {name: found[key] for name, key in spellings.items()}


def _clean(name: str) -> str:
    return " ".join((name or "").split())


def _speakers_by_alias(keys: set[str]) -> dict[str, list[Speaker]]:
    by_key: dict[str, list[Speaker]] = {}
    for alias in SpeakerAlias.objects.filter(normalized__in=keys).select_related("speaker").order_by("speaker_id"):
        by_key.setdefault(alias.normalized, []).append(alias.speaker)
    return by_key


def _speakers_keyed(keys: Iterable[str]) -> dict[str, Speaker]:
    return {speaker.name_key: speaker for speaker in Speaker.objects.filter(name_key__in=set(keys))}


def _pick(key: str, speakers: list[Speaker]) -> Speaker | None:
    """The speaker whose own name is `key`, else the only one with that alias, else None."""
    exact = [speaker for speaker in speakers if speaker.name_key == key]
    if exact:
        return exact[0]
    distinct = {speaker.pk: speaker for speaker in speakers}
    return next(iter(distinct.values())) if len(distinct) == 1 else None


def _fill_roles(pairs: list[tuple[Speaker, str]]) -> None:
    """Give known speakers without a role the one this article gives them, in one UPDATE."""
    role_max = Speaker._meta.get_field("role").max_length
    roles = {speaker.pk: (speaker, role[:role_max]) for speaker, role in pairs if role and not speaker.role}
    if not roles:
        return
    Speaker.objects.filter(pk__in=roles, role="").update(
        role=Case(*(When(pk=pk, then=Value(role)) for pk, (_, role) in roles.items()), default=Value(""))
    )
    for speaker, role in roles.values():
        speaker.role = role


def _create_all(new: dict[str, tuple[str, str, str, str]]) -> dict[str, Speaker]:
    """Create speakers {key: (name, role, kind, surname alias or "")} with their aliases: {key: Speaker}.

    Rows are inserted in key order, so two imports creating the same names wait for each
    other instead of deadlocking. A row skipped because another import holds its key is
    read back; one skipped for its slug alone gets another slug and is tried again.
    """
    role_max = Speaker._meta.get_field("role").max_length
    created: dict[str, Speaker] = {}
    pending = dict(new)
    for _ in range(_ATTEMPTS):
        slugs = unique_slugs(Speaker, {key: name for key, (name, *_) in pending.items()}, fallback="speaker")
        Speaker.objects.bulk_create(
            [
                Speaker(name=name[:_NAME_MAX], role=role[:role_max], kind=kind, slug=slugs[key])
                for key, (name, role, kind, _) in sorted(pending.items())
            ],
            ignore_conflicts=True,
        )
        created.update(_speakers_keyed(pending))
        pending = {key: fields for key, fields in pending.items() if key not in created}
        if not pending:
            break
    else:
        raise RuntimeError(f"could not create the speakers {sorted(pending)}")
    SpeakerAlias.objects.bulk_create(
        [
            SpeakerAlias(speaker=created[key], name=alias, normalized=name_key(alias))
            for key, (name, _, _, surname) in sorted(new.items())
            for alias in ([name, surname] if surname else [name])
        ],
        ignore_conflicts=True,
    )
    return created
