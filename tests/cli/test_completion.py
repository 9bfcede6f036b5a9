"""Tab completion: the shipped scripts, what a Tab offers, and a broken ledger offering nothing."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from cpd_cli.cli.completion import SHELLS, script
from tests.conftest import Cli, invoke

COMPLETIONS = Path(__file__).resolve().parents[2] / "completions"


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
