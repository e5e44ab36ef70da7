import io
import stat
import struct
import zipfile

import pytest

import articles.ingest.archive as archive
from articles.ingest import ArticleRecord, ItemError, iter_upload_files, parse_upload

ARTICLE = (
    b"Council Approves Budget\n"
    b"The city council approved the annual budget on Tuesday after a debate that lasted "
    b"more than six hours, officials said.\n"
)


def make_zip(*members, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as bundle:
        for member in members:
            if isinstance(member, zipfile.ZipInfo):
                bundle.writestr(member, b"content")
            else:
                name, content = member
                bundle.writestr(name, content)
    return buffer.getvalue()


def errors(items):
    return [item for item in items if isinstance(item, ItemError)]


def files(items):
    return [item for item in items if not isinstance(item, ItemError)]


def test_plain_file_is_yielded_unchanged():
    assert list(iter_upload_files("a.txt", ARTICLE)) == [("a.txt", ARTICLE)]


def test_zip_members_are_yielded_under_their_paths():
    data = make_zip(("seeds/003.txt", ARTICLE), ("b.html", b"<p>x</p>"))
    assert files(iter_upload_files("bundle.zip", data)) == [
        ("seeds/003.txt", ARTICLE),
        ("b.html", b"<p>x</p>"),
    ]


def test_parse_upload_expands_zip_and_parses_each_member():
    data = make_zip(("one.txt", ARTICLE), ("two.txt", ARTICLE))
    results = parse_upload("bundle.zip", data)
    assert [r.locator for r in results] == ["one.txt", "two.txt"]
    assert all(isinstance(r, ArticleRecord) for r in results)


def test_folders_and_os_clutter_are_skipped_silently():
    data = make_zip(
        ("folder/", b""),
        ("__MACOSX/._one.txt", b"\x00\x05\x16\x07"),
        (".DS_Store", b"\x00\x00\x00\x01Bud1"),
        ("folder/._one.txt", b"junk"),
        ("folder/one.txt", ARTICLE),
    )
    assert list(iter_upload_files("bundle.zip", data)) == [("folder/one.txt", ARTICLE)]


@pytest.mark.parametrize(
    "member_name, reason",
    [
        ("../evil.txt", "leaves the archive's folder"),
        ("a/../../evil.txt", "leaves the archive's folder"),
        ("..\\evil.txt", "leaves the archive's folder"),
        ("/etc/passwd", "absolute path"),
        ("C:/Windows/evil.txt", "absolute path"),
        ("inner.zip", "archives inside archives are not opened"),
        ("inner.tar.gz", "archives inside archives are not opened"),
    ],
)
def test_unsafe_member_paths_are_skipped_with_error(member_name, reason):
    data = make_zip((member_name, b"x"), ("good.txt", ARTICLE))
    items = list(iter_upload_files("bundle.zip", data))
    (error,) = errors(items)
    assert error.locator == member_name
    assert reason in error.reason
    assert "bundle.zip" in error.reason
    assert files(items) == [("good.txt", ARTICLE)]


def test_nested_zip_with_innocent_name_is_detected_by_content():
    inner = make_zip(("one.txt", ARTICLE))
    data = make_zip(("looks-like-text.txt", inner))
    (error,) = list(iter_upload_files("bundle.zip", data))
    assert "archives inside archives" in error.reason


def test_symlink_member_is_skipped():
    link = zipfile.ZipInfo("link.txt")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    (error,) = list(iter_upload_files("bundle.zip", make_zip(link)))
    assert "symbolic link" in error.reason


def test_encrypted_member_is_skipped():
    data = bytearray(make_zip(("secret.txt", ARTICLE)))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = data.find(signature)
        flags = struct.unpack_from("<H", data, position + offset)[0]
        struct.pack_into("<H", data, position + offset, flags | 0x1)
    (error,) = list(iter_upload_files("bundle.zip", bytes(data)))
    assert "encrypted" in error.reason


def test_highly_compressed_member_is_refused_as_zip_bomb():
    data = make_zip(("bomb.txt", b"a" * (2 * 1024 * 1024)))
    (error,) = list(iter_upload_files("bundle.zip", data))
    assert "zip bomb" in error.reason


def test_member_declared_larger_than_file_limit_is_refused():
    data = make_zip(("big.txt", b"x" * (archive.MAX_FILE_BYTES + 1)), compression=zipfile.ZIP_STORED)
    (error,) = list(iter_upload_files("bundle.zip", data))
    assert "larger than the 5,242,880 bytes limit" in error.reason


def test_member_whose_declared_size_lies_is_not_trusted():
    data = bytearray(make_zip(("liar.txt", ARTICLE * 50)))
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 10)
    (error,) = list(iter_upload_files("bundle.zip", bytes(data)))
    assert isinstance(error, ItemError)
    assert error.locator == "liar.txt"
    assert "could not be extracted" in error.reason or "expands beyond" in error.reason


def test_archive_with_too_many_members_is_refused_whole(monkeypatch):
    monkeypatch.setattr(archive, "MAX_ZIP_MEMBERS", 3)
    data = make_zip(*[(f"{n}.txt", ARTICLE) for n in range(4)])
    (error,) = list(iter_upload_files("bundle.zip", data))
    assert error.locator == "bundle.zip"
    assert "lists 4 entries; at most 3" in error.reason


def test_reading_stops_when_total_expanded_size_passes_limit(monkeypatch):
    monkeypatch.setattr(archive, "MAX_ZIP_TOTAL_BYTES", len(ARTICLE) * 2)
    data = make_zip(*[(f"{n}.txt", ARTICLE) for n in range(4)])
    items = list(iter_upload_files("bundle.zip", data))
    assert len(files(items)) == 2
    (error,) = errors(items)
    assert error.locator == "bundle.zip"
    assert "2.txt and the entries after it were not read" in error.reason


def test_oversized_archive_is_refused_before_opening(monkeypatch):
    monkeypatch.setattr(archive, "MAX_ARCHIVE_BYTES", 10)
    (error,) = list(iter_upload_files("bundle.zip", make_zip(("a.txt", ARTICLE))))
    assert "archive is" in error.reason


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 truncated", b"not a zip at all"],
)
def test_unreadable_zip_gives_item_error(data):
    (error,) = list(iter_upload_files("bundle.zip", data))
    assert error.reason == "the file is not a readable zip archive"


def test_office_document_is_explained_not_expanded():
    data = make_zip(("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>"))
    (error,) = parse_upload("report.docx", data)
    assert "Word, Excel or OpenDocument" in error.reason


def test_oversized_plain_file_is_refused():
    (error,) = list(iter_upload_files("a.txt", b"x" * (archive.MAX_FILE_BYTES + 1)))
    assert error.reason == "the file is 5,242,881 bytes, larger than the 5,242,880 bytes limit"
