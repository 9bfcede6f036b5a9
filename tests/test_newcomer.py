"""What a person new to cpd tries first: help, the version, a typo, Tab, units and words as shown."""

from __future__ import annotations

from cpd_cli import __version__
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
