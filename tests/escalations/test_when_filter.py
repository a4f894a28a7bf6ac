"""``|when``, the pages' date filter, shows every date and time as Django's ``date`` filter
would, for every format the templates use, in both UK clock seasons and on the days the
clocks change."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import engines

from escalate.templating.dates import when

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "escalate" / "templates"
UK = ZoneInfo("Europe/London")
# Each in UTC: winter, summer, a single-digit day, either side of both clock changes in 2026
# (29 March 01:00 UTC, 25 October 01:00 UTC), midnight, a leap day, the last second of a year.
MOMENTS = [
    dt.datetime(2026, 1, 5, 9, 3, 7, tzinfo=dt.UTC),
    dt.datetime(2026, 7, 14, 16, 45, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 29, 0, 59, 59, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC),
    dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC),
    dt.datetime(2026, 6, 30, 23, 0, tzinfo=dt.UTC),
    dt.datetime(2028, 2, 29, 12, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
]


def formats_in_templates() -> list[str]:
    found = {
        match.replace("\\\\", "\\")  # as Jinja2 reads the literal: \\o is \o
        for path in TEMPLATES.rglob("*.html")
        for match in re.findall(r'\|when\("([^"]*)"\)', path.read_text(encoding="utf-8"))
    }
    assert len(found) >= 5  # the walk found the templates
    return sorted(found)


FORMATS = formats_in_templates()


def both(source: str, value: object) -> tuple[str, str]:
    context = {"value": value, "f": source}
    ours = engines["jinja2"].from_string("{{ value|when(f) }}").render(context)
    theirs = engines["django"].from_string("{{ value|date:f }}").render(context)
    return ours, theirs


@pytest.mark.parametrize("spec", FORMATS)
@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_an_aware_time_is_shown_in_uk_time_as_django_shows_it(
    spec: str, moment: dt.datetime
) -> None:
    ours, theirs = both(spec, moment)
    assert ours == theirs
    assert str(moment.astimezone(UK).day) in ours


@pytest.mark.parametrize("spec", ["j F Y", "j M Y", "l j F Y", "D j M Y", "d/m/Y"])
def test_a_date_is_shown_as_django_shows_it(spec: str) -> None:
    for day in (dt.date(2026, 1, 5), dt.date(2026, 11, 30), dt.date(2028, 2, 29)):
        ours, theirs = both(spec, day)
        assert ours == theirs


def test_a_date_given_a_time_format_shows_nothing_rather_than_failing() -> None:
    # Django's date filter raises TypeError here, which would fail the whole page.
    assert when(dt.date(2026, 4, 3), "j F Y H:i") == ""


def test_letters_it_does_not_handle_are_left_to_django() -> None:
    moment = dt.datetime(2026, 4, 3, 13, 5, tzinfo=dt.UTC)  # 14:05 in UK summer time
    assert both("N jS P", moment)[0] == both("N jS P", moment)[1] == "April 3rd 2:05 p.m."


def test_nothing_and_not_a_date_show_as_django_shows_them() -> None:
    assert when(None, "j F Y") == ""
    assert when("", "j F Y") == ""
    ours, theirs = both("j F Y", "not a date")
    assert ours == theirs == ""
