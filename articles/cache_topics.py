"""Topic generations: what the public page cache checks to know whether a page is still current.

A cached page records the *topics* it was drawn from (the fact-check it shows, that
fact-check's claim and speaker, "the lists of fact-checks", "the corrections") and the
generation of each topic when it was rendered. A change bumps only the topics it touches,
so a correction to one fact-check re-renders that page, its speaker's page and the lists
it appears in, and leaves the other hundred thousand pages in the cache.

Generations are nanosecond timestamps from one clock per store (this host's, or the
Redis server's when several hosts share a Redis), so a render can tell whether any of
its topics moved while it ran: if one did, the page may have been drawn from rows that
were being changed, and it is not kept.

Topics hash into a fixed table of slots. Two topics sharing a slot only cost an extra
re-render, never a stale page. The first slots are reserved for the fixed topics.
"""

import mmap
import os
import struct
import time
import zlib
from datetime import datetime

SLOTS = 1 << 16
ALL = "all"  # every page: the rating scale, outlets, a scheduled publication going live
ANY = "any"  # pages that declared no topics depend on this one, which every bump moves
LISTS = "lists"  # pages that list published fact-checks: home, the list, speakers, feeds, sitemap
CORRECTIONS = "corrections"  # the corrections page and feed
_FIXED = {ALL: 0, ANY: 1, LISTS: 2, CORRECTIONS: 3}
_FIRST_DYNAMIC = 8


def factcheck(pk) -> str:
    return f"factcheck:{pk}"


def claim(pk) -> str:
    return f"claim:{pk}"


def speaker(pk) -> str:
    """The speaker as a row: their name, role and affiliation."""
    return f"speaker:{pk}"


def speaker_checks(pk) -> str:
    """The speaker's public fact-checks: their page's list and scorecard."""
    return f"speaker-checks:{pk}"


def slot(topic: str) -> int:
    fixed = _FIXED.get(topic)
    if fixed is not None:
        return fixed
    return _FIRST_DYNAMIC + zlib.crc32(topic.encode()) % (SLOTS - _FIRST_DYNAMIC)


def slots_for(topics) -> tuple[int, ...]:
    """The slots a page drawn from `topics` checks: always ALL and, with no topics, ANY."""
    found = {slot(topic) for topic in topics} if topics else {_FIXED[ANY]}
    found.add(_FIXED[ALL])
    return tuple(sorted(found))


def bumped_slots(topics) -> tuple[int, ...]:
    """The slots a change to `topics` moves: those topics' and ANY (pages that said nothing)."""
    found = {slot(topic) for topic in topics}
    found.add(_FIXED[ANY])
    return tuple(sorted(found))


class FileTopics:
    """The table in a memory-mapped file that every process on this host shares.

    With the default per-process memory cache, this is what lets one gunicorn worker's
    change reach the others (and the task worker's). Reading a slot costs well under a
    microsecond; 8-byte aligned stores are atomic on the machines we run on.
    """

    HEADER = struct.Struct("<qq")  # format version, next scheduled publication (ns, 0 = none)
    VERSION = 2

    def __init__(self, path: str):
        self.path = path
        size = self.HEADER.size + 8 * SLOTS
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < size:
                os.ftruncate(fd, size)
            self._map = mmap.mmap(fd, size)
        finally:
            os.close(fd)
        self._slots = memoryview(self._map)[self.HEADER.size :].cast("q")

    def now(self) -> int:
        return time.time_ns()

    def read(self, slots: tuple[int, ...]) -> tuple[tuple[int, ...], int]:
        """The generations of `slots` and the next scheduled publication (ns, 0 = none)."""
        table = self._slots
        return tuple([table[index] for index in slots]), self.HEADER.unpack_from(self._map)[1]

    def bump(self, slots: tuple[int, ...]) -> int:
        stamp = time.time_ns()
        table = self._slots
        for index in slots:
            # Strictly newer than what is there, even if two bumps share a clock tick.
            table[index] = max(stamp, table[index] + 1)
        return stamp

    def set_next_publication(self, when: datetime | None) -> None:
        self.HEADER.pack_into(self._map, 0, self.VERSION, int(when.timestamp() * 1e9) if when else 0)

    def clear(self) -> None:
        self._map[:] = bytes(len(self._map))


class RedisTopics:
    """The table in Redis, shared by every host: one MGET per request, stamps from the server's clock."""

    def __init__(self, backend, prefix: str = "public:topic"):
        self.backend = backend
        self._client = backend._cache.get_client(write=True)
        self._prefix = backend.make_and_validate_key(prefix)
        self._next_key = f"{self._prefix}:next"

    def _key(self, index: int) -> str:
        return f"{self._prefix}:{index}"

    def now(self) -> int:
        seconds, micros = self._client.time()
        return seconds * 1_000_000_000 + micros * 1000

    def read(self, slots: tuple[int, ...]) -> tuple[tuple[int, ...], int]:
        *values, next_ns = self._client.mget([self._key(index) for index in slots] + [self._next_key])
        return tuple([int(value) * 1000 if value else 0 for value in values]), int(next_ns or 0)

    def bump(self, slots: tuple[int, ...]) -> int:
        # Strictly newer than what is there, stamped by the server's clock, in one round trip.
        # Kept in microseconds: Lua's numbers are doubles, exact only to 2**53.
        micros = self._client.eval(_REDIS_BUMP, len(slots), *[self._key(index) for index in slots])
        return int(micros) * 1000

    def set_next_publication(self, when: datetime | None) -> None:
        self._client.set(self._next_key, int(when.timestamp() * 1e9) if when else 0)

    def clear(self) -> None:
        keys = list(self._client.scan_iter(f"{self._prefix}:*"))
        if keys:
            self._client.delete(*keys)


_REDIS_BUMP = """
local now = redis.call('TIME')
local stamp = tonumber(now[1]) * 1000000 + tonumber(now[2])
for i, key in ipairs(KEYS) do
  local current = tonumber(redis.call('GET', key) or '0')
  local value = stamp
  if current >= stamp then value = current + 1 end
  redis.call('SET', key, string.format('%.0f', value))
end
return string.format('%.0f', stamp)
"""


class CacheTopics:
    """The table in any other Django cache (one process, or a cache we cannot script)."""

    def __init__(self, backend, prefix: str = "public:topic"):
        self.backend = backend
        self._prefix = prefix

    def _key(self, index: int) -> str:
        return f"{self._prefix}:{index}"

    def now(self) -> int:
        return time.time_ns()

    def read(self, slots: tuple[int, ...]) -> tuple[tuple[int, ...], int]:
        next_key = f"{self._prefix}:next"
        found = self.backend.get_many([self._key(index) for index in slots] + [next_key])
        return tuple([found.get(self._key(index), 0) for index in slots]), found.get(next_key, 0)

    def bump(self, slots: tuple[int, ...]) -> int:
        stamp = time.time_ns()
        current, _ = self.read(slots)
        self.backend.set_many(
            {self._key(index): max(stamp, old + 1) for index, old in zip(slots, current, strict=True)}, timeout=None
        )
        return stamp

    def set_next_publication(self, when: datetime | None) -> None:
        self.backend.set(f"{self._prefix}:next", int(when.timestamp() * 1e9) if when else 0, timeout=None)

    def clear(self) -> None:
        self.backend.delete_many([self._key(index) for index in range(_FIRST_DYNAMIC)] + [f"{self._prefix}:next"])
