"""Expanding uploaded zip archives without trusting anything the archive says.

Nothing is ever written to disk, but paths are still checked so that an admin sees why an
entry was skipped. An archive is refused as a whole when it is not a readable zip, is too
large, lists too many entries or is an Office/OpenDocument file (those are zips too). An
entry is skipped with its own error when its path is absolute or contains ``..``, it is a
symlink, encrypted, itself an archive, too large, or expands suspiciously well; the declared
sizes are checked first and the bytes are counted again while reading, because a crafted
archive can declare any size it likes. Folders and operating-system clutter (``__MACOSX/``,
``.DS_Store``, ``Thumbs.db``, ``._*``) are skipped silently.
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath

from .limits import (
    MAX_ARCHIVE_BYTES,
    MAX_COMPRESSION_RATIO,
    MAX_FILE_BYTES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_TOTAL_BYTES,
    RATIO_CHECK_MIN_BYTES,
)
from .records import ItemError

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_CLUTTER_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
_OFFICE_MARKERS = {"[content_types].xml", "mimetype"}
_CHUNK = 64 * 1024


def is_zip(name: str, data: bytes) -> bool:
    """Return True if the upload is a zip archive, by magic number or ``.zip`` extension."""
    return data.startswith(ZIP_MAGIC) or name.lower().endswith(".zip")


def iter_upload_files(name: str, data: bytes) -> Iterator[tuple[str, bytes] | ItemError]:
    """Yield ``(file name, bytes)`` for each file of an upload, or an :class:`ItemError`.

    A plain file is yielded as it is (or refused if larger than ``MAX_FILE_BYTES``). A zip
    archive is expanded: each member is yielded under its path inside the archive (e.g.
    ``seeds/003.txt``), and members that cannot be read safely are yielded as errors. Never
    raises.
    """
    if not is_zip(name, data):
        if len(data) > MAX_FILE_BYTES:
            yield ItemError(name, too_large_reason(len(data), MAX_FILE_BYTES))
        else:
            yield name, data
        return
    yield from _expand_zip(name, data)


def _expand_zip(name: str, data: bytes) -> Iterator[tuple[str, bytes] | ItemError]:
    if len(data) > MAX_ARCHIVE_BYTES:
        yield ItemError(name, too_large_reason(len(data), MAX_ARCHIVE_BYTES, "archive"))
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        yield ItemError(name, "the file is not a readable zip archive")
        return
    with archive:
        if len(members) > MAX_ZIP_MEMBERS:
            yield ItemError(
                name,
                f"the archive lists {len(members):,} entries; at most {MAX_ZIP_MEMBERS:,} "
                "are accepted, so nothing was read",
            )
            return
        names = {member.filename.lower() for member in members}
        if names & _OFFICE_MARKERS:
            yield ItemError(
                name,
                "this is a Word, Excel or OpenDocument file, not a zip of articles; please "
                "save the article as plain text or HTML",
            )
            return
        yield from _read_members(name, archive, members)


def _read_members(
    name: str, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]
) -> Iterator[tuple[str, bytes] | ItemError]:
    total = 0
    for member in members:
        path = member.filename
        if member.is_dir() or _is_clutter(path):
            continue
        problem = _member_problem(member)
        if problem:
            yield ItemError(path, f"{problem}, so it was skipped (in {name})")
            continue
        if total + member.file_size > MAX_ZIP_TOTAL_BYTES:
            yield ItemError(
                name,
                f"the archive expands to more than {_mib(MAX_ZIP_TOTAL_BYTES)}; "
                f"{path} and the entries after it were not read",
            )
            return
        try:
            content = _read_capped(archive, member)
        except _TooLarge:
            yield ItemError(
                path,
                f"the entry expands beyond {_mib(MAX_FILE_BYTES)} although the archive says it "
                f"is smaller, so it was skipped (in {name})",
            )
            continue
        except (
            zipfile.BadZipFile,
            NotImplementedError,
            RuntimeError,
            OSError,
            EOFError,
            ValueError,
        ) as error:
            yield ItemError(path, f"the entry could not be extracted ({error}) (in {name})")
            continue
        total += len(content)
        if content.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            yield ItemError(path, f"archives inside archives are not opened (in {name})")
            continue
        yield path, content


def _member_problem(member: zipfile.ZipInfo) -> str:
    path = member.filename
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
        return "the entry has an absolute path"
    if ".." in parts:
        return "the entry's path leaves the archive's folder (it contains '..')"
    mode = member.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "the entry is a symbolic link"
    if member.flag_bits & 0x1:
        return "the entry is encrypted"
    if path.lower().endswith((".zip", ".jar", ".7z", ".rar", ".gz", ".tgz", ".tar")):
        return "archives inside archives are not opened"
    if member.file_size > MAX_FILE_BYTES:
        return too_large_reason(member.file_size, MAX_FILE_BYTES, "entry")
    if member.file_size > RATIO_CHECK_MIN_BYTES and member.file_size > MAX_COMPRESSION_RATIO * max(
        member.compress_size, 1
    ):
        return f"the entry expands more than {MAX_COMPRESSION_RATIO} times, which is typical of a zip bomb"
    return ""


class _TooLarge(Exception):
    pass


def _read_capped(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    limit = min(MAX_FILE_BYTES, member.file_size)
    chunks = []
    size = 0
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise _TooLarge
            chunks.append(chunk)
    return b"".join(chunks)


def _is_clutter(path: str) -> bool:
    pure = PurePosixPath(path.replace("\\", "/"))
    return (pure.parts[:1] == ("__MACOSX",)) or pure.name.lower() in _CLUTTER_NAMES or pure.name.startswith("._")


def too_large_reason(size: int, limit: int, what: str = "file") -> str:
    """Say that a ``what`` of ``size`` bytes is over ``limit``, in units an admin reads."""
    shown, allowed = _mib(size), _mib(limit)
    if shown == allowed:
        shown, allowed = f"{size:,} bytes", f"{limit:,} bytes"
    return f"the {what} is {shown}, larger than the {allowed} limit"


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"
