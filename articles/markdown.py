"""Fact-check bodies: Markdown to HTML, then sanitised, so an author can never inject markup.

`markdown` turns the text into HTML (raw HTML in the source passes through it), and `nh3`
(the Rust `ammonia` sanitiser) keeps only a small set of harmless tags and attributes,
keeps only absolute http and https links (no other scheme, and no relative address, which
a browser might read differently from the sanitiser once it strips tabs and newlines), and
marks links `rel="nofollow noopener"`. tests/integration/test_markdown_bypasses.py holds the
known tricks.
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https"}
EXTENSIONS = ["markdown.extensions.tables", "markdown.extensions.sane_lists", "markdown.extensions.smarty", "toc"]
# The page's headline is the only <h1>: a "# Heading" in the body becomes an <h2>.
EXTENSION_CONFIGS = {"toc": {"baselevel": 2, "anchorlink": False, "permalink": False}}


def render_markdown(text: str) -> SafeString:
    """The fact-check body as safe HTML: Markdown rendered, then every tag outside the allow-list removed."""
    if not text:
        return mark_safe("")
    html = markdown_lib.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
    return mark_safe(CLEANER.clean(html))  # nh3 has just removed everything unsafe


CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    url_relative="deny",
    link_rel="nofollow noopener",
    # <script> and <style> go with their content; other unknown tags keep their text.
    clean_content_tags={"script", "style"},
    strip_comments=True,
)
