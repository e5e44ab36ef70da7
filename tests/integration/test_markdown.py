"""The fact-check body: Markdown is rendered, and nothing hostile survives sanitising."""

import pytest
from django.template import Context, Template

from articles.markdown import render_markdown


def test_markdown_renders_the_usual_formatting():
    html = render_markdown("## Evidence\n\nThe **budget** says *otherwise*.\n\n- one\n- two\n\n> quoted")
    assert "<h3>Evidence</h3>" in html
    assert "<strong>budget</strong>" in html and "<em>otherwise</em>" in html
    assert "<li>one</li>" in html and "<blockquote>" in html


def test_a_top_level_heading_becomes_h2_so_the_headline_stays_the_only_h1():
    assert render_markdown("# Background").strip() == "<h2>Background</h2>"


def test_links_get_nofollow_noopener():
    html = render_markdown("[report](https://stats.example/report)")
    assert '<a href="https://stats.example/report" rel="nofollow noopener">report</a>' in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="https://ok.example" onclick="alert(1)">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        '<svg onload="alert(1)"><circle/></svg>',
        '<p style="position:fixed">x</p>',
        "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<form action="https://evil.example"><input name="a"></form>',
        "<<script>script>alert(1)<</script>/script>",
        '<div><a href="&#106;avascript:alert(1)">x</a></div>',
    ],
)
def test_hostile_markup_is_removed(hostile):
    html = render_markdown(f"Text before.\n\n{hostile}\n\nText after.").lower()
    for forbidden in (
        "<script",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "<iframe",
        "<style",
        "style=",
        "<svg",
        "<img",
        "<form",
        "<input",
        "data:text",
    ):
        assert forbidden not in html, (hostile, html)
    assert "text before." in html and "text after." in html


def test_script_content_is_dropped_not_shown_as_text():
    assert "alert" not in render_markdown("<script>alert('x')</script>")


def test_the_template_filter_renders_sanitised_html():
    html = Template("{% load factcheck_markdown %}{{ body|markdown }}").render(
        Context({"body": "**ok** <script>x()</script>"})
    )
    assert "<strong>ok</strong>" in html and "<script" not in html


def test_empty_body_renders_nothing():
    assert render_markdown("") == ""
