"""Known tricks for smuggling script or styling through Markdown, each against the sanitiser.

Only http and https links survive, and only the safe tags; whatever else an author types
comes out as text or not at all, and the text around it is kept.
"""

import re
from html.parser import HTMLParser

import pytest

from articles.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

BYPASSES = [
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;&#x61;vascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](java&#9;script:alert(1))",
    "[x](\x01javascript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](javascript://%0aalert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "[x](mailto:someone@example.org)",
    "[x](//evil.example/)",
    "<javascript:alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    '[x][ref]\n\n[ref]: https://ok.example/ "title" onclick="alert(1)"',
    "[[x](javascript:alert(1))](https://ok.example/)",
    '[x](https://ok.example/"onmouseover="alert(1))',
    '![x](https://ok.example/a.png"onerror="alert(1))',
    "![x](javascript:alert(1))",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    "<!-- <script>alert(1)</script> -->",
    "<!--><script>alert(1)</script>-->",
    '<img src=x onerror="alert(1)">',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<a href="https://ok.example/" style="position:fixed;top:0">x</a>',
    '<a href="https://ok.example/" target="_blank" onclick="alert(1)">x</a>',
    '`<a href="javascript:alert(1)">in code</a>`',
    '    <a href="javascript:alert(1)">indented code</a>',
    "```\n<script>alert(1)</script>\n```",
    "<scr<script>ipt>alert(1)</script>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<details open ontoggle="alert(1)">x</details>',
    '<video><source onerror="alert(1)"></video>',
    '<body onload="alert(1)">',
    '<input autofocus onfocus="alert(1)">',
    '<a href="https://ok.example/" hx-get="/workbench/" hx-trigger="load">htmx</a>',
    '<div hx-on:click="alert(1)">htmx</div>',
    "<base href='https://evil.example/'>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<table><tr><td style='x' onmouseover='alert(1)'>cell</td></tr></table>",
    "<abbr title='x' onmouseover='alert(1)'>abbr</abbr>",
]


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def _elements(html):
    parser = Elements()
    parser.feed(html)
    return parser.elements


def test_no_bypass_gets_a_script_a_handler_a_style_or_a_foreign_scheme_through():
    problems = []
    for trick in BYPASSES:
        html = render_markdown(f"Before.\n\n{trick}\n\nAfter.")
        # An unclosed <style> swallows what follows it, as it would in a browser; the text before stays.
        unclosed = "<style>" in trick and "</style>" not in trick
        if "Before." not in html or ("After." not in html and not unclosed):
            problems.append(f"{trick!r}: lost the text around it")
        for tag, attrs in _elements(html):
            if tag not in ALLOWED_TAGS:
                problems.append(f"{trick!r}: <{tag}> survived")
            for name, value in attrs.items():
                if name not in ALLOWED_ATTRIBUTES.get(tag, set()) and name != "rel":
                    problems.append(f"{trick!r}: {name}= survived on <{tag}>")
                if name == "href" and not re.match(r"https?://[^\s]", value or ""):
                    problems.append(f"{trick!r}: href={value!r}")
    assert problems == []


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ('`<a href="javascript:alert(1)">in code</a>`', '&lt;a href="javascript:alert(1)"&gt;in code&lt;/a&gt;'),
        ("    <script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ],
)
def test_markup_inside_code_is_shown_as_text(markdown, text):
    html = render_markdown(markdown)
    assert "<code>" in html and text in html.replace("&quot;", '"')


def test_http_and_https_links_survive_with_nofollow():
    html = render_markdown("[a](https://ok.example/a) [b](http://ok.example/b) <https://ok.example/c>")
    hrefs = [attrs["href"] for tag, attrs in _elements(html) if tag == "a"]
    assert hrefs == ["https://ok.example/a", "http://ok.example/b", "https://ok.example/c"]
    assert all(attrs.get("rel") == "nofollow noopener" for tag, attrs in _elements(html) if tag == "a")
