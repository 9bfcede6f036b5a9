"""``cpd reconcile`` through the CLI, and what it changes in ``status``, ``check`` and ``export``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import Cli

DATA = Path(__file__).parents[1] / "data" / "platform"


@pytest.fixture
def ledger(cli: Cli) -> Path:
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "ledger.toml", cli.ledger)
    return cli.ledger


def report(cli: Cli, name: str, *more: str) -> dict:  # type: ignore[type-arg]
    result = cli("reconcile", str(DATA / name), "--json", *more)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_saved_page_and_copied_text_give_the_same_report(cli: Cli, ledger: Path) -> None:
    page = report(cli, "2024.html")
    assert page == report(cli, "2024.txt") == report(cli, "2024.csv") == report(cli, "2024-gbk.html")
    assert list(page) == [
        "year", "platform", "ledger", "matched", "platform_only", "ledger_only", "unknown_status", "lookalikes",
        "approved", "pending", "ledger_only_credited", "group_totals",
    ]  # fmt: skip
    # like beside like: the approved rows' 学时数 and cpd's credit for the activities matched with them
    assert page["approved"] == {
        "platform": {"public": 31, "professional": 32, "total": 63},
        "cpd": {"public": 20, "professional": 24, "total": 44},
    }
    assert page["pending"]["platform"] == {"public": 0, "professional": 14, "total": 14}
    assert page["ledger_only_credited"] == {"public": 0, "professional": 26, "total": 26}
    # 总学时 shown beside the rows' sum; 32 beside 54 is the platform's figure, not refused
    assert page["group_totals"] == {
        "shown": {"public": 31, "professional": 32},
        "rows": {"public": 31, "professional": 54, "total": 85},
    }
    assert page["lookalikes"] == []  # no platform-only row shares its dates with a ledger-only activity
    assert page["platform"] == {"public": 31, "professional": 32, "total": 63}
    assert page["matched"][0] == {
        "row": 1, "id": 1, "title": "江西公需课培训班(三)", "platform_title": "江西公需课 培训班 (三)（江西专技在线）",
        "start": "2024-03-08", "end": "2024-03-08", "platform_start": None, "platform_end": "2024-03-08",
        "platform_hours": 10, "credited": 10, "platform_status": "approved", "status": "declared",
    }  # fmt: skip
    assert page["platform_only"][2] == {
        "row": 9, "title": "数字经济专业课（江西专技在线）", "subject": "professional", "hours": 12,
        "start": "2024-04-01", "end": "2024-04-03", "platform_status": "approved",
    }  # fmt: skip
    assert page["ledger_only"] == [
        {"id": 5, "kind": "exam", "route": "self", "credited": 20},
        {"id": 6, "kind": "unit-training", "route": "unit", "credited": 6},
    ]
    assert page["unknown_status"] == [{"row": 8, "word": "已撤回"}]
    assert ledger.read_bytes() == (DATA / "ledger.toml").read_bytes()  # without --apply nothing is written


def test_the_report_for_a_person(cli: Cli, ledger: Path) -> None:
    out = cli("reconcile", str(DATA / "2024.html")).stdout
    assert "20 · 24 ≠" in out  # the platform's figure for #7 beside cpd's
    assert "63 · 44 ≠" in out and "14 · 14" in out  # approved, then pending: platform beside cpd, like for like
    assert "32 · 54" in out  # the platform's 总学时 beside the sum of its rows
    assert "cpd: 学术报告" in out  # the ledger's title under the platform's
    assert "declared → approved" in out
    assert "declare it under 折算学时申报" in out and "ask your unit to register it" in out
    assert "状态 “已撤回” is not a word cpd knows; kept as pending" in out
    assert "--apply" in out
    zh = cli("--lang", "zh", "reconcile", str(DATA / "2024.txt")).stdout
    assert "仅平台有（台账中没有）" in zh and "请在折算学时申报中申报" in zh and "已申报 → 审核通过" in zh


def test_apply_is_one_change_that_one_undo_reverts(cli: Cli, ledger: Path) -> None:
    before = ledger.read_bytes()
    result = cli("reconcile", str(DATA / "2024.html"), "--apply")
    assert result.exit_code == 0, result.output
    assert "Applied: 6 updated, 3 added" in result.stdout
    listed = {a["id"]: a for a in json.loads(cli("list", "--year", "2024", "--json").stdout)}
    assert listed[12]["kind"] == "registered" and listed[12]["status"] == "approved"
    assert listed[1]["status"] == "approved" and listed[4]["status"] == "rejected"
    again = cli("reconcile", str(DATA / "2024.txt"), "--apply")
    assert "nothing was changed" in again.stdout
    undone = cli("undo")
    assert undone.exit_code == 0 and "reconcile 2024" in undone.stdout
    assert ledger.read_bytes() == before


def test_status_shows_the_pipeline_and_both_totals(cli: Cli, ledger: Path) -> None:
    cli("reconcile", str(DATA / "2024.html"), "--apply")
    claims = json.loads(cli("status", "--year", "2024", "--json").stdout)["claims"]
    # public: #1, #2 approved by the platform, and rows 3, 4 added: 10 + 10 + 10 + 1 = 31
    assert claims["public"]["approved"] == {"hours": 31, "count": 4}
    # professional approved: #7 (cpd credits 24) and row 9 (12) = 36; pending: #3 10 + #8 4 = 14;
    # to declare: the exam, 20; to check: the unit's training, 6; the rejected conference, 8 once declared again
    assert claims["professional"] == {
        "approved": {"hours": 36, "count": 2},
        "declared": {"hours": 14, "count": 2},
        "to_declare": {"hours": 20, "count": 1},
        "to_check": {"hours": 6, "count": 1},
        "rejected": {"hours": 8, "count": 1},
    }
    # the platform approved 31 public and 20 + 12 = 32 professional, as of the fixed clock
    assert claims["platform"] == {"as_of": "2024-11-29", "public": 31, "professional": 32, "total": 63}
    out = cli("status", "--year", "2024").stdout
    assert "as of 11-29" in out and "platform 32 · cpd 76" in out and "platform 31 · cpd 31" in out


def test_status_before_any_reconcile_has_no_platform_figure(cli: Cli, ledger: Path) -> None:
    claims = json.loads(cli("status", "--year", "2024", "--json").stdout)["claims"]
    assert claims["platform"] is None
    assert claims["public"]["to_check"] == {"hours": 10, "count": 1}  # #2, a training not yet seen
    assert claims["public"]["declared"] == {"hours": 10, "count": 1}


def test_check_flags_pending_claims_and_figures_that_differ(cli: Cli, ledger: Path) -> None:
    cli("reconcile", str(DATA / "2024.html"), "--apply")
    result = cli("check", "--year", "2024", "--json")
    assert result.exit_code == 1
    problems = [(p["id"], p["kind"]) for p in json.loads(result.stdout)["problems"]]
    assert (3, "pending-on-platform") in problems and (8, "pending-on-platform") in problems
    assert (7, "platform-differs") in problems
    assert (4, "platform-differs") not in problems  # rejected: nothing to compare
    assert (
        "#7 人工智能专业能力提升研修班: the platform shows 20 学时, cpd credits 24"
        in cli("check", "--year", "2024").stdout
    )


def test_an_approved_claim_is_not_to_declare(cli: Cli, ledger: Path) -> None:
    before = json.loads(cli("export", "--year", "2024", "--format", "json").stdout)
    assert [row["id"] for row in before["declare"]] == [3, 4, 5, 8]  # paper, conference, exam, talk
    cli("mark", "3", "approved")
    after = json.loads(cli("export", "--year", "2024", "--format", "json").stdout)
    assert 3 not in [row["id"] for row in after["declare"]] and 3 in [row["id"] for row in after["verify"]]
    assert 3 not in [problem["id"] for problem in after["problems"]]  # approved: no evidence to upload


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-table.html"], "no-table.html: no 学时查询 table found"),
        (["bad-hours.txt"], "bad-hours.txt: line 3: 学时数 '十二' is not a number"),
        (["2024.txt", "--year", "2023"], "2024.txt: the table is of 2024, not 2023"),
        (["missing.html"], "missing.html: cannot read"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(cli: Cli, ledger: Path, args: list[str], message: str) -> None:
    before = ledger.read_bytes()
    result = cli("reconcile", str(DATA / args[0]), *args[1:], "--apply")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert ledger.read_bytes() == before
    assert not ledger.with_name(ledger.name + ".undo").exists()


FORMS = [
    "2024.html", "2024-gbk.html", "2024.mhtml", "2024-div.html", "2024-chrome.txt", "2024-firefox.txt",
    "2024-excel.txt", "2024-cells.txt", "2024.csv",
]  # fmt: skip


def test_every_form_of_the_table_gives_the_same_json_byte_for_byte(cli: Cli, ledger: Path) -> None:
    outputs = {name: cli("reconcile", str(DATA / name), "--json").stdout for name in FORMS}
    assert len(set(outputs.values())) == 1, {name: out[:200] for name, out in outputs.items()}
    assert json.loads(outputs["2024-chrome.txt"])["platform"] == {"public": 31, "professional": 32, "total": 63}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<table><tr>" + "<td rowspan=1000 colspan=1000>" * 500, "is more than"),
        ('<meta charset="base64"><table></table>', "the page declares the charset 'base64'"),
        (
            "年度\t科目类型\t课程名称\t学时数\t状态\n2024\t公需课\t甲\t1e999999999\t审核通过\n",
            "line 2: 学时数 '1e999999999'",
        ),
    ],
)
def test_hostile_tables_exit_2_naming_the_file(
    cli: Cli, ledger: Path, tmp_path: Path, content: str, message: str
) -> None:
    before = ledger.read_bytes()
    path = tmp_path / ("t.html" if content.startswith("<") else "t.txt")
    path.write_text(content, encoding="utf-8")
    result = cli("reconcile", str(path), "--apply")
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and message in result.stderr and path.name in result.stderr
    assert ledger.read_bytes() == before


LOOKALIKE = """
[[activity]]
id = 20
kind = "training"
title = "数字化转型与产业升级专题"
date = 2024-04-03
start = 2024-04-01
subject = "professional"
hours = 12
"""


@pytest.fixture
def lookalike(ledger: Path) -> Path:
    """The ledger with #20, of row 9's subject and days (2024-04-01 to 04-03) but titled otherwise."""
    ledger.write_text(ledger.read_text(encoding="utf-8") + LOOKALIKE, encoding="utf-8")
    return ledger


