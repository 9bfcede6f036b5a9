"""What a person new to cpd tries first: help, the version, a typo, Tab, units and words as shown."""

from __future__ import annotations

import json

import pytest

from cpd_cli import __version__, i18n
from tests.conftest import Cli


def test_cpd_help_is_help(cli: Cli) -> None:
    assert cli("help").stdout == cli("--help").stdout
    assert cli("help", "add", "paper").stdout == cli("add", "paper", "--help").stdout
    assert cli("--lang", "zh", "help", "status").stdout == cli("--lang", "zh", "status", "--help").stdout
    assert "help" in cli("--help").stdout


def test_cpd_help_of_an_unknown_command_suggests_one(cli: Cli) -> None:
    result = cli("help", "stauts")
    assert result.exit_code == 2
    assert "No such command 'stauts'. Did you mean 'status'?" in result.stderr
    assert cli("help", "status", "x").exit_code == 2


def test_dash_capital_v_prints_the_version(cli: Cli) -> None:
    result = cli("-V")
    assert result.exit_code == 0 and result.stdout == f"cpd {__version__}\n"


def test_a_mistyped_command_is_given_the_likeliest(cli: Cli) -> None:
    result = cli("stauts")
    assert result.exit_code == 2
    assert result.stderr.strip() == "cpd: error: No such command 'stauts'. Did you mean 'status'? (see 'cpd --help')"
    zh = cli("--lang", "zh", "expotr").stderr
    assert "是否想输入 'export'？" in zh


def test_a_mistyped_option_suggests_the_likeliest_first(cli: Cli) -> None:
    result = cli("add", "paper", "--tilte", "x")
    assert result.exit_code == 2
    assert "(Did you mean one of: '--title', " in result.stderr  # not '--date', '--note', '--title'
    zh = cli("--lang", "zh", "add", "paper", "--tilte", "x").stderr
    assert "是否想输入 '--title'、" in zh


def completions(args: list[str], incomplete: str) -> list[str]:
    """What a Tab press offers after ``cpd ARGS INCOMPLETE``, through click's completion API."""
    import typer
    from click.shell_completion import ShellComplete

    from cpd_cli.cli.app import app

    command = typer.main.get_command(app)
    return [item.value for item in ShellComplete(command, {}, "cpd", "_CPD_COMPLETE").get_completions(args, incomplete)]


def test_tab_after_format_offers_the_formats_not_file_names(cli: Cli) -> None:
    assert completions(["export", "--format"], "") == ["md", "csv", "xlsx", "json", "html", "ics"]
    assert completions(["export", "-f"], "c") == ["csv"]


def test_tab_after_rules_show_offers_the_articles(cli: Cli) -> None:
    assert completions(["rules", "--show"], "9") == ["9", "9(1)", "9(2)", "9(3)", "9(4)", "9(5)"]
    assert "8(6)" in completions(["rules", "--show"], "") and "10" in completions(["rules", "--show"], "")


def test_ids_are_offered_in_numeric_order_and_zsh_keeps_it(cli: Cli) -> None:
    for day in range(1, 12):
        cli("add", "paper", "--title", f"论文 {day}", "--date", f"2024-01-{12 - day:02d}")
    assert completions(["--ledger", str(cli.ledger), "show"], "") == [str(number) for number in range(1, 12)]
    script = cli("completion", "zsh").stdout
    assert "zstyle ':completion:*:*:cpd:*' sort false" in script  # zsh would sort them 1, 10, 11, 2 …


@pytest.mark.parametrize(
    ("flag", "typed", "field", "value"),
    [("--minutes", "90分钟", "minutes", 90), ("--minutes", "90 min", "minutes", 90), ("--days", "2天", "days", 2),
     ("--days", "2", "days", 2), ("--hours", "6 学时", "hours", 6), ("--hours", "6", "hours", 6)],
)  # fmt: skip
def test_time_flags_take_what_the_time_prompt_takes(cli: Cli, flag: str, typed: str, field: str, value: int) -> None:
    result = cli("add", "conference", "--title", "年会", "--date", "2024-05-01", flag, typed)
    assert result.exit_code == 0, result.output
    listed = json.loads(cli("list", "--json").stdout)
    assert listed[0][field] == value


def test_a_time_in_another_fields_unit_is_refused(cli: Cli) -> None:
    result = cli("add", "conference", "--title", "年会", "--date", "2024-05-01", "--minutes", "2天")
    assert result.exit_code == 2 and "--minutes: '2天' is in days; give it as --days" in result.stderr
    assert not cli.ledger.exists()
    assert "is not a number" in cli("add", "conference", "--title", "年会", "--hours", "abc").stderr


def test_profile_set_takes_the_chinese_names_profile_shows(cli: Cli) -> None:
    shown = cli("--lang", "zh", "profile").stdout
    assert "姓名" in shown and "单位" in shown
    assert cli("--lang", "zh", "profile", "set", "姓名", "张三").exit_code == 0
    assert cli("--lang", "zh", "profile", "set", "单位", "洪州学院").exit_code == 0
    profile = json.loads(cli("profile", "--json").stdout)
    assert profile["name"] == "张三" and profile["unit"] == "洪州学院"
    assert cli("--lang", "zh", "profile", "unset", "姓名").exit_code == 0
    assert json.loads(cli("profile", "--json").stdout)["name"] is None
    i18n.use("zh")  # a Tab press speaks the language of the environment (CPD_LANG, the locale)
    try:
        assert completions(["profile", "set"], "姓") == ["姓名"]
    finally:
        i18n.use("en")


def example_lines(text: str) -> list[str]:
    """The command lines of examples: after 'Example:' / '示例：' in help, or a `cpd …` line of a README
    code block (its comment cut off)."""
    found, in_code = [], False
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("```"):
            in_code = not in_code
        for label in ("Example:", "示例："):
            if line.startswith(label):
                found.append(line.removeprefix(label).strip())
        if in_code and line.startswith("cpd "):
            found.append(line.split("  #", 1)[0].strip())
    return found


def test_examples_quote_with_double_quotes_which_sh_and_cmd_both_take(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathlib import Path

    from tests.test_zh_sweep import help_pages

    monkeypatch.setenv("COLUMNS", "200")  # an example on one line
    pages = [cli("--lang", language, *words, "--help").stdout for words in help_pages() for language in ("en", "zh")]
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    lines = [line for page in [*pages, readme] for line in example_lines(page)]
    assert any('--title "…"' in line for line in lines) and 'cpd rules --show "9(3)"' in lines
    for line in lines:
        assert "'" not in line, line  # cmd keeps single quotes as part of the value
        for word in line.split():
            assert "(" not in word or word.startswith('"'), line  # ( ) unquoted is a syntax error in sh
