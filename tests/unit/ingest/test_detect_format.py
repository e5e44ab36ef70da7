import pytest

from articles.ingest import ArticleRecord, ItemError, parse_upload
from articles.ingest.detect import detect_format


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("a.txt", "[Updated] Iran rejects talks", "text"),
        ("a.txt", "<html><body>x</body></html>", "text"),
        ("a.md", "# Title", "text"),
        ("a.html", "no tags at all", "html"),
        ("a.HTM", "x", "html"),
        ("a.rss", "x", "feed"),
        ("a.atom", "x", "feed"),
        ("a.json", "x", "json"),
        ("a.jsonl", "x", "json"),
        ("a.ndjson", "x", "json"),
        ("a.csv", "x", "csv"),
        ("a.tsv", "x", "csv"),
        ("feed.xml", '<?xml version="1.0"?><rss version="2.0">', "feed"),
        ("feed.xml", '<?xml version="1.0"?>\n<!-- c -->\n<feed xmlns="x">', "feed"),
        ("page.xml", '<?xml version="1.0"?><html><body/></html>', "html"),
        ("upload", '<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        ("upload", "<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        ("upload", "<rdf:RDF xmlns:rdf='x'>", "feed"),
        ("upload", "\ufeff  <!DOCTYPE html><html>", "html"),
        ("upload", "<html lang='en'>", "html"),
        ("upload", '[{"title": "x", "body": "y"}]', "json"),
        ("upload", '{"title": "x", "body": "y"}\n{"title": "z", "body": "w"}', "json"),
        ("upload", "[Updated] Iran rejects talks\nMore text.", "text"),
        ("upload", "{not json at all", "text"),
        ("upload", "title,url,body\nx,y,z", "csv"),
        ("upload", "Title;Body\nx;y", "csv"),
        ("upload", "title,url\nx,y", "text"),
        ("upload.dat", "Iran rejects talks, officials said.", "text"),
    ],
)
def test_format_detection(name, text, expected):
    assert detect_format(name, text) == expected


def test_forced_format_overrides_detection():
    text = b"title,body\nT,A body."
    (as_text,) = parse_upload("bulk.csv", text, format="text")
    assert isinstance(as_text, ArticleRecord)
    assert as_text.body == "title,body\nT,A body."


def test_unknown_forced_format_is_an_item_error():
    (error,) = parse_upload("a.txt", b"x", format="docx")
    assert isinstance(error, ItemError)
    assert "unknown format 'docx'" in error.reason


def test_html_saved_as_xml_extension_is_parsed_as_page():
    markup = (
        b'<?xml version="1.0"?><html><body><p>The council approved the budget on Tuesday '
        b"after a long debate, officials said.</p></body></html>"
    )
    (record,) = parse_upload("page.xml", markup)
    assert isinstance(record, ArticleRecord)
    assert record.body.startswith("The council approved the budget")
