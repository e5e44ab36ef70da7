"""Command line: `python -m articles.extraction` speaks JSONL on stdin/stdout.

{"id", "text"} lines in  ->  {"id", "quotes": [...]} lines out
--pretty FILE            one article's quotations, readably
--checkworthiness        {"id", "text"} sentences in -> {"id", "score"} out
"""

from __future__ import annotations

import json
import sys

# One encoder for every line (json.dumps with options builds a new one per call);
# the records are fresh trees, so the check for circular references is skipped.
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _quote_record(q) -> dict:
    return {
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "speaker": q.speaker,
        "speaker_role": q.speaker_role,
        "kind": q.kind,
        "checkworthiness": round(q.checkworthiness, 4),
        "reasons": list(q.reasons),
    }


def _freeze_heap() -> None:
    # Everything loaded so far (modules, word lists, compiled patterns) lives as
    # long as the process: spare the garbage collector from walking it again at
    # every full collection and once more at exit.
    import gc

    gc.freeze()


def _jsonl(stdin, stdout) -> None:
    from . import extract

    _freeze_heap()
    for line in stdin:
        if not line.strip():
            continue
        doc = json.loads(line)
        quotes = [_quote_record(q) for q in extract(doc.get("text") or "")]
        # One write per line: stdout is often unbuffered (PYTHONUNBUFFERED).
        stdout.write(_encode({"id": doc.get("id"), "quotes": quotes}) + "\n")


def _checkworthiness(stdin, stdout) -> None:
    from .checkworthiness import assess

    _freeze_heap()
    for line in stdin:
        if not line.strip():
            continue
        doc = json.loads(line)
        score = assess(doc.get("text") or "").score
        stdout.write(json.dumps({"id": doc.get("id"), "score": round(score, 4)}) + "\n")


def _pretty(path: str, stdout) -> None:
    from . import extract

    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    for q in extract(text):
        who = q.speaker or "(unattributed)"
        role = f" [{q.speaker_role}]" if q.speaker_role else ""
        stdout.write(f"{q.start}-{q.end} {q.kind} {who}{role} ({q.speaker_kind or '-'})\n")
        if q.cue:
            stdout.write(f"    cue: {q.cue!r} at {q.cue_start}-{q.cue_end}\n")
        stdout.write(f"    “{q.text}”\n")
        reasons = ", ".join(q.reasons) or "-"
        stdout.write(f"    check-worthiness {q.checkworthiness:.2f}: {reasons}\n")


_USAGE = """usage: python -m articles.extraction [--pretty FILE | --checkworthiness]

  (no option)        JSONL {"id", "text"} on stdin -> {"id", "quotes": [...]} on stdout
  --pretty FILE      print one article's quotations readably
  --checkworthiness  JSONL {"id", "text"} sentences on stdin -> {"id", "score"} on stdout
"""


def main(argv: list[str] | None = None) -> int:
    """Entry point for `python -m articles.extraction`."""
    # A hand-rolled parser: argparse alone costs a noticeable share of start-up,
    # and start-up counts in every throughput figure.
    args = sys.argv[1:] if argv is None else argv
    if not args:
        _jsonl(sys.stdin, sys.stdout)
    elif args == ["--checkworthiness"]:
        _checkworthiness(sys.stdin, sys.stdout)
    elif len(args) == 2 and args[0] == "--pretty":
        _pretty(args[1], sys.stdout)
    elif len(args) == 1 and args[0].startswith("--pretty="):
        _pretty(args[0].split("=", 1)[1], sys.stdout)
    else:
        out = sys.stdout if args[0] in ("-h", "--help") else sys.stderr
        out.write(_USAGE)
        return 0 if out is sys.stdout else 2
    return 0
