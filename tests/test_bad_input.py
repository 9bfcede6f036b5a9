"""Bad input to any command that writes: one line, the documented code, the ledger untouched."""

from __future__ import annotations

import os

import pytest

from tests.conftest import Cli

BAD_INPUT = [
    (["add", "poem", "--title", "x"], 2, "No such command 'poem'"),
    (["add", "paper", "--title", "x", "--date", "2024-02-30"], 2, "--date: '2024-02-30' is not a date"),
    (["add", "exam", "--title", "x", "--level", "expert"], 2, "--level: 'expert' is not one of"),
    (
        ["add", "training", "--title", "x", "--subject", "public", "--hours", "2", "--days", "1"],
        2,
        "not --hours and --days",
    ),
    (["add", "training", "--title", "x", "--subject", "public", "--hours", "-1"], 2, "--hours: must be more than 0"),
    (
        ["add", "training", "--title", "x", "--subject", "public", "--hours", "nan"],
        2,
        "--hours: 'nan' is not a usable number",
    ),
    (["add", "training", "--title", "x", "--subject", "public", "--hours", "1e400"], 2, "not a usable number"),
    (
        ["add", "visit", "--title", "x", "--minutes", "1441", "--start", "2024-01-01", "--date", "2024-01-01"],
        2,
        "do not fit in 1 day",
    ),
    (
        ["add", "visit", "--title", "x", "--days", "3", "--start", "2024-01-01", "--date", "2024-01-02"],
        2,
        "do not fit in 2 day",
    ),
    (
        ["add", "visit", "--title", "x", "--days", "1", "--start", "2024-01-05", "--date", "2024-01-02"],
        2,
        "is after date",
    ),
    (["add", "xuexi", "--title", "x", "--points", "-3"], 2, "--points: must not be negative"),
    (["add", "xuexi", "--title", "x", "--points", "2000000"], 2, "--points: points must be between"),
    (["add", "paper", "--title", "x", "--same-as", "42"], 2, "#42, which does not exist"),
    (["add", "paper", "--title", "  "], 2, "--title must not be empty"),
    (["add", "paper", "--title", "x", "--status", "finished"], 2, "--status: 'finished' is not one of"),
    (["add", "paper", "--title", "x", "--evidence", "/no/such/file.pdf"], 2, "no such file"),
    (["add", "training", "--title", "x", "--subject", "misc", "--hours", "1"], 2, "--subject: 'misc'"),
    (["add", "training", "--title", "x", "--subject", "public"], 2, "--hours, --minutes or --days is required"),
    (["edit", "9", "--title", "y"], 4, "no activity #9"),
    (["edit", "1", "--same-as", "1"], 2, "names the activity itself"),
    (["edit", "1"], 2, "nothing to change"),
    (["edit", "1", "--unset", "title"], 2, "--unset: 'title' cannot be removed"),
    (["edit", "1", "--kind", "poem"], 2, "unknown kind 'poem'"),
    (["rm", "9", "--yes"], 4, "no activity #9"),
    (["attach", "9", "/etc/hostname"], 4, "no activity #9"),
    (["mark", "1", "maybe"], 2, "'maybe' is not one of"),
    (["mark", "9", "done"], 4, "no activity #9"),
    (["show", "9"], 4, "no activity #9"),
    (["show", "x"], 2, "'x' is not an activity's id"),
    (["show", "²"], 2, "'²' is not an activity's id"),  # a digit to str.isdigit, not a number to int()
    (["edit", "1", "--same-as", "²"], 2, "--same-as: '²' is not an activity's id"),
    (["status", "--year", "²⁰²⁴"], 2, "'²⁰²⁴' is not a year"),
]


@pytest.mark.parametrize(("args", "code", "message"), BAD_INPUT, ids=[" ".join(a[0]) for a in BAD_INPUT])
def test_bad_input_leaves_the_ledger_untouched(cli: Cli, args: list[str], code: int, message: str) -> None:
    assert cli("add", "paper", "--title", "existing", "--date", "2024-01-01").exit_code == 0
    before = cli.ledger.read_bytes()
    journal_before = sorted(os.listdir(cli.ledger.with_name("ledger.toml.undo")))
    result = cli(*args, input="")
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.output
    assert cli.ledger.read_bytes() == before
    assert sorted(os.listdir(cli.ledger.with_name("ledger.toml.undo"))) == journal_before


def test_commands_refuse_an_invalid_ledger_without_writing(cli: Cli) -> None:
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text('[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = "soon"\n', encoding="utf-8")
    before = cli.ledger.read_bytes()
    for args in (
        ["add", "paper", "--title", "y"],
        ["edit", "1", "--title", "z"],
        ["rm", "1", "--yes"],
        ["mark", "1", "done"],
        ["list"],
        ["show", "1"],
    ):
        result = cli(*args)
        assert result.exit_code == 3 and "activity #1, field 'date'" in result.stderr
    assert cli.ledger.read_bytes() == before
