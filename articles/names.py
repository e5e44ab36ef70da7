"""The form speakers' names are compared in; plain Python, shared by the model, services and migrations.

It lives apart from `services.speakers` because the Speaker model keeps it in a unique
column, and migrations must compute the very same key.
"""

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+")


def name_key(name: str) -> str:
    """The form names are compared in: no accents, case, punctuation or extra spaces.

    Initials are run together, so "J.D. Vance", "J. D. Vance" and "JD Vance" compare equal.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _NON_WORD.sub(" ", stripped.casefold().replace("’", "'").replace("'", "")).split()
    return " ".join(_join_initials(words))


def _join_initials(words: list[str]) -> list[str]:
    joined: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            joined.append(run)
            run = ""
        joined.append(word)
    if run:
        joined.append(run)
    return joined
