"""The ledger file: its mode, backup, lock, links, owners and temporary files; writes that fail lose nothing."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from cpd_cli.errors import ExitCode
from cpd_cli.store import journal
from cpd_cli.store import ledger as store
from tests.conftest import Cli
from tests.helpers import PAPER, POSIX, one_line_error, status, write_ledger


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
    assert status(cli, "--year", "2024")["credited"]["professional"] == 20


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


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_stdout_failing_after_the_change_landed_says_so_and_keeps_the_change(ledger_path: Path) -> None:
    command = [sys.executable, "-m", "cpd_cli", "--ledger", str(ledger_path)]
    with open("/dev/full", "w") as full:
        added = subprocess.run(
            [*command, "add", "paper", "--title", "kept", "--date", "2024-01-02"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
        listed = subprocess.run([*command, "list", "--json"], stdout=full, stderr=subprocess.PIPE, text=True)
    assert added.returncode == ExitCode.OUTPUT, added.stderr
    assert added.stderr.splitlines() == [
        "cpd: error: cannot write the output (No space left on device); the change was made all the same "
        "(cpd undo reverts it)"
    ]
    assert 'title = "kept"' in ledger_path.read_text(encoding="utf-8")
    assert listed.returncode == ExitCode.OUTPUT
    assert listed.stderr.splitlines() == ["cpd: error: cannot write the output (No space left on device)"]


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), OSError(28, "No space left on device")])
def test_a_lock_file_that_cannot_be_created_is_one_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, error: OSError
) -> None:
    """A read-only folder, or no inodes left: the lock file is the first thing a change creates."""
    import filelock

    raw = write_ledger(cli, PAPER)

    def refuse(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(filelock.FileLock, "acquire", refuse)
    for args in (["add", "paper", "--title", "y", "--date", "2024-01-02"], ["undo"]):
        line = one_line_error(cli(*args), ExitCode.WRITE)
        assert f"ledger.toml.lock: cannot create the lock file ({error.strerror}); nothing was changed" in line
    assert cli.ledger.read_bytes() == raw


HOLDER = """
import sys
from pathlib import Path
from cpd_cli.store import atomic
with atomic.locked(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()  # until the test closes it
"""


def test_a_held_lock_is_named_while_cpd_waits(ledger_path: Path) -> None:
    ledger_path.parent.mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(ledger_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdin is not None
    assert holder.stdout.readline() == "held\n"
    waiter = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cpd_cli",
            "--ledger",
            str(ledger_path),
            "add",
            "paper",
            "--title",
            "w",
            "--date",
            "2024-01-02",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert waiter.stderr is not None
    notice = waiter.stderr.readline()  # written while the holder still holds the lock
    holder.stdin.close()
    holder.wait()
    out, rest = waiter.communicate()
    named = f"waiting for another cpd (pid {holder.pid})…\n"
    # Windows may refuse to let the holder's id be read past its lock: then the wait is said without it.
    assert notice == named or (sys.platform == "win32" and notice == "waiting for another cpd…\n"), notice
    assert waiter.returncode == 0 and rest == "" and out.startswith("#1 paper")


@POSIX
def test_a_symlinked_ledger_is_written_through_to_its_target_and_locked_there(cli: Cli, tmp_path: Path) -> None:
    synced = tmp_path / "synced" / "ledger.toml"
    synced.parent.mkdir()
    synced.write_text(PAPER, encoding="utf-8")
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.symlink_to(synced)
    assert cli("add", "paper", "--title", "through", "--date", "2024-01-02").exit_code == 0
    assert cli.ledger.is_symlink() and cli.ledger.resolve() == synced.resolve()
    assert 'title = "through"' in synced.read_text(encoding="utf-8")
    assert sorted(p.name for p in synced.parent.iterdir()) == [
        "ledger.toml",
        "ledger.toml.bak",
        "ledger.toml.lock",
        "ledger.toml.undo",
    ]
    assert sorted(p.name for p in cli.ledger.parent.iterdir()) == ["ledger.toml"]  # the link, alone
    result = cli("undo")
    assert result.exit_code == 0 and cli.ledger.is_symlink() and synced.read_text(encoding="utf-8") == PAPER


@POSIX
def test_a_read_only_ledger_is_refused_untouched(cli: Cli) -> None:
    raw = write_ledger(cli, PAPER)
    cli.ledger.chmod(0o444)
    for args in (["add", "paper", "--title", "y", "--date", "2024-01-02"], ["mark", "1", "declared"], ["undo"]):
        line = one_line_error(cli(*args), ExitCode.WRITE)
        assert "the file is read-only; make it writable to change it; nothing was changed" in line
    assert cli.ledger.read_bytes() == raw and cli.ledger.stat().st_mode & 0o777 == 0o444
    assert not cli.ledger.with_name("ledger.toml.bak").exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_a_ledger_another_user_owns_is_refused_untouched(cli: Cli) -> None:
    raw = write_ledger(cli, PAPER)
    os.chown(cli.ledger, 65534, -1)
    line = one_line_error(cli("add", "paper", "--title", "y", "--date", "2024-01-02"), ExitCode.WRITE)
    assert "belongs to another user (uid 65534); nothing was changed" in line
    assert cli.ledger.read_bytes() == raw and cli.ledger.stat().st_uid == 65534


@POSIX
def test_a_pipe_named_as_the_ledger_is_refused_not_waited_on(cli: Cli) -> None:
    cli.ledger.parent.mkdir(parents=True)
    os.mkfifo(cli.ledger)
    assert "not a regular file" in one_line_error(cli("status"), ExitCode.LEDGER)


def test_stale_temporary_files_are_swept_by_the_next_write(cli: Cli) -> None:
    write_ledger(cli, PAPER)
    assert cli("mark", "1", "declared").exit_code == 0
    folder, undo = cli.ledger.parent, journal.folder(cli.ledger)
    stale = [
        folder / ".ledger.toml.k2j4_x9q.tmp",
        folder / ".ledger.toml.bak.abcdefgh.tmp",
        folder / ".ledger.toml.schema-1.bak.a1b2c3d4.tmp",
        undo / ".00000002.json.zz99zz99.tmp",
    ]
    others = [folder / ".ledger.toml.md.abcdefgh.tmp", folder / "notes.tmp", undo / "keep.tmp"]
    for path in stale + others:
        path.write_bytes(b"left by a killed cpd")
    assert cli("mark", "1", "approved").exit_code == 0
    assert [path for path in stale if path.exists()] == []
    assert all(path.exists() for path in others)
