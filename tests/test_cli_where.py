"""``status`` additions, ``history``, ``rules``, ``check`` and the calendar, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpd_cli.core.rules import parse_pack
from tests.conftest import Cli


def add(cli: Cli, *args: str) -> None:
    result = cli("add", *args)
    assert result.exit_code == 0, result.output


def status(cli: Cli, *args: str) -> dict:  # type: ignore[type-arg]
    result = cli("status", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


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


def test_history(cli: Cli) -> None:
    add(cli, "training", "--title", "a", "--subject", "public", "--hours", "30", "--date", "2023-03-01")
    add(cli, "training", "--title", "b", "--subject", "professional", "--hours", "60", "--date", "2023-03-01")
    add(cli, "paper", "--title", "c", "--date", "2024-03-01")
    data = json.loads(cli("history", "--json").stdout)
    assert [(y["year"], y["complete"], y["credited"]["total"]) for y in data] == [(2023, True, 90), (2024, False, 10)]
    assert json.loads(cli("status", "--all", "--json").stdout) == data
    text = cli("history").stdout
    assert "complete ✓" in text and "2024 in progress, 80 to go" in text


def test_rules_table_show_and_json(cli: Cli) -> None:
    out = cli("rules").stdout
    assert "赣人社规〔2023〕2号 · effective 2023-07-01" in out and "9(3)" in out
    shown = cli("rules", "--show", "9(3)").stdout
    assert "每项发明专利，按5学时计算" in shown and "at most 10 学时 a year" in shown
    assert "cpd's reading:" in cli("rules", "--show", "8（8）").stdout  # full-width brackets accepted
    result = cli("rules", "--show", "99")
    assert result.exit_code == 2 and "no article '99'" in result.stderr
    data = json.loads(cli("rules", "--json").stdout)
    assert data["id"] == "jiangxi-2023" and len(data["rules"]) == 15
    assert data["rules"][8] == {**data["rules"][8], "article": "9(1)", "cap": 30, "rate": 10}


def pack_text() -> str:
    from cpd_cli.core.rules import PACKS_FOLDER

    return (PACKS_FOLDER / "jiangxi-2023.toml").read_text(encoding="utf-8")


def test_rules_validate(cli: Cli, tmp_path: Path) -> None:
    good = tmp_path / "pack.toml"
    good.write_text(pack_text(), encoding="utf-8")
    result = cli("rules", "--validate", str(good))
    cases = len(parse_pack(pack_text(), source="pack.toml").cases)
    assert result.exit_code == 0 and f"{cases} worked cases pass" in result.stdout
    wrong_case = tmp_path / "wrong.toml"
    wrong_case.write_text(pack_text().replace("credited = { 1 = 2.2 }", "credited = { 1 = 2.3 }"), encoding="utf-8")
    result = cli("rules", "--validate", str(wrong_case))
    assert result.exit_code == 6 and "#1 expected 2.3, got 2.2" in result.stderr
    bad_basis = tmp_path / "bad.toml"
    bad_basis.write_text(pack_text().replace('basis = "points"', 'basis = "vibes"'), encoding="utf-8")
    result = cli("rules", "--validate", str(bad_basis))
    assert result.exit_code == 6 and "rule 'xuexi': unknown basis 'vibes'" in result.stderr
    no_article = tmp_path / "noarticle.toml"
    no_article.write_text(pack_text().replace('article = "9(2)"\n', ""), encoding="utf-8")
    assert "rule 'book': missing 'article'" in cli("rules", "--validate", str(no_article)).stderr
    assert cli("rules", "--validate", str(tmp_path / "none.toml")).exit_code == 6
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = cli("rules", "--validate", str(deep))
    assert result.exit_code == 6 and result.stderr.strip().endswith("not a rule pack: values nested too deeply")


def test_rules_file_and_user_pack_folder(cli: Cli, tmp_path: Path) -> None:
    generous = (
        pack_text()
        .replace('id = "jiangxi-2023"', 'id = "generous"')
        .replace("rate = 10\ncap = 30\nrequires", "rate = 15\ncap = 30\nrequires")
    )
    own = tmp_path / "generous.toml"
    own.write_text(generous, encoding="utf-8")
    add(cli, "paper", "--title", "p", "--date", "2024-03-01")
    assert status(cli)["credited"]["total"] == 10
    via_option = json.loads(cli("--rules", str(own), "status", "--json").stdout)
    assert via_option["rules"] == "generous" and via_option["credited"]["total"] == 15
    folder = tmp_path / "xdg-config" / "cpd" / "packs"
    folder.mkdir(parents=True)
    (folder / "generous.toml").write_text(generous, encoding="utf-8")
    cli.ledger.write_text(
        cli.ledger.read_text(encoding="utf-8") + '\n[profile]\nrules = "generous"\n', encoding="utf-8"
    )
    assert status(cli)["credited"]["total"] == 15


@pytest.mark.parametrize(
    ("setup", "code", "state"),
    [
        ("complete", 0, "complete"),
        ("on pace", 0, "on pace"),
        ("behind", 1, "behind"),
        ("broken evidence", 1, "complete"),
    ],
)
def test_check_exit_codes(cli: Cli, tmp_path: Path, setup: str, code: int, state: str) -> None:
    proof = tmp_path / "cert.pdf"
    proof.write_bytes(b"x")
    if setup in ("complete", "broken evidence"):
        add(cli, "training", "--title", "a", "--subject", "public", "--hours", "30", "--date", "2024-03-01")
        add(cli, "paper", "--title", "p", "--date", "2024-03-01", "--evidence", str(proof))
        add(cli, "training", "--title", "b", "--subject", "professional", "--hours", "50", "--date", "2024-03-01")
    if setup == "on pace":  # by 2024-11-29 (day 334 of 366) a steady pace is 27.4 public, 54.8 professional
        add(cli, "training", "--title", "a", "--subject", "public", "--hours", "27.4", "--date", "2024-03-01")
        add(cli, "training", "--title", "b", "--subject", "professional", "--hours", "54.8", "--date", "2024-03-01")
    if setup == "behind":
        add(cli, "training", "--title", "a", "--subject", "public", "--hours", "27.3", "--date", "2024-03-01")
        add(cli, "training", "--title", "b", "--subject", "professional", "--hours", "60", "--date", "2024-03-01")
    if setup == "broken evidence":
        proof.write_bytes(b"changed")
    result = cli("check")
    assert result.exit_code == code, result.output
    data = json.loads(cli("check", "--json").stdout)
    assert data["state"] == state and data["ok"] is (code == 0)
    if setup == "broken evidence":
        assert [p["kind"] for p in data["problems"]] == ["changed"]
    assert cli("check", "--quiet").stdout == ""


def test_check_finds_future_dates_and_cross_year_same_content(cli: Cli) -> None:
    add(cli, "paper", "--title", "old", "--date", "2023-05-01")
    # a future date is recorded as planned unless a status is given
    add(cli, "talk", "--title", "t", "--minutes", "45", "--date", "2024-12-30", "--same-as", "1", "--status", "done")
    kinds = [p["kind"] for p in json.loads(cli("check", "--json").stdout)["problems"]]
    assert kinds == ["same-content-other-year", "future-not-planned"]  # a future claim is not to declare yet


def test_calendar(cli: Cli) -> None:
    add(
        cli,
        "exam",
        "--title",
        "高级, 考试; 计划",
        "--level",
        "senior",
        "--date",
        "2024-12-20",
        "--start",
        "2024-12-19",
        "--status",
        "planned",
    )
    add(cli, "paper", "--title", "done", "--date", "2024-03-01")
    text = cli("export", "--format", "ics").stdout_bytes.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "DTSTART;VALUE=DATE:20241231" in lines and "TRIGGER:-P30D" in lines and "TRIGGER:-P7D" in lines
    assert "UID:cpd-activity-1@cpd" in lines and "UID:cpd-activity-2@cpd" not in lines
    assert "DTSTART;VALUE=DATE:20241219" in lines and "DTEND;VALUE=DATE:20241221" in lines
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:高级\\, 考试\\; 计划 (exam 8(7))" in unfolded
