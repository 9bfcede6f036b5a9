"""``cpd status`` through the CLI: the JSON, the Rich view, the deadline, pace, projection and claims."""

from __future__ import annotations

import json

from tests.conftest import Cli
from tests.helpers import GOOD, add, status, write_file


def test_status_json_additions(cli: Cli) -> None:
    add(cli, "xuexi", "--title", "x", "--points", "2500", "--date", "2024-03-01")
    add(cli, "exam", "--title", "e", "--level", "junior", "--date", "2024-12-20", "--status", "planned")
    data = status(cli)  # today is 2024-11-29 in tests
    assert data["days_left"] == 32
    # rounded up: 88·7/32 = 19.25 → 19.3, 28·7/32 = 6.125 → 6.2, 60·7/32 = 13.125 → 13.2
    assert data["pace_per_week"] == {"total": 19.3, "public": 6.2, "professional": 13.2}
    assert data["projected"] == {"total": 12, "public": 2, "professional": 10}
    room = {r["rule"]: r for r in data["cap_room"]}
    assert room["8(8)"] == {"rule": "8(8)", "cap": 10, "credited": 2, "room": 8}
    assert data["on_pace"] is False


def test_status_deadline_option_and_profile(cli: Cli) -> None:
    assert status(cli, "--deadline", "12-15")["deadline"] == "2024-12-15"
    assert status(cli, "--deadline", "2024-12-20")["days_left"] == 21
    result = cli("status", "--deadline", "someday")
    assert result.exit_code == 2 and "--deadline" in result.stderr
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    cli.ledger.write_text('[profile]\ndeadline = "12-10"\n', encoding="utf-8")
    assert status(cli)["deadline"] == "2024-12-10"
    cli.ledger.write_text('[profile]\ndeadline = "Friday"\n', encoding="utf-8")
    assert "profile, field 'deadline'" in cli("status").stderr


def test_status_text_shows_pace_projection_suggestions_and_caps(cli: Cli) -> None:
    add(cli, "training", "--title", "t", "--subject", "public", "--hours", "22", "--date", "2024-03-01")
    add(cli, "paper", "--title", "p", "--date", "2024-12-20", "--status", "planned")
    out = " ".join(cli("status", "--year", "2024").stdout.split())
    assert "pace needed: 14.9 学时 a week (公需 1.8, 专业 13.2) for 32 days" in out  # 68·7/32, 8·7/32, 60·7/32
    assert "credited 22, with planned 32 — still 8 public and 50 professional short" in out
    assert (
        "公需 public 8 short:" in out
        and "2024 公需 courses, free online (赣人社字〔2024〕154号): 北京网梯科技江西专技在线 (4008039966)" in out
    )
    assert "9(1) paper │ 0 / 30 │ 30 more 学时 = 3 more × 10" in out


def test_status_explain(cli: Cli) -> None:
    add(cli, "talk", "--title", "t", "--minutes", "70", "--date", "2024-03-01")
    out = cli("status", "--year", "2024", "--explain").stdout
    assert "2 × 70 min ÷ 45 = 3.11… → cut down to 0.1: 3.1" in " ".join(out.split())


def test_status_json_shape(cli: Cli) -> None:
    write_file(cli.ledger, GOOD)
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
    write_file(cli.ledger, GOOD)
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
    write_file(cli.ledger, 'schema = 1\n[profile]\nsector = "health"\n')
    data = json.loads(cli("status", "--year", "2024", "--json").stdout)
    assert len(data["warnings"]) == 1 and "Art. 15" in data["warnings"][0]


def test_planned_and_notes_in_json(cli: Cli) -> None:
    write_file(
        cli.ledger,
        'schema = 1\n[[activity]]\nid = 3\nkind = "exam"\ntitle = "x"\ndate = 2024-12-20\nlevel = "senior"\nstatus = "planned"\n',
    )
    (item,) = json.loads(cli("status", "--year", "2024", "--json").stdout)["activities"]
    assert (item["base"], item["credited"]) == (30, 0)
    assert item["notes"] == ["planned: no credit until it is done"]


def test_year_out_of_range_is_a_usage_error(cli: Cli) -> None:
    result = cli("status", "--year", "0")
    assert result.exit_code == 2


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
    write_file(cli.ledger, NEEDED)
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
