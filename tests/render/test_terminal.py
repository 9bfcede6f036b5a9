"""At home in the terminal: plain output, ``--ascii``, no control characters, narrow terminals."""

from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len

from cpd_cli.core.rules import RulePack
from tests.conftest import Cli


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
