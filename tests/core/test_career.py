"""The title-application window, make-up study (补学, Art. 13) and the dossier summary.

Figures are worked out by hand from the Rules: 90 学时 a year, of which 30 public
and 60 professional (Art. 6); a paper in a core journal 10, at most 30 a year
(Art. 9(1)); a passed degree course 10, at most 30 a year for both subjects
together (Art. 8(6)); training its actual 学时 (Art. 8(1)).  Tests run on
2024-11-29 (the fixed clock), so 2024 is in progress and earlier years are over.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from cpd_cli.core.career import YearState, career, first_year
from cpd_cli.core.evaluate import evaluate
from cpd_cli.core.model import Activity, Ledger, Profile
from cpd_cli.core.rules import RulePack
from cpd_cli.core.validate import validate_activities
from cpd_cli.errors import LedgerError, UsageError
from cpd_cli.store import codec
from tests.conftest import Cli, act

TODAY = date(2024, 11, 29)


def training(id: int, when: str, subject: str, hours: int, **fields: object) -> Activity:
    return act(id, "training", when, subject=subject, hours=hours, **fields)


# ---------------------------------------------------------------- make-up study in the evaluator


def test_makeup_counts_toward_its_year_and_never_toward_its_own(pack: RulePack) -> None:
    """2023's own 30 public + 10 professional leave 50 professional short; 50 professional of
    training dated 2024 and made up for 2023 bring it to 30 + 60 = 90: complete, with make-up.
    2024 sees nothing of it: 0 credited."""
    activities = [
        training(1, "2023-03-01", "public", 30),
        training(2, "2023-04-01", "professional", 10),
        training(3, "2024-03-01", "professional", 50, makeup_for=2023),
    ]
    validate_activities(activities, pack)
    year_2023 = evaluate(activities, pack, 2023)
    assert (year_2023.credited.public, year_2023.credited.professional) == (30, 60)
    assert year_2023.complete and not year_2023.complete_without_makeup
    assert [item.activity.id for item in year_2023.own] == [1, 2]
    assert [item.activity.id for item in year_2023.makeup] == [3]
    assert year_2023.makeup_credited.total == 50
    year_2024 = evaluate(activities, pack, 2024)
    assert year_2024.credited.total == 0 and year_2024.activities == ()
    assert [activity.id for activity in year_2024.elsewhere] == [3]


def test_makeup_shares_the_years_caps_after_its_own_activities(pack: RulePack) -> None:
    """Art. 9(1): 10 a paper, 30 a year.  2023's own two papers take 20; the first make-up paper
    gets the 10 left, the second nothing (30 − 20 − 10 = 0)."""
    activities = [
        act(1, "paper", "2023-02-01"),
        act(2, "paper", "2023-05-01"),
        act(3, "paper", "2024-01-10", makeup_for=2023),
        act(4, "paper", "2024-02-10", makeup_for=2023),
    ]
    result = evaluate(activities, pack, 2023)
    assert {item.activity.id: item.credited for item in result.activities} == {1: 10, 2: 10, 3: 10, 4: 0}
    assert [(cap.rule.article, cap.base, cap.credited) for cap in result.caps if cap.rule.kind == "paper"] == [
        ("9(1)", 40, 30)
    ]


def test_own_degree_courses_take_the_mixed_cap_before_makeup_courses(pack: RulePack) -> None:
    """Art. 8(6): 10 a course, 30 a year for both subjects.  2023's own: 25 public of training
    and three public courses; make-up: three professional courses.  Filled in one pass toward
    the subject more short, professional (60 short against 5) would take the room first.  The
    year's own courses keep the room first: 3 × 10 = 30 public, so the make-up courses get 0."""
    activities = [
        training(1, "2023-01-10", "public", 25),
        *(act(id, "degree-course", f"2023-0{id}-01", subject="public") for id in (2, 3, 4)),
        *(act(id, "degree-course", f"2024-0{id - 3}-01", subject="professional", makeup_for=2023) for id in (5, 6, 7)),
    ]
    result = evaluate(activities, pack, 2023)
    assert {item.activity.id: item.credited for item in result.activities} == {
        1: 25, 2: 10, 3: 10, 4: 10, 5: 0, 6: 0, 7: 0,
    }  # fmt: skip


def test_makeup_for_must_name_an_earlier_year(pack: RulePack) -> None:
    for target in (2024, 2025):
        with pytest.raises(LedgerError, match="must be for a year before 2024") as error:
            validate_activities([act(1, "paper", "2024-03-01", makeup_for=target)], pack)
        assert "activity #1, field 'makeup_for'" in str(error.value)
    with pytest.raises(LedgerError, match="from 1990 on"):
        validate_activities([act(1, "paper", "2024-03-01", makeup_for=1989)], pack)
    with pytest.raises(LedgerError, match="whole number"):
        act(1, "paper", "2024-03-01", makeup_for="2023")


