"""Blame the right thing: a bad argument is exit 2 naming it; a ledger is blamed only for what it holds."""

from __future__ import annotations

import sys

import pytest

from cpd_cli.errors import ExitCode
from tests.conftest import Cli
from tests.helpers import one_line_error, write_ledger

TRAINING = '[[activity]]\nid = 1\nkind = "training"\ntitle = "x"\ndate = 2024-01-01\nsubject = "public"\nhours = 3\n'
WRITES = (
    ["mark", "1", "declared"],
    ["edit", "1", "--hours", "4"],
    ["add", "paper", "--title", "y", "--date", "2024-01-02"],
    ["attach", "1", "--allow-missing", "cert.pdf"],
    ["rm", "1", "--yes"],
)
USABLE = "is not a usable number (at most 12 digits before the point, 10 after it)"


@pytest.mark.parametrize("command", [["add", "training", "--title", "t", "--subject", "public"], ["edit", "1"]])
@pytest.mark.parametrize("option", ["--hours", "--minutes", "--days"])
@pytest.mark.parametrize("value", ["1e-400", "1e400", "1e-999999999", "0.00000000001", "1234567890123", "nan", "-inf"])
def test_an_absurd_amount_is_refused_as_the_argument_it_is(
    cli: Cli, command: list[str], option: str, value: str
) -> None:
    raw = write_ledger(cli, TRAINING)
    args = [*command, option, value] + (["--date", "2024-01-01"] if command[0] == "add" else [])
    line = one_line_error(cli(*args), ExitCode.USAGE)
    assert f"{option}: {value!r} {USABLE}" in line, line
    assert cli.ledger.read_bytes() == raw


@pytest.mark.parametrize(
    ("value", "written"), [("1.50000000000000000000", "1.5"), ("6.000", "6"), ("1e1", "10"), ("0.0000000001", "1e-10")]
)
def test_an_amount_is_written_with_the_digits_it_needs(cli: Cli, value: str, written: str) -> None:
    write_ledger(cli, TRAINING)
    assert cli("edit", "1", "--hours", value).exit_code == 0
    assert f"\nhours = {written}\n" in cli.ledger.read_text(encoding="utf-8")
    assert cli("status", "--year", "2024").exit_code == 0


@pytest.mark.parametrize("value", ["1e200", "1e12", "123456789012345678901234567890"])
def test_a_ledger_amount_too_large_is_refused_on_reading_naming_activity_and_field(cli: Cli, value: str) -> None:
    raw = write_ledger(cli, TRAINING + f"platform_hours = {value}\n")
    for args in (["status", "--year", "2024"], ["show", "1"], *WRITES):
        line = one_line_error(cli(*args), ExitCode.LEDGER)
        assert "activity #1, field 'platform_hours':" in line and "is too large (at most 12 digits" in line, line
    assert cli.ledger.read_bytes() == raw


@pytest.mark.parametrize("value", ["999999999999", "1e-200", "0.5"])
def test_a_ledger_amount_within_bounds_is_written_back_exactly(cli: Cli, value: str) -> None:
    write_ledger(cli, TRAINING + f"platform_hours = {value}\n")
    for args in WRITES[:4]:
        assert cli(*args).exit_code == 0, (args, cli(*args).output)
    assert f"\nplatform_hours = {value}\n" in cli.ledger.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "option"),
    [(["attach", "1"], "PATH"), (["add", "paper", "--title", "y", "--date", "2024-01-02", "--evidence"], "--evidence")],
)
@pytest.mark.parametrize("missing", [False, True])
def test_a_control_character_in_a_file_name_is_the_arguments_fault_not_the_ledgers(
    cli: Cli, tmp_path: object, command: list[str], option: str, missing: bool
) -> None:
    raw = write_ledger(cli, TRAINING)
    name = "ev\x1b[31m.pdf"
    if not missing:
        if sys.platform == "win32":
            pytest.skip("Windows allows no control character in a file name: only a name given for a missing file")
        (cli.ledger.parent / name).write_bytes(b"%PDF")
    args = [*command, str(cli.ledger.parent / name), *(["--allow-missing"] if missing else [])]
    line = one_line_error(cli(*args), ExitCode.USAGE)
    shown = str(cli.ledger.parent / "ev") + "\\x1b[31m.pdf"
    assert f"{option}: the file name {shown} contains the control character U+001B" in line
    assert "\x1b" not in line
    assert cli.ledger.read_bytes() == raw


def test_a_missing_file_for_attach_names_its_argument(cli: Cli) -> None:
    write_ledger(cli, TRAINING)
    line = one_line_error(cli("attach", "1", "nope.pdf"), ExitCode.USAGE)
    assert "PATH: no such file: nope.pdf (use --allow-missing to record it anyway)" in line