def ids(cli: Cli) -> dict:  # type: ignore[type-arg]
    return {a["id"]: a for a in json.loads(cli("list", "--year", "2024", "--json").stdout)}


def test_apply_leaves_a_lookalike_out_and_names_both_commands(cli: Cli, lookalike: Path) -> None:
    result = cli("reconcile", str(DATA / "2024.html"), "--apply")
    assert result.exit_code == 0, result.output
    assert "row 9 (“数字经济专业课（江西专技在线）”) and #20 have the same dates" in result.stdout
    assert "--link 9=20" in result.stdout and "--add 9" in result.stdout
    assert "Left out, for you to link or add: rows 9." in result.stdout
    assert not any(a["title"] == "数字经济专业课（江西专技在线）" for a in ids(cli).values())  # not recorded twice


def test_link_matches_the_row_and_add_records_it(cli: Cli, lookalike: Path) -> None:
    shown = report(cli, "2024.html", "--link", "9=20")
    assert {(m["row"], m["id"]) for m in shown["matched"]} >= {(9, 20)} and shown["lookalikes"] == []
    assert cli("reconcile", str(DATA / "2024.html"), "--apply", "--link", "9=20").exit_code == 0
    assert ids(cli)[20]["status"] == "approved"
    cli("undo")
    added = cli("reconcile", str(DATA / "2024.html"), "--apply", "--add", "9")
    assert added.exit_code == 0 and "Left out" not in added.stdout
    assert any(a["title"] == "数字经济专业课（江西专技在线）" for a in ids(cli).values())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--link", "99=20"], "--link 99=20: there is no row 99"),
        (["--link", "9=999"], "--link 9=999: there is no activity #999 in 2024"),
        (["--link", "9=20", "--link", "9=7"], "--link: row 9 is linked twice"),
        (["--link", "9=20", "--link", "8=20"], "--link: activity #20 is linked to two rows"),
        (["--link", "nine"], "--link nine: give it as ROW=ID"),
        (["--add", "1"], "--add 1: row 1 matches #1"),
        (["--add", "99"], "--add 99: there is no row 99"),
        (["--add", "9", "--link", "9=20"], "--add 9: row 9 is also linked"),
    ],
)
def test_a_wrong_link_or_add_exits_2_and_writes_nothing(
    cli: Cli, lookalike: Path, args: list[str], message: str
) -> None:
    before = lookalike.read_bytes()
    for apply in ([], ["--apply"]):
        result = cli("reconcile", str(DATA / "2024.html"), *args, *apply)
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1 and message in result.stderr
    assert lookalike.read_bytes() == before


