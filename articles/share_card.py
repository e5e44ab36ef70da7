"""The share card (og:image) of a fact-check: a 1200×630 PNG with the verdict, the claim and
who said it, drawn with Pillow. Plain Python: strings and colours in, PNG bytes out.

Fonts: DejaVu (Debian's fonts-dejavu-core, present wherever Chromium is) when it is
installed, else the font Pillow bundles, so a card is drawn on any machine.
"""

from functools import cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
PAPER, INK, INK_SOFT, RULE = "#fbfbf9", "#1b1f24", "#57606a", "#d0d7de"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    "serif": "DejaVuSerif.ttf",
    "serif-bold": "DejaVuSerif-Bold.ttf",
    "sans": "DejaVuSans.ttf",
    "sans-bold": "DejaVuSans-Bold.ttf",
}
CLAIM_LINES = 4


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    path = FONT_DIR / FONTS[name]
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of at most `width` pixels, the last one ending in "…" when cut."""
    out: list[str] = []
    for word in text.split():
        candidate = f"{out[-1]} {word}" if out else word
        if out and draw.textlength(candidate, font=font) <= width:
            out[-1] = candidate
        else:
            out.append(word)
    if len(out) <= lines:
        return out
    last = out[lines - 1]
    while " " in last and draw.textlength(last + "…", font=font) > width:
        last = last.rsplit(" ", 1)[0]
    return [*out[: lines - 1], last.rstrip(" ,;:.–—-") + "…"]


def draw_card(*, site: str, claim: str, speaker: str, verdict: str, badge: tuple[str, str]) -> bytes:
    """The card as PNG bytes. `badge` is (background, text) colours, readable (rating_colours)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 10), fill=INK)
    draw.text((MARGIN, 46), site, font=_font("serif-bold", 34), fill=INK)
    draw.text((MARGIN, 96), "FACT-CHECK", font=_font("sans-bold", 22), fill=INK_SOFT)

    # The verdict: a badge in the rating's colour, its label in words.
    label_font = _font("sans-bold", 44)
    label_width = draw.textlength(verdict, font=label_font)
    box = (MARGIN, 150, MARGIN + label_width + 56, 150 + 78)
    draw.rounded_rectangle(box, radius=14, fill=badge[0])
    draw.text((MARGIN + 28, 150 + 39), verdict, font=label_font, fill=badge[1], anchor="lm")

    claim_font = _font("serif", 46)
    lines = _wrap(draw, f"“{claim}”", claim_font, WIDTH - 2 * MARGIN, CLAIM_LINES)
    y = 268
    for line in lines:
        draw.text((MARGIN, y), line, font=claim_font, fill=INK)
        y += 60
    if speaker:
        speaker_font = _font("sans", 30)
        (who,) = _wrap(draw, f"— {speaker}", speaker_font, WIDTH - 2 * MARGIN, 1)
        draw.text((MARGIN, min(y + 14, HEIGHT - MARGIN - 30)), who, font=speaker_font, fill=INK_SOFT)
    draw.line((MARGIN, HEIGHT - 40, WIDTH - MARGIN, HEIGHT - 40), fill=RULE, width=2)

    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
