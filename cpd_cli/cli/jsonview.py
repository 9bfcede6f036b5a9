"""``--json`` renderings: the core's results as the JSON the README documents; its names are fixed."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from cpd_cli.core.career import Career
from cpd_cli.core.evaluate import ActivityResult, YearResult
from cpd_cli.core.model import Activity
from cpd_cli.core.plan import Overview
from cpd_cli.core.platform.pipeline import STAGES, Claims, Stage
from cpd_cli.jsonutil import dumps, format_decimal, hours, number, year_data
from cpd_cli.messages import note_text, step_text, warning_text


def status(view: Overview) -> dict[str, Any]:
    """The year as ``status --json`` prints it: totals, pace, room under caps, projection, each
    activity with its notes and trace, and the year's warnings."""
    result = view.result
    return {
        "year": result.year,
        "rules": result.pack.id,
        "deadline": result.deadline.isoformat(),
        "days_left": view.pace.days_left,
        "required": hours(result.required),
        "credited": hours(result.credited),
        "remaining": hours(result.remaining),
        "complete": result.complete,
        "on_pace": view.on_pace,
        "pace_per_week": hours(view.pace.per_week),
        "projected": hours(view.projected),
        "activities": [
            {**activity_result(item), "trace": [step_text(step) for step in item.trace]} for item in result.own
        ],
        "makeup": makeup(result),
        "caps": [
            {
                "rule": cap.rule.article,
                "cap": number(cap.cap),
                "base": number(cap.base),
                "credited": number(cap.credited),
            }
            for cap in result.caps
        ],
        "cap_room": [
            {
                "rule": room.rule.article,
                "cap": number(room.cap),
                "credited": number(room.credited),
                "room": number(room.room),
            }
            for room in view.rooms
        ],
        "warnings": [warning_text(warning, result.year) for warning in result.warnings],
    }


def activity_result(item: ActivityResult) -> dict[str, Any]:
    """One activity's credit, as in ``status --json`` ``activities``."""
    return {
        "id": item.activity.id,
        "kind": item.activity.kind,
        "subject": item.subject.value,
        "base": number(item.base),
        "credited": number(item.credited),
        "rule": item.rule.article,
        "route": item.route,
        "notes": [note_text(note) for note in item.notes],
    }


def activity_record(activity: Activity) -> dict[str, Any]:
    """The activity's ledger fields as JSON (dates as YYYY-MM-DD, status always present)."""
    from cpd_cli.store.ledgertext import activity_to_table

    table = activity_to_table(activity)
    table["status"] = activity.status.value
    return {key: _plain(value) for key, value in table.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):  # a float of a key cpd does not know (known amounts are numbers already)
        if not value.is_finite():
            return format_decimal(value)  # JSON has no number for nan or inf: the TOML text
        as_float = float(value)
        return as_float if math.isfinite(as_float) else int(value)  # 2.0 stays a float; past a double, exact
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


__all__ = ["activity_record", "activity_result", "dumps", "status"]


def makeup(result: YearResult) -> dict[str, Any]:
    """The ``makeup`` key of ``status --json``."""
    return {
        "credited": hours(result.makeup_credited),
        "complete_with_makeup": result.complete and not result.complete_without_makeup,
        "activities": [
            {
                **activity_result(item),
                "date": item.activity.date.isoformat(),
                "trace": [step_text(step) for step in item.trace],
            }
            for item in result.makeup
        ],
        "for_earlier_years": [
            {"id": activity.id, "date": activity.date.isoformat(), "makeup_for": activity.makeup_for}
            for activity in result.elsewhere
        ],
    }


def history(career: Career) -> list[dict[str, Any]]:
    return [year_data(year) for year in career.years]


def check_window(career: Career) -> dict[str, Any]:
    return {
        "since": career.since,
        "until": career.until,
        "ok": not career.incomplete,
        "incomplete": [year.year for year in career.incomplete],
        "years": history(career),
    }


def claims(found: Claims) -> dict[str, Any]:
    """``status --json`` ``claims``: per subject the 学时 and count at each stage; the platform's figure."""
    result: dict[str, Any] = {
        line.subject.value: {name: _stage_data(line.stage(name)) for name in STAGES} for line in found.subjects
    }
    figure = found.platform
    result["platform"] = None if figure is None else {"as_of": figure.as_of.isoformat(), **hours(figure.platform)}
    plan = found.plan
    result["needed"] = list(plan.needed) if plan else []
    result["optional"] = list(plan.optional) if plan else []
    return result


def _stage_data(stage: Stage) -> dict[str, Any]:
    return {"hours": number(stage.hours), "count": stage.activities}
