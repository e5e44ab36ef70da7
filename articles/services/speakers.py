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

from django.db import transaction
from django.db.models import Case, Count, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from articles import roles
from articles.models import FactCheck, Speaker, SpeakerAlias
from articles.names import name_key
from articles.services.audit import audit_record
from articles.services.errors import ServiceError
from articles.services.outlets import unique_slugs

__all__ = ["last_name", "name_key", "speaker_resolve", "speaker_update", "speakers_recount", "speakers_resolve"]

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


def speakers_resolve(*, people: Iterable[tuple[str, ...]]) -> dict[str, Speaker]:
    """`speaker_resolve` for several (name, role, kind) at once: {name: Speaker}.
    A fourth item, when given, is an affiliation for a speaker that has none yet.

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
    affiliations: dict[str, str] = {}  # key -> affiliation
    for name, role, kind, *affiliation in people:
        name = _clean(name)
        key = name_key(name[:_NAME_MAX])  # as the stored, possibly shortened, name is keyed
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
        others = list(Speaker.objects.filter(name_key__in=list(wanted_aliases)))
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


# ---- what readers see of a speaker -------------------------------------------------------


def speakers_recount(*, speaker_ids: Iterable[int | None]) -> None:
    """Set `live_checks` of these speakers: their approved fact-checks, published or scheduled.

    One UPDATE with a counted subquery. `articles.signals` calls it whenever a fact-check
    is approved, retracted or moves to another claim's speaker, so the speakers' list
    reads a number instead of counting every fact-check; it leaves out those whose time
    is still ahead (`SpeakerQuerySet.checked`), so the count needs no update when a
    scheduled one goes live.
    """
    ids = {pk for pk in speaker_ids if pk is not None}
    if not ids:
        return
    approved = (
        FactCheck.objects.filter(status__in=FactCheck.APPROVED, claim__speaker=OuterRef("pk"))
        .order_by()
        .values("claim__speaker")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Speaker.objects.filter(pk__in=ids).update(live_checks=Coalesce(Subquery(approved), 0))
