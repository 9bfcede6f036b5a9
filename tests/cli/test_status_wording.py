"""What ``cpd status`` says at the edges: the ways to close a gap, plurals, the deadline
and a unit's earlier one, planned activities of a year that is over."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest

from cpd_cli.cli import context
from cpd_cli.core.evaluate import evaluate
from cpd_cli.core.plan import overview, suggestions
from cpd_cli.core.rules import RulePack
from tests.conftest import Cli, act


def flat(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------ ways to close the gap


def test_what_can_still_be_done_comes_before_what_to_record(pack: RulePack) -> None:
    """Nothing yet: 60 professional short.  Time-based kinds first — uncapped training and
    program, then by the room each leaves toward 60: visit 30, talk 20, unit-training 10,
    conference 10 — then the results to record: award 60, project 30, paper 30, book 30,
    degree-course 30, patent 10, and exam (uncapped) first among those."""
    professional = [s.rule.kind for s in suggestions(evaluate([], pack, 2024)) if s.subject.value == "professional"]
    assert professional[:6] == ["training", "program", "visit", "talk", "unit-training", "conference"]
    assert professional[6:] == ["exam", "award", "degree-course", "paper", "book", "project", "patent"]


def test_a_national_award_never_pushes_a_training_off_the_list(cli: Cli) -> None:
    """A provincial award (40) leaves 20 professional short; the award's room (20) once came
    before the trainings' in the four lines shown."""
    cli("add", "award", "-t", "省奖", "-d", "2024-03-01", "--level", "provincial")
    out = flat(cli("status", "--year", "2024").stdout)
    professional = out[out.index("专业 professional 20 short:") :]
    assert professional.index("8(1) training") < professional.index("9(5) award")
    assert "if you have done any of these, record them:" in professional
    lines = professional[: professional.index("if you have done")]
    assert "8(1) training" in lines and "8(4) visit" in lines and "9(5) award" not in lines


# ------------------------------------------------------------ plurals and the deadline


@pytest.fixture
def on(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def set_today(when: str) -> None:
        monkeypatch.setattr(context, "today", lambda: date.fromisoformat(when))

    return set_today


def test_one_day_is_one_day(cli: Cli, on) -> None:  # type: ignore[no-untyped-def]
    on("2024-12-30")
    cli("add", "paper", "-t", "论文", "-d", "2024-03-01")
    out = flat(cli("status", "--year", "2024").stdout)
    assert "deadline 2024-12-31 · 1 day left" in out and "1 days" not in out
    assert "for 1 day" in out and "for 1 days" not in out
    assert "80 to go, 1 day to 2024-12-31" in flat(cli().stdout)


def test_no_pace_for_0_days_on_the_deadline(cli: Cli, on) -> None:  # type: ignore[no-untyped-def]
    on("2024-12-31")
    out = flat(cli("status", "--year", "2024").stdout)
    assert "deadline 2024-12-31 · today" in out
    assert "for 0 days" not in out and "needed by today, the deadline: 90 学时 (公需 30, 专业 60)" in out


def test_a_units_earlier_deadline_passes_but_the_year_runs_on(cli: Cli) -> None:
    """The clock says 2024-11-29; the unit's date is 11-15, the year's 31 December: 32 days on."""
    assert cli("profile", "set", "deadline", "11-15").exit_code == 0
    out = flat(cli("status", "--year", "2024").stdout)
    assert "your unit's deadline 2024-11-15 has passed; the year still runs to 2024-12-31 (32 days left)" in out
    assert "补学" not in out


def test_make_up_study_is_due_once_the_year_is_over(cli: Cli) -> None:
    assert cli("profile", "set", "deadline", "11-15").exit_code == 0
    out = flat(cli("status", "--year", "2023").stdout)
    assert "deadline 2023-11-15 passed · make-up study (补学) is due (Art. 13)" in out


# ------------------------------------------------------------ planned activities of a year that is over


def test_planned_activities_of_a_past_year_are_not_projected(pack: RulePack) -> None:
    activities = [act(1, "paper", "2023-06-01", status="planned"), act(2, "paper", "2024-06-01", status="planned")]
    past = overview(activities, pack, 2023, date(2024, 11, 29))
    assert not past.has_planned and past.projected.total == D(0)
    this = overview(activities, pack, 2024, date(2024, 11, 29))
    assert this.has_planned and this.projected.total == D(10)


def test_status_of_a_past_year_shows_no_projection(cli: Cli) -> None:
    cli("add", "paper", "-t", "计划", "-d", "2023-06-01", "--status", "planned")
    assert "with planned" not in cli("status", "--year", "2023").stdout
    data = json.loads(cli("status", "--year", "2023", "--json").stdout)
    assert data["projected"]["total"] == 0
