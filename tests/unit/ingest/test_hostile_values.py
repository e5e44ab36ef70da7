"""Values an upload can carry that the database cannot store, or that lie about their encoding.

Issue 13, defects 11 and 12: a CSV body over 128 KiB, a NUL or a lone surrogate inside a
JSON value, and an HTML page that declares a charset which cannot describe its own markup.
"""

import json
import logging

import pytest

from articles.ingest import ArticleRecord, ItemError, parse_upload
from articles.ingest.encoding import decode_text
from articles.ingest.limits import MAX_FILE_BYTES

PARAGRAPH = "“We cut the deficit by 40 percent,” the minister said in parliament on Tuesday.\n\n"


def test_a_csv_body_far_over_128_kib_is_read_up_to_the_documented_limit():
    body = PARAGRAPH * (600 * 1024 // len(PARAGRAPH))  # about 600 KiB, well under 5 MB
    data = f'title,body\nA long report,"{body}"\n'.encode()
    assert len(data) < MAX_FILE_BYTES

    (record,) = parse_upload("long.csv", data)

    assert isinstance(record, ArticleRecord), record
    assert record.title == "A long report"
    assert len(record.body) > 500 * 1024


@pytest.mark.parametrize(
    ("escaped", "what"),
    [("\\u0000", "a NUL character"), ("\\ud800", "an unpaired surrogate"), ("\\udfff", "an unpaired surrogate")],
)
@pytest.mark.parametrize("field", ["title", "body", "byline", "outlet", "url"])
def test_a_json_value_the_database_cannot_store_is_refused_by_name(field, escaped, what, caplog):
    item = {"title": "Budget", "body": PARAGRAPH, "url": "https://news.example/a", "byline": "Jo", "outlet": "Post"}
    raw = json.dumps(item).replace(json.dumps(item[field]), json.dumps(item[field])[:-1] + escaped + '"')
    good = json.dumps({"title": "Second", "body": PARAGRAPH})

    with caplog.at_level(logging.WARNING):
        results = parse_upload("bulk.jsonl", f"{raw}\n{good}\n".encode())

    bad, ok = results
    assert isinstance(bad, ItemError)
    assert bad.locator == "bulk.jsonl line 1"
    assert f'"{field}"' in bad.reason and what in bad.reason, bad.reason
    assert isinstance(ok, ArticleRecord) and ok.title == "Second"  # the rest of the file still comes in
    assert not [r for r in caplog.records if r.exc_info], "a bad value is the file's problem, not a crash"


def test_a_json_array_item_with_a_nul_names_the_item():
    data = json.dumps([{"title": "Fine", "body": PARAGRAPH}, {"title": "Bad\u0000", "body": PARAGRAPH}]).encode()

    fine, bad = parse_upload("bulk.json", data)

    assert isinstance(fine, ArticleRecord)
    assert isinstance(bad, ItemError) and bad.locator == "bulk.json item 2"
    assert '"title"' in bad.reason and "NUL" in bad.reason


def test_a_json_key_with_a_surrogate_does_not_crash():
    data = b'{"title": "Budget", "body": "Text of the article.", "\\ud800": "x"}'

    (record,) = parse_upload("one.json", data)

    assert isinstance(record, ArticleRecord)


PAGE = (
    '<html><head><meta charset="{charset}"><title>Budget row</title></head>'
    "<body><article><h1>Budget row</h1><p>{text}</p></article></body></html>"
)
CAFE = "“The café tax raised 40 percent more,” the minister said. Señor Núñez disagreed."


@pytest.mark.parametrize("charset", ["cp500", "cp037", "utf-7", "utf-16", "utf-32", "cp1026"])
def test_a_declared_charset_that_cannot_spell_its_own_markup_is_not_trusted(charset):
    page = PAGE.format(charset=charset, text=CAFE)

    text = decode_text(page.encode("cp1252"))  # what the page really is

    assert text == page


def test_a_page_declaring_ebcdic_is_refused_when_nothing_else_reads_it():
    page = PAGE.format(charset="cp500", text="Текст статьи о бюджете и налогах в этом году.")

    (item,) = parse_upload("page.html", page.encode("koi8-r"))

    assert isinstance(item, ItemError)
    assert "save it as UTF-8" in item.reason


@pytest.mark.parametrize("charset", ["iso-8859-2", "windows-1251", "koi8-r", "shift_jis", "gb2312"])
def test_ascii_compatible_declared_charsets_are_still_trusted(charset):
    samples = {
        "iso-8859-2": "Łódź i Kraków",
        "windows-1251": "Бюджет",
        "koi8-r": "Бюджет",
        "shift_jis": "予算",
        "gb2312": "预算",
    }
    page = PAGE.format(charset=charset, text=samples[charset])

    assert decode_text(page.encode(charset)) == page
