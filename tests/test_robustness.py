"""Fuzzed ledgers, crashes mid-write, races, hostile paths, schema evolution.

Bounded so the whole suite stays well under five minutes on two cores.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpd_cli.errors import ExitCode
from cpd_cli.store import atomic, codec, journal
from cpd_cli.store import ledger as store
from tests.conftest import Cli
from tests.strategies import activity_lists

DOCUMENTED = {int(code) for code in ExitCode}
READ_COMMANDS = (["status", "--year", "2024"], ["list"], ["export", "--year", "2024"], ["check", "--year", "2024"])


def assert_read_commands_are_safe(cli: Cli, raw: bytes) -> None:
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    cli.ledger.write_bytes(raw)
    for args in READ_COMMANDS:
        result = cli(*args)
        assert result.exit_code in DOCUMENTED, (args, result.exit_code, result.output)
        assert result.exit_code != ExitCode.INTERNAL, (args, result.stderr)
        assert "Traceback" not in result.output
        if result.exit_code not in (0, 1):
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert cli.ledger.read_bytes() == raw, args
    assert not list(cli.ledger.parent.glob("*.bak"))


# ---------------------------------------------------------------- fuzz

odd_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
wrong_values = st.one_of(
    odd_text,
    st.integers(-(10**30), 10**30),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(odd_text, st.integers(), max_size=2),
)
FIELDS = list(codec.ACTIVITY_KEYS)


@st.composite
def mangled_ledgers(draw: st.DrawFn) -> bytes:
    activities = draw(activity_lists(max_size=6))
    document: dict[str, Any] = codec.to_document(
        codec.from_document({"schema": 1}).__class__(activities=tuple(activities))
    )
    tables = document.get("activity", [])
    for _ in range(draw(st.integers(0, 3))):
        if not tables:
            break
        table = draw(st.sampled_from(tables))
        action = draw(st.sampled_from(["set", "delete", "nest"]))
        key = draw(st.sampled_from(FIELDS))
        if action == "set":
            table[key] = draw(wrong_values)
        elif action == "delete":
            table.pop(key, None)
        else:
            value: Any = draw(st.integers())
            for _ in range(draw(st.integers(1, 40))):
                value = {"x": value}
            table[key] = value
    if draw(st.booleans()):
        document[draw(odd_text.filter(lambda k: k not in codec.TOP_KEYS and k != ""))] = draw(wrong_values)
    try:
        text = codec.render_document(document)
    except (ValueError, TypeError):  # tomli-w refuses some values (e.g. an invalid date): write raw text
        text = repr(document)
    return text.encode("utf-8", "surrogatepass")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(mangled_ledgers())
def test_fuzzed_ledgers_never_crash_and_never_change(cli: Cli, raw: bytes) -> None:
    assert_read_commands_are_safe(cli, raw)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_random_bytes(cli: Cli, raw: bytes) -> None:
    assert_read_commands_are_safe(cli, raw)


# Values at and past the bounds a ledger's values have, written as TOML text: each must be read
# quickly, or refused in one line before it is converted.
extreme_values = st.one_of(
    st.builds(
        lambda sign, digits: f"{sign}1e{digits}",
        st.sampled_from(["", "-", "+"]),
        st.sampled_from(["-999999", "999999999", "5000", "308", "-308", "309", "-400", "+0"]),
    ),
    st.builds(lambda n: "9" * n, st.sampled_from([1, 99, 100, 101, 4300, 4301, 6000])),
    st.builds(lambda n: "1." + "2" * n, st.sampled_from([10, 97, 98, 200])),
    st.sampled_from(["nan", "inf", "-inf", "+nan", "2.0", "0.0", "-0.0", "1_000.5", "0x7fffffffffffffff"]),
    st.builds(lambda n: '"' + "s" * n + '"', st.sampled_from([0, 99_999, 100_000, 100_001])),
)
extreme_keys = st.sampled_from(["x", "inf", "nan", "hours", "minutes", "days", "points", "id", "same_as", "last_id"])


@st.composite
def ledgers_with_extreme_values(draw: st.DrawFn) -> bytes:
    """A valid or mangled ledger with lines of extreme values added to its last table."""
    text = draw(mangled_ledgers()).decode("utf-8", "surrogatepass")
    lines = {draw(extreme_keys): draw(extreme_values) for _ in range(draw(st.integers(1, 3)))}
    return (text + "".join(f"{key} = {value}\n" for key, value in lines.items())).encode("utf-8", "surrogatepass")


WRITE_COMMANDS = (["mark", "1", "declared"], ["add", "paper", "--title", "fuzz", "--date", "2024-02-01"], ["undo"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(ledgers_with_extreme_values(), mangled_ledgers()))
def test_fuzzed_ledgers_are_written_whole_or_left_untouched(cli: Cli, raw: bytes) -> None:
    """Valid, subtly wrong and extreme ledgers: read commands change nothing, and each write either
    leaves a ledger that reads back in full or refuses in one line with the file as it was."""
    shutil.rmtree(cli.ledger.parent, ignore_errors=True)  # each example starts with no backup or journal
    assert_read_commands_are_safe(cli, raw)
    for args in WRITE_COMMANDS:
        before = cli.ledger.read_bytes()
        result = cli(*args)
        assert result.exit_code in DOCUMENTED and result.exit_code != ExitCode.INTERNAL, (args, result.output)
        assert "Traceback" not in result.output
        if result.exit_code == 0:
            assert cli("status", "--year", "2024").exit_code in (0, 1)  # what was written reads back
        else:
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
            assert cli.ledger.read_bytes() == before, args


# ---------------------------------------------------------------- fuzz through every outside input

README = Path(__file__).parent.parent / "README.md"


def readme_exit_codes() -> set[int]:
    """The codes in the README's exit-code table: what a person is told cpd can end with."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("## 退出码 · Exit codes") :].split("\n## ", 1)[0]
    return {int(line.split("|")[1]) for line in table.splitlines() if line.startswith("| ") and line[2].isdigit()}


