from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.ingest.dates import find_leading_date, parse_date
from articles.ingest.records import Rejected

MARCH_30 = datetime(2025, 3, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2025-03-30", MARCH_30),
        ("2025-03-30T14:05:00Z", datetime(2025, 3, 30, 14, 5, tzinfo=UTC)),
        ("2025-03-30T14:05", datetime(2025, 3, 30, 14, 5, tzinfo=UTC)),
        (
            "2025-03-30 14:05:00+01:00",
            datetime(2025, 3, 30, 14, 5, tzinfo=timezone(timedelta(hours=1))),
        ),
        (
            "2025-03-30T14:05:00.250-0500",
            datetime(2025, 3, 30, 14, 5, 0, 250000, tzinfo=timezone(timedelta(hours=-5))),
        ),
        ("Sun, 30 Mar 2025 14:05:00 +0000", datetime(2025, 3, 30, 14, 5, tzinfo=UTC)),
        ("Sun, 30 Mar 2025 14:05:00 GMT", datetime(2025, 3, 30, 14, 5, tzinfo=UTC)),
        ("30 Mar 2025 14:05 -0000", datetime(2025, 3, 30, 14, 5, tzinfo=UTC)),
        ("March 30, 2025", MARCH_30),
        ("march 30 2025", MARCH_30),
        ("Mar. 30, 2025", MARCH_30),
        ("Sunday, March 30, 2025", MARCH_30),
        ("30 March 2025", MARCH_30),
        ("30th March 2025", MARCH_30),
        ("  30   Sept  2025 ", datetime(2025, 9, 30, tzinfo=UTC)),
    ],
)
def test_accepted_date_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday",
        "03/04/2025",
        "2025/03/30",
        "30.03.2025",
        "Marchy 30, 2025",
        "February 30, 2025",
        "2025-13-01",
        "March 30, 1850",
        "in March 2025",
        "2025",
        "x" * 500,
    ],
)
def test_unreadable_dates_are_refused_with_the_value_quoted(text):
    with pytest.raises(Rejected) as caught:
        parse_date(text)
    assert caught.value.reason.startswith("could not read the date '")


def test_parsed_dates_are_always_timezone_aware():
    for text in ("2025-03-30", "2025-03-30T10:00", "March 30, 2025", "30 Mar 2025 10:00"):
        assert parse_date(text).tzinfo is not None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("March 30, 2025 at 10:00 a.m. ET", MARCH_30),
        ("30 March 2025, 10:00 GMT", MARCH_30),
        ("2025-03-30 | Updated 2025-03-31", MARCH_30),
        ("sometime in spring", None),
    ],
)
def test_leading_date_is_found_in_dateline_text(text, expected):
    assert find_leading_date(text) == expected
