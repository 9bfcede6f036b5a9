"""The reader's limits hold for writing too, and every file cpd reads is read within them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cpd_cli.errors import ExitCode
from cpd_cli.store import files, journal
from cpd_cli.store import ledger as store
from tests.conftest import Cli
from tests.helpers import one_line_error
from tests.test_robustness import snapshot

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files: FIFOs and devices")
# A hang is the fault these guard against: a bound far beyond any run's time, so the suite ends either way.
NO_HANG = 300


def near_the_limit(margin: int) -> bytes:
    """A valid ledger, as cpd writes it, exactly ``margin`` bytes under the size cpd reads."""
    from cpd_cli.core.model import Ledger
    from tests.conftest import act

    def ledger(count: int, last_note: int) -> bytes:
        activities = [act(n, "visit", "2024-01-01", title="t", hours=1, note="n" * 8000) for n in range(1, count)]
        activities.append(act(count, "visit", "2024-01-01", title="t", hours=1, note="n" * last_note))
        return store.encoded(Ledger(activities=activities))

    goal = files.MAX_LEDGER_BYTES - margin
    each = len(ledger(2, 1)) - len(ledger(1, 1))
    count = (goal - len(ledger(1, 1))) // each + 1
    text = ledger(count, 1)
    text = ledger(count, goal - len(text) + 1)
    assert len(text) == goal
    return text


def write_bytes(cli: Cli, raw: bytes) -> bytes:
    """The ledger's bytes as cpd writes them: LF line ends on every platform (write_text would add CRs on Windows)."""
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    cli.ledger.write_bytes(raw)
    return raw


def test_a_change_that_would_outgrow_what_cpd_reads_is_refused_and_nothing_is_written(cli: Cli) -> None:
    before = write_bytes(cli, near_the_limit(9000))
    result = cli("add", "visit", "--title", "x", "--date", "2024-02-01", "--hours", "1", "--note", "m" * 9000)
    line = one_line_error(result, ExitCode.USAGE)
    assert "more than the 16,777,216 cpd reads; nothing was changed" in line
    assert cli.ledger.read_bytes() == before
    assert not store.backup_path(cli.ledger).exists() and journal.entries(cli.ledger) == []
    assert cli("status", "--year", "2024").exit_code == 0  # still read


def test_a_table_that_could_not_fit_is_refused_before_matching(cli: Cli) -> None:
    write_bytes(cli, near_the_limit(200))
    table = cli.ledger.parent / "table.csv"
    header = "年度,科目类型,总学时,课程名称,学时数,开始时间,结束时间,待审单位,学时状态,状态\n"
    rows = "".join(f"2024,专业课,10,课程{n},1,20240308,20240308,----,已获得学时,审核通过\n" for n in range(10))
    table.write_text(header + rows, encoding="utf-8")
    before = snapshot(cli.ledger.parent)
    line = one_line_error(cli("reconcile", str(table), "--year", "2024", "--apply"), ExitCode.USAGE)
    assert "10 more activities would make the ledger over 16,777,216 bytes" in line
    assert snapshot(cli.ledger.parent) == before


def test_the_shortest_activity_is_no_shorter_than_the_room_each_is_given() -> None:
    from cpd_cli.core.model import Ledger
    from tests.conftest import act

    one = len(store.encoded(Ledger(activities=[act(1, "paper", "2024-01-01", title="t")])))
    none = len(store.encoded(Ledger()))
    assert one - none >= store.LEAST_ACTIVITY_BYTES


# ---------------------------------------------------------------- bounded, regular-file reads


@POSIX
@pytest.mark.parametrize(
    "command", [["add", "paper", "--title", "x", "--date", "2024-01-01"], ["edit", "1", "--title", "y"], ["status"]]
)
def test_a_pipe_as_the_ledger_is_refused_at_once(tmp_path: Path, command: list[str]) -> None:
    pipe = tmp_path / "ledger.toml"
    os.mkfifo(pipe)
    done = subprocess.run(
        [sys.executable, "-m", "cpd_cli", "--ledger", str(pipe), *command],
        capture_output=True, text=True, timeout=NO_HANG, check=False,
    )  # fmt: skip
    assert done.returncode == ExitCode.LEDGER, done.stderr
    assert "not a regular file, so not a ledger" in done.stderr and len(done.stderr.strip().splitlines()) == 1


@POSIX
@pytest.mark.parametrize("source", ["fifo", "/dev/zero"])
def test_a_pipe_or_device_as_the_rule_pack_is_refused_at_once(tmp_path: Path, source: str) -> None:
    pack = tmp_path / "pack.toml"
    if source == "fifo":
        os.mkfifo(pack)
    else:
        pack = Path(source)
    done = subprocess.run(
        [sys.executable, "-m", "cpd_cli", "--ledger", str(tmp_path / "l.toml"), "--rules", str(pack), "status"],
        capture_output=True, text=True, timeout=NO_HANG, check=False,
    )  # fmt: skip
    assert done.returncode == ExitCode.RULES, done.stderr
    assert f"{pack}: not a regular file, so not a rule pack" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_ledger_too_large_is_refused_by_add_without_reading_it(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """``add`` reads the profile's pack before the command runs: that read is bounded too."""
    cli.ledger.parent.mkdir(parents=True)
    with open(cli.ledger, "wb") as file:
        file.truncate(files.MAX_LEDGER_BYTES + 1)  # sparse: nothing to read, only the size
    asked: list[int] = []
    real_read = os.read

    def counted(descriptor: int, size: int) -> bytes:
        asked.append(size)
        return real_read(descriptor, size)

    monkeypatch.setattr(files.os, "read", counted)
    line = one_line_error(cli("add", "paper", "--title", "x", "--date", "2024-01-01"), ExitCode.LEDGER)
    assert "16,777,217 bytes is too large for a ledger" in line
    assert asked == []


def test_a_file_over_the_limit_is_refused_and_one_at_it_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 11)
    with pytest.raises(files.TooLarge) as caught:
        files.read_regular(path, 10)
    assert caught.value.size == 11
    assert files.read_regular(path, 11) == b"x" * 11