README_CODES = readme_exit_codes()
MULTI_LINE = {("rules", "--validate"), ("export", "--bundle")}  # the README's two documented cases


def assert_ends_well(cli: Cli, args: list[str], before: bytes | None) -> Any:
    """``args`` ends with a code of the README's table, never 70; a failure says so in one line on
    stderr (the last, for the README's multi-line cases) and leaves the ledger's bytes as they were."""
    result = cli(*args)
    assert result.exit_code in README_CODES, (args, result.exit_code, result.output)
    assert result.exit_code != ExitCode.INTERNAL, (args, result.stderr)
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        lines = result.stderr.strip().splitlines()
        documented = any(first in args and second in args for first, second in MULTI_LINE)
        if result.exit_code != ExitCode.PROBLEMS or lines:
            assert len(lines) == 1 or (documented and lines), (args, result.stderr)
            assert lines[-1].startswith("cpd: error: ") or result.exit_code == ExitCode.PROBLEMS, result.stderr
        after = cli.ledger.read_bytes() if cli.ledger.exists() else None
        assert after == before, args
    return result


def fresh(cli: Cli, raw: bytes) -> bytes:
    """The ledger folder holding ``raw`` as the ledger and nothing else (no backup, no journal)."""
    shutil.rmtree(cli.ledger.parent, ignore_errors=True)
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_bytes(raw)
    return raw


