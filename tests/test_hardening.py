"""Inputs and faults that once ended in a hang, exit 70 or a replaced file: each now one line and a code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cpd_cli.errors import ExitCode
from cpd_cli.store import atomic, journal
from tests.conftest import Cli

PAPER = '[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\n'
VISIT = '[[activity]]\nid = 1\nkind = "visit"\ntitle = "x"\ndate = 2024-01-01\n'
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files: symlinks, modes, owners, /dev/full")


def write_ledger(cli: Cli, text: str) -> bytes:
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    cli.ledger.write_text(text, encoding="utf-8")
    return cli.ledger.read_bytes()


def one_line_error(result: Any, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return str(lines[0])


def strict_json(text: str) -> Any:
    """JSON as the standard has it: NaN and Infinity are not numbers there."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


# ---------------------------------------------------------------- bounded numbers and strings


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (VISIT + "hours = 1e-999999\n", "the number 1e-999999 (line 6) is out of bounds"),
        (PAPER + "x = 1e999999999\n", "the number 1e999999999 (line 6) is out of bounds"),
        (PAPER + "x = 1e5000\n", "the number 1e5000 (line 6) is out of bounds"),
        (PAPER + "x = 1." + "5" * 120 + "\n", "is out of bounds (at most 100 characters"),
        (PAPER + "x = " + "9" * 5000 + "\n", "a whole number has more than 100 digits (line 6)"),
        (PAPER + "x = " + "9" * 101 + "\n", "activity entry 1: a whole number has more than 100 digits"),
        ("last_id = " + "1" * 200 + "\n", "key 'last_id': a whole number has more than 100 digits"),
        (PAPER + 'x = "' + "y" * 10_000_000 + '"\n', "activity entry 1: 10,000,000 characters is too long"),
        ('"' + "k" * 200_000 + '" = 1\n', "200,000 characters is too long (at most 100,000)"),
    ],
    ids=[
        "tiny hours",
        "huge exponent",
        "1e5000",
        "long float",
        "5000 digits",
        "101 digits",
        "long last_id",
        "10 MB string",
        "long key",
    ],
)
def test_a_value_out_of_bounds_is_refused_in_one_line_by_reading_and_writing_commands(
    cli: Cli, text: str, message: str
) -> None:
    raw = write_ledger(cli, text)
    for args in (
        ["show", "1"],
        ["list", "--json"],
        ["status", "--year", "2024"],
        ["add", "paper", "--title", "y", "--date", "2024-01-02"],
    ):
        line = one_line_error(cli(*args), ExitCode.LEDGER)
        assert message in line, (args, line)
    assert cli.ledger.read_bytes() == raw


def test_values_within_the_bounds_are_read_and_written_back_as_they_were(cli: Cli) -> None:
    """Every bound sits far past any real ledger: the largest values still allowed round-trip."""
    big = "9" * 100
    write_ledger(cli, PAPER + f'x = 1e308\ny = 1e-308\nz = {big[:-1]}\nnote2 = "{"n" * 100_000}"\n')
    assert cli("mark", "1", "declared").exit_code == 0
    written = cli.ledger.read_text(encoding="utf-8")
    assert "x = 1e+308\n" in written and "y = 1e-308\n" in written and f"z = {big[:-1]}\n" in written


# ---------------------------------------------------------------- nan and inf in keys cpd does not know


@pytest.mark.parametrize("line", ["x = nan", "x = inf", "x = -inf", "inf = inf", "nan = nan", "x = [nan, 1.5, inf]"])
def test_nan_and_inf_in_an_unknown_key_give_valid_json_and_survive_a_write(cli: Cli, line: str) -> None:
    write_ledger(cli, PAPER + line + "\n")
    listed = cli("list", "--json")
    assert listed.exit_code == 0, listed.stderr
    record = strict_json(listed.stdout)[0]
    key = line.split(" = ")[0]
    assert record[key] in ("nan", "inf", "-inf", ["nan", 1.5, "inf"])
    shown = cli("show", "1", "--json")
    assert shown.exit_code == 0 and strict_json(shown.stdout)[key] == record[key]
    assert cli("show", "1").exit_code == 0
    assert cli("mark", "1", "declared").exit_code == 0
    assert line + "\n" in cli.ledger.read_text(encoding="utf-8")


def test_whole_floats_in_unknown_keys_stay_floats(cli: Cli) -> None:
    write_ledger(cli, PAPER + "x = 2.0\ny = 3\nz = [1.0, 2]\n[profile]\nw = 5.0\n")
    assert cli("mark", "1", "declared").exit_code == 0
    written = cli.ledger.read_text(encoding="utf-8")
    assert "x = 2.0\n" in written and "y = 3\n" in written and "z = [1.0, 2]\n" in written and "w = 5.0\n" in written
    record = strict_json(cli("list", "--json").stdout)[0]
    assert record["x"] == 2.0 and isinstance(record["x"], float) and record["y"] == 3 and isinstance(record["y"], int)


