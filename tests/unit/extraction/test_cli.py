"""`python -m articles.extraction`: the JSONL protocol the scorers and importers use."""

import io
import json

from articles.extraction import __main__ as cli


def _run(monkeypatch, argv, stdin):
    out = io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    monkeypatch.setattr("sys.stdout", out)
    assert cli.main(argv) == 0
    return out.getvalue()


def test_jsonl_in_one_line_of_quotes_out_per_article(monkeypatch):
    docs = [
        {"id": "a", "text": "“Prices rose 5 percent,” Lena Hartmann said."},
        {"id": "b", "text": "No quotations here."},
    ]
    stdin = "".join(json.dumps(d) + "\n" for d in docs)
    lines = [json.loads(line) for line in _run(monkeypatch, [], stdin).splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    (quote,) = lines[0]["quotes"]
    assert quote["text"] == "Prices rose 5 percent,"
    assert docs[0]["text"][quote["start"] : quote["end"]] == quote["text"]
    assert quote["speaker"] == "Lena Hartmann"
    assert set(quote) >= {"speaker_role", "kind", "checkworthiness", "reasons"}
    assert lines[1]["quotes"] == []


def test_checkworthiness_mode_scores_each_sentence(monkeypatch):
    stdin = json.dumps({"id": "s1", "text": "Unemployment fell 3 percent in 2023."}) + "\n"
    (line,) = [json.loads(x) for x in _run(monkeypatch, ["--checkworthiness"], stdin).splitlines()]
    assert line["id"] == "s1"
    assert 0.0 <= line["score"] <= 1.0


def test_pretty_prints_speaker_cue_and_offsets(monkeypatch, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("“We are ready,” Omar Tarek told reporters.", encoding="utf-8")
    out = _run(monkeypatch, ["--pretty", str(article)], "")
    assert "Omar Tarek" in out
    assert "told reporters" in out
    assert out.startswith("1-")