def test_several_pages_build_past_years_on_an_empty_ledger_in_one_undo_step(cli: Cli, tmp_path: Path) -> None:
    older = tmp_path / "2023.txt"
    older.write_text(
        "年度\t科目类型\t总学时\t课程名称\t学时数\t开始时间\t结束时间\t待审单位\t学时状态\t状态\t操作\n"
        "2023\t公需课\t30\t二〇二三公需课\t30\t20230301\t20230302\t----\t已获得学时\t审核通过\t查看\n"
        "专业课\t60\t二〇二三专业课\t60\t20230601\t20230610\t----\t已获得学时\t审核通过\t查看\n",
        encoding="utf-8",
    )
    shown = json.loads(cli("reconcile", str(older), str(DATA / "2024-chrome.txt"), "--json").stdout)
    assert [each["year"] for each in shown] == [2023, 2024]  # every year present, one report each
    assert [row["row"] for row in shown[1]["platform_only"]][:2] == [3, 4]  # rows numbered across the files
    result = cli("reconcile", str(older), str(DATA / "2024-chrome.txt"), "--apply")
    assert result.exit_code == 0, result.output
    history = {y["year"]: y for y in json.loads(cli("history", "--since", "2023", "--json").stdout)}
    assert history[2023]["credited"]["total"] == 90 and history[2023]["complete"]
    assert cli("undo").exit_code == 0
    assert json.loads(cli("list", "--json").stdout) == []


def test_the_platforms_dates_stand_beside_the_ledgers_where_they_differ(cli: Cli, ledger: Path) -> None:
    text = ledger.read_text(encoding="utf-8").replace("date = 2024-05-10", "date = 2024-05-11")
    ledger.write_text(text, encoding="utf-8")  # #4, 全国机器学习会议: the platform says 05-10
    shown = report(cli, "2024.html")
    conference = next(m for m in shown["matched"] if m["id"] == 4)
    assert (conference["platform_start"], conference["platform_end"]) == ("2024-05-10", "2024-05-10")
    assert (conference["start"], conference["end"]) == ("2024-05-11", "2024-05-11")
    assert "05-10 · 05-11" in cli("reconcile", str(DATA / "2024.html")).stdout
