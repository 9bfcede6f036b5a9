"""The year as iCalendar (RFC 5545): the deadline with alarms, and every planned activity.

Written by hand (the format is small): CRLF line ends, lines folded at 75
octets, text escaped.  UIDs are stable, so importing again updates, not
duplicates.
"""

from __future__ import annotations

from datetime import date, timedelta

from cpd_cli.core.evaluate import YearResult
from cpd_cli.core.model import Status
from cpd_cli.messages import hours

ALARMS = ("-P30D", "-P7D")


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> list[str]:
    """Split a content line into pieces of at most 75 octets, never inside a character."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not pieces else 74  # continuation lines start with a space
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return [pieces[0], *(" " + piece for piece in pieces[1:])]


def calendar(result: YearResult, stamp: date) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//cpd//continuing education ledger//ZH", "CALSCALE:GREGORIAN"]
    dtstamp = f"{stamp:%Y%m%d}T000000Z"
    left = result.remaining
    summary = f"继续教育学时截止 · CPD deadline {result.year}"
    description = (
        f"{result.pack.id} ({result.pack.document}): 还差 公需 {hours(left.public)}, 专业 {hours(left.professional)}, "
        f"合计 {hours(left.total)} 学时 (as of {stamp})"
    )
    lines += [
        "BEGIN:VEVENT",
        f"UID:cpd-deadline-{result.year}@cpd",
        f"DTSTAMP:{dtstamp}",
        f"DTSTART;VALUE=DATE:{result.deadline:%Y%m%d}",
        f"DTEND;VALUE=DATE:{result.deadline + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
    ]
    for trigger in ALARMS:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER:{trigger}",
            f"DESCRIPTION:{escape(summary)}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    for item in result.activities:
        activity = item.activity
        if activity.status is not Status.PLANNED:
            continue
        first = activity.start or activity.date
        planned_text = f"planned: {hours(item.base)} 学时 base, {item.subject.value}; cpd show {activity.id}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:cpd-activity-{activity.id}@cpd",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{activity.date + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(f'{activity.title} ({activity.kind} {item.rule.article})')}",
            f"DESCRIPTION:{escape(planned_text)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(piece + "\r\n" for line in lines for piece in fold(line))
