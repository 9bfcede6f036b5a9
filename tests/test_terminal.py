"""At home in the terminal: completion, profile, demo, the bare `cpd`, plain output."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest
from rich.cells import cell_len

from cpd_cli.cli.completion import SHELLS, script
from cpd_cli.core.rules import RulePack
from tests.conftest import Cli, invoke

COMPLETIONS = Path(__file__).resolve().parent.parent / "completions"


@pytest.mark.parametrize("shell", SHELLS)
def test_completion_scripts_are_what_the_app_generates(cli: Cli, shell: str) -> None:
    shipped = (COMPLETIONS / f"cpd.{shell}").read_text(encoding="utf-8")
    assert shipped == script(shell), (
        f"completions/cpd.{shell} is stale: cpd completion {shell} > completions/cpd.{shell}"
    )
    assert cli("completion", shell).stdout == shipped


def test_help_does_not_offer_typers_own_completion_options(cli: Cli) -> None:
    """`cpd completion SHELL` is the documented way; Typer's two options stay out of the help."""
    shown = cli("--help").stdout
    assert "--ledger" in shown
    assert "--install-completion" not in shown and "--show-completion" not in shown


def test_completion_of_an_unknown_shell(cli: Cli) -> None:
    result = cli("completion", "tcsh")
    assert result.exit_code == 2 and "'tcsh' is not one of" in result.stderr


def complete(cli: Cli, monkeypatch: pytest.MonkeyPatch, line: str) -> list[str]:
    monkeypatch.setenv("_CPD_COMPLETE", "complete_zsh")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", f"cpd --ledger {shlex.quote(str(cli.ledger))} {line}")
    result = invoke([])
    monkeypatch.delenv("_CPD_COMPLETE")
    assert "Traceback" not in result.output
    return re.findall(r'(?:\(\(|\n)"((?:[^"\\]|\\.)*)"', result.stdout)  # zsh: (("value":"help"\n"value"...))


def test_completion_offers_kinds_levels_statuses_years_and_ids(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("add", "paper", "--title", "论文", "--date", "2023-05-01")
    cli("add", "project", "--title", "课题", "--level", "national", "--date", "2024-05-01")
    assert complete(cli, monkeypatch, "add pa") == ["paper", "patent"]
    assert complete(cli, monkeypatch, "add project --level ") == ["national", "provincial", "municipal"]
    assert complete(cli, monkeypatch, "add patent --type ") == ["invention", "utility", "design", "software"]
    assert complete(cli, monkeypatch, "add book --role ") == ["sole", "edited"]
    assert complete(cli, monkeypatch, "mark 1 ") == ["planned", "done", "declared", "approved", "rejected"]
    assert complete(cli, monkeypatch, "status --year ") == ["2024", "2023"]
    assert complete(cli, monkeypatch, "show ") == ["1", "2"]  # by number, as zsh keeps them
    assert complete(cli, monkeypatch, "list --kind pa") == ["paper", "patent"]
    assert complete(cli, monkeypatch, "add training --subject ") == ["public", "professional"]
    assert complete(cli, monkeypatch, "add training --status dec") == ["declared"]
    assert complete(cli, monkeypatch, "add paper --same-as ") == ["1", "2"]
    assert complete(cli, monkeypatch, "edit ") == ["1", "2"]
    assert complete(cli, monkeypatch, "edit 2 --kind pa") == ["paper", "patent"]
    assert complete(cli, monkeypatch, "edit 2 --role ") == ["sole", "edited"]
    assert complete(cli, monkeypatch, "edit 2 --makeup-for 2") == []


def test_completion_with_a_broken_ledger_offers_nothing(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text("not = [toml", encoding="utf-8")
    assert complete(cli, monkeypatch, "show ") == []


def test_profile_show_set_unset(cli: Cli) -> None:
    assert cli("profile", "set", "unit", "洪州学院").exit_code == 0
    assert cli("profile", "set", "name", "张三").exit_code == 0
    assert cli("profile", "set", "deadline", "12-15").exit_code == 0
    data = json.loads(cli("profile", "--json").stdout)
    assert data == {
        "name": "张三",
        "unit": "洪州学院",
        "sector": None,
        "rules": None,
        "deadline": "12-15",
        "since": None,
    }
    assert json.loads(cli("status", "--json").stdout)["deadline"] == "2024-12-15"
    assert cli("profile", "unset", "deadline").exit_code == 0
    assert "deadline" not in tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["profile"]
    assert "洪州学院" in cli("profile").stdout
    assert cli("undo").exit_code == 0  # profile changes are journaled like the rest
    assert tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["profile"]["deadline"] == "12-15"


def test_profile_sector_warns_and_feeds_the_export(cli: Cli) -> None:
    result = cli("profile", "set", "sector", "k12")
    assert result.exit_code == 0 and "own rules for professional subjects (Art. 15)" in result.stderr
    cli("profile", "set", "unit", "洪州学院")
    assert "单位 unit: 洪州学院" in cli("export").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["profile", "set", "idcard", "360102199001011234"], "never stores an ID-card number"),
        (["profile", "set", "身份证号", "x"], "never stores an ID-card number"),
        (["profile", "set", "deadline", "soon"], "not a month-day"),
        (["profile", "set", "rules", "mars-2090"], "unknown rule pack 'mars-2090'"),
        (["profile", "set", "unit", " "], "must not be empty"),
    ],
)
def test_profile_refuses(cli: Cli, args: list[str], message: str) -> None:
    cli("profile", "set", "unit", "洪州学院")
    before = cli.ledger.read_bytes()
    result = cli(*args)
    assert result.exit_code != 0 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert cli.ledger.read_bytes() == before


