"""Reading the ledger: a missing one is empty, a BOM is fine, and every kind of bad ledger is named by file and line."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli
from tests.helpers import GOOD, write_file


def test_missing_ledger_is_empty(cli: Cli) -> None:
    result = cli("status", "--year", "2024", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["credited"] == {"total": 0, "public": 0, "professional": 0}
    assert data["remaining"] == {"total": 90, "public": 30, "professional": 60}
    assert data["complete"] is False
    assert not cli.ledger.exists(), "status must not create the ledger"


BAD = [
    ("not toml", "schema = 1\n[[activity]\nid = 1\n", "not valid TOML", "line 2"),
    (
        "unknown kind",
        '[[activity]]\nid = 1\nkind = "poem"\ntitle = "x"\ndate = 2024-01-01\n',
        "activity #1, field 'kind'",
        "unknown kind 'poem'",
    ),
    (
        "missing title",
        '[[activity]]\nid = 1\nkind = "paper"\ndate = 2024-01-01\n',
        "activity #1, field 'title'",
        "missing",
    ),
    ("missing date", '[[activity]]\nid = 4\nkind = "paper"\ntitle = "x"\n', "activity #4, field 'date'", "missing"),
    (
        "date as number",
        '[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = 20240101\n',
        "field 'date'",
        "must be a date",
    ),
    (
        "hours as string",
        '[[activity]]\nid = 2\nkind = "visit"\ntitle = "x"\ndate = 2024-01-01\nhours = "3"\n',
        "activity #2, field 'hours'",
        "must be a number",
    ),
    (
        "negative hours",
        '[[activity]]\nid = 2\nkind = "visit"\ntitle = "x"\ndate = 2024-01-01\nhours = -3\n',
        "field 'hours'",
        "negative",
    ),
    (
        "nan minutes",
        '[[activity]]\nid = 2\nkind = "visit"\ntitle = "x"\ndate = 2024-01-01\nminutes = nan\n',
        "field 'minutes'",
        "finite",
    ),
    (
        "absurd hours in a day",
        '[[activity]]\nid = 2\nkind = "visit"\ntitle = "x"\ndate = 2024-01-01\nstart = 2024-01-01\nminutes = 1500\n',
        "field 'minutes'",
        "do not fit in 1 day",
    ),
    (
        "absurd hours",
        '[[activity]]\nid = 2\nkind = "visit"\ntitle = "x"\ndate = 2024-01-01\nhours = 1e9\n',
        "field 'hours'",
        "do not fit",
    ),
    (
        "two time fields",
        '[[activity]]\nid = 2\nkind = "visit"\ntitle = "x"\ndate = 2024-01-01\nhours = 3\ndays = 1\n',
        "activity #2",
        "exactly one of hours, minutes or days",
    ),
    ("no time", '[[activity]]\nid = 2\nkind = "visit"\ntitle = "x"\ndate = 2024-01-01\n', "activity #2", "exactly one"),
    (
        "unknown level",
        '[[activity]]\nid = 5\nkind = "exam"\ntitle = "x"\ndate = 2024-01-01\nlevel = "expert"\n',
        "activity #5, field 'level'",
        "unknown level 'expert'",
    ),
    (
        "unknown type",
        '[[activity]]\nid = 5\nkind = "patent"\ntitle = "x"\ndate = 2024-01-01\ntype = "idea"\n',
        "field 'type'",
        "unknown type",
    ),
    (
        "unknown role",
        '[[activity]]\nid = 5\nkind = "book"\ntitle = "x"\ndate = 2024-01-01\nrole = "ghost"\n',
        "field 'role'",
        "unknown role",
    ),
    (
        "negative points",
        '[[activity]]\nid = 5\nkind = "xuexi"\ntitle = "x"\ndate = 2024-01-01\npoints = -5\n',
        "field 'points'",
        "negative",
    ),
    (
        "missing subject",
        '[[activity]]\nid = 5\nkind = "training"\ntitle = "x"\ndate = 2024-01-01\nhours = 2\n',
        "field 'subject'",
        "needs a subject",
    ),
    (
        "bad subject",
        '[[activity]]\nid = 5\nkind = "training"\ntitle = "x"\ndate = 2024-01-01\nhours = 2\nsubject = "misc"\n',
        "field 'subject'",
        "must be one of",
    ),
    (
        "bad status",
        '[[activity]]\nid = 5\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\nstatus = "maybe"\n',
        "field 'status'",
        "must be one of",
    ),
    (
        "duplicate ids",
        '[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\n[[activity]]\nid = 1\nkind = "paper"\ntitle = "y"\ndate = 2024-01-02\n',
        "activity #1, field 'id'",
        "more than one",
    ),
    (
        "same_as to nothing",
        '[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\nsame_as = 9\n',
        "field 'same_as'",
        "#9, which does not exist",
    ),
    (
        "same_as to itself",
        '[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\nsame_as = 1\n',
        "field 'same_as'",
        "itself",
    ),
    ("newer schema", "schema = 2\n", "schema", "newer cpd"),
    (
        "bad id",
        '[[activity]]\nid = "one"\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\n',
        "activity entry 1, field 'id'",
        "whole number",
    ),
    ("activity not a table array", "activity = 3\n", "activity", "array of tables"),
    (
        "start after date",
        '[[activity]]\nid = 1\nkind = "visit"\ntitle = "x"\ndate = 2024-01-01\nstart = 2024-02-01\ndays = 1\n',
        "field 'start'",
        "after date",
    ),
    (
        "unknown rule pack",
        '[profile]\nrules = "mars-2090"\n',
        "profile, field 'rules'",
        "unknown rule pack 'mars-2090'",
    ),
    (
        "field of another kind",
        '[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\nlevel = "national"\n',
        "field 'level'",
        "paper has no level",
    ),
]


@pytest.mark.parametrize(("name", "text", "where", "what"), BAD, ids=[case[0] for case in BAD])
def test_bad_ledger(cli: Cli, name: str, text: str, where: str, what: str) -> None:
    before = write_file(cli.ledger, text)
    for args in (["status", "--year", "2024"], ["status", "--year", "2024", "--json"]):
        result = cli(*args)
        assert result.exit_code != 0
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert str(cli.ledger) in lines[0]
        assert where in lines[0] and what in lines[0], lines[0]
    assert cli.ledger.read_bytes() == before


def test_bad_ledger_exit_codes(cli: Cli) -> None:
    write_file(cli.ledger, "x = [")
    assert cli("status").exit_code == 3
    write_file(cli.ledger, '[profile]\nrules = "mars-2090"\n')
    assert cli("status").exit_code == 6


def test_not_utf8(cli: Cli) -> None:
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_bytes(b'[[activity]]\ntitle = "\xff\xfe"\n')
    result = cli("status")
    assert result.exit_code == 3 and "not UTF-8" in result.stderr


def test_ledger_is_a_directory(cli: Cli) -> None:
    cli.ledger.mkdir(parents=True)
    result = cli("status")
    assert result.exit_code == 3 and "is a directory" in result.stderr


def test_bom_is_accepted(cli: Cli) -> None:
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_bytes("\ufeff".encode() + GOOD.encode())
    assert cli("status", "--year", "2024").exit_code == 0