MORE_WRITES = (
    ["edit", "1", "--hours", "2"],
    ["edit", "1", "--title", "t", "--note", "n"],
    ["attach", "1", "--allow-missing", "cert.pdf"],
    ["mark", "2", "done"],
    ["rm", "1", "--yes"],
    ["profile", "set", "name", "张三"],
)
MORE_READS = (["show", "1"], ["history", "--since", "2020"], ["list", "--json"], ["status", "--explain"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(ledgers_with_extreme_values(), mangled_ledgers()), st.data())
def test_fuzzed_ledgers_under_every_kind_of_command(cli: Cli, raw: bytes, data: st.DataObject) -> None:
    """Reads, edits, evidence, status changes and undo on mutated ledgers, in a drawn order."""
    fresh(cli, raw)
    commands = data.draw(st.lists(st.sampled_from(MORE_WRITES + MORE_READS + WRITE_COMMANDS), min_size=2, max_size=5))
    for args in commands:
        before = cli.ledger.read_bytes() if cli.ledger.exists() else None
        result = assert_ends_well(cli, args, before)
        if result.exit_code == 0 and args in MORE_WRITES + WRITE_COMMANDS:
            assert cli("list").exit_code == 0  # what was written reads back


PLATFORM = Path(__file__).parent / "data" / "platform"
hostile_cells = st.one_of(
    st.sampled_from(["1e-400", "1e100", "1e300", "1e999999999", "9" * 5_000, "-5", "nan", "inf", "0x10", "1_0", "", "----", "2024-13-45", "20240230", "99999999", "已撤回", "审核通过\u2028驳回", '"', '""x',
                     "x" * 100_000, "x" * 140_000, "\x00", "\x1b[31m", "\u202e", "公需课\n专业课", "a\rb"]),
    odd_text,
)  # fmt: skip
LINE_ENDS = ["\n", "\r\n", "\r"]


@st.composite
def platform_tables(draw: st.DrawFn) -> bytes:
    """The platform's 学时查询 table as CSV or copied text, with cells, rows and line ends mangled."""
    source = draw(st.sampled_from(["2024.csv", "2024.txt"]))
    separator = "," if source.endswith(".csv") else "\t"
    rows = [line.split(separator) for line in (PLATFORM / source).read_text(encoding="utf-8").splitlines()]
    for _ in range(draw(st.integers(1, 4))):
        row = draw(st.integers(0, len(rows) - 1))
        action = draw(st.sampled_from(["cell", "cell", "drop", "repeat"]))
        if action == "cell" and rows[row]:
            rows[row][draw(st.integers(0, len(rows[row]) - 1))] = draw(hostile_cells)
        elif action == "drop":
            rows.pop(row)
        elif action == "repeat":
            rows.extend([rows[row]] * draw(st.sampled_from([2, 50])))
        if not rows:
            rows = [[""]]
    end = draw(st.sampled_from(LINE_ENDS))
    text = end.join(separator.join(row) for row in rows) + end
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk"]))
    return text.encode(encoding, "replace")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(platform_tables(), st.booleans())
def test_fuzzed_platform_tables_are_read_or_refused_in_one_line(
    cli: Cli, tmp_path: Path, table: bytes, apply: bool
) -> None:
    raw = fresh(cli, (PLATFORM / "ledger.toml").read_bytes())
    page = tmp_path / "学时查询.csv"
    page.write_bytes(table)
    result = assert_ends_well(cli, ["reconcile", str(page), *(["--apply"] if apply else [])], raw)
    if result.exit_code == 0 and apply:
        assert cli("status", "--year", "2024").exit_code in (0, 1)  # what was applied reads back


JIANGXI = (Path(__file__).parent.parent / "cpd_cli" / "core" / "packs" / "jiangxi-2023.toml").read_text(
    encoding="utf-8"
)
PACK_LINES = JIANGXI.splitlines()
pack_values = st.one_of(
    extreme_values,
    st.sampled_from(['"/../../x"', '"pa\\nper"', '"PAPER"', '""', "[]", "{}", "true", '"time"', '"per-item"',
                     "{ a = 1 }", '["hours"]', "-1", "0", "1e-12", "2024-01-01", '"9(1)"']),
    odd_text.map(lambda text: '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'),
)  # fmt: skip


@st.composite
def mangled_packs(draw: st.DrawFn) -> str:
    """The embedded pack with values of its ``key = value`` lines replaced, lines dropped or repeated."""
    lines = list(PACK_LINES)
    assignments = [n for n, line in enumerate(lines) if " = " in line and not line.startswith("#")]
    for _ in range(draw(st.integers(1, 3))):
        n = draw(st.sampled_from(assignments))
        action = draw(st.sampled_from(["value", "value", "drop", "repeat"]))
        key = lines[n].split(" = ", 1)[0]
        if action == "value":
            lines[n] = f"{key} = {draw(pack_values)}"
        elif action == "drop":
            lines[n] = ""
        else:
            lines[n] = lines[n] + "\n" + lines[n]
    return "\n".join(lines) + "\n"


PACK_COMMANDS = (
    ["status", "--year", "2024"],
    ["add", "paper", "--title", "t", "--date", "2024-02-01"],
    ["add", "training", "--title", "t", "--subject", "public", "--hours", "3", "--date", "2024-02-01"],
    ["check", "--year", "2024"],
    ["rules"],
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mangled_packs(), st.sampled_from(PACK_COMMANDS))
def test_fuzzed_rule_packs_are_used_or_refused_in_one_line(
    cli: Cli, tmp_path: Path, pack: str, args: list[str]
) -> None:
    raw = fresh(cli, (PLATFORM / "ledger.toml").read_bytes())
    path = tmp_path / "pack.toml"
    path.write_text(pack, encoding="utf-8", errors="surrogatepass")
    assert_ends_well(cli, ["--rules", str(path), *args], raw)
    assert_ends_well(cli, ["rules", "--validate", str(path)], cli.ledger.read_bytes())


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        (
            "10 MB title",
            b'[[activity]]\nid = 1\nkind = "paper"\ndate = 2024-01-01\ntitle = "' + b"x" * 10_000_000 + b'"\n',
            "too long",
        ),
        ("deep nesting", b"a = " + b"[" * 3000 + b"]" * 3000 + b"\n", "nested too deeply"),
        ("nested tables", b"[" + b".".join(b"t%d" % i for i in range(40)) + b"]\nx = 1\n", "nested more than 32"),
        ("nan hours", b'[[activity]]\nid = 1\nkind = "visit"\ntitle = "x"\ndate = 2024-01-01\nhours = nan\n', "finite"),
        (
            "inf minutes",
            b'[[activity]]\nid = 1\nkind = "visit"\ntitle = "x"\ndate = 2024-01-01\nminutes = inf\n',
            "finite",
        ),
        (
            "huge id",
            b'[[activity]]\nid = 100000000000000000000000000000\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\n',
            None,
        ),
        (
            "huge points",
            b'[[activity]]\nid = 1\nkind = "xuexi"\ntitle = "x"\ndate = 2024-01-01\npoints = 99999999999999999999\n',
            "between",
        ),
        (
            "terminal escape",
            b'[[activity]]\nid = 1\nkind = "paper"\ntitle = "a\\u001b]0;pwned\\u0007"\ndate = 2024-01-01\n',
            "U+001B",
        ),
        (
            "odd unicode",
            '[[activity]]\nid = 1\nkind = "paper"\ntitle = "论文 \U0001f600 e\u0301 \u202e"\ndate = 2024-01-01\n'.encode(),
            None,
        ),
        ("NUL bytes", b"\x00\x00\x00", "not valid TOML"),
        ("UTF-16", "schema = 1\n".encode("utf-16"), "not UTF-8"),
        (
            "date with time",
            b'[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01T10:00:00\n',
            "without a time",
        ),
    ],
)
def test_subtly_wrong_ledgers(cli: Cli, name: str, raw: bytes, message: str | None) -> None:
    assert_read_commands_are_safe(cli, raw)
    result = cli("status", "--year", "2024")
    if message is None:
        assert result.exit_code == 0, result.stderr
    else:
        assert result.exit_code == ExitCode.LEDGER and message in result.stderr, result.stderr


