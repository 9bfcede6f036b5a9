"""JSON numbers from exact Decimals, shared by every JSON output."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cpd_cli.core.career import CareerYear
from cpd_cli.core.evaluate import Hours


def number(value: Decimal) -> int | float:
    """A JSON number: whole figures as integers, one-decimal figures as 2.2."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)  # one decimal place: the shortest repr is the exact text


def format_decimal(value: Decimal) -> str:
    """A number as TOML writes it: ``nan``, ``inf``, ``-inf``, or its exact digits."""
    if value.is_nan():
        return "nan"
    if value.is_infinite():
        return "-inf" if value.is_signed() else "inf"
    return str(value)


def hours(value: Hours) -> dict[str, int | float]:
    return {"total": number(value.total), "public": number(value.public), "professional": number(value.professional)}


def year_data(year: CareerYear) -> dict[str, Any]:
    """One year as ``history --json`` prints it, and the dossier's JSON lists it; its names are fixed."""
    result = year.result
    return {
        "year": result.year,
        "rules": result.pack.id,
        "credited": hours(result.credited),
        "remaining": hours(result.remaining),
        "complete": year.state.complete,
        "makeup": hours(year.makeup),
        "state": year.state.value,
    }


def dumps(data: Any) -> str:
    import json  # only when JSON is printed

    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)  # NaN is not JSON: never print it
