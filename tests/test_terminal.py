"""At home in the terminal: completion, profile, demo, the bare `cpd`, plain output."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest

from cpd_cli.cli.completion import SHELLS, script
from tests.conftest import Cli

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
    result = cli.runner.invoke(__import__("cpd_cli.cli.app", fromlist=["app"]).app, [], prog_name="cpd")
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
    assert complete(cli, monkeypatch, "show ") == ["2", "1"]
    assert complete(cli, monkeypatch, "list --kind pa") == ["paper", "patent"]
    assert complete(cli, monkeypatch, "add training --subject ") == ["public", "professional"]


def test_completion_with_a_broken_ledger_offers_nothing(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text("not = [toml", encoding="utf-8")
    assert complete(cli, monkeypatch, "show ") == []


def test_profile_show_set_unset(cli: Cli) -> None:
    assert cli("profile", "set", "unit", "洪州学院").exit_code == 0
    assert cli("profile", "set", "name", "张三").exit_code == 0
    assert cli("profile", "set", "deadline", "12-15").exit_code == 0
    data = json.loads(cli("profile", "--json").stdout)
    assert data == {"name": "张三", "unit": "洪州学院", "sector": None, "rules": None, "deadline": "12-15", "since": None}
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