def test_titles_never_reach_the_terminal_as_control_codes(cli: Cli) -> None:
    result = cli("add", "paper", "--title", "evil\x1b[31m", "--date", "2024-01-01")
    assert result.exit_code == 2 and "U+001B" in result.stderr


# ---------------------------------------------------------------- crash safety


def counting(monkeypatch: pytest.MonkeyPatch, fail_at: int | None, error: OSError) -> list[str]:
    """Wrap the write path's system calls; raise ``error`` at call number ``fail_at``."""
    calls: list[str] = []
    for module, name in (
        (atomic.os, "write"),
        (atomic.os, "fsync"),
        (atomic.os, "replace"),
        (tempfile, "mkstemp"),
    ):
        real = getattr(module, name)

        def wrapper(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            calls.append(_name)
            if fail_at is not None and len(calls) == fail_at:
                raise error
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)
    return calls


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (the ledger, its .bak, its undo journal) and its bytes; not the
    lock file, which names the process that last held it."""
    files = (p for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix != ".lock")
    return {str(p.relative_to(folder)): p.read_bytes() for p in files}


# Each file a change writes (journal entry, backup, ledger): mkstemp, write, fsync (file), replace,
# and fsync (folder) where the platform can open a folder — Windows cannot.
CALLS_PER_FILE = 4 if os.name == "nt" else 5


def test_a_failure_at_any_point_of_the_write_leaves_old_or_new(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("add", "paper", "--title", "first", "--date", "2024-01-01").exit_code == 0
    assert cli("add", "paper", "--title", "second", "--date", "2024-01-02").exit_code == 0
    old = cli.ledger.read_bytes()
    with monkeypatch.context() as patch:
        calls = counting(patch, None, OSError())
        assert cli("add", "paper", "--title", "third", "--date", "2024-01-03").exit_code == 0
    new = cli.ledger.read_bytes()
    assert len(calls) >= 3 * CALLS_PER_FILE
    for fail_at in range(1, len(calls) + 1):
        for error in (OSError(28, "No space left on device"), OSError(5, "Input/output error")):
            cli.ledger.write_bytes(old)
            before = snapshot(cli.ledger.parent)
            with monkeypatch.context() as patch:
                counting(patch, fail_at, error)
                result = cli("add", "paper", "--title", "third", "--date", "2024-01-03")
            assert result.exit_code in (0, ExitCode.WRITE), result.output
            now = cli.ledger.read_bytes()
            assert now in (old, new), fail_at
            if result.exit_code == ExitCode.WRITE:
                assert now == old and "nothing was changed" in result.stderr
                assert snapshot(cli.ledger.parent) == before, fail_at  # backup and journal too
                if error.errno == 28:
                    assert "disk is full" in result.stderr
            codec.loads(now.decode("utf-8"))
            backup = store.backup_path(cli.ledger)
            codec.loads(backup.read_text(encoding="utf-8"))  # the backup always parses
            assert not [p for p in cli.ledger.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGKILL on Windows")
def test_sigkill_mid_write_leaves_a_whole_ledger(ledger_path: Path) -> None:
    ledger_path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(4)
    command = [
        sys.executable,
        "-m",
        "cpd_cli",
        "--ledger",
        str(ledger_path),
        "add",
        "paper",
        "--date",
        "2024-01-01",
        "--title",
    ]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run([*command, "seed"], check=True, env=env, capture_output=True)
    for attempt in range(12):
        before = len(tomllib.loads(ledger_path.read_text(encoding="utf-8"))["activity"])
        process = subprocess.Popen(
            [*command, f"kill-{attempt}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.05, 0.6))  # a kill anywhere from start-up to the end of the write
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = tomllib.loads(ledger_path.read_text(encoding="utf-8"))  # always whole
        assert len(after["activity"]) in (before, before + 1)
        if store.backup_path(ledger_path).exists():
            tomllib.loads(store.backup_path(ledger_path).read_text(encoding="utf-8"))
    assert ids_unique(ledger_path)
    # The next change sweeps whatever temporary files the kills left, and undo still takes back
    # exactly that change, past any journal entry of a change that never landed.
    before_last = ledger_path.read_bytes()
    subprocess.run([*command, "after the kills"], check=True, env=env, capture_output=True)
    folders = (ledger_path.parent, journal.folder(ledger_path))
    assert [p.name for folder in folders for p in folder.iterdir() if p.name.endswith(".tmp")] == []
    undo = [sys.executable, "-m", "cpd_cli", "--ledger", str(ledger_path), "undo"]
    subprocess.run(undo, check=True, env=env, capture_output=True)
    assert ledger_path.read_bytes() == before_last


def ids_unique(path: Path) -> bool:
    ids = [a["id"] for a in tomllib.loads(path.read_text(encoding="utf-8"))["activity"]]
    return len(ids) == len(set(ids))


def test_a_failed_ledger_write_leaves_no_journal_entry_and_the_old_backup(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "paper", "--title", "a", "--date", "2024-01-01")
    cli("add", "paper", "--title", "b", "--date", "2024-01-02")
    before = snapshot(cli.ledger.parent)
    real_replace = os.replace

    def fail_on_ledger(source: Any, target: Any) -> None:
        if Path(target) == cli.ledger:
            raise OSError(5, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", fail_on_ledger)
    result = cli("add", "paper", "--title", "c", "--date", "2024-01-03")
    assert result.exit_code == ExitCode.WRITE and "nothing was changed" in result.stderr
    monkeypatch.undo()
    assert snapshot(cli.ledger.parent) == before
    assert [entry.summary[:12] for entry in journal.entries(cli.ledger)] == ["add #1 paper", "add #2 paper"]
    result = cli("undo")
    assert result.exit_code == 0 and "add #2 paper" in result.stdout


def test_the_journal_keeps_the_newest_entries_and_prunes_only_after_a_write(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal, "KEEP", 3)
    for title in "abcde":
        assert cli("add", "paper", "--title", title, "--date", "2024-01-01").exit_code == 0
    assert [entry.file.name for entry in journal.entries(cli.ledger)] == [f"0000000{n}.json" for n in (3, 4, 5)]
    before = snapshot(cli.ledger.parent)
    real_replace = os.replace

    def fail_on_ledger(source: Any, target: Any) -> None:
        if Path(target) == cli.ledger:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", fail_on_ledger)
    assert cli("add", "paper", "--title", "f", "--date", "2024-01-01").exit_code == ExitCode.WRITE
    assert snapshot(cli.ledger.parent) == before  # the oldest entry is still there


def test_undo_skips_a_change_that_never_landed(cli: Cli) -> None:
    """A crash after the journal entry was written and before the ledger was replaced."""
    cli("add", "paper", "--title", "a", "--date", "2024-01-01")
    after_first = cli.ledger.read_bytes()
    atomic.write(*journal.new_entry(cli.ledger, after_first, b"never written", action="add", summary="add #2 paper"))
    assert len(journal.entries(cli.ledger)) == 2
    result = cli("undo")
    assert result.exit_code == 0 and "add #1 paper" in result.stdout
    assert not cli.ledger.exists()
    assert journal.entries(cli.ledger) == []


# ---------------------------------------------------------------- concurrency


WORKER = """
import sys
import tempfile
from cpd_cli.cli.app import app
ledger, name = sys.argv[1], sys.argv[2]
def run(*args):
    try:
        app(["--ledger", ledger, *args])
    except SystemExit as done:
        assert done.code == 0, (args, done.code)