def test_makeup_for_and_since_survive_a_round_trip() -> None:
    ledger = codec.loads('[profile]\nsince = 2019\n\n[[activity]]\nid = 1\nkind = "paper"\ntitle = "p"\n'
                         "date = 2024-03-01\nmakeup_for = 2023\n")  # fmt: skip
    assert ledger.profile.since == 2019 and ledger.activities[0].makeup_for == 2023
    text = codec.dumps(ledger)
    assert "since = 2019" in text and "makeup_for = 2023" in text
    assert codec.loads(text) == ledger
    for bad in ('"2019"', "1989", "true"):
        with pytest.raises(LedgerError, match="profile, field 'since'"):
            codec.loads(f"[profile]\nsince = {bad}\n")


# ---------------------------------------------------------------- the window


def test_the_window_holds_every_year_with_its_state(pack: RulePack) -> None:
    """2021 complete (30 + 60); 2022 nothing; 2023 30 public only; 2024 (this year) in progress."""
    ledger = Ledger(
        activities=(
            training(1, "2021-03-01", "public", 30),
            training(2, "2021-04-01", "professional", 60),
            training(3, "2023-04-01", "public", 30),
        )
    )
    window = career(ledger, pack, TODAY)
    assert (window.since, window.until) == (2021, 2024)
    assert [(year.year, year.state) for year in window.years] == [
        (2021, YearState.COMPLETE),
        (2022, YearState.INCOMPLETE),
        (2023, YearState.INCOMPLETE),
        (2024, YearState.IN_PROGRESS),
    ]
    assert [year.year for year in window.incomplete] == [2022, 2023]
    assert window.years[2].result.remaining.professional == 60
    assert [year.year for year in career(ledger, pack, TODAY, since=2019).years][:3] == [2019, 2020, 2021]


def test_a_units_earlier_deadline_does_not_make_the_year_due_for_makeup(pack: RulePack) -> None:
    """Art. 13 speaks of make-up study for a year not completed; the year runs to 31 December (Art. 7's
    calendar year), whatever date a unit sets for its own checks. With the unit's date 12-15 and today
    2024-12-20, 2024 (30 public, nothing professional) is still in progress; on 2025-01-01 it is incomplete."""
    ledger = Ledger(profile=Profile(deadline="12-15"), activities=(training(1, "2024-03-01", "public", 30),))
    assert career(ledger, pack, date(2024, 12, 20)).years[-1].state is YearState.IN_PROGRESS
    assert career(ledger, pack, date(2025, 1, 1)).years[0].state is YearState.INCOMPLETE


