"""Recognising page furniture: lines a web page wraps around an article that are not part of it.

The list is deliberately small and matches whole lines only, so an article sentence that
mentions, say, advertisements is never dropped.
"""

from __future__ import annotations

import re

_EXACT = {
    "advertisement",
    "advertisment",
    "ad",
    "sponsored",
    "sponsored content",
    "story continues below advertisement",
    "article continues below advertisement",
    "be the first to comment",
    "leave a comment",
    "comments",
    "show comments",
    "view comments",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this post",
    "share on facebook",
    "share on twitter",
    "share on x",
    "copy link",
    "link copied",
    "print",
    "print this article",
    "listen to this article",
    "skip to content",
    "skip to main content",
    "sign up for our newsletter",
    "subscribe to our newsletter",
    "sign up to our newsletter",
    "subscribe",
    "continue reading",
    "related articles",
    "related stories",
    "recommended",
    "more from this author",
    "most read",
    "trending",
}
_PREFIXES = re.compile(
    r"^(?:read more|read also|also read|related|see also|watch|more|follow us on|"
    r"click here to|sign up for|subscribe to|download our app)\b.{0,150}$",
    re.IGNORECASE,
)
_PREFIX_NEEDS_COLON = re.compile(r"^(?:read more|read also|also read|related|see also|watch|more)\s*:")
_MAX_FURNITURE_CHARS = 160


def is_page_furniture(line: str) -> bool:
    """Return True if ``line`` on its own is page furniture such as "Share this article".

    Prefix forms ("Read more: …", "Related: …") only count when followed by a colon, except for
    calls to action such as "Follow us on …" or "Sign up for …", which are short by nature.
    """
    text = " ".join(line.split())
    if not text or len(text) > _MAX_FURNITURE_CHARS:
        return False
    key = text.lower().strip(" .:!|•·-–—>»›")
    if key in _EXACT:
        return True
    if not _PREFIXES.match(text):
        return False
    if _PREFIX_NEEDS_COLON.match(text.lower()):
        return True
    return not re.match(r"^(?:read more|read also|also read|related|see also|watch|more)\b", key)
