"""`cpd add` at a terminal and without one: what it asks, how it checks each answer, what it says it did."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal

import pytest

from cpd_cli.cli import activityinput
from cpd_cli.core.typed import time_answer
from cpd_cli.errors import UsageError
from tests.conftest import Cli


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(activityinput, "interactive", lambda: True)


def entries(cli: Cli) -> list[dict[str, object]]:
    activities: list[dict[str, object]] = tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"]
    return activities


def test_without_a_date_the_line_printed_names_today(cli: Cli) -> None:
    result = cli("add", "paper", "--title", "X")  # the test clock reads 2024-11-29
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("#1 paper 2024-11-29: 10 学时 base, 10 credited")
    assert "no --date given: dated today, 2024-11-29" in result.stderr


def test_with_a_date_no_word_about_today(cli: Cli) -> None:
    result = cli("add", "paper", "--title", "X", "--date", "2024-03-15")
    assert result.stdout.startswith("#1 paper 2024-03-15: ") and "today" not in result.stderr


def test_the_date_is_asked_with_today_offered(cli: Cli, terminal: None) -> None:
    result = cli("add", "paper", "--title", "X", input="\n\n")  # Enter takes today, Enter confirms
    assert result.exit_code == 0, result.output
    assert "Date (日期), e.g. 2024-03-15 [2024-11-29]:" in result.output
    assert "dated 2024-11-29, counting toward 2024? [Y/n]" in result.output
    assert entries(cli)[0]["date"].isoformat() == "2024-11-29"  # type: ignore[attr-defined]


def test_a_bad_answer_is_asked_again_at_once_and_nothing_typed_is_lost(cli: Cli, terminal: None) -> None:
    answers = ["网络培训", "2024-02-30", "2024-02-03", "gongxu", "公需", "many", "6", "y"]
    result = cli("add", "training", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Error: --date: '2024-02-30' is not a date" in out
    assert "Error: --subject: 'gongxu' is not public (公需) or professional (专业)" in out
    assert "Error: 'many' is not a time" in out
    # the subject is asked again right after the bad answer, before the time is asked
    assert out.index("'gongxu'") < out.index("学时 (or minutes")
    assert "Add training “网络培训”, dated 2024-02-03, counting toward 2024?" in out
    entry = entries(cli)[0]
    assert (entry["title"], entry["subject"], entry["hours"]) == ("网络培训", "public", 6)


def test_the_conference_prompt_takes_days(cli: Cli, terminal: None) -> None:
    result = cli("add", "conference", "--title", "年会", "--date", "2024-05-11", input="2天\n\ny\n")
    assert result.exit_code == 0, result.output
    assert "Start date (开始时间) of these 2 days [2024-05-10]" in result.output  # a multi-day activity's start
    assert entries(cli)[0]["days"] == 2 and entries(cli)[0]["start"] == date(2024, 5, 10)
    # 8(5): 2 days × 8 学时 (Art. 7) = 16, capped at 10 a year
    assert "16 学时 base, 10 credited" in result.stdout


def test_the_start_of_a_multi_day_activity_can_be_answered(cli: Cli, terminal: None) -> None:
    result = cli("add", "conference", "--title", "年会", "--date", "2024-05-11", input="3 days\n2024-05-08\ny\n")
    assert result.exit_code == 0, result.output
    assert entries(cli)[0]["start"] == date(2024, 5, 8)


def test_saying_no_to_the_confirmation_changes_nothing(cli: Cli, terminal: None) -> None:
    result = cli("add", "paper", "--title", "X", input="2023-06-01\nn\n")
    assert result.exit_code == 7 and not cli.ledger.exists()
    assert "counting toward 2023" in result.output


def test_given_everything_at_a_terminal_nothing_is_asked(cli: Cli, terminal: None) -> None:
    result = cli("add", "paper", "--title", "X", "--date", "2024-01-02")
    assert result.exit_code == 0 and "?" not in result.output


def test_prompts_in_chinese(cli: Cli, terminal: None) -> None:
    result = cli(
        "--lang", "zh", "add", "training", "--title", "网络培训", input="2024-03-01\ngongxu\n专业\n90 分钟\n\n"
    )
    assert result.exit_code == 0, result.output
    assert "错误：--subject：" in result.output and "日期（如 2024-03-15）" in result.output
    assert "添加 training“网络培训”，日期 2024-03-01，计入 2024 年度？" in result.output
    assert entries(cli)[0]["minutes"] == 90


@pytest.mark.parametrize(
    ("text", "field", "amount"),
    [
        ("6", "hours", "6"),
        ("6 学时", "hours", "6"),
        ("2.5h", "hours", "2.5"),
        ("90 min", "minutes", "90"),
        ("90分钟", "minutes", "90"),
        ("2 days", "days", "2"),
        ("2天", "days", "2"),
        (" 1 DAY ", "days", "1"),
    ],
)
def test_time_answers(text: str, field: str, amount: str) -> None:
    assert time_answer(text) == (field, Decimal(amount))


@pytest.mark.parametrize("text", ["", "two days", "2 weeks", "2 天 3", "-1 day", "0"])
def test_time_answers_refused(text: str) -> None:
    with pytest.raises(UsageError):
        time_answer(text)


def test_a_choice_is_asked_in_the_language_and_taken_in_chinese(cli: Cli, terminal: None) -> None:
    result = cli("--lang", "zh", "add", "exam", "--title", "职称考试", input="2024-06-01\n专家\n中级\n\n")
    assert result.exit_code == 0, result.output
    assert "级别（初级 | 中级 | 高级）：" in result.output and "错误：--level：'专家'" in result.output
    assert entries(cli)[0]["level"] == "intermediate"
    english = cli("add", "exam", "--title", "x", input="2024-06-01\nsenior\n\n").output
    assert "Level (级别): junior (初级) | intermediate (中级) | senior (高级): " in english
