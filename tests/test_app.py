"""The program as a whole: usage errors, internal errors, Ctrl-C, ``--ledger`` over the environment, ``--version``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.helpers import GOOD, write_file


def test_usage_errors_point_at_the_help_of_the_command_they_are_in(cli: Cli) -> None:
    """click's parser raises 'requires an argument' with no command attached; the hint still names it."""
    for args, command in [
        (("add", "paper", "--title"), "cpd add paper"),
        (("edit", "1", "--title"), "cpd edit"),
        (("profile", "set", "name", "--x"), "cpd profile set"),
        (("status", "--year"), "cpd status"),
        (("list", "--stauts"), "cpd list"),
        (("show",), "cpd show"),
        (("--lang",), "cpd"),
    ]:
        result = cli(*args)
        assert result.exit_code == 2, args
        assert result.stderr.rstrip().endswith(f"(see '{command} --help')"), result.stderr


def test_internal_errors_are_one_line_without_debug(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import cpd_cli.cli.status as status_module

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(status_module, "overview", broken)
    result = cli("status")
    assert result.exit_code == 70
    assert (
        result.stderr.strip() == "cpd: error: internal error: RuntimeError: boom (run with --debug for the traceback)"
    )
    result = cli("--debug", "status")
    assert isinstance(result.exception, RuntimeError)


def test_ledger_option_beats_environment(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "env.toml"
    write_file(other, GOOD)
    monkeypatch.setenv("CPD_LEDGER", str(other))
    from tests.conftest import invoke

    via_env = json.loads(invoke(["status", "--year", "2024", "--json"]).stdout)
    assert via_env["credited"]["total"] == 12.2
    via_option = json.loads(cli("status", "--year", "2024", "--json").stdout)
    assert via_option["credited"]["total"] == 0


def test_version(cli: Cli) -> None:
    from cpd_cli import __version__

    assert cli("--version").stdout.strip() == f"cpd {__version__}"


def test_ctrl_c_is_one_line_and_exit_130(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import cpd_cli.cli.status as status_module

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(status_module, "overview", interrupted)
    result = cli("status")
    assert result.exit_code == 130
    assert result.stderr.strip() == "cpd: error: interrupted; the ledger was not changed by this command"
