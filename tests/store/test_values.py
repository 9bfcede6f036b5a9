"""Values in a ledger: bounds, NaN and infinity, whole floats, and JSON that stays valid."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cpd_cli.errors import ExitCode
from tests.conftest import Cli
from tests.helpers import PAPER, one_line_error, write_ledger

VISIT = '[[activity]]\nid = 1\nkind = "visit"\ntitle = "x"\ndate = 2024-01-01\n'


def strict_json(text: str) -> Any:
    """JSON as the standard has it: NaN and Infinity are not numbers there."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (VISIT + "hours = 1e-999999\n", "the number 1e-999999 (line 6) is out of bounds"),
        (PAPER + "x = 1e999999999\n", "the number 1e999999999 (line 6) is out of bounds"),
        (PAPER + "x = 1e5000\n", "the number 1e5000 (line 6) is out of bounds"),
        (PAPER + "x = 1." + "5" * 120 + "\n", "is out of bounds (at most 100 characters"),
        (PAPER + "x = " + "9" * 5000 + "\n", "a whole number has more than 100 digits (line 6)"),
        (PAPER + "x = " + "9" * 101 + "\n", "activity entry 1: a whole number has more than 100 digits"),
        ("last_id = " + "1" * 200 + "\n", "key 'last_id': a whole number has more than 100 digits"),
        (PAPER + 'x = "' + "y" * 10_000_000 + '"\n', "activity entry 1: 10,000,000 characters is too long"),
        ('"' + "k" * 200_000 + '" = 1\n', "200,000 characters is too long (at most 100,000)"),
    ],
    ids=[
        "tiny hours",
        "huge exponent",
        "1e5000",
        "long float",
        "5000 digits",
        "101 digits",
        "long last_id",
        "10 MB string",
        "long key",
    ],
)
def test_a_value_out_of_bounds_is_refused_in_one_line_by_reading_and_writing_commands(
    cli: Cli, text: str, message: str
) -> None:
    raw = write_ledger(cli, text)
    for args in (
        ["show", "1"],
        ["list", "--json"],
        ["status", "--year", "2024"],
        ["add", "paper", "--title", "y", "--date", "2024-01-02"],
    ):
        line = one_line_error(cli(*args), ExitCode.LEDGER)
        assert message in line, (args, line)
    assert cli.ledger.read_bytes() == raw


def test_values_within_the_bounds_are_read_and_written_back_as_they_were(cli: Cli) -> None:
    """Every bound sits far past any real ledger: the largest values still allowed round-trip."""
    big = "9" * 100
    write_ledger(cli, PAPER + f'x = 1e308\ny = 1e-308\nz = {big[:-1]}\nnote2 = "{"n" * 100_000}"\n')
    assert cli("mark", "1", "declared").exit_code == 0
    written = cli.ledger.read_text(encoding="utf-8")
    assert "x = 1e+308\n" in written and "y = 1e-308\n" in written and f"z = {big[:-1]}\n" in written


@pytest.mark.parametrize("line", ["x = nan", "x = inf", "x = -inf", "inf = inf", "nan = nan", "x = [nan, 1.5, inf]"])
def test_nan_and_inf_in_an_unknown_key_give_valid_json_and_survive_a_write(cli: Cli, line: str) -> None:
    write_ledger(cli, PAPER + line + "\n")
    listed = cli("list", "--json")
    assert listed.exit_code == 0, listed.stderr
    record = strict_json(listed.stdout)[0]
    key = line.split(" = ")[0]
    assert record[key] in ("nan", "inf", "-inf", ["nan", 1.5, "inf"])
    shown = cli("show", "1", "--json")
    assert shown.exit_code == 0 and strict_json(shown.stdout)[key] == record[key]
    assert cli("show", "1").exit_code == 0
    assert cli("mark", "1", "declared").exit_code == 0
    assert line + "\n" in cli.ledger.read_text(encoding="utf-8")


def test_whole_floats_in_unknown_keys_stay_floats(cli: Cli) -> None:
    write_ledger(cli, PAPER + "x = 2.0\ny = 3\nz = [1.0, 2]\n[profile]\nw = 5.0\n")
    assert cli("mark", "1", "declared").exit_code == 0
    written = cli.ledger.read_text(encoding="utf-8")
    assert "x = 2.0\n" in written and "y = 3\n" in written and "z = [1.0, 2]\n" in written and "w = 5.0\n" in written
    record = strict_json(cli("list", "--json").stdout)[0]
    assert record["x"] == 2.0 and isinstance(record["x"], float) and record["y"] == 3 and isinstance(record["y"], int)


def test_json_output_refuses_nan_rather_than_print_it() -> None:
    from cpd_cli.jsonutil import dumps

    with pytest.raises(ValueError):
        dumps({"x": float("nan")})
