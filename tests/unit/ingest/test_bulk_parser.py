from datetime import UTC, datetime

import pytest

from articles.ingest import ArticleRecord, ItemError, parse_upload


def by_locator(results):
    return {item.locator: item for item in results}


def test_csv_rows_become_articles_and_bad_rows_become_errors(data_file):
    results = by_locator(parse_upload("bulk.csv", data_file("bulk.csv")))
    assert set(results) == {f"bulk.csv row {n}" for n in range(2, 10)}
    good = results["bulk.csv row 2"]
    assert isinstance(good, ArticleRecord)
    assert good.title == "Iran rejects talks"
    assert good.url == "https://example.com/a"
    assert good.outlet == "Politico"
    assert good.byline == "Jane Doe"
    assert good.published_at == datetime(2025, 3, 30, tzinfo=UTC)
    assert [good.body[a:b] for a, b in good.headings] == ["Why It Matters"]


@pytest.mark.parametrize(
    "row, reason",
    [
        (4, 'the "body" column is empty'),
        (5, "could not read the date 'next Tuesday'"),
        (6, "the row has 2 cells but the header has 6 columns, so some columns are missing"),
        (7, "the url 'javascript:alert(1)' is not a web address (http:// or https://)"),
    ],
)
def test_csv_bad_row_error_names_row_and_reason(data_file, row, reason):
    error = by_locator(parse_upload("bulk.csv", data_file("bulk.csv")))[f"bulk.csv row {row}"]
    assert isinstance(error, ItemError)
    assert error.reason == reason
    assert str(error) == f"bulk.csv row {row}: {reason}"


@pytest.mark.parametrize(
    "row, published",
    [
        (3, datetime(2025, 3, 30, 14, 5, tzinfo=UTC)),
        (8, datetime(2025, 3, 30, tzinfo=UTC)),
        (9, datetime(2025, 3, 30, tzinfo=UTC)),
    ],
)
def test_csv_reads_each_documented_date_format(data_file, row, published):
    record = by_locator(parse_upload("bulk.csv", data_file("bulk.csv")))[f"bulk.csv row {row}"]
    assert record.published_at == published


@pytest.mark.parametrize(
    "name, text",
    [
        ("semi.csv", "title;body\nT;Body with, a comma.\n"),
        ("tabs.tsv", "title\tbody\nT\tBody with, a comma.\n"),
        ("crlf.csv", 'title,body\r\nT,"Body with, a comma."\r\n'),
        ("bom.csv", '\ufefftitle,body\nT,"Body with, a comma."\n'),
        ("upper.csv", 'Title,Body,Extra\nT,"Body with, a comma.",ignored\n'),
        ("alias.csv", 'title,content,author,date\nT,"Body with, a comma.",A,2025-03-30\n'),
    ],
)
def test_csv_dialects_and_header_variants(name, text):
    (record,) = parse_upload(name, text.encode())
    assert isinstance(record, ArticleRecord), record
    assert record.title == "T"
    assert record.body == "Body with, a comma."


@pytest.mark.parametrize(
    "text, reason",
    [
        ("title,text2\nT,x\n", 'the header has no "body" column (found: title, text2)'),
        ("body,url\nx,y\n", 'the header has no "title" column'),
    ],
)
def test_csv_without_required_column_is_refused_whole(text, reason):
    (error,) = parse_upload("bulk.csv", text.encode(), format="csv")
    assert isinstance(error, ItemError)
    assert error.locator == "bulk.csv"
    assert error.reason.startswith(reason)


def test_csv_row_with_extra_cells_suggests_quoting():
    (error,) = parse_upload("bulk.csv", b"title,body\nT,one, two\n")
    assert error.locator == "bulk.csv row 2"
    assert "needs quotes" in error.reason


def test_csv_html_body_is_sanitised():
    text = 'title,body\nT,"<p>Hello <b>world</b></p><script>alert(1)</script>"\n'
    (record,) = parse_upload("bulk.csv", text.encode())
    assert record.body == "Hello world"


