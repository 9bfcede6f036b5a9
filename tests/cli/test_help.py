"""Help that teaches: every command has a summary that matches its docstring, and an example."""

from __future__ import annotations

import pytest

from cpd_cli.cli.commands import COMMANDS, build_command
from cpd_cli.core.rules import load_embedded
from tests.conftest import Cli


@pytest.mark.parametrize("name", list(COMMANDS))
def test_summary_is_the_docstring_first_line(name: str) -> None:
    command = build_command(name)
    help_text = (command.help or "").strip()
    assert help_text.splitlines()[0].strip() == COMMANDS[name].summary


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_help_runs_and_shows_an_example(cli: Cli, name: str) -> None:
    result = cli(name, "--help")
    assert result.exit_code == 0, result.output
    assert "Example:" in result.stdout and f"cpd {name}" in result.stdout


@pytest.mark.parametrize("kind", load_embedded().kinds)
def test_every_add_kind_help_quotes_its_rule(cli: Cli, kind: str) -> None:
    rule = load_embedded().rule(kind)
    assert rule is not None
    text = " ".join(cli("add", kind, "--help").stdout.split())
    assert f"Art. {rule.article}" in text and "Credit:" in text and "Example:" in text
    assert rule.text[:12] in text.replace(" ", "")


def test_top_level_help_lists_every_command(cli: Cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.stdout