def test_check_says_behind_not_makeup_due_before_the_year_ends(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from cpd_cli.cli import context

    cli("profile", "set", "deadline", "12-15")
    cli("add", "training", "-t", "公需", "-s", "public", "--hours", "30", "-d", "2024-03-01")
    monkeypatch.setattr(context, "today", lambda: date(2024, 12, 20))  # after the unit's date, before 31 December
    assert json.loads(cli("check", "--year", "2024", "--json").stdout)["state"] == "behind"
    monkeypatch.setattr(context, "today", lambda: date(2025, 1, 2))
    assert json.loads(cli("check", "--year", "2024", "--json").stdout)["state"] == "make-up due"


def test_where_the_window_opens() -> None:
    empty = Ledger()
    assert first_year(empty, None, TODAY) == 2024
    assert first_year(Ledger(profile=Profile(since=2019)), None, TODAY) == 2019
    assert first_year(Ledger(profile=Profile(since=2019)), 2020, TODAY) == 2020  # the option wins
    with pytest.raises(UsageError, match="--since: 2025 is in the future"):
        first_year(empty, 2025, TODAY)
    with pytest.raises(UsageError, match="--since: 1989 is before 1990"):
        first_year(empty, 1989, TODAY)
    with pytest.raises(LedgerError, match=r"profile, field 'since'.*2030 is in the future"):
        first_year(Ledger(profile=Profile(since=2030)), None, TODAY)


# ---------------------------------------------------------------- through the CLI


def add(cli: Cli, *args: str) -> Any:
    result = cli("add", *args)
    assert result.exit_code == 0, result.output
    return result


def career_ledger(cli: Cli) -> None:
    """2021 complete, nothing in 2022, 2023 with 30 public and 10 professional (50 short)."""
    add(cli, "training", "-t", "公需课 2021", "-s", "public", "--hours", "30", "-d", "2021-03-01")
    add(cli, "training", "-t", "专业课 2021", "-s", "professional", "--hours", "60", "-d", "2021-04-01")
    add(cli, "training", "-t", "公需课 2023", "-s", "public", "--hours", "30", "-d", "2023-03-01")
    add(cli, "paper", "-t", "论文 2023", "-d", "2023-05-01")


def test_done_when(cli: Cli) -> None:
    career_ledger(cli)
    data = json.loads(cli("history", "--json").stdout)
    assert [(y["year"], y["state"], y["complete"], y["credited"]["total"]) for y in data] == [
        (2021, "complete", True, 90),
        (2022, "incomplete", False, 0),
        (2023, "incomplete", False, 40),
        (2024, "in-progress", False, 0),
    ]
    assert data[1] == {
        "year": 2022,
        "rules": "jiangxi-2023",
        "credited": {"total": 0, "public": 0, "professional": 0},
        "remaining": {"total": 90, "public": 30, "professional": 60},
        "complete": False,
        "makeup": {"total": 0, "public": 0, "professional": 0},
        "state": "incomplete",
    }
    text = cli("history").stdout
    assert "2022" in text and "2021–2023: 1 of 3 years complete; 2022 and 2023 need make-up study" in text

    checked = cli("check", "--since", "2021")
    assert checked.exit_code == 1
    lines = checked.stdout.splitlines()
    assert lines[0].startswith("✗ 2022: incomplete: 公需 30 · 专业 60 short")
    assert lines[1].startswith("✗ 2023: incomplete: 专业 50 short")
    assert json.loads(cli("check", "--since", "2021", "--json").stdout)["incomplete"] == [2022, 2023]

    # 50 professional made up in 2024 for 2023: 2023 reaches 30 + 60, 2024 does not see it
    added = add(cli, "training", "-t", "补学 2023", "-s", "professional", "--hours", "50", "-d", "2024-03-01",
        "--makeup-for", "2023")  # fmt: skip
    assert "#5 training 2024-03-01: 50 学时 base, 50 credited, make-up study (补学) for 2023" in added.stdout
    data = {y["year"]: y for y in json.loads(cli("history", "--json").stdout)}
    assert data[2023]["state"] == "complete-with-makeup" and data[2023]["complete"] is True
    assert data[2023]["makeup"] == {"total": 50, "public": 0, "professional": 50}
    assert data[2024]["credited"]["total"] == 0
    year_2024 = json.loads(cli("status", "--year", "2024", "--json").stdout)
    assert year_2024["credited"]["total"] == 0 and year_2024["activities"] == []
    assert year_2024["makeup"]["for_earlier_years"] == [{"id": 5, "date": "2024-03-01", "makeup_for": 2023}]
    year_2023 = json.loads(cli("status", "--year", "2023", "--json").stdout)
    assert [a["id"] for a in year_2023["activities"]] == [3, 4]
    assert [a["id"] for a in year_2023["makeup"]["activities"]] == [5]
    assert year_2023["makeup"]["complete_with_makeup"] is True
    checked = cli("check", "--since", "2021")
    assert checked.exit_code == 1 and "2022" in checked.stdout and "✗ 2023" not in checked.stdout

    page = cli("export", "--since", "2021", "--format", "html").stdout
    assert page.count("<table>") == 1 and page.count("<h2>") == 1  # the years in one table, kept on one page
    assert "section { page-break-inside: avoid; break-inside: avoid; }" in page
    assert "<section><h2>" in page and "</table>\n</section>" in page
    assert "<link" not in page and "src=" not in page  # self-contained
    rows = page.split("<tbody>")[1]
    assert [year in rows for year in ("2021", "2022", "2023", "2024")] == [True] * 4
    assert "合格（含补学 50 学时）" in rows


def test_status_lists_makeup_apart_and_explains_the_own_year(cli: Cli) -> None:
    career_ledger(cli)
    add(cli, "training", "-t", "补学 2023", "-s", "professional", "--hours", "50", "-d", "2024-03-01",
        "--makeup-for", "2023")  # fmt: skip
    out = " ".join(cli("status", "--year", "2023").stdout.split())
    assert "Make-up study for 2023 (补学, Art. 13), counted after the year's own: #5 2024-03-01" in out
    assert "2023: complete with make-up ✓" in out
    out = " ".join(cli("status", "--year", "2024", "--explain").stdout.split())
    assert "#5 dated 2024-03-01, is make-up study for 2023 (补学, Art. 13): it counts there, not in 2024" in out
    out = " ".join(cli("--lang", "zh", "history").stdout.split())
    assert "经补学完成 ✓（补学 50）" in out and "2022年度需补学（第13条）" in out


def test_the_dossier_in_every_format(cli: Cli) -> None:
    career_ledger(cli)
    assert cli("profile", "set", "name", "=张三").exit_code == 0
    assert cli("profile", "set", "unit", "洪州学院").exit_code == 0
    md = cli("export", "--since", "2021").stdout
    assert "| 年度 | 公需 public | 专业 professional | 合计 total | 是否合格 / 补学 complete / make-up |" in md
    assert "| 2022 | 0 / 30 | 0 / 60 | 0 / 90 | 不合格，差 公需 30 · 专业 60，需补学 incomplete: make-up due |" in md
    assert "姓名 name: =张三 · 单位 unit: 洪州学院" in md and "规则 rules: jiangxi-2023" in md
    csv_bytes = cli("export", "--since", "2021", "--format", "csv").stdout_bytes
    assert csv_bytes.startswith("\ufeff".encode()) == (sys.platform != "win32")  # a Windows pipe: its code page
    lines = csv_bytes.decode("utf-8-sig").split("\r\n")
    assert (
        lines[2]
        == "2022,0,0,0,0,incomplete,不合格，差 公需 30 · 专业 60，需补学 incomplete: make-up due,'=张三,洪州学院,jiangxi-2023"
    )
    assert cli("profile", "set", "unit", "<洪州学院>").exit_code == 0
    page = cli("export", "--since", "2021", "--format", "html").stdout
    assert "&lt;洪州学院&gt;" in page and "<洪州学院>" not in page
    data = json.loads(cli("export", "--since", "2021", "--format", "json").stdout)
    assert data["profile"] == {"name": "=张三", "unit": "<洪州学院>"} and data["incomplete"] == [2022, 2023]
    assert [y["year"] for y in data["years"]] == [2021, 2022, 2023, 2024]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["profile", "set", "since", "2030"], "VALUE: 2030 is in the future (this year is 2024)"),
        (["profile", "set", "since", "1980"], "VALUE: 1980 is before 1990"),
        (["profile", "set", "since", "nineteen"], "VALUE: 'nineteen' is not a year like 2023"),
        (["add", "paper", "-t", "p", "-d", "2024-03-01", "--makeup-for", "2024"], "must be for a year before 2024"),
        (["add", "paper", "-t", "p", "-d", "2024-03-01", "--makeup-for", "2025"], "must be for a year before 2024"),
        (["add", "paper", "-t", "p", "-d", "2024-03-01", "--makeup-for", "last"], "'last' is not a year like 2023"),
        (["edit", "1", "--makeup-for", "2024"], "must be for a year before 2024"),
        (["history", "--since", "2025"], "--since: 2025 is in the future"),
        (["check", "--since", "1989"], "--since: 1989 is before 1990"),
        (["check", "--since", "2021", "--year", "2023"], "give --year or --since, not both"),
        (["export", "--since", "2021", "--format", "ics"], "--format ics does not apply"),
        (["export", "--since", "2021", "--bundle", "x.zip"], "--bundle does not apply"),
    ],
)
def test_bad_input_is_one_line_and_leaves_the_ledger_alone(cli: Cli, args: list[str], message: str) -> None:
    add(cli, "paper", "-t", "p", "-d", "2024-03-01")
    before = cli.ledger.read_bytes()
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert cli.ledger.read_bytes() == before


