import codecs

import pytest

from articles.ingest import ArticleRecord, ItemError, parse_upload
from articles.ingest.encoding import binary_kind, decode_text
from articles.ingest.records import Rejected

FRENCH = "Le président a déclaré « nous ne négocierons pas » à Téhéran, a-t-il dit à l’été."
GERMAN = "„Wir müssen warten“, sagte Außenminister Jürgen Müller über das Abkommen."


@pytest.mark.parametrize(
    "data, expected",
    [
        (FRENCH.encode("utf-8"), FRENCH),
        (codecs.BOM_UTF8 + FRENCH.encode("utf-8"), FRENCH),
        (codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le"), FRENCH),
        (codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be"), FRENCH),
        (codecs.BOM_UTF32_LE + FRENCH.encode("utf-32-le"), FRENCH),
        (FRENCH.encode("cp1252"), FRENCH),
        (GERMAN.encode("cp1252"), GERMAN),
        ("Café crème, naïve façade.".encode("latin-1"), "Café crème, naïve façade."),
        (
            '<html><head><meta charset="iso-8859-2"></head><body>Łódź</body></html>'.encode("iso-8859-2"),
            '<html><head><meta charset="iso-8859-2"></head><body>Łódź</body></html>',
        ),
    ],
)
def test_supported_encodings_decode_to_the_same_text(data, expected):
    assert decode_text(data) == expected


def test_page_labelled_latin1_with_windows_quotes_is_read_as_windows_1252():
    markup = '<meta charset="iso-8859-1"><p>“Quoted,” she said. Café.</p>'
    assert decode_text(markup.encode("cp1252")) == markup


@pytest.mark.parametrize(
    "text, codec",
    [
        ("Президент заявил, что переговоров не будет. Москва отвергла это.", "koi8-r"),
        ("Президент заявил, что переговоров не будет. Москва отвергла это.", "cp1251"),
        ("大統領は交渉はないと述べた。東京での会見。", "shift_jis"),
        ("大統領は交渉はないと述べた。東京での会見。", "euc-jp"),
    ],
)
def test_unrecognised_legacy_encodings_are_refused_not_garbled(text, codec):
    (error,) = parse_upload("legacy.txt", text.encode(codec))
    assert isinstance(error, ItemError)
    assert "please save it as UTF-8" in error.reason


def test_utf16_without_byte_order_mark_is_refused():
    (error,) = parse_upload("utf16.txt", FRENCH.encode("utf-16-le"))
    assert "byte-order mark" in error.reason


def test_seed_style_text_in_cp1252_parses_like_utf8():
    text = "Iran’s Position\n“We will not talk,” spokesman Nasser Kanaani said on Monday.\n"
    from_utf8 = parse_upload("a.txt", text.encode("utf-8"))
    from_cp1252 = parse_upload("a.txt", text.encode("cp1252"))
    assert from_utf8 == from_cp1252


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (b"\x7fELF\x02\x01\x01\x00", "a program (ELF executable)"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"\x1f\x8b\x08\x00", "a gzip-compressed file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "an old Microsoft Office document"),
        (b"text with a NUL\x00 byte", "a binary file (it contains NUL bytes"),
        (bytes(range(1, 32)) * 10, "a binary file (it is full of control characters)"),
    ],
)
def test_binary_files_are_recognised(data, kind):
    assert binary_kind(data).startswith(kind)
    (error,) = parse_upload("upload.txt", data)
    assert isinstance(error, ItemError)
    assert error.reason.startswith(f"this is {kind}")
    assert error.reason.endswith("please save the article as text or HTML")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"  \n"])
def test_empty_files_are_reported_as_empty(data):
    (error,) = parse_upload("empty.txt", data)
    assert error == ItemError("empty.txt", "the file is empty")


def test_file_over_size_limit_is_refused_before_decoding():
    (error,) = parse_upload("huge.txt", b"a" * (5 * 1024 * 1024 + 1))
    assert "larger than the" in error.reason


def test_tabs_and_form_feeds_are_not_mistaken_for_binary():
    data = ("Heading\n\tIndented paragraph text that goes on.\f\n" * 20).encode()
    assert binary_kind(data) is None


def test_bad_utf16_after_bom_is_refused_clearly():
    with pytest.raises(Rejected, match="byte-order mark but is not valid"):
        decode_text(codecs.BOM_UTF16_LE + b"\x00\xd8")


def test_decoded_text_parses_to_article():
    (record,) = parse_upload("fr.txt", FRENCH.encode("cp1252"))
    assert isinstance(record, ArticleRecord)
    assert record.body == FRENCH