def test_demo_leaves_the_ledger_untouched(cli: Cli) -> None:
    cli("add", "paper", "--title", "mine", "--date", "2024-01-01")
    before = cli.ledger.read_bytes()
    result = cli("demo")
    assert result.exit_code == 0
    assert "sample ledger" in result.stdout and "46 days left" in result.stdout and "洪州学院" in result.stdout
    assert "mine" not in result.stdout
    assert cli.ledger.read_bytes() == before
    assert "Art. 7" in cli("demo", "--explain").stdout


def test_demo_with_no_ledger_creates_none(cli: Cli) -> None:
    assert cli("demo").exit_code == 0 and not cli.ledger.exists()


def test_bare_cpd_prints_an_overview_and_the_year_line(cli: Cli) -> None:
    result = cli()
    assert result.exit_code == 0 and "No ledger yet" in result.stdout and "cpd demo" in result.stdout
    cli("add", "training", "--title", "t", "--subject", "public", "--hours", "10", "--date", "2024-03-01")
    line = cli().stdout.splitlines()[1]
    assert line == "2024: 公需 10/30 · 专业 0/60 · 合计 10/90 — 80 to go, 32 days to 2024-12-31"


def test_bare_cpd_and_help_name_the_active_pack_not_always_jiangxi(cli: Cli) -> None:
    from cpd_cli.core.rules import PACKS_FOLDER

    national = str(PACKS_FOLDER / "national-2015.toml")
    assert "赣人社规〔2023〕2号" in cli().stdout.splitlines()[0]
    first = cli("--rules", national).stdout.splitlines()[0]
    assert "人力资源社会保障部令第25号" in first and "赣人社规" not in first
    assert "by default Jiangxi's" in cli("--help").stdout  # help names the default, not the one in force


def test_plain_output_without_a_terminal(cli: Cli) -> None:
    cli("add", "paper", "--title", "p", "--date", "2024-03-01")
    for args in (["status"], ["list"], ["show", "1"], ["rules"], ["history"], ["demo"], ["--help"]):
        out = cli(*args).stdout
        assert "\x1b[" not in out, args


