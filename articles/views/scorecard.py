"""A speaker's scorecard: how their published fact-checks were rated, as numbers for an SVG bar chart.

The chart is drawn on the server (`public/includes/scorecard.svg.html`), so it needs no
JavaScript; the geometry is computed here so the template only places rectangles and text.
"""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from articles.models import Rating, Speaker

BAR_HEIGHT = 24
BAR_GAP = 8
LABEL_WIDTH = 112  # room for the longest default label, "Mostly false"
CHART_WIDTH = 420  # drawn at up to 480 px wide (public.css), so the labels stay readable on phones
COUNT_ROOM = 100  # room right of the bars for "1,200 (40%)"


@dataclass
class Bar:
    rating: Rating
    count: int
    percent: int
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 5

    @property
    def count_x(self) -> int:
        return CHART_WIDTH - COUNT_ROOM + 10


@dataclass
class Scorecard:
    speaker: Speaker
    total: int
    bars: list[Bar] = field(default_factory=list)
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def track_width(self) -> int:
        return CHART_WIDTH - LABEL_WIDTH - COUNT_ROOM

    @property
    def label_x(self) -> int:
        return LABEL_WIDTH - 10

    @property
    def height(self) -> int:
        return len(self.bars) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP

    @property
    def summary(self) -> str:
        """The chart in words, for its <desc> and for readers without the picture."""
        if not self.total:
            return f"{self.speaker.name} has no published fact-checks yet."
        parts = [f"{bar.rating.label}: {bar.count}" for bar in self.bars if bar.count]
        checks = "fact-check" if self.total == 1 else "fact-checks"
        return f"{self.total} published {checks} of {self.speaker.name}. " + "; ".join(parts) + "."


def scorecard(speaker: Speaker, factchecks: QuerySet) -> Scorecard:
    """Count `factchecks` (the speaker's published ones) by rating, every step of the scale shown."""
    counts = dict(factchecks.order_by().values_list("rating").annotate(n=Count("id")).values_list("rating", "n"))
    steps = list(Rating.objects.all())
    total = sum(counts.values())
    most = max(counts.values(), default=0)
    card = Scorecard(speaker=speaker, total=total)
    span = card.track_width
    for index, step in enumerate(steps):
        count = counts.get(step.pk, 0)
        card.bars.append(
            Bar(
                rating=step,
                count=count,
                percent=round(100 * count / total) if total else 0,
                y=BAR_GAP + index * (BAR_HEIGHT + BAR_GAP),
                width=round(span * count / most) if most else 0,
            )
        )
    return card
