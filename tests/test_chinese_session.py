"""A Chinese session reads as Chinese; help fits 80 columns; check's marks; completion; profile."""

from __future__ import annotations

import locale
import re
import subprocess
import sys
import unicodedata

import pytest

from cpd_cli.cli import complete
from cpd_cli.cli.commands import COMMANDS
from cpd_cli.cli.helpformat import fill, width
from cpd_cli.core import vocabulary
from cpd_cli.core.fieldtypes import STATUS
from cpd_cli.core.model import Status
from tests.conftest import Cli

# English words that may stay in Chinese output: the ledger's ids a person types (kinds,
# `cpd mark N done`), option names, file names, the rule pack's id.
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def english_words(text: str, allowed: set[str]) -> set[str]:
    return {word for word in ENGLISH_WORD.findall(text) if word not in allowed}


@pytest.fixture
def year(cli: Cli) -> Cli:
    cli("add", "training", "--title", "网络培训", "--subject", "public", "--hours", "30", "--date", "2024-03-01")
    cli("add", "training", "--title", "专业培训", "--subject", "professional", "--hours", "60", "--date", "2024-04-01")
    cli("add", "patent", "--title", "专利", "--type", "invention", "--date", "2024-05-01", "--status", "planned")
    return cli


def test_show_in_chinese(year: Cli) -> None:
    shown = year("--lang", "zh", "show", "3").stdout
    for label, value in [
        ("类别", "专利、软件著作权 patent"),
        ("日期", "2024-05-01"),
        ("状态", "计划中"),
        ("类型", "发明专利"),
    ]:
        assert re.search(rf"^{label}\s+{re.escape(value)}", shown, re.M), (label, shown)
    assert english_words(shown, {"patent", "invention"}) == set(), shown
    shown = year("--lang", "zh", "show", "1").stdout
    assert re.search(r"^科目\s+公需科目", shown, re.M) and re.search(r"^状态\s+已完成", shown, re.M)
    assert english_words(shown, {"training"}) == set(), shown
    english = year("show", "1").stdout
    assert re.search(r"^subject\s+public", english, re.M) and re.search(r"^status\s+done", english, re.M)


def test_list_status_column_in_chinese(year: Cli) -> None:
    shown = year("--lang", "zh", "list").stdout
    assert "计划中" in shown and "已完成" in shown and "planned" not in shown and "done" not in shown


def test_rm_asks_in_chinese(year: Cli) -> None:
    result = year("--lang", "zh", "rm", "3", input="n\n")
    assert "删除 #3 patent“专利”（2024-05-01）？" in result.output and result.exit_code == 7


def test_caps_table_and_credit_text_in_chinese(year: Cli) -> None:
    shown = year("--lang", "zh", "status", "--year", "2024").stdout
    assert "还可 2 项 发明专利（每项 5）" in shown and "invention" not in shown  # 9(3): 10 ÷ 5 a patent
    assert "2 more invention 发明专利 (5 each)" in year("status", "--year", "2024").stdout
    help_text = year("--lang", "zh", "add", "patent", "--help").stdout
    assert "认定：发明专利 5、实用新型专利 3" in help_text
    kinds = year("--lang", "zh", "add", "--help").stdout
    assert "9(1) 论文（译文）" in kinds and "paper in a core journal" not in kinds


def test_a_year_complete_with_planned_reads_complete(year: Cli) -> None:
    zh = year("--lang", "zh", "status", "--year", "2024").stdout
    assert "已认定 90，加上计划中的为 95 — 已完成" in zh and "可完成" not in zh
    year("rm", "1", "--yes")
    year("add", "training", "--title", "公需课", "--subject", "public", "--hours", "30", "--status", "planned",
         "--date", "2024-06-01")  # fmt: skip
    # credited 60; planned 30 public + 5 for the patent (9(3)) = 95
    assert "credited 60, with planned 95 — complete once they are done" in year("status", "--year", "2024").stdout


def test_check_in_chinese_and_a_complete_year_is_ticked(year: Cli) -> None:
    year("add", "paper", "--title", "论文", "--date", "2024-06-01")
    result = year("--lang", "zh", "check", "--year", "2024")
    lines = result.stdout.splitlines()
    # 30 public + 60 + 10 professional = 100 ≥ 90: complete, though the paper (#4) has no evidence file
    assert "✗ #4 论文：没有佐证材料文件；平台要求上传佐证材料" in lines
    assert lines[-1].startswith("✓ 2024 年：已完成 — ")
    assert result.exit_code == 1  # the missing evidence is still a problem
    assert english_words(result.stdout, set()) == set()
    assert year("check", "--year", "2024").stdout.splitlines()[-1].startswith("✓ 2024: complete — ")


def test_an_incomplete_year_keeps_its_cross(cli: Cli) -> None:
    cli("add", "paper", "--title", "p", "--date", "2024-01-01")
    assert cli("check", "--year", "2024").stdout.splitlines()[-1].startswith("✗ 2024: ")


