"""Dates as people type them: 2024-03-15, 2024/3/15, 20240315."""

from __future__ import annotations

import re
from datetime import date

FIRST_YEAR, LAST_YEAR = 1900, 2100  # the years cpd evaluates: `--year`, a pack's worked cases
EARLIEST_YEAR = 1990  # no continuing-education year a person still accounts for is earlier: a typing error

_SEPARATED = re.compile(r"^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def parse_date(text: str) -> date | None:
    """The date ``text`` names, or ``None`` if it names no real date."""
    match = _SEPARATED.match(text) or _COMPACT.match(text)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


_MONTH_DAY = re.compile(r"^\s*(\d{1,2})[-/.月](\d{1,2})日?\s*$")


def parse_month_day(text: str) -> tuple[int, int] | None:
    """``12-15`` → (12, 15); ``None`` if it is not a real month and day."""
    match = _MONTH_DAY.match(text)
    if not match:
        return None
    month, day = (int(part) for part in match.groups())
    try:
        date(2024, month, day)  # a leap year, so 02-29 is allowed
    except ValueError:
        return None
    return month, day


def is_deadline(text: str) -> bool:
    """Whether ``text`` can set a deadline: a month-day for every year, or one full date."""
    return parse_month_day(text) is not None or parse_date(text) is not None


def deadline_in(year: int, setting: str | date | None, default: tuple[int, int]) -> date:
    """The deadline of ``year``: a full date applies to its own year only; a month-day to every year."""
    if isinstance(setting, date):
        if setting.year == year:
            return setting
    elif isinstance(setting, str):
        month_day = parse_month_day(setting)
        if month_day is not None:
            return _safe_date(year, *month_day)
        full = parse_date(setting)
        if full is not None and full.year == year:
            return full
    return _safe_date(year, *default)


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # 02-29 in a common year
        return date(year, month, day - 1)