def test_json_output_refuses_nan_rather_than_print_it() -> None:
    from cpd_cli.jsonutil import dumps

    with pytest.raises(ValueError):
        dumps({"x": float("nan")})


# ---------------------------------------------------------------- text that is not UTF-8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["add", "paper", "--title", "\udcff\udcfe", "--date", "2024-01-02"],
            "--title: is not UTF-8 text (b'\\xff\\xfe')",
        ),
        (["add", "paper", "--title", "t", "--note", "a\udcff", "--date", "2024-01-02"], "--note: is not UTF-8 text"),
        (["edit", "1", "--note", "\udce9t\udce9"], "--note: is not UTF-8 text (b'\\xe9t\\xe9')"),
        (["profile", "set", "name", "\udcff"], "the text given is not UTF-8 (b'\\xff'), so it cannot be saved"),
    ],
)
def test_bytes_that_are_not_utf8_on_the_command_line_are_refused(cli: Cli, args: list[str], message: str) -> None:
    """What a POSIX shell passes for `--title $'\\xff\\xfe'`: Python keeps such bytes as surrogates."""
    raw = write_ledger(cli, PAPER)
    line = one_line_error(cli(*args), ExitCode.USAGE)
    assert message in line
    assert cli.ledger.read_bytes() == raw


@POSIX
def test_bytes_that_are_not_utf8_in_a_real_argument_list(ledger_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cpd_cli",
            "--ledger",
            str(ledger_path),
            "add",
            "paper",
            "--title",
            b"\xff\xfe",
            "--date",
            "2024-01-02",
        ],
        capture_output=True,
    )
    assert result.returncode == ExitCode.USAGE and b"is not UTF-8 text" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and not ledger_path.exists()


# ---------------------------------------------------------------- output that cannot be written


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


# ---------------------------------------------------------------- the lock


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


# ---------------------------------------------------------------- whose file, and which


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


def test_a_profile_rules_id_cannot_reach_outside_the_packs_folder(cli: Cli, tmp_path: Path) -> None:
    import cpd_cli.core
    from cpd_cli.store.paths import user_packs_folder

    packs = user_packs_folder()
    outside = packs.parent.parent / "x.toml"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_text(
        (Path(cpd_cli.core.__file__).parent / "packs" / "jiangxi-2023.toml")
        .read_text(encoding="utf-8")
        .replace('id = "jiangxi-2023"', 'id = "../../x"', 1),
        encoding="utf-8",
    )
    for pack_id in ("../../x", str(outside.with_suffix("")), "a/b", "..", "x\\y"):
        write_ledger(cli, f"[profile]\nrules = {json.dumps(pack_id)}\n")
        line = one_line_error(cli("status"), ExitCode.RULES)
        assert "is not a rule pack id" in line, line


# ---------------------------------------------------------------- undo


def damage(entry: Path, change: Any) -> None:
    data = json.loads(entry.read_text(encoding="utf-8"))
    change(data)
    entry.write_text(json.dumps(data), encoding="utf-8")


def test_undo_refuses_an_entry_whose_ledger_text_was_tampered_with(cli: Cli) -> None:
    write_ledger(cli, PAPER)
    assert cli("mark", "1", "declared").exit_code == 0
    (entry,) = journal.entries(cli.ledger)
    damage(entry.file, lambda data: data.update(before=data["before"].replace('"paper"', '"papers"')))
    before = cli.ledger.read_bytes()
    line = one_line_error(cli("undo"), ExitCode.LEDGER)
    assert "00000001.json: the undo journal's entry is damaged (its ledger text does not match" in line
    assert cli.ledger.read_bytes() == before and entry.file.exists()


def test_undo_refuses_an_entry_that_is_not_a_valid_ledger(cli: Cli) -> None:
    """An entry written before checksums were kept: what it would write back is checked in full."""
    write_ledger(cli, PAPER)
    assert cli("mark", "1", "declared").exit_code == 0
    (entry,) = journal.entries(cli.ledger)
    damage(entry.file, lambda data: (data.pop("before_sha256"), data.update(before=PAPER + "hours = 3\n")))
    before = cli.ledger.read_bytes()
    line = one_line_error(cli("undo"), ExitCode.LEDGER)
    assert "the undo journal's entry does not hold a valid ledger" in line and "'hours'" in line
    assert cli.ledger.read_bytes() == before and entry.file.exists()