def test_csv_body_sources_block_is_extracted():
    text = 'title,body\nT,"The talks failed, officials said.\nSOURCES: BBC – Talks fail"\n'
    (record,) = parse_upload("bulk.csv", text.encode())
    assert record.body == "The talks failed, officials said."
    assert [(s.outlet, s.title) for s in record.sources] == [("BBC", "Talks fail")]


def test_csv_skips_blank_rows_without_error():
    results = parse_upload("bulk.csv", b"title,body\nA,a\n,\n\nB,b\n")
    assert [r.locator for r in results] == ["bulk.csv row 2", "bulk.csv row 5"]


def test_json_array_items_become_articles_and_errors(data_file):
    results = by_locator(parse_upload("bulk.json", data_file("bulk.json")))
    assert results["bulk.json item 1"].published_at == datetime(2025, 3, 30, 14, 5, tzinfo=UTC)
    assert results["bulk.json item 1"].outlet == "Euronews"
    assert results["bulk.json item 2"].reason == 'the "body" field is missing'
    assert results["bulk.json item 3"].reason == "could not read the date '30/03/2025'"
    assert "must be a JSON object" in results["bulk.json item 4"].reason
    assert results["bulk.json item 5"].byline == "Alias Byline"


def test_jsonl_bad_line_does_not_stop_other_lines(data_file):
    results = by_locator(parse_upload("bulk.jsonl", data_file("bulk.jsonl")))
    assert set(results) == {"bulk.jsonl line 1", "bulk.jsonl line 2", "bulk.jsonl line 4"}
    assert results["bulk.jsonl line 1"].title == "First"
    assert results["bulk.jsonl line 2"].reason.startswith("not valid JSON (line 1, column")
    assert results["bulk.jsonl line 4"].body == "Third body."


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"title": "One", "body": "Single object."}', ["One"]),
        ('{"articles": [{"title": "A", "body": "a"}, {"title": "B", "body": "b"}]}', ["A", "B"]),
        ('{"title": "A", "body": "a"}\n{"title": "B", "body": "b"}', ["A", "B"]),
        ('[{"title": 2025, "body": "Numbers become text."}]', ["2025"]),
    ],
)
def test_json_shapes(text, expected):
    results = parse_upload("bulk.json", text.encode())
    assert [r.title for r in results] == expected


@pytest.mark.parametrize(
    "text, reason",
    [
        ('[{"title": "A", "body": ', "the file is not valid JSON (line 1, column"),
        ("42", "the JSON must be an array of article objects"),
        ("[" * 100000 + "]" * 100000, "nested too deeply"),
    ],
)
def test_unusable_json_is_refused_whole(text, reason):
    (error,) = parse_upload("bulk.json", text.encode())
    assert isinstance(error, ItemError)
    assert reason in error.reason


@pytest.mark.parametrize(
    "item, reason",
    [
        ({"title": "T", "body": "   "}, 'the "body" field is empty'),
        ({"title": "", "body": "B"}, 'the "title" field is empty'),
        ({"title": ["T"], "body": "B"}, 'the "title" value must be text, not a JSON list'),
        ({"title": "T", "body": {"p": 1}}, 'the "body" value must be text, not a JSON object'),
        ({"title": "T", "body": "B", "published_at": "03/04/2025"}, "could not read the date"),
    ],
)
def test_json_item_problems_are_per_item(item, reason):
    import json

    good = {"title": "Good", "body": "Fine."}
    results = parse_upload("b.json", json.dumps([item, good]).encode())
    assert results[0].locator == "b.json item 1"
    assert reason in results[0].reason
    assert isinstance(results[1], ArticleRecord)


def test_benchmark_generator_output_imports_cleanly_as_jsonl():
    import json

    from bench.ingest_generate import generate

    articles = generate(20, seed=3)
    assert generate(5, seed=3) == articles[:5]
    data = "\n".join(json.dumps(article) for article in articles).encode()
    results = parse_upload("generated.jsonl", data)
    assert all(isinstance(record, ArticleRecord) for record in results)
    for record in results:
        assert 600 <= len(record.body.split()) <= 1200
        assert record.body.count("“") >= 3
        assert record.published_at is not None
