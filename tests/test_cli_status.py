"""``cpd status`` through the CLI, and every kind of bad ledger."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli

GOOD = """\
schema = 1
[profile]
name = "张三"
unit = "洪州学院"

[[activity]]
id = 1
kind = "paper"
title = "深度学习在赣南脐橙病害识别中的应用"
date = 2024-03-15
evidence = ["/tmp/paper.pdf"]

[[activity]]
id = 2
kind = "training"
title = "公需课"
date = 2024-04-01
subject = "public"
minutes = 100
"""


def write(path: Path, text: str) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def test_missing_ledger_is_empty(cli: Cli) -> None:
    result = cli("status", "--year", "2024", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["credited"] == {"total": 0, "public": 0, "professional": 0}
    assert data["remaining"] == {"total": 90, "public": 30, "professional": 60}
    assert data["complete"] is False
    assert not cli.ledger.exists(), "status must not create the ledger"


def test_status_json_shape(cli: Cli) -> None:
    write(cli.ledger, GOOD)
    result = cli("status", "--year", "2024", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    spec_keys = [
        "year",
        "rules",
        "deadline",
        "required",
        "credited",
        "remaining",
        "complete",
        "activities",
        "caps",
        "warnings",
    ]
    assert [key for key in data if key in spec_keys] == spec_keys
    assert set(data) - set(spec_keys) == {
        "days_left",
        "on_pace",
        "pace_per_week",
        "projected",
        "cap_room",
        "claims",
        "makeup",
    }
    assert data["year"] == 2024 and data["rules"] == "jiangxi-2023" and data["deadline"] == "2024-12-31"
    assert data["credited"] == {"total": 12.2, "public": 2.2, "professional": 10}
    assert data["remaining"] == {"total": 77.8, "public": 27.8, "professional": 50}
    assert data["activities"][0] == {
        "id": 1, "kind": "paper", "subject": "professional", "base": 10, "credited": 10,
        "rule": "9(1)", "route": "self", "notes": [],
        "trace": ["Art. 9(1): 10 学时 per item", "Art. 9(1): cap 30 a year: 0 used by earlier activities, 30 left → keeps 10 of 10"],
    }  # fmt: skip
    assert data["activities"][1]["route"] == "organizer"
    paper_cap = next(c for c in data["caps"] if c["rule"] == "9(1)")
    assert paper_cap == {"rule": "9(1)", "cap": 30, "base": 10, "credited": 10}
    assert data["warnings"] == []


def test_status_default_year_is_today(cli: Cli) -> None:
    assert json.loads(cli("status", "--json").stdout)["year"] == 2024  # the fixed clock


def test_status_rich_view(cli: Cli) -> None:
    write(cli.ledger, GOOD)
    result = cli("status", "--year", "2024")
    assert result.exit_code == 0
    out = result.stdout
    assert "jiangxi-2023" in out and "赣人社规〔2023〕2号" in out
    assert "deadline 2024-12-31 · 32 days left" in out
    assert "2.2 / 30 学时" in out and "27.8 to go" in out
    assert "深度学习在赣南脐橙病害识别中" in out
    assert "\x1b[" not in out


def test_status_after_the_deadline_says_make_up_is_due(cli: Cli) -> None:
    result = cli("status", "--year", "2023")
    assert "make-up study (补学) is due (Art. 13)" in result.stdout


def test_sector_warning_in_json(cli: Cli) -> None:
    write(cli.ledger, 'schema = 1\n[profile]\nsector = "health"\n')
    data = json.loads(cli("status", "--year", "2024", "--json").stdout)
    assert len(data["warnings"]) == 1 and "Art. 15" in data["warnings"][0]


def test_planned_and_notes_in_json(cli: Cli) -> None:
    write(
        cli.ledger,
        'schema = 1\n[[activity]]\nid = 3\nkind = "exam"\ntitle = "x"\ndate = 2024-12-20\nlevel = "senior"\nstatus = "planned"\n',
    )
    (item,) = json.loads(cli("status", "--year", "2024", "--json").stdout)["activities"]
    assert (item["base"], item["credited"]) == (30, 0)
    assert item["notes"] == ["planned: no credit until it is done"]


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
    before = write(cli.ledger, text)
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
    write(cli.ledger, "x = [")
    assert cli("status").exit_code == 3
    write(cli.ledger, '[profile]\nrules = "mars-2090"\n')
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


def test_year_out_of_range_is_a_usage_error(cli: Cli) -> None:
    result = cli("status", "--year", "0")
    assert result.exit_code == 2


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
    write(other, GOOD)
    monkeypatch.setenv("CPD_LEDGER", str(other))
    from tests.conftest import invoke

    via_env = json.loads(invoke(["status", "--year", "2024", "--json"]).stdout)
    assert via_env["credited"]["total"] == 12.2
    via_option = json.loads(cli("status", "--year", "2024", "--json").stdout)
    assert via_option["credited"]["total"] == 0


def test_version(cli: Cli) -> None:
    from cpd_cli import __version__

    assert cli("--version").stdout.strip() == f"cpd {__version__}"


NEEDED = """\
schema = 1
[[activity]]
id = 1
kind = "training"
title = "公需课"
date = 2024-03-01
subject = "public"
hours = 30

