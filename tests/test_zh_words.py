"""The Chinese interface in Chinese: rule values, lists, show's fields, undo's summaries, problems."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cpd_cli import i18n
from cpd_cli.cli.careerview import years_text
from tests.conftest import Cli

PLATFORM = Path(__file__).parent / "data" / "platform"


@pytest.fixture
def reconciled(cli: Cli) -> Cli:
    """The platform fixture's ledger with its 2024 table taken in (platform_* fields set), in Chinese."""
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(PLATFORM / "ledger.toml", cli.ledger)
    result = cli("--lang", "zh", "reconcile", str(PLATFORM / "2024.html"), "--year", "2024", "--apply")
    assert result.exit_code == 0, result.output
    return cli


def test_a_list_is_joined_one_way_in_each_language() -> None:
    i18n.use("zh")
    try:
        assert i18n.listed(["2022", "2023", "2025"]) == "2022、2023、2025"
        assert years_text([2022, 2023, 2025]) == "2022、2023、2025"  # not "2022，2023、2025"
    finally:
        i18n.use("en")
    assert i18n.listed(["a", "b"]) == "a, b"
    assert years_text([2022, 2023, 2025]) == "2022, 2023 and 2025"


def test_rules_name_levels_types_and_roles_by_the_packs_chinese_labels(cli: Cli) -> None:
    shown = cli("--lang", "zh", "rules").stdout
    for label in ("初级 10", "中级 20", "高级 30", "发明专利 5", "实用新型专利 3", "独著 20", "国家级 30"):
        assert label in shown, label
    for word in ("junior", "invention", "utility", "sole", "national", "municipal"):
        assert word not in shown, word
    english = cli("rules").stdout
    assert "junior 10, intermediate 20, senior 30" in english


def test_show_names_the_platform_fields_in_chinese(reconciled: Cli) -> None:
    shown = reconciled("--lang", "zh", "show", "1").stdout
    assert "platform_" not in shown
    assert "平台学时" in shown and "平台状态" in shown and "平台数据日期" in shown
    line = next(line for line in shown.splitlines() if line.startswith("平台状态"))
    assert "审核通过" in line and "approved" not in line


def test_undo_says_a_reconcile_in_chinese(reconciled: Cli) -> None:
    """A change is summed up in the journal in the language of the session that made it."""
    undone = reconciled("--lang", "zh", "undo").stdout
    assert undone.startswith("已撤销：核对 2024 年：更新 6 项，新增 3 项，清除 0 项"), undone


def test_undo_says_a_chinese_sessions_changes_in_chinese(cli: Cli) -> None:
    cli("--lang", "zh", "add", "paper", "--title", "论文", "--date", "2024-05-01")
    cli("--lang", "zh", "mark", "1", "declared")
    assert "标记 #1 已完成 → 已申报" in cli("--lang", "zh", "undo").stdout
    assert "添加 #1 paper“论文”" in cli("--lang", "zh", "undo").stdout


def test_problem_lists_name_the_title_beside_the_id(cli: Cli) -> None:
    cli("add", "paper", "--title", "深度学习应用", "--date", "2024-05-01")
    assert "#1 深度学习应用：没有佐证材料文件" in cli("--lang", "zh", "check", "--year", "2024").stdout
    exported = cli("--lang", "zh", "export", "--year", "2024").stdout
    problems = exported.split("## 问题 · problems", 1)[1]
    assert "- #1 深度学习应用：无佐证材料" in problems


@pytest.mark.parametrize("typed", ["2024", "２０２４", "二〇二四", "二零二四年"])
def test_a_year_is_taken_as_people_write_it(cli: Cli, typed: str) -> None:
    cli("add", "paper", "--title", "论文", "--date", "2024-05-01")
    result = cli("--lang", "zh", "list", "--year", typed)
    assert result.exit_code == 0, result.output
    assert "论文" in result.stdout


@pytest.mark.parametrize(
    "command", [["status", "--year"], ["check", "--since"], ["export", "--since"], ["reconcile", "x.txt", "--year"]]
)
def test_a_year_out_of_range_is_refused_in_chinese(cli: Cli, command: list[str]) -> None:
    result = cli("--lang", "zh", *command, "3000")
    assert result.exit_code == 2
    assert "不是 1900 至 2100 之间的年份" in result.stderr and "integer" not in result.stderr


def test_help_names_its_placeholders_in_chinese(cli: Cli) -> None:
    assert cli("--lang", "zh", "--help").stdout.startswith("用法：cpd [选项] [命令] [参数]...")
    shown = cli("--lang", "zh", "edit", "--help").stdout
    assert shown.startswith("用法：cpd edit [选项] 编号") and "--title 文本" in shown and "--date 日期" in shown
    for placeholder in ("[OPTIONS]", "TEXT", "DATE", "PATH", "YEAR", "INTEGER"):
        assert placeholder not in shown, placeholder
    assert cli("edit", "--help").stdout.startswith("Usage: cpd edit [OPTIONS] ID")


@pytest.mark.parametrize("typed", ["1", "#1", "１"])
def test_an_id_is_taken_as_list_shows_it(cli: Cli, typed: str) -> None:
    cli("add", "paper", "--title", "论文", "--date", "2024-05-01")
    result = cli("show", typed)
    assert result.exit_code == 0 and result.stdout.startswith("#1 论文")


def test_a_bad_id_is_refused_in_chinese(cli: Cli) -> None:
    result = cli("--lang", "zh", "show", "x")
    assert result.exit_code == 2
    assert "'x' 不是活动编号" in result.stderr and "integer" not in result.stderr
