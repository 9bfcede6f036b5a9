"""Dates as people type them: 2024-03-15, 2024/3/15, 20240315."""

from __future__ import annotations

import re
from datetime import date

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