[[activity]]
id = 2
kind = "paper"
title = "a"
date = 2024-04-01

[[activity]]
id = 3
kind = "award"
title = "b"
date = 2024-05-01
level = "national"
status = "rejected"
platform_status = "rejected"
platform_as_of = 2024-07-01

[[activity]]
id = 4
kind = "talk"
title = "c"
date = 2024-06-01
minutes = 90
"""


def test_status_names_the_fewest_claims_to_declare(cli: Cli) -> None:
    """Professional 60 short: the rejected national award (60), declared again, finishes the year alone."""
    write(cli.ledger, NEEDED)
    data = json.loads(cli("status", "--year", "2024", "--json").stdout)["claims"]
    assert (data["needed"], data["optional"]) == ([3], [2, 4])
    assert data["professional"]["rejected"] == {"hours": 60, "count": 1}
    out = cli("status", "--year", "2024").stdout
    assert "declare 1 claim to finish 2024 (#3); 2 more are optional" in out
    assert "rejected: to declare again (驳回)" in out
    assert "申报 1 项即可完成 2024 年度（#3）；另有 2 项可选" in cli("--lang", "zh", "status", "--year", "2024").stdout
    problems = json.loads(cli("check", "--year", "2024", "--json").stdout)["problems"]
    assert [p["id"] for p in problems if p["kind"] == "rejected"] == [3]
    assert (
        "#3 b: rejected (驳回) on the platform on 2024-07-01; fix it and declare it again"
        in cli("check", "--year", "2024").stdout
    )


def test_a_year_that_is_over_closes_its_gap_only_by_make_up_study(cli: Cli) -> None:
    """2023 is over on the tests' today (2024-11-29): no training to attend in 2023, only 补学 in 2024."""
    cli("add", "training", "--title", "t", "--subject", "public", "--hours", "20", "--date", "2023-05-01")
    out = " ".join(cli("status", "--year", "2023").stdout.split())  # as read, however the terminal wraps it
    assert "Ways to close the gap:" in out
    assert "make-up study (补学, Art. 13) in 2024" in out
    assert "--subject public --hours 10 --date 2024-MM-DD --makeup-for 2023" in out
    assert "--subject professional --hours 60 --date 2024-MM-DD --makeup-for 2023" in out
    assert "8(1)" not in out.split("Ways to close the gap:")[1].split("rule")[0]  # no training to attend in 2023
    this_year = cli("status", "--year", "2024").stdout
    assert "--makeup-for" not in this_year and "Ways to close the gap:" in this_year


def test_ctrl_c_is_one_line_and_exit_130(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import cpd_cli.cli.status as status_module

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(status_module, "overview", interrupted)
    result = cli("status")
    assert result.exit_code == 130
    assert result.stderr.strip() == "cpd: error: interrupted; the ledger was not changed by this command"
