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
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from articles import roles
from articles.models import FactCheck, Speaker, SpeakerAlias
from articles.services.audit import audit_record
from articles.services.errors import ServiceError

_NON_WORD = re.compile(r"[^\w]+")
# Particles that are part of a surname ("bin Salman", "de Gaulle") but never one alone.
_PARTICLES = frozenset("al el bin ibn da de del della der di du la le van von".split())
_SUFFIXES = frozenset("jr sr ii iii iv".split())


def name_key(name: str) -> str:
    """The form names are compared in: no accents, case, punctuation or extra spaces.

    Initials are run together, so "J.D. Vance", "J. D. Vance" and "JD Vance" compare equal.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _NON_WORD.sub(" ", stripped.casefold().replace("’", "'").replace("'", "")).split()
    return " ".join(_join_initials(words))


def _join_initials(words: list[str]) -> list[str]:
    joined: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            joined.append(run)
            run = ""
        joined.append(word)
    if run:
        joined.append(run)
    return joined


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


def speakers_resolve(*, people: Iterable[tuple[str, ...]]) -> dict[str, Speaker]:
    """`speaker_resolve` for several (name, role, kind) at once: {name: Speaker}.
    A fourth item, when given, is an affiliation for a speaker that has none yet.

    One query finds every speaker known by an alias (speakers made here carry their own
    name as one); a second, only for names still unknown, compares the names of speakers
    made elsewhere (the admin); then the rest are created. Blank names are skipped.
    """
    # One entry per person: spellings that normalise alike ("Jane Doe", "JANE DOE") share it.
    wanted: dict[str, tuple[str, str, str]] = {}  # key -> (first spelling, role, kind)
    spellings: dict[str, str] = {}  # spelling -> key
    affiliations: dict[str, str] = {}  # key -> affiliation
    for name, role, kind, *affiliation in people:
        name = _clean(name)
        key = name_key(name)
        if not key:
            continue
        if affiliation and affiliation[0]:
            affiliations.setdefault(key, affiliation[0])
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
    missing = [key for key in wanted if key not in found]
    if missing:
        for speaker in _speakers_named_like([wanted[key][0] for key in missing]):
            if name_key(speaker.name) in missing:
                found.setdefault(name_key(speaker.name), speaker)
    new: dict[str, tuple[str, str, str]] = {}
    for key, (name, role, kind) in wanted.items():
        if key not in found:
            surname = surnames.get(key, "")
            # A last name that already points to someone else would make "Trump" ambiguous.
            free = surname if surname and name_key(surname) not in by_key else ""
            new[name] = (role, kind, free)
            if free:
                by_key[name_key(free)] = []
        elif role and not found[key].role:
            found[key].role = role[: Speaker._meta.get_field("role").max_length]
            found[key].save(update_fields=["role"])
    if new:
        found.update((name_key(name), speaker) for name, speaker in _create_all(new).items())
    unset = [(found[key], where) for key, where in affiliations.items() if not found[key].affiliation]
    for speaker, where in unset:
        speaker.affiliation = where[: Speaker._meta.get_field("affiliation").max_length]
    Speaker.objects.bulk_update([speaker for speaker, _ in unset], ["affiliation"])
    return {name: found[key] for name, key in spellings.items()}


def _clean(name: str) -> str:
    return " ".join((name or "").split())


def _speakers_by_alias(keys: set[str]) -> dict[str, list[Speaker]]:
    by_key: dict[str, list[Speaker]] = {}
    for alias in SpeakerAlias.objects.filter(normalized__in=keys).select_related("speaker").order_by("speaker_id"):
        by_key.setdefault(alias.normalized, []).append(alias.speaker)
    return by_key


def _pick(key: str, speakers: list[Speaker]) -> Speaker | None:
    """The speaker whose own name is `key`, else the only one with that alias, else None."""
    exact = [speaker for speaker in speakers if name_key(speaker.name) == key]
    if exact:
        return exact[0]
    distinct = {speaker.pk: speaker for speaker in speakers}
    return next(iter(distinct.values())) if len(distinct) == 1 else None


def _speakers_named_like(names: list[str]) -> list[Speaker]:
    # Accents cannot be folded in SQL portably: narrow to names containing the last word,
    # then compare normalised names in Python.
    query = Q()
    for name in names:
        words = _NON_WORD.sub(" ", name).split()
        query |= Q(name__icontains=words[-1]) if words else Q(name__iexact=name)
    return list(Speaker.objects.filter(query).order_by("id"))


def _create_all(new: dict[str, tuple[str, str, str]]) -> dict[str, Speaker]:
    """Create speakers {name: (role, kind, surname alias or "")} with their aliases, in bulk.

    If another import created one of them meanwhile (a slug or alias collision), fall
    back to creating them one by one, each finding the other's row.
    """
    try:
        with transaction.atomic():
            return _insert(new, _free_slugs(list(new)))
    except IntegrityError:
        created = {}
        for name, fields in new.items():
            created[name] = _create_one(name, fields)
        return created


def _create_one(name: str, fields: tuple[str, str, str]) -> Speaker:
    for attempt in range(5):
        try:
            with transaction.atomic():
                return _insert({name: fields}, _free_slugs([name]))[name]
        except IntegrityError:
            found = _pick(name_key(name), _speakers_by_alias({name_key(name)}).get(name_key(name), []))
            if found is not None:
                return found
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _insert(new: dict[str, tuple[str, str, str]], slugs: dict[str, str]) -> dict[str, Speaker]:
    name_max, role_max = (Speaker._meta.get_field(field).max_length for field in ("name", "role"))
    speakers = {
        name: Speaker(name=name[:name_max], role=role[:role_max], kind=kind, slug=slugs[name])
        for name, (role, kind, _) in new.items()
    }
    Speaker.objects.bulk_create(speakers.values())
    SpeakerAlias.objects.bulk_create(
        SpeakerAlias(speaker=speakers[name], name=alias, normalized=name_key(alias))
        for name, (_, _, surname) in new.items()
        for alias in ([name, surname] if surname else [name])
    )
    return speakers


def _free_slugs(names: list[str]) -> dict[str, str]:
    """A slug for each name, unused in the database and among themselves."""
    max_length = Speaker._meta.get_field("slug").max_length
    bases = {name: (slugify(name) or "speaker")[: max_length - 6].strip("-") or "speaker" for name in names}
    query = Q()
    for base in set(bases.values()):
        query |= Q(slug__startswith=base)
    taken = set(Speaker.objects.filter(query).values_list("slug", flat=True))
    slugs = {}
    for name, base in bases.items():
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs[name] = slug
    return slugs


# ---- editors correcting a speaker ---------------------------------------------------------


def _published_checks(speaker: Speaker) -> int:
    return FactCheck.objects.published().filter(claim__speaker=speaker).count()


def speaker_update(
    *, speaker: Speaker, user, name: str, role: str = "", affiliation: str = "", aliases: Iterable[str] = ()
) -> Speaker:
    """Correct a speaker's name, role, affiliation and the other names they go by.

    The name readers see on published fact-checks is not changed here: renaming a
    speaker with published checks would change published work without a second editor's
    review, so it is refused with what to do instead (add the spelling as an alias, ask an
    editor). A new name keeps the old one as an alias, so later imports still find the
    speaker. An alias that is another speaker's own name is refused: it would make the
    engine unsure whom it means. Records a `speaker_updated` audit event.
    """
    if user is None or not user.has_perm(roles.REVIEW):
        raise ServiceError("You don’t have permission to edit speakers.")
    limits = {field: Speaker._meta.get_field(field).max_length for field in ("name", "role", "affiliation")}
    name, role, affiliation = _clean(name), _clean(role), _clean(affiliation)
    if not name_key(name):
        raise ServiceError("A speaker needs a name.")
    for field, value in (("name", name), ("role", role), ("affiliation", affiliation)):
        if len(value) > limits[field]:
            raise ServiceError(f"The {field} is at most {limits[field]} characters.")
    wanted_aliases: dict[str, str] = {}
    for alias in aliases:
        alias = _clean(alias)[: SpeakerAlias._meta.get_field("name").max_length]
        if name_key(alias):
            wanted_aliases.setdefault(name_key(alias), alias)
    with transaction.atomic():
        current = Speaker.objects.select_for_update().get(pk=speaker.pk)
        renamed = name != current.name
        if renamed and (published := _published_checks(current)):
            raise ServiceError(
                f"{current.name} has {published} published fact-check{'' if published == 1 else 's'}, and readers "
                "see this name on them. Renaming would change published work without a second editor’s review, "
                "so it can’t be done here: add the other spelling as an alias, or ask an editor to correct the "
                "published fact-checks first."
            )
        if renamed:
            wanted_aliases.setdefault(name_key(current.name), current.name)  # later imports still find them
        wanted_aliases.setdefault(name_key(name), name)
        others = [*_speakers_named_like(list(wanted_aliases.values()))]
        others += [
            alias.speaker
            for alias in SpeakerAlias.objects.filter(normalized__in=list(wanted_aliases)).select_related("speaker")
        ]
        clashes = [other.name for other in others if other.pk != current.pk and name_key(other.name) in wanted_aliases]
        if clashes:
            raise ServiceError(
                f"“{clashes[0]}” is another speaker’s name; it can’t also be an alias of {name}. "
                "If they are the same person, merge their claims instead."
            )
        before = {
            "name": current.name,
            "role": current.role,
            "affiliation": current.affiliation,
            "aliases": sorted(current.aliases.values_list("name", flat=True)),
        }
        current.name, current.role, current.affiliation = name, role, affiliation
        current.save(update_fields=["name", "role", "affiliation"])
        current.aliases.exclude(normalized__in=list(wanted_aliases)).delete()
        have = set(current.aliases.values_list("normalized", flat=True))
        SpeakerAlias.objects.bulk_create(
            SpeakerAlias(speaker=current, name=alias, normalized=key)
            for key, alias in wanted_aliases.items()
            if key not in have
        )
        after = {
            "name": name,
            "role": role,
            "affiliation": affiliation,
            "aliases": sorted(current.aliases.values_list("name", flat=True)),
        }
        changes = {key: [before[key], value] for key, value in after.items() if before[key] != value}
        if changes:
            audit_record(actor=user, action="speaker_updated", changes=changes, message=name)
    return current
