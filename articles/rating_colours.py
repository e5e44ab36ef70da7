"""Badge colours from the editable rating scale that stay readable (WCAG AA, 4.5:1).

Admins pick any colour for a rating; the badge text is white or near-black, whichever
contrasts more, and when neither reaches 4.5:1 the background is darkened just enough
for white text. The scorecard's bars (graphics, not text) keep the colour as chosen.
"""

INK = "#1b1f24"
WHITE = "#ffffff"
AA = 4.5


def luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _darker(colour: str, factor: float) -> str:
    return "#" + "".join(f"{round(int(colour[i : i + 2], 16) * factor):02x}" for i in (1, 3, 5))


def badge_colours(colour: str) -> tuple[str, str]:
    """(background, text) for a badge of `colour` (#rrggbb)."""
    text = WHITE if contrast(colour, WHITE) >= contrast(colour, INK) else INK
    if contrast(colour, text) >= AA:
        return colour.lower(), text
    factor = 1.0
    while contrast(_darker(colour, factor), WHITE) < AA:
        factor -= 0.02
    return _darker(colour, factor), WHITE