for i in range(8):
    run("add", "talk", "--title", f"{name}-{i}", "--minutes", "45", "--date", "2024-01-01", "--note", name)
    run("edit", "1", "--note", f"edited by {name} {i}")
    run("mark", "1", ["declared", "approved"][i % 2])
"""


def test_processes_adding_editing_and_marking_at_once(cli: Cli) -> None:
    assert cli("add", "paper", "--title", "shared", "--date", "2024-01-01").exit_code == 0
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(cli.ledger), name], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL
        )
        for name in ("A", "B", "C")
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err.decode(errors="replace")[-2000:]  # the locale's encoding on Windows
    activities = tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"]
    assert len(activities) == 1 + 3 * 8
    assert ids_unique(cli.ledger)
    assert {a["title"] for a in activities[1:]} == {f"{n}-{i}" for n in "ABC" for i in range(8)}
    assert activities[0]["note"].startswith("edited by ") and activities[0]["status"] in ("declared", "approved")
    # Every add and edit is a change; a mark to the status another worker just set is none, and not journaled.
    assert 1 + 3 * 8 * 2 < len(journal.entries(cli.ledger)) <= 1 + 3 * 8 * 3


# ---------------------------------------------------------------- untrusted paths


@pytest.mark.skipif(
    sys.platform == "win32", reason="FIFOs and POSIX device files; symlinks need a privilege on Windows"
)
def test_hostile_evidence_paths_never_crash(cli: Cli, tmp_path: Path) -> None:
    real = tmp_path / "real.pdf"
    real.write_bytes(b"x")
    (tmp_path / "link.pdf").symlink_to(real)
    (tmp_path / "loop.pdf").symlink_to(tmp_path / "loop.pdf")
    (tmp_path / "dangling.pdf").symlink_to(tmp_path / "gone.pdf")
    os.mkfifo(tmp_path / "fifo.pdf")
    paths = [
        str(tmp_path / "a" / ".." / "real.pdf"),
        str(tmp_path / "link.pdf"),
        str(tmp_path / "loop.pdf"),
        str(tmp_path / "dangling.pdf"),
        str(tmp_path / "fifo.pdf"),
        str(tmp_path),
        "D:\\证书\\cert.pdf",
        "\\\\server\\share\\cert.pdf",
        "/dev/zero",
        "/proc/self/mem",
        "relative/../../../etc/passwd",
    ]
    lines = "".join(f'  "{p.replace(chr(92), chr(92) * 2)}",\n' for p in paths)
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    cli.ledger.write_text(
        f'[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\nevidence = [\n{lines}]\n',
        encoding="utf-8",
    )
    raw = cli.ledger.read_bytes()
    for args in (["show", "1"], ["show", "1", "--json"], ["check", "--year", "2024"], ["export", "--year", "2024"]):
        result = cli(*args)
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, (args, result.output)
    target = tmp_path / "out" / "bundle.zip"
    target.parent.mkdir()
    before = sorted(p for p in tmp_path.rglob("*") if p.name != "out")
    result = cli("export", "--year", "2024", "--bundle", str(target))
    assert result.exit_code == ExitCode.PROBLEMS
    assert sorted(p for p in tmp_path.rglob("*") if p.name != "out" and p.parent.name != "out") == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["bundle.zip"]
    assert cli.ledger.read_bytes() == raw
    shown = cli("show", "1", "--json").stdout
    import json

    checks = {c["path"]: c["exists"] for c in json.loads(shown)["evidence_check"]}
    assert checks[str(tmp_path / "link.pdf")] and not checks["D:\\证书\\cert.pdf"] and not checks["/dev/zero"]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names are UTF-16: no name is undecodable bytes")
def test_non_utf8_file_names_are_refused_clearly(cli: Cli, tmp_path: Path) -> None:
    name = os.fsdecode(b"\xff\xfe-cert.pdf")
    (tmp_path / name).write_bytes(b"x")
    cli("add", "paper", "--title", "x", "--date", "2024-01-01")
    before = cli.ledger.read_bytes()
    result = cli("attach", "1", str(tmp_path / name))
    assert result.exit_code == 2 and "not UTF-8 text; rename the file first" in result.stderr
    assert cli.ledger.read_bytes() == before


# ---------------------------------------------------------------- schema evolution


def test_a_newer_schema_is_refused_untouched(cli: Cli) -> None:
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text(
        'schema = 7\n[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\n', encoding="utf-8"
    )
    raw = cli.ledger.read_bytes()
    for args in (["status"], ["add", "paper", "--title", "y"], ["rm", "1", "--yes"]):
        result = cli(*args)
        assert result.exit_code == ExitCode.LEDGER and "newer cpd (schema 7)" in result.stderr
    assert cli.ledger.read_bytes() == raw


def test_an_older_schema_is_upgraded_in_place_with_a_backup(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this cpd writes schema 2, whose step renames a field of schema 1."""
    from cpd_cli.store import migrate

    def one_to_two(document: dict[str, Any]) -> dict[str, Any]:
        for table in document.get("activity", []):
            if "remark" in table:
                table["note"] = table.pop("remark")
        return document

    monkeypatch.setattr(codec, "SCHEMA", 2)
    monkeypatch.setitem(migrate.STEPS, 1, one_to_two)
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text(
        'schema = 1\n[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\nremark = "old name"\n',
        encoding="utf-8",
    )
    old = cli.ledger.read_bytes()
    assert cli("show", "1", "--json").exit_code == 0
    assert cli.ledger.read_bytes() == old  # reading upgrades in memory only
    assert cli("mark", "1", "declared").exit_code == 0
    upgraded = tomllib.loads(cli.ledger.read_text(encoding="utf-8"))
    assert upgraded["schema"] == 2 and upgraded["activity"][0]["note"] == "old name"
    assert "remark" not in upgraded["activity"][0]
    assert cli.ledger.with_name("ledger.toml.schema-1.bak").read_bytes() == old
    monkeypatch.setitem(migrate.STEPS, 1, None)  # type: ignore[arg-type]
    monkeypatch.delitem(migrate.STEPS, 1)
    # Now a cpd that cannot upgrade from 1.
    cli.ledger.write_bytes(old)
    result = cli("status")
    assert result.exit_code == ExitCode.LEDGER and "older than any this cpd can upgrade" in result.stderr