def test_undo_stops_at_a_damaged_entry_instead_of_undoing_an_older_change(cli: Cli) -> None:
    write_ledger(cli, PAPER)
    assert cli("mark", "1", "declared").exit_code == 0
    assert cli("mark", "1", "approved").exit_code == 0
    newest = journal.entries(cli.ledger)[-1].file
    newest.write_text("{ not json", encoding="utf-8")
    before = cli.ledger.read_bytes()
    line = one_line_error(cli("undo", "--force"), ExitCode.LEDGER)
    assert "00000002.json: the undo journal's entry is damaged (not a journal entry" in line
    assert "remove it to undo older changes" in line
    assert cli.ledger.read_bytes() == before
    newest.unlink()  # what the message says to do
    assert cli("undo", "--force").exit_code == 0 and cli.ledger.read_text(encoding="utf-8") == PAPER


def test_undo_with_a_journal_it_cannot_change_leaves_the_ledger_as_it_is(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only journal folder: the entry cannot go, so the ledger is not put back either."""
    write_ledger(cli, PAPER)
    assert cli("mark", "1", "declared").exit_code == 0
    folder = journal.folder(cli.ledger)
    before = cli.ledger.read_bytes()
    real_unlink = Path.unlink

    def read_only(self: Path, missing_ok: bool = False) -> None:
        if self.parent == folder:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", read_only)
    line = one_line_error(cli("undo"), ExitCode.WRITE)
    assert "00000001.json: not allowed to write here (Permission denied); nothing was changed" in line
    assert cli.ledger.read_bytes() == before and len(journal.entries(cli.ledger)) == 1
    monkeypatch.undo()
    assert cli("undo").exit_code == 0 and cli.ledger.read_text(encoding="utf-8") == PAPER
    assert journal.entries(cli.ledger) == []


def test_a_failed_write_that_cannot_take_back_its_journal_entry_says_so(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never "nothing was changed" while an entry is left behind."""
    write_ledger(cli, PAPER)
    real_replace, real_unlink = os.replace, Path.unlink

    def full_at_the_ledger(source: Any, target: Any) -> None:
        if Path(target) == cli.ledger:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    def stuck(self: Path, missing_ok: bool = False) -> None:
        if self.parent == journal.folder(cli.ledger):
            raise OSError(5, "Input/output error")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(atomic.os, "replace", full_at_the_ledger)
    monkeypatch.setattr(Path, "unlink", stuck)
    line = one_line_error(cli("mark", "1", "declared"), ExitCode.WRITE)
    assert "nothing was changed" not in line
    assert line.endswith(
        f"ledger.toml: the disk is full; {cli.ledger} was not changed, but "
        f"{journal.folder(cli.ledger) / '00000001.json'} could not be put back as before"
    )
    monkeypatch.undo()
    assert cli.ledger.read_text(encoding="utf-8") == PAPER
    assert cli("undo").exit_code == ExitCode.USAGE  # the entry left behind never landed: nothing to undo
    assert journal.entries(cli.ledger) == []


def test_a_failure_at_any_step_of_undo_leaves_everything_as_before_or_the_change_undone(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undo writes the backup, removes its journal entry and writes the ledger as one change."""
    from tests.test_robustness import counting, snapshot

    write_ledger(cli, PAPER)
    written = cli.ledger.read_bytes()  # as the test wrote it: CRLF on Windows
    assert cli("mark", "1", "declared").exit_code == 0
    folder = cli.ledger.parent
    before = snapshot(folder)

    def restore() -> None:
        shutil.rmtree(folder)
        for name, data in before.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)

    def counting_removals(patch: pytest.MonkeyPatch, fail_at: int | None, error: OSError) -> list[str]:
        calls = counting(patch, fail_at, error)
        real_unlink = Path.unlink

        def unlink(self: Path, missing_ok: bool = False) -> None:
            calls.append("unlink")
            if fail_at is not None and len(calls) == fail_at:
                raise error
            real_unlink(self, missing_ok=missing_ok)

        patch.setattr(Path, "unlink", unlink)
        return calls

    with monkeypatch.context() as patch:
        calls = counting_removals(patch, None, OSError())
        assert cli("undo").exit_code == 0
    undone = snapshot(folder)
    assert undone["ledger.toml"] == written and "unlink" in calls
    for fail_at in range(1, len(calls) + 1):
        restore()
        with monkeypatch.context() as patch:
            counting_removals(patch, fail_at, OSError(28, "No space left on device"))
            result = cli("undo")
        assert result.exit_code in (0, ExitCode.WRITE), (fail_at, result.output)
        if result.exit_code == ExitCode.WRITE:
            assert "nothing was changed" in result.stderr
            assert snapshot(folder) == before, fail_at
        else:
            assert snapshot(folder) == undone, fail_at
