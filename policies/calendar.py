"""Date arithmetic for windows, coverage years and benefit start (rulings R1, R2, R3, R6)."""

from __future__ import annotations

import datetime as _dt


def shift_years(day: _dt.date, years: int) -> _dt.date:
    """The same month-day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: _dt.date, months: int) -> _dt.date:
    """The first day of the month ``months`` after the month of ``day`` (day must be a 1st)."""
    index = day.year * 12 + day.month - 1 + months
    return _dt.date(index // 12, index % 12 + 1, 1)


def first_of_next_month(day: _dt.date) -> _dt.date:
    return add_months(day.replace(day=1), 1)


def age_on(birth: _dt.date, day: _dt.date) -> int:
    """周岁 on ``day`` (R1)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def period_for(held: dict, held_year: int, coverage_year: int) -> dict:
    """A window or 补缴期 for ``coverage_year``: held dates shifted by whole years (R3)."""
    shift = coverage_year - held_year
    out = dict(held)
    out["start"] = shift_years(held["start"], shift)
    out["end"] = shift_years(held["end"], shift)
    return out


def zh(day: _dt.date) -> str:
    """A date as Chinese text says it: 2025年9月1日 (fields stay ISO; sentences use this)."""
    return f"{day.year}年{day.month}月{day.day}日"
