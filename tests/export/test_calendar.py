"""``cpd export --format ics``: the calendar of deadlines and planned activities."""

from __future__ import annotations

from tests.conftest import Cli
from tests.helpers import add


def test_calendar(cli: Cli) -> None:
    add(
        cli,
        "exam",
        "--title",
        "高级, 考试; 计划",
        "--level",
        "senior",
        "--date",
        "2024-12-20",
        "--start",
        "2024-12-19",
        "--status",
        "planned",
    )
    add(cli, "paper", "--title", "done", "--date", "2024-03-01")
    text = cli("export", "--format", "ics").stdout_bytes.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "DTSTART;VALUE=DATE:20241231" in lines and "TRIGGER:-P30D" in lines and "TRIGGER:-P7D" in lines
    assert "UID:cpd-activity-1@cpd" in lines and "UID:cpd-activity-2@cpd" not in lines
    assert "DTSTART;VALUE=DATE:20241219" in lines and "DTEND;VALUE=DATE:20241221" in lines
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:高级\\, 考试\\; 计划 (exam 8(7))" in unfolded