@pytest.mark.parametrize(("date", "flagged"), [("2022-11-29", True), ("2021-01-01", True), ("2022-11-30", False)])
def test_planned_two_years_after_its_date_is_flagged(cli: Cli, date: str, flagged: bool) -> None:
    """The clock reads 2024-11-29: 2022-11-29 is two years back to the day; 2022-11-30 a day short."""
    cli("add", "conference", "--title", "年会", "--days", "1", "--date", date, "--status", "planned")
    result = cli("check", "--json")
    kinds = [problem["kind"] for problem in __import__("json").loads(result.stdout)["problems"]]
    assert ("still-planned" in kinds) is flagged
    if flagged:
        assert "#1 年会: dated " + date + " and still planned" in cli("check").stdout


# ---------------------------------------------------------------- help


def commands() -> list[list[str]]:
    from cpd_cli.core.rules import load_embedded

    found = [[], *([name] for name in COMMANDS)]
    found += [["add", rule.kind] for rule in load_embedded().rules]
    found += [["profile", "set"], ["profile", "unset"]]
    return found


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_help_fits_80_columns(cli: Cli, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for words in commands():
        shown = cli("--lang", language, *words, "--help").stdout
        too_wide = [line for line in shown.splitlines() if width(line) > 80]
        assert too_wide == [], (words, too_wide)


def test_chinese_help_uses_one_kind_of_colon(cli: Cli) -> None:
    for words in (["add", "paper"], ["show"], []):
        shown = cli("--lang", "zh", *words, "--help").stdout
        headings = [line for line in shown.splitlines() if line and not line.startswith(" ")]
        assert headings and all(line.endswith("：") or line.startswith("用法：") for line in headings), headings


def test_fill_counts_columns_and_keeps_marks_with_their_text() -> None:
    text = (
        "参加继续教育机构组织的，以面授、远程教育等方式开展的继续教育培训活动，考核合格的，按照实际学习时间计算学时。"
    )
    lines = fill(text, 20)
    assert "".join(lines) == text and all(width(line) <= 20 for line in lines)
    assert not any(line[0] in "，。、" for line in lines)
    assert fill("a (继续教育) b", 9) == ["a (继续教", "育) b"]  # "(" stays with 继, ")" with 育
    assert fill("𠀀𠀀𠀀", 4) == ["𠀀𠀀", "𠀀"]  # beyond the first plane, still two columns each
    assert fill("Example:  cpd status", 80) == ["Example:  cpd status"]  # spacing kept as written
    assert width("学时 ok") == 7 and width("e\u0301") == 1  # a combining accent takes no column
    assert unicodedata.east_asian_width("—") != "W"


# ---------------------------------------------------------------- completion


def test_a_chinese_prefix_completes_to_words_mark_accepts() -> None:
    offered = [word for word, _help in complete.statuses("已")]
    assert set(offered) == {"已完成", "已申报", "已通过"}
    every = {word for prefix in ["", "已", "审", "驳", "计", "通", "p", "d"] for word, _h in complete.statuses(prefix)}
    for word in every:
        STATUS.parse(word)  # raises if a completion offered a word mark refuses
    assert [word for word, _help in complete.subjects("公")] == ["公需科目", "公需", "公需课"]
    assert [word for word, _help in complete.choices("level", "exam")("中")] == ["中级"]


def test_mark_takes_tongguo(year: Cli) -> None:
    result = year("mark", "1", "通过")
    assert result.exit_code == 0 and result.stdout.startswith("#1: done → approved")
    assert vocabulary.find(vocabulary.STATUSES, "不通过").id == Status.REJECTED  # type: ignore[union-attr]


def test_a_refused_status_lists_the_chinese_words(year: Cli) -> None:
    result = year("--lang", "zh", "mark", "1", "maybe")
    assert "审核通过" in result.stderr and "驳回" in result.stderr


def test_the_completion_protocol_offers_chinese(cli: Cli) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cpd_cli"],
        env={**__import__("os").environ, "_CPD_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "cpd mark 5 已"},
        capture_output=True,
        text=True,
        encoding=locale.getpreferredencoding(
            False
        ),  # a pipe speaks the system's code page on Windows, as PowerShell reads it
        check=True,
    )
    assert '"已申报"' in done.stdout and '"已完成"' in done.stdout


def test_zsh_script_completes_on_the_first_tab(cli: Cli) -> None:
    """Autoloaded from $fpath, the function runs on the first Tab: it must complete then, not only register."""
    shown = cli("completion", "zsh").stdout
    assert shown.startswith("#compdef cpd\n")
    assert 'if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n  _cpd_completion "$@"' in shown
    assert shown.count("compdef _cpd_completion cpd") == 1


# ---------------------------------------------------------------- profile


def test_profile_shows_the_pack_in_use_and_the_ledger(cli: Cli) -> None:
    shown = cli("profile").stdout
    assert re.search(r"^rules\s+jiangxi-2023 \(the default\)$", shown, re.M)
    assert re.search(rf"^ledger\s+{re.escape(str(cli.ledger))}$", shown, re.M)
    cli("profile", "set", "rules", "national-2015")
    assert re.search(r"^rules\s+national-2015$", cli("profile").stdout, re.M)
    zh = cli("--lang", "zh", "profile").stdout
    assert re.search(r"^规则包\s+national-2015$", zh, re.M) and re.search(r"^台账文件\s+", zh, re.M)
