"""``cpd add``: every kind, dates, Chinese values, evidence, planned activities, and what it reports."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

import pytest

from cpd_cli.cli import activityinput
from tests.conftest import Cli
from tests.helpers import status

EVERY_KIND = [
    ("training", ["--subject", "public", "--hours", "6"], "public", 6),
    ("program", ["--subject", "professional", "--days", "2"], "professional", 16),
    ("unit-training", ["--minutes", "135"], "professional", 3),
    ("visit", ["--days", "1"], "professional", 8),
    ("conference", ["--hours", "3.5"], "professional", 3.5),
    ("degree-course", ["--subject", "public"], "public", 10),
    ("exam", ["--level", "intermediate"], "professional", 20),
    ("xuexi", ["--points", "3500"], "public", 3),
    ("paper", ["--journal", "计算机学报"], "professional", 10),
    ("book", ["--role", "sole"], "professional", 20),
    ("patent", ["--type", "utility"], "professional", 3),
    ("project", ["--level", "provincial"], "professional", 20),
    ("award", ["--level", "municipal"], "professional", 20),
    ("talk", ["--minutes", "90"], "professional", 4),
]


@pytest.mark.parametrize(("kind", "options", "subject", "credit"), EVERY_KIND, ids=[k[0] for k in EVERY_KIND])
def test_add_every_kind_round_trip(cli: Cli, kind: str, options: list[str], subject: str, credit: float) -> None:
    result = cli("add", kind, "--title", f"一项{kind}", "--date", "2024-05-10", *options)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"#1 {kind} 2024-05-10: ")
    (item,) = status(cli, "--year", "2024")["activities"]
    assert (item["id"], item["kind"], item["subject"], item["credited"]) == (1, kind, subject, credit)
    data = tomllib.loads(cli.ledger.read_text(encoding="utf-8"))
    assert data["activity"][0]["title"] == f"一项{kind}"


def test_add_reports_the_cap(cli: Cli) -> None:
    for month in (1, 2, 3):
        assert cli("add", "paper", "--title", f"p{month}", "--date", f"2024-0{month}-01").exit_code == 0
    result = cli("add", "paper", "--title", "p4", "--date", "2024-04-01")
    assert result.stdout.strip() == (
        "#4 paper 2024-04-01: 10 学时 base, 0 credited: 9(1): cap of 30 学时 already reached in 2024"
    )


def test_add_json(cli: Cli) -> None:
    result = cli(
        "add", "exam", "--title", "x", "--level", "senior", "--date", "2024-01-01", "--status", "planned", "--json"
    )
    assert json.loads(result.stdout) == {
        "id": 1, "kind": "exam", "subject": "professional", "base": 30, "credited": 0,
        "rule": "8(7)", "route": "self", "notes": ["planned: no credit until it is done"],
    }  # fmt: skip


def test_date_defaults_to_today(cli: Cli) -> None:
    cli("add", "paper", "--title", "x")
    assert tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][0]["date"].isoformat() == "2024-11-29"


@pytest.mark.parametrize("typed", ["2024-03-15", "2024/3/15", "20240315", "2024年3月15日"])
def test_date_formats(cli: Cli, typed: str) -> None:
    assert cli("add", "paper", "--title", "x", "--date", typed).exit_code == 0
    assert tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][0]["date"].isoformat() == "2024-03-15"


@pytest.mark.parametrize(
    ("kind", "option", "typed", "stored"),
    [
        ("project", "--level", "国家级", "national"),
        ("award", "--level", "省部级", "provincial"),
        ("project", "--level", "市厅级", "municipal"),
        ("exam", "--level", "初级", "junior"),
        ("exam", "--level", "中级", "intermediate"),
        ("exam", "--level", "高级", "senior"),
        ("patent", "--type", "发明", "invention"),
        ("patent", "--type", "实用新型", "utility"),
        ("patent", "--type", "外观设计", "design"),
        ("patent", "--type", "软件著作权", "software"),
        ("book", "--role", "独著", "sole"),
        ("book", "--role", "编著", "edited"),
        ("training", "--subject", "公需", "public"),
        ("training", "--subject", "专业", "professional"),
    ],
)
def test_chinese_option_values(cli: Cli, kind: str, option: str, typed: str, stored: str) -> None:
    extra = ["--hours", "2"] + (["--subject", "public"] if kind == "training" and option != "--subject" else [])
    if kind != "training":
        extra = []
    result = cli("add", kind, "--title", "x", "--date", "2024-01-01", option, typed, *extra)
    assert result.exit_code == 0, result.output
    assert tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][0][option[2:]] == stored


def test_evidence_is_absolute_with_size_and_hash(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "证明材料"
    folder.mkdir()
    (folder / "证书.pdf").write_bytes(b"%PDF-1.4 certificate")
    monkeypatch.chdir(folder)
    assert cli("add", "paper", "--title", "p", "--date", "2024-01-01", "--evidence", "证书.pdf").exit_code == 0
    entry = tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][0]
    assert entry["evidence"] == [str(folder / "证书.pdf")]
    assert entry["evidence_meta"] == [
        {
            "path": str(folder / "证书.pdf"),
            "size": 20,
            "sha256": hashlib.sha256(b"%PDF-1.4 certificate").hexdigest(),
            "mtime_ns": (folder / "证书.pdf").stat().st_mtime_ns,
        }
    ]
    shown = json.loads(cli("show", "1", "--json").stdout)
    assert shown["evidence_check"] == [{"path": str(folder / "证书.pdf"), "exists": True, "matches": True}]
    (folder / "证书.pdf").write_bytes(b"tampered")
    assert json.loads(cli("show", "1", "--json").stdout)["evidence_check"][0]["matches"] is False
    assert "changed since it was attached" in cli("show", "1").stdout
    (folder / "证书.pdf").unlink()
    assert "✗" in cli("show", "1").stdout and "missing" in cli("show", "1").stdout
    assert cli("attach", "1", "nothere.pdf").exit_code == 2


def test_prompts_for_missing_required_options_at_a_terminal(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(activityinput, "interactive", lambda: True)
    result = cli("add", "training", "--date", "2024-01-01", input="网络培训\n公需\n6\ny\n")
    assert result.exit_code == 0, result.output
    entry = tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][0]
    assert (entry["title"], entry["subject"], entry["hours"]) == ("网络培训", "public", 6)


def test_add_help_quotes_the_rule(cli: Cli) -> None:
    result = cli("add", "paper", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "9(1)" in text and "10 学时 each" in text and "at most 30 学时 a year" in text
    assert "在核心刊物上发表学术论文" in text and "Example:" in text


def test_a_future_date_is_recorded_as_planned(cli: Cli) -> None:
    """On 2024-11-29 (the tests' today) a conference on 12-20 earns nothing yet and is planned (SPEC §8.1)."""
    result = cli("add", "conference", "--title", "年会", "--date", "2024-12-20", "--days", "1")
    assert result.exit_code == 0, result.output
    assert "dated after today: recorded as planned" in result.stdout and "0 credited" in result.stdout
    assert json.loads(cli("show", "1", "--json").stdout)["status"] == "planned"
    given = cli("add", "conference", "--title", "b", "--date", "2024-12-21", "--days", "1", "--status", "done")
    assert "recorded as planned" not in given.stdout and "dated after today (2024-11-29)" in given.stdout
    cli("add", "paper", "--title", "p", "--date", "2024-03-01")
    edited = cli("edit", "3", "--date", "2024-12-02")
    assert "recorded as planned" in edited.stdout
    assert json.loads(cli("show", "3", "--json").stdout)["status"] == "planned"


def test_days_without_a_start_give_a_span(cli: Cli) -> None:
    """--days 3 on 05-12 ran 05-10 to 05-12; 2.5 days round up to 3 as well; 1 day is the date itself."""
    result = cli("add", "conference", "--title", "a", "--date", "2024-05-12", "--days", "3")
    assert "3 days ending 2024-05-12: start 2024-05-10" in result.stdout
    assert json.loads(cli("show", "1", "--json").stdout)["start"] == "2024-05-10"
    cli("add", "conference", "--title", "b", "--date", "2024-05-12", "--days", "2.5")
    assert json.loads(cli("show", "2", "--json").stdout)["start"] == "2024-05-10"
    one = cli("add", "conference", "--title", "c", "--date", "2024-05-12", "--days", "1")
    assert "start" not in one.stdout and json.loads(cli("show", "3", "--json").stdout).get("start") is None
    csv_text = cli("export", "--year", "2024", "--format", "csv").stdout
    assert ",20240510,20240512," in csv_text


def test_a_change_that_moves_another_credit_names_it(cli: Cli) -> None:
    """Unit training is capped at 10 (8(3)): an earlier one cuts a later one, and removing it gives it back."""
    cli("add", "unit-training", "--title", "later", "--date", "2024-06-01", "--hours", "8")
    added = cli("add", "unit-training", "--title", "earlier", "--date", "2024-03-01", "--hours", "4")
    assert "#1 now 6 学时 (8(3) cap)" in added.stdout
    removed = cli("rm", "2", "--yes")
    assert "#1 now 8 学时 (was 6)" in removed.stdout
    cli("add", "paper", "--title", "p", "--date", "2024-03-01")
    cli("add", "paper", "--title", "q", "--date", "2024-04-01", "--same-as", "3")
    marked = cli("mark", "3", "rejected")
    assert "#4 now 10 学时 (was 0)" in marked.stdout
    edited = cli("edit", "1", "--hours", "7")
    assert "now" not in edited.stdout.split("\n", 1)[1]  # nothing else moved