def test_no_color_means_plain_text_even_on_a_terminal(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR drops every escape code, bold and dim too; without it a terminal gets colour."""
    cli("add", "paper", "--title", "p", "--date", "2024-03-01")
    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich: behave as on a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("status").stdout
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" in cli("status").stdout


def test_text_is_printed_as_written_never_as_markup_or_emoji(capsys: pytest.CaptureFixture[str]) -> None:
    from cpd_cli.cli import render

    line = "[profile] deadline = :30: [bold]x[/bold] :smile: [/]"
    render.console().print(line)
    assert capsys.readouterr().out == line + "\n"


# ---------------------------------------------------------------- drawing and what reaches the terminal

DRAWING = re.compile("[\u2500-\u259f]")  # box drawing, block elements, shades
LEDGER_WITH_CONTROLS = """schema = 1
[profile]
name = "张三\\u001b]0;pwned\\u0007"
unit = "洪州\\u202e学院"

[[activity]]
id = 1
kind = "paper"
title = "论文\\u202ecod.exe"
date = 2024-03-01
note = "备注\\u2066反\\u2069"
"x\\u001b[2Jy" = "未知\\u202e键\\u0085"
"""
UNSHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _year(cli: Cli) -> None:
    cli("add", "paper", "--title", "深度学习在赣南脐橙病害识别中的应用", "--date", "2024-03-01")
    cli("add", "unit-training", "--title", "校内培训", "--hours", "8", "--date", "2024-04-01")


@pytest.mark.parametrize("how", ["--ascii", "CPD_ASCII=1"])
def test_ascii_draws_every_table_and_bar_with_ascii(cli: Cli, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    _year(cli)
    for args in (["status", "--year", "2024"], ["list"], ["history"], ["rules"], ["demo"]):
        assert DRAWING.search(cli(*args).stdout), args  # drawn with box lines and blocks by default
    if how == "CPD_ASCII=1":
        monkeypatch.setenv("CPD_ASCII", "1")
    options = ["--ascii"] if how == "--ascii" else []
    status = cli(*options, "status", "--year", "2024").stdout
    assert "#" * 5 in status and "-" * 5 in status  # the bars
    assert "-+-" in status and " | " in status  # the tables
    assert "深度学习在赣南脐橙病害识别中的应用" in status  # the text itself is kept
    for args in (["status", "--year", "2024"], ["list"], ["history"], ["rules"], ["demo"], ["show", "1"]):
        out = cli(*options, *args).stdout
        assert not DRAWING.search(out), (args, DRAWING.findall(out))


def test_ascii_lasts_one_run(cli: Cli) -> None:
    _year(cli)
    assert not DRAWING.search(cli("--ascii", "list").stdout)
    assert DRAWING.search(cli("list").stdout)


class Stream:
    def __init__(self, encoding: str) -> None:
        self.encoding = encoding


@pytest.mark.parametrize(
    ("encoding", "ascii"),
    [("utf-8", False), ("utf-16", False), ("gb18030", True), ("gbk", True), ("cp437", True), ("latin-1", True)],
)
def test_ascii_when_the_output_cannot_write_the_box_characters(encoding: str, ascii: bool) -> None:
    """cp437 lacks the heavy lines, latin-1 all of them: cpd draws with ASCII rather than half.
    GBK and GB18030 have them, but their terminals draw them two columns wide: ASCII by default."""
    from cpd_cli.cli import output

    assert output.ascii_drawing(Stream(encoding)) is ascii


def test_piped_output_has_no_trailing_spaces(cli: Cli) -> None:
    _year(cli)
    for args in (["status", "--year", "2024"], ["list"], ["show", "1"], ["history"], ["rules"], ["demo"]):
        lines = cli(*args).stdout.splitlines()
        assert lines and not [line for line in lines if line != line.rstrip()], args


def test_no_control_or_bidi_character_reaches_the_terminal(cli: Cli) -> None:
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text(LEDGER_WITH_CONTROLS, encoding="utf-8")
    stored = cli.ledger.read_bytes()
    for args in (["show", "1"], ["list"], ["status", "--year", "2024"], ["profile"], ["export"], ["--ascii", "list"]):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        assert not UNSHOWN.search(result.stdout), (args, UNSHOWN.findall(result.stdout))
    shown = cli("show", "1").stdout
    assert "论文cod.exe" in shown and "备注反" in shown and "x[2Jy" in shown and "未知键" in shown
    assert "张三]0;pwned" in cli("profile").stdout and "洪州学院" in cli("profile").stdout
    # --json keeps the text as stored, escaping it itself; the ledger is not changed
    record = json.loads(cli("show", "1", "--json").stdout)
    assert record["title"] == "论文\u202ecod.exe" and record["x\x1b[2Jy"] == "未知\u202e键\x85"
    assert json.loads(cli("profile", "--json").stdout)["name"] == "张三\x1b]0;pwned\x07"
    assert cli.ledger.read_bytes() == stored


@pytest.mark.parametrize("language", ["en", "zh"])
def test_at_60_columns_no_kind_or_word_breaks_inside(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, pack: RulePack, language: str
) -> None:
    """Rich's folding cut unit-training into "unit-trai" / "ning"; now a line breaks only
    after a space or a hyphen: "unit-" / "training", "degree-" / "course"."""
    _year(cli)
    cli("add", "degree-course", "--title", "博士课程：高等统计学", "--subject", "public", "--date", "2024-05-01")
    monkeypatch.setenv("COLUMNS", "60")
    for args in (["status", "--year", "2024"], ["list"], ["rules"]):
        out = cli("--lang", language, *args).stdout
        assert all(cell_len(line) <= 60 for line in out.splitlines()), args
        for word in ("unit-", "training", "degree-", "course", "paper"):
            assert word in out, (args, word)
    rules = cli("--lang", language, "rules").stdout
    for rule in pack.rules:
        for piece in re.findall(r"[^-]+-?", rule.kind):
            assert piece in rules, piece
    if language == "en":
        assert "intermediate" in rules


def test_the_benchmarks_tab_press_is_the_bash_scripts(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """bench/bench.py times a Tab press with the variables completions/cpd.bash sets; they must
    be the script's and make cpd offer what a Tab offers there."""
    from bench.bench import tab_press

    shipped = (COMPLETIONS / "cpd.bash").read_text(encoding="utf-8")
    assert "local IFS=$'\n'" in shipped  # COMP_WORDS reaches cpd joined by newlines
    assert 'COMP_WORDS="${COMP_WORDS[*]}"' in shipped and "COMP_CWORD=$COMP_CWORD" in shipped
    assert "_CPD_COMPLETE=complete_bash" in shipped
    cli("add", "paper", "--title", "论文", "--date", "2023-05-01")
    monkeypatch.setenv("CPD_LEDGER", str(cli.ledger))
    for words, offered in ((["cpd", "add"], ["training", "program"]), (["cpd", "edit"], ["1"])):
        for name, value in tab_press(words).items():
            monkeypatch.setenv(name, value)
        assert invoke([]).stdout.split()[: len(offered)] == offered
