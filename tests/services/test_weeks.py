"""Week arithmetic in display zones, including DST weeks (no network)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from desktop_app.services.availability import Week


def test_week_containing_and_shift() -> None:
    week = Week.containing(date(2026, 11, 26), "Europe/Paris")  # a Thursday
    assert week.start == date(2026, 11, 23)  # Monday
    assert Week.containing(date(2026, 11, 26), "UTC", first_weekday=6).start == date(2026, 11, 22)
    assert week.shifted(1).start == date(2026, 11, 30)
    assert week.shifted(-1).days[6] == date(2026, 11, 22)
    start, end = week.utc_range()
    assert start == datetime(2026, 11, 22, 23, 0, tzinfo=UTC)
    assert (end - start).total_seconds() == 7 * 24 * 3600


def test_dst_weeks_have_23_and_25_hour_days() -> None:
    spring = Week.containing(date(2026, 3, 8), "America/New_York")
    hours = [(e - s).total_seconds() / 3600 for s, e in (spring.day_range(i) for i in range(7))]
    assert sorted(hours) == [23, 24, 24, 24, 24, 24, 24]
    fall = Week.containing(date(2026, 11, 1), "America/New_York")
    hours = [(e - s).total_seconds() / 3600 for s, e in (fall.day_range(i) for i in range(7))]
    assert sorted(hours) == [24, 24, 24, 24, 24, 24, 25]
    start, end = fall.utc_range()
    assert (end - start).total_seconds() == 169 * 3600
    # a 14:00 UTC instant on each side of the change lands on the right local day
    assert fall.day_index(datetime(2026, 11, 1, 14, tzinfo=UTC)) == 6
    assert fall.day_index(datetime(2026, 10, 26, 3, tzinfo=UTC)) is None  # Sun 25 Oct local
