"""Recording activities: add (every kind), list, show, edit, rm, attach, mark, undo."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cpd_cli.cli import fields
from cpd_cli.store import ledger as store
from tests.conftest import Cli

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


def status(cli: Cli, year: str = "2024") -> dict:  # type: ignore[type-arg]
    result = cli("status", "--year", year, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(("kind", "options", "subject", "credit"), EVERY_KIND, ids=[k[0] for k in EVERY_KIND])
def test_add_every_kind_round_trip(cli: Cli, kind: str, options: list[str], subject: str, credit: float) -> None:
    result = cli("add", kind, "--title", f"一项{kind}", "--date", "2024-05-10", *options)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"#1 {kind} 2024-05-10: ")
    (item,) = status(cli)["activities"]
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


def test_chinese_status_in_mark(cli: Cli) -> None:
    cli("add", "paper", "--title", "x", "--date", "2024-01-01")
    assert cli("mark", "1", "审核通过").exit_code == 0
    assert tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][0]["status"] == "approved"


def test_edit_and_rm_are_reflected_in_status(cli: Cli) -> None:
    cli("add", "training", "--title", "t", "--subject", "public", "--hours", "10", "--date", "2024-02-01")
    cli("add", "paper", "--title", "p", "--date", "2024-03-01")
    assert status(cli)["credited"] == {"total": 20, "public": 10, "professional": 10}
    assert cli("edit", "1", "--minutes", "450").exit_code == 0  # 450 / 45 = 10 → unchanged
    assert cli("edit", "1", "--hours", "25", "--subject", "professional").exit_code == 0
    assert status(cli)["credited"] == {"total": 35, "public": 0, "professional": 35}
    stored = tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][0]
    assert stored["hours"] == 25 and "minutes" not in stored
    assert cli("rm", "2", "--yes").exit_code == 0
    assert status(cli)["credited"] == {"total": 25, "public": 0, "professional": 25}


def test_edit_unset_and_flags(cli: Cli) -> None:
    cli("add", "paper", "--title", "p", "--date", "2024-03-01", "--note", "n", "--journal", "J")
    cli("add", "paper", "--title", "q", "--date", "2024-03-02", "--same-as", "1")
    assert cli("edit", "2", "--unset", "same_as", "--unset", "journal").exit_code == 0
    assert cli("edit", "1", "--not-core", "--unset", "note").exit_code == 0
    first, second = tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"]
    assert "same_as" not in second and first["core"] is False and "note" not in first and first["journal"] == "J"
    assert cli("edit", "1", "--core").exit_code == 0  # given, the flag is kept as given (SPEC §8.1)
    assert tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][0]["core"] is True


def test_edit_kind(cli: Cli) -> None:
    cli("add", "paper", "--title", "p", "--date", "2024-03-01")
    result = cli("edit", "1", "--kind", "project")
    assert result.exit_code == 2 and "needs a level" in result.stderr
    assert cli("edit", "1", "--kind", "project", "--level", "国家级").exit_code == 0
    assert status(cli)["activities"][0]["credited"] == 30


def test_rm_clears_same_as_links_and_ids_are_never_reused(cli: Cli) -> None:
    cli("add", "paper", "--title", "a", "--date", "2024-01-01")
    cli("add", "paper", "--title", "b", "--date", "2024-01-02", "--same-as", "1")
    result = cli("rm", "1", "--yes")
    assert "#2 no longer names #1" in result.stdout
    cli("rm", "2", "--yes")
    assert cli("add", "paper", "--title", "c", "--date", "2024-01-03").stdout.startswith("#3 ")


def test_rm_asks(cli: Cli) -> None:
    cli("add", "paper", "--title", "a", "--date", "2024-01-01")
    before = cli.ledger.read_bytes()
    result = cli("rm", "1", input="n\n")
    assert result.exit_code == 7 and cli.ledger.read_bytes() == before
    assert cli("rm", "1", input="y\n").exit_code == 0
    assert "activity" not in tomllib.loads(cli.ledger.read_text(encoding="utf-8"))


def test_undo_restores_the_exact_previous_bytes_step_by_step(cli: Cli) -> None:
    snapshots = [None]
    steps = [
        ("add", "paper", "--title", "a", "--date", "2024-01-01"),
        ("add", "talk", "--title", "b", "--minutes", "60", "--date", "2024-02-01"),
        ("edit", "2", "--minutes", "90"),
        ("mark", "1", "declared"),
        ("attach", "1", "--allow-missing", "/nowhere/cert.pdf"),
        ("rm", "2", "--yes"),
    ]
    for step in steps:
        result = cli(*step)
        assert result.exit_code == 0, result.output
        snapshots.append(cli.ledger.read_bytes())
    messages = []
    for expected in reversed(snapshots[:-1]):
        result = cli("undo")
        assert result.exit_code == 0, result.output
        messages.append(result.stdout.split(" (")[0])
        assert (cli.ledger.read_bytes() if cli.ledger.exists() else None) == expected
    assert messages[0] == "undid: rm #2 talk “b”" and messages[-1] == "undid: add #1 paper “a”"
    result = cli("undo")
    assert result.exit_code == 2 and "nothing to undo" in result.stderr


def test_undo_will_not_throw_away_a_hand_edit(cli: Cli) -> None:
    cli("add", "paper", "--title", "a", "--date", "2024-01-01")
    hand = cli.ledger.read_text(encoding="utf-8").replace('title = "a"', 'title = "hand"')
    cli.ledger.write_text(hand, encoding="utf-8")
    result = cli("undo")
    assert result.exit_code == 2 and "changed since" in result.stderr
    assert cli.ledger.read_text(encoding="utf-8") == hand
    assert cli("undo", "--force").exit_code == 0
    assert not cli.ledger.exists()
    assert store.backup_path(cli.ledger).read_text(encoding="utf-8") == hand


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


def test_list_filters_and_json(cli: Cli) -> None:
    cli("add", "paper", "--title", "a", "--date", "2023-01-01")
    cli("add", "paper", "--title", "b", "--date", "2024-01-01", "--status", "declared")
    cli("add", "exam", "--title", "c", "--date", "2024-02-01", "--level", "junior")
    ids = lambda *args: [a["id"] for a in json.loads(cli("list", "--json", *args).stdout)]  # noqa: E731
    assert ids() == [1, 2, 3]
    assert ids("--year", "2024") == [2, 3]
    assert ids("--kind", "exam") == [3]
    assert ids("--status", "declared") == [2]
    first = json.loads(cli("list", "--json").stdout)[0]
    assert first["date"] == "2023-01-01" and first["credited"] == 10 and first["status"] == "done"
    assert "a" in cli("list").stdout
    assert cli("list", "--kind", "poem").exit_code == 2


def test_show_text(cli: Cli) -> None:
    cli("add", "talk", "--title", "[bold]报告[/]", "--minutes", "45", "--date", "2024-01-01")
    result = cli("show", "1")
    assert result.exit_code == 0 and "[bold]报告[/]" in result.stdout
    assert "10 学时" not in result.stdout and "2 学时 base, 2 credited" in result.stdout
    assert "platform asks for 佐证材料" in result.stdout
    assert "Art. 7, 10: 2 × 45 min ÷ 45 = 2" in result.stdout  # the explain trace
    assert json.loads(cli("show", "1", "--json").stdout)["trace"] == [
        "Art. 7, 10: 2 × 45 min ÷ 45 = 2",
        "Art. 10: cap 20 a year: 0 used by earlier activities, 20 left → keeps 2 of 2",
    ]


def test_prompts_for_missing_required_options_at_a_terminal(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fields, "interactive", lambda: True)
    result = cli("add", "training", "--date", "2024-01-01", input="网络培训\n公需\n6\ny\n")
    assert result.exit_code == 0, result.output
    entry = tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][0]
    assert (entry["title"], entry["subject"], entry["hours"]) == ("网络培训", "public", 6)


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


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_file_mode(cli: Cli) -> None:
    cli("add", "paper", "--title", "a", "--date", "2024-01-01")
    cli("add", "paper", "--title", "b", "--date", "2024-01-02")
    assert stat.S_IMODE(cli.ledger.stat().st_mode) == 0o600


def test_backup_holds_the_ledger_before_the_last_write(cli: Cli) -> None:
    cli("add", "paper", "--title", "a", "--date", "2024-01-01")
    first = cli.ledger.read_bytes()
    cli("add", "paper", "--title", "b", "--date", "2024-01-02")
    assert store.backup_path(cli.ledger).read_bytes() == first


def test_hand_edited_ledger_keeps_unknown_keys(cli: Cli) -> None:
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text(
        'activity = [\n  { title = "论文", date = 2024-03-01, kind = "paper", id = 4, journal = "J", reviewer = "李四", score = 9.5 },\n]\n'
        'theme = "dark"\n[profile]\nunit = "洪州学院"\nfavourite = [1, 2]\n',
        encoding="utf-8",
    )
    assert cli("add", "paper", "--title", "新", "--date", "2024-04-01").stdout.startswith("#5 ")
    data = tomllib.loads(cli.ledger.read_text(encoding="utf-8"))
    assert data["theme"] == "dark" and data["profile"] == {"unit": "洪州学院", "favourite": [1, 2]}
    first = data["activity"][0]
    assert (first["reviewer"], first["score"], first["journal"]) == ("李四", 9.5, "J")
    assert list(first)[:4] == ["id", "kind", "title", "date"]  # stable key order
    assert status(cli)["credited"]["professional"] == 20


def test_a_failed_write_loses_nothing(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("add", "paper", "--title", "a", "--date", "2024-01-01")
    before = cli.ledger.read_bytes()

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = cli("add", "paper", "--title", "b", "--date", "2024-01-02")
    assert result.exit_code == 5
    assert result.stderr.strip().endswith("the disk is full; nothing was changed")
    assert cli.ledger.read_bytes() == before
    leftovers = [name for name in os.listdir(cli.ledger.parent) if name.endswith(".tmp")]
    assert leftovers == []


def test_two_processes_adding_at_once_both_land(ledger_path: Path) -> None:
    script = (
        "import sys\nfrom cpd_cli.cli.app import app\n"
        "for i in range(20):\n"
        "    try:\n"
        "        app(['--ledger', sys.argv[1], 'add', 'paper', '--title', f'{sys.argv[2]}-{i}', '--date', '2024-01-01'])\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, e.code\n"
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(ledger_path), name], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        for name in ("A", "B")
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode(errors="replace")  # the locale's encoding on Windows
    activities = tomllib.loads(ledger_path.read_text(encoding="utf-8"))["activity"]
    assert len(activities) == 40
    assert sorted(a["id"] for a in activities) == list(range(1, 41))
    assert {a["title"] for a in activities} == {f"{n}-{i}" for n in "AB" for i in range(20)}


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


def test_list_does_not_load_the_evidence_checks(ledger_path: Path) -> None:
    """Checking evidence files (hashlib, the file reader) is ``show``'s: ``list`` starts without it."""
    code = (
        "import sys\nfrom cpd_cli.cli.app import app\n"
        "try:\n    app(['list'], prog_name='cpd')\nexcept SystemExit:\n    pass\n"
        "print('cpd_cli.store.evidence' in sys.modules, 'cpd_cli.core.edits' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False False"