def test_a_full_disk_while_writing_the_bundle_leaves_nothing(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("add", "paper", "--title", "p", "--date", "2024-03-01").exit_code == 0
    folder = cli.ledger.parent.parent / "out"  # outside the ledger's folder, where cpd keeps its own files
    folder.mkdir()

    def full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    result = cli("export", "--year", "2024", "--bundle", str(folder / "2024.zip"))
    assert result.exit_code == ExitCode.WRITE
    assert "the disk is full; nothing was changed" in result.stderr
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="POSIX pipes")
def test_a_reader_that_stops_early_ends_cpd_quietly_as_sigpipe_does(ledger_path: Path) -> None:
    """`cpd list | head`: no traceback, no message, and not exit 1, which means problems found."""
    from bench.ledgers import write_ledger

    ledger_path.parent.mkdir(parents=True)
    write_ledger(ledger_path, 1000)  # far more than a pipe holds (64 KiB)
    env = {**os.environ, "CPD_LEDGER": str(ledger_path)}
    command = [sys.executable, "-c", "from cpd_cli.cli.app import main; main()", "list"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # what head does after its lines
        error = process.stderr.read()
        assert process.wait(timeout=60) == -signal.SIGPIPE  # a shell reports 141
    assert error == b""


# ---------------------------------------------------------------- structure


def test_the_store_modules_import_each_other_without_a_cycle() -> None:
    """Counting imports inside functions too: a cycle there is a cycle all the same."""
    import ast

    folder = Path(codec.__file__).parent
    imports: dict[str, set[str]] = {}
    for file in folder.glob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "cpd_cli.store":
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cpd_cli.store."):
                names.add(node.module.removeprefix("cpd_cli.store.").split(".")[0])  # type: ignore[union-attr]
            elif isinstance(node, ast.Import):
                names.update(
                    a.name.removeprefix("cpd_cli.store.") for a in node.names if a.name.startswith("cpd_cli.store.")
                )
        imports[file.stem] = names
    assert imports["journal"] >= {"atomic"} and imports["ledger"] >= {"atomic", "journal"}

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        return any(
            name == target or (name not in seen and reaches(name, target, seen | {name}))
            for name in imports.get(start, ())
        )

    assert not [module for module in imports if reaches(module, module, set())]
