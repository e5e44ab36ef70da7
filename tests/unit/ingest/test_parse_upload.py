import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingest import (
    ArticleRecord,
    ItemError,
    iter_upload_files,
    normalise_body,
    parse_upload,
)

NAMES = st.sampled_from(["a.txt", "a.html", "a.xml", "a.json", "a.jsonl", "a.csv", "a.zip", "upload", "a.rss"])
FORMATS = st.sampled_from(["auto", "text", "html", "feed", "json", "csv"])
MARKUPISH = st.lists(
    st.sampled_from(
        [
            "<rss>",
            "<item>",
            "<title>",
            "</title>",
            "<feed>",
            "<html>",
            "<p>",
            "</p>",
            "<!DOCTYPE x [",
            "<!ENTITY a 'b'>",
            "]>",
            "&a;",
            "[",
            "{",
            '"title"',
            ":",
            ",",
            '"body"',
            "}",
            "]",
            "title,body\n",
            "\n",
            "Why It Matters\n",
            "SOURCES: BBC – x\n",
            "Published March 30, 2025\n",
            "“Quote,” he said.",
            "<script>",
            "é",
            "\x00",
        ]
    ),
    max_size=40,
).map("".join)

CHECKS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_well_formed(results):
    assert isinstance(results, list)
    for item in results:
        assert isinstance(item, ArticleRecord | ItemError)
        if isinstance(item, ArticleRecord):
            assert item.body
            assert normalise_body(item.body) == item.body
            for start, end in item.headings:
                assert 0 <= start < end <= len(item.body)
        else:
            assert item.reason
            assert "unexpected error" not in item.reason


@CHECKS
@given(name=NAMES, data=st.binary(max_size=2000), fmt=FORMATS)
def test_parse_upload_never_raises_on_arbitrary_bytes(name, data, fmt):
    assert_well_formed(parse_upload(name, data, format=fmt))


@CHECKS
@given(name=NAMES, text=MARKUPISH, fmt=FORMATS)
def test_parse_upload_never_raises_on_markup_like_text(name, text, fmt):
    assert_well_formed(parse_upload(name, text.encode("utf-8"), format=fmt))


@CHECKS
@given(
    members=st.lists(
        st.tuples(st.text(min_size=1, max_size=20), st.binary(max_size=300)),
        max_size=5,
        unique_by=lambda member: member[0],
    )
)
def test_zip_expansion_never_raises(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for member_name, content in members:
            bundle.writestr(member_name, content)
    for item in iter_upload_files("bundle.zip", buffer.getvalue()):
        assert isinstance(item, ItemError | tuple)
    assert_well_formed(parse_upload("bundle.zip", buffer.getvalue()))
