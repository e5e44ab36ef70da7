"""The hostile-string corpus (tests/data/hostile_strings.json) and what the tests that feed it share.

The corpus is JSON so that NULs and lone surrogates survive in a file. A lone surrogate
cannot be encoded as UTF-8, so form bodies and query strings are percent-encoded by hand
with `surrogatepass`, which sends the same invalid bytes a hostile client would.
"""

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

CORPUS_FILE = Path(__file__).resolve().parents[1] / "data" / "hostile_strings.json"
CORPUS: list[tuple[str, str]] = [(s["name"], s["value"]) for s in json.loads(CORPUS_FILE.read_text())["strings"]]
STRINGS = [value for _, value in CORPUS]
# For fields that only take a choice, a number or an id: one string of each kind of trouble.
SAMPLE_NAMES = {
    "script tag",
    "event attribute",
    "null byte",
    "lone high surrogate",
    "SQL tautology",
    "huge number",
    "float overflow",
    "negative",
    "python format",
    "very long string",
    "empty",
    "right-to-left override",
}
SAMPLE = [value for name, value in CORPUS if name in SAMPLE_NAMES]
FORM = "application/x-www-form-urlencoded"


def encode(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def form_body(fields: dict[str, str | list[str]]) -> bytes:
    """`fields` urlencoded, lone surrogates and all."""
    pairs = []
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            pairs.append(f"{encode(name)}={encode(value)}")
    return "&".join(pairs).encode("ascii")


def query(fields: dict[str, str]) -> str:
    return form_body(fields).decode("ascii")


def shown_raw(body: str, value: str) -> bool:
    """Whether `value` appears in `body` unescaped, where its markup characters would take effect.

    Django escapes < > " ' & in HTML, and JSON-LD blocks escape < > &, so a value with any
    of < > " that shows up verbatim was written into the page as markup. (Values are
    compared as forms clean them: stripped.)
    """
    value = value.strip()
    return len(value) > 1 and any(char in value for char in '<>"') and value in body


class Forms(HTMLParser):
    """Every form on a page and every htmx element that sends a request, with the fields they send."""

    FIELD_TAGS = {"input", "select", "textarea"}
    SKIP_TYPES = {"submit", "button", "reset", "image", "file"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._stack: list[dict] = []
        self._select: dict | None = None
        self._textarea: tuple[dict, str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            form = {
                "method": (attrs.get("hx-post") and "post") or (attrs.get("method") or "get").lower(),
                "action": attrs.get("hx-post") or attrs.get("hx-get") or attrs.get("action") or "",
                "htmx": "hx-post" in attrs or "hx-get" in attrs,
                "fields": {},
                "kinds": {},
            }
            self.forms.append(form)
            self._stack.append(form)
        elif tag in ("button", "a") and ("hx-post" in attrs) and not self._stack:
            vals = json.loads(attrs.get("hx-vals") or "{}")
            form = {
                "method": "post",
                "action": attrs["hx-post"],
                "htmx": True,
                "fields": dict(vals),
                "kinds": dict.fromkeys(vals, "choice"),
            }
            self.forms.append(form)
        elif tag in self.FIELD_TAGS and self._stack:
            form, name = self._stack[-1], attrs.get("name")
            kind = attrs.get("type", "text") if tag == "input" else tag
            if not name or name == "csrfmiddlewaretoken" or kind in self.SKIP_TYPES:
                return
            text_like = kind in ("text", "search", "textarea", "url", "email", "password", "")
            form["kinds"][name] = "text" if text_like else "choice"
            if tag == "select":
                form["fields"].setdefault(name, "")
                self._select = {"form": form, "name": name}
            elif tag == "textarea":
                self._textarea = (form, name)
                form["fields"][name] = ""
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    form["fields"][name] = attrs.get("value", "on")
                else:
                    form["fields"].setdefault(name, "")
            else:
                form["fields"][name] = attrs.get("value", "")
        elif tag == "option" and self._select is not None:
            if "selected" in attrs or not self._select["form"]["fields"][self._select["name"]]:
                self._select["form"]["fields"][self._select["name"]] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            form, name = self._textarea
            form["fields"][name] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._stack:
            self._stack.pop()
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def storable(value: str) -> bool:
    """Whether a value can be stored at all: forms and imports refuse NULs and lone surrogates."""
    return not any(char == "\x00" or "\ud800" <= char <= "\udfff" for char in value)


def hostile_world(limit: int | None = None) -> list:
    """Published fact-checks whose every reader-visible text is a hostile string (one each).

    The headline, claim reviewed, summary, body (Markdown), the speaker's name and role, the
    claim's wording and the article it appeared in, a cited source and its outlet, the
    citation's note and a correction note. Returns the fact-checks.
    """
    from articles.models import Citation, Correction, FactCheck
    from tests.factories import make_article, make_claim, make_factcheck, make_outlet, make_source, make_speaker

    made = []
    values = [value for value in STRINGS if storable(value) and value.strip()][:limit]
    for n, value in enumerate(values):
        speaker = make_speaker(name=value[:200], role=value[:200], slug=f"hostile-speaker-{n}")
        claim = make_claim(text=f"{value[:500]} ({n})", speaker=speaker)
        outlet = make_outlet(name=value[:200], slug=f"hostile-outlet-{n}")
        body = f"Lead paragraph {n}.\n“{claim.text},” the speaker said.\n{value}"
        article = make_article(body=body, title=value[:300], outlet=outlet, byline=value[:200])
        from tests.factories import make_quote

        make_quote(article=article, text=claim.text, claim=claim, speaker=speaker)
        factcheck = make_factcheck(
            claim=claim,
            status=FactCheck.Status.PUBLISHED,
            headline=value[:200],
            slug=f"hostile-{n}",
            claim_reviewed=value[:70],
            summary=value,
            body=f"## {value[:100]}\n\n{value}\n\n[source]({value[:200]})",
            citations=0,
        )
        source = make_source(title=value[:500], outlet=outlet, url=f"https://evidence.example/{n}")
        Citation.objects.create(factcheck=factcheck, source=source, order=0, note=value[:500])
        Correction.objects.create(factcheck=factcheck, kind=Correction.Kind.CLARIFICATION, note=value)
        made.append(factcheck)
    return made
