"""The hand-annotated seed articles are matched quote for quote, speaker for speaker."""

import json
import re
from pathlib import Path

import pytest

from articles.extraction import extract

GOLD = Path(__file__).resolve().parents[2] / "data" / "seeds_gold.jsonl"
_TRIM = set("\"“”„‟«»‘’'‹›,.;:!?…")
_TOKEN_RE = re.compile(r"\w+(?:['’]\w+)*")


def _docs():
    with GOLD.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _trim(text, start, end):
    while start < end and (text[start].isspace() or text[start] in _TRIM):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRIM):
        end -= 1
    return start, end


def _tokens(text, start, end):
    start, end = _trim(text, start, end)
    return {m.start() for m in _TOKEN_RE.finditer(text) if m.start() < end and m.end() > start}


def _overlap(text, a, b):
    ta, tb = _tokens(text, *a), _tokens(text, *b)
    return len(ta & tb) / max(len(ta), len(tb), 1)


def _same_speaker(pred, gold):
    if pred is None:
        return False
    names = [gold["speaker"], *gold.get("speaker_aliases", [])]
    return any(n.split()[-1].casefold() in pred.casefold().split() for n in names)


@pytest.mark.parametrize("doc", _docs(), ids=lambda d: d["id"])
def test_every_seed_quote_is_found_with_its_named_speaker(doc):
    text = doc["text"]
    found = extract(text)
    for gold in doc["quotes"]:
        best = max(found, key=lambda q: _overlap(text, (q.start, q.end), (gold["start"], gold["end"])))
        assert _overlap(text, (best.start, best.end), (gold["start"], gold["end"])) >= 0.5, gold
        assert _same_speaker(best.speaker, gold), (best.speaker, gold["speaker"])


@pytest.mark.parametrize("doc", _docs(), ids=lambda d: d["id"])
def test_seed_articles_yield_no_extra_quotes(doc):
    assert len(extract(doc["text"])) == len(doc["quotes"])