def test_a_since_in_the_ledger_is_checked_where_it_is_used(cli: Cli, ledger_path: Path) -> None:
    ledger_path.parent.mkdir(parents=True, exist_ok=True)
    ledger_path.write_text("[profile]\nsince = 2030\n", encoding="utf-8")
    result = cli("history")
    assert result.exit_code == 3 and "profile, field 'since': 2030 is in the future" in result.stderr
    ledger_path.write_text("[profile]\nsince = 2022\n", encoding="utf-8")
    assert [y["year"] for y in json.loads(cli("history", "--json").stdout)] == [2022, 2023, 2024]
    assert cli("profile", "set", "since", "2023年").exit_code == 0
    assert json.loads(cli("profile", "--json").stdout)["since"] == 2023


def test_complete_hours_are_decimal_exact(pack: RulePack) -> None:
    """100 minutes → 2.2 学时 (cut down, Art. 7); 2023's own 29.8 public + make-up 0.2 = 30.0 exactly."""
    activities = [
        training(1, "2023-03-01", "public", D("29.8")),
        training(2, "2023-04-01", "professional", 60),
        training(3, "2024-01-05", "public", D("0.2"), makeup_for=2023),
    ]
    result = evaluate(activities, pack, 2023)
    assert result.credited.public == D("30.0") and result.complete and not result.complete_without_makeup
