"""What Windows does differently, tested on every platform by injecting Windows' answers.

A file another program holds open, the display language, paths that differ only in case, a
stdin that is a device but no console, wildcards on the command line.  Where a real Windows
(or Wine) is needed, the test says so and runs there too.
"""

from __future__ import annotations

import errno
import io
import ntpath
import os
import posixpath
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from cpd_cli.cli import activityinput
from cpd_cli.core.model import EvidenceRecord
from cpd_cli.errors import ExitCode
from cpd_cli.store import atomic
from tests.conftest import Cli, act
from tests.test_robustness import snapshot

HELD_MESSAGE = "is open in another program (Excel, WPS?); close it and try again; nothing was changed"


def held_error() -> PermissionError:
    """What Windows raises when another program has the file open."""
    error = PermissionError(
        errno.EACCES, "The process cannot access the file because it is being used by another process"
    )
    error.winerror = 32  # ERROR_SHARING_VIOLATION; only Windows sets it, but any platform lets a test
    return error


def hold(monkeypatch: pytest.MonkeyPatch, target: Path, times: int | None = None) -> list[str]:
    """Replacing or removing ``target`` fails as if another program held it (the first ``times`` tries)."""
    tries: list[str] = []
    real_replace, real_unlink = os.replace, os.unlink

    def refuse(name: str, path: Any) -> None:
        if Path(path) == target and (times is None or len(tries) < times):
            tries.append(name)
            raise held_error()

    def replace(source: Any, destination: Any) -> None:
        refuse("replace", destination)
        real_replace(source, destination)

    def unlink(path: Any, *args: Any, **kwargs: Any) -> None:
        refuse("unlink", path)
        real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "replace", replace)
    monkeypatch.setattr(os, "unlink", unlink)
    return tries


def a_ledger(cli: Cli, tmp_path: Path) -> Path:
    evidence = tmp_path / "cert.pdf"
    evidence.write_bytes(b"certificate")
    assert cli("add", "paper", "--title", "one", "--date", "2024-03-15").exit_code == 0
    assert cli("add", "paper", "--title", "two", "--date", "2024-04-15").exit_code == 0
    return evidence


# ---------------------------------------------------------------- a file held open


def test_a_ledger_held_for_a_moment_is_waited_for(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("add", "paper", "--title", "one", "--date", "2024-03-15").exit_code == 0
    tries = hold(monkeypatch, cli.ledger, times=3)
    result = cli("add", "paper", "--title", "two", "--date", "2024-04-15")
    assert result.exit_code == 0, result.stderr
    assert tries == ["replace"] * 3
    assert 'title = "two"' in cli.ledger.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["add", "paper", "--title", "three", "--date", "2024-05-15"],
        ["edit", "1", "--title", "uno"],
        ["mark", "1", "declared"],
        ["rm", "2", "--yes"],
        ["attach", "1", "EVIDENCE"],
        ["undo"],
        ["profile", "set", "deadline", "12-15"],
    ],
)
def test_a_ledger_held_open_changes_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    evidence = a_ledger(cli, tmp_path)
    args = [str(evidence) if word == "EVIDENCE" else word for word in args]
    before = snapshot(cli.ledger.parent)
    monkeypatch.setattr(atomic, "HELD_RETRY_SECONDS", 0.2)
    tries = hold(monkeypatch, cli.ledger)
    result = cli(*args)
    assert result.exit_code == ExitCode.WRITE, result.output
    assert result.stderr == f"cpd: error: {cli.ledger} {HELD_MESSAGE}\n"
    assert len(tries) > 1  # tried again before giving up
    assert snapshot(cli.ledger.parent) == before  # ledger, .bak and undo journal
    assert not [p for p in cli.ledger.parent.iterdir() if p.name.endswith(".tmp")]


def test_undo_of_the_first_change_with_the_ledger_held_changes_nothing(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undoing the change that created the ledger removes it: refused the same way."""
    assert cli("add", "paper", "--title", "one", "--date", "2024-03-15").exit_code == 0
    before = snapshot(cli.ledger.parent)
    monkeypatch.setattr(atomic, "HELD_RETRY_SECONDS", 0.2)
    tries = hold(monkeypatch, cli.ledger)
    result = cli("undo")
    assert result.exit_code == ExitCode.WRITE and HELD_MESSAGE in result.stderr, result.output
    assert set(tries) == {"unlink"}
    assert snapshot(cli.ledger.parent) == before


def test_an_export_file_held_open_in_excel(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a_ledger(cli, tmp_path)
    target = tmp_path / "2024.csv"
    target.write_bytes(b"last year's export")
    monkeypatch.setattr(atomic, "HELD_RETRY_SECONDS", 0.2)
    hold(monkeypatch, target)
    result = cli("export", "--year", "2024", "--format", "csv", "--output", str(target), "--force")
    assert result.exit_code == ExitCode.WRITE, result.output
    assert result.stderr == f"cpd: error: {target} {HELD_MESSAGE}\n"
    assert target.read_bytes() == b"last year's export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["2024.csv", "cert.pdf"]


def test_only_what_windows_says_of_a_held_file_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "ledger.toml"
    file.write_bytes(b"")
    assert atomic.held(held_error(), file)
    assert atomic.held(held_error(), tmp_path / "gone.toml")
    assert not atomic.held(held_error(), tmp_path)  # a folder is refused for good, with the same error
    assert not atomic.held(PermissionError(errno.EACCES, "Permission denied"), file)  # POSIX: no winerror
    tries: list[int] = []

    def refused(source: Any, destination: Any) -> None:
        tries.append(1)
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refused)
    with pytest.raises(atomic.WriteError, match="not allowed to write here"):
        atomic.write(file, b"new")
    assert tries == [1]  # not retried
    assert file.read_bytes() == b""


@pytest.mark.skipif(sys.platform != "win32", reason="only Windows refuses to replace a file another program has open")
def test_a_ledger_really_held_open(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("add", "paper", "--title", "one", "--date", "2024-03-15").exit_code == 0
    before = snapshot(cli.ledger.parent)
    monkeypatch.setattr(atomic, "HELD_RETRY_SECONDS", 0.2)
    with open(cli.ledger, "rb"):  # Python opens a file without FILE_SHARE_DELETE, as Excel does
        result = cli("add", "paper", "--title", "two", "--date", "2024-04-15")
    assert result.exit_code == ExitCode.WRITE and HELD_MESSAGE in result.stderr, result.output
    assert snapshot(cli.ledger.parent) == before


# ---------------------------------------------------------------- the command line as typed


def test_wildcards_and_variables_are_stored_as_typed(tmp_path: Path) -> None:
    """click expands `rel*`, `%VAR%` and `~` itself on Windows unless told not to (real there, as typed elsewhere)."""
    (tmp_path / "rel.pdf").write_bytes(b"x")
    ledger = tmp_path / "ledger.toml"
    env = {**os.environ, "CPD_PROBE": "expanded"}
    command = [sys.executable, "-m", "cpd_cli", "--ledger", str(ledger), "add", "paper", "--date", "2024-03-15"]
    words = ["--title", "rel*", "--note", "~/notes %CPD_PROBE% $CPD_PROBE"]
    done = subprocess.run([*command, *words], cwd=tmp_path, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    stored = tomllib.loads(ledger.read_text(encoding="utf-8"))["activity"][0]
    assert (stored["title"], stored["note"]) == ("rel*", "~/notes %CPD_PROBE% $CPD_PROBE")


# ---------------------------------------------------------------- evidence paths


def record(path: str, content: bytes) -> EvidenceRecord:
    return EvidenceRecord(path=path, size=len(content), sha256=f"sha of {content!r}")


def test_on_windows_one_file_spelled_two_ways_is_attached_once() -> None:
    first = "C:\\Certs\\A.pdf"
    activity = activityinput.with_evidence(act(7, "paper", "2024-03-15"), [(first, record(first, b"v1"))], paths=ntpath)
    again = [("c:\\certs\\a.pdf", record("c:\\certs\\a.pdf", b"v2")), ("C:/Certs/./A.PDF", None), ("D:\\b.pdf", None)]
    activity = activityinput.with_evidence(activity, again, paths=ntpath)
    assert activity.evidence == (first, "D:\\b.pdf")  # the first spelling kept
    assert activity.evidence_meta == ()  # the last attach found it missing: the old fingerprint goes


def test_re_attaching_under_another_spelling_refreshes_the_first() -> None:
    first = "C:\\Certs\\A.pdf"
    activity = activityinput.with_evidence(act(7, "paper", "2024-03-15"), [(first, record(first, b"v1"))], paths=ntpath)
    activity = activityinput.with_evidence(
        activity, [("c:/certs/a.pdf", record("c:\\certs\\a.pdf", b"v2"))], paths=ntpath
    )
    assert activity.evidence == (first,)
    assert activity.evidence_meta == (record(first, b"v2"),)


def test_on_posix_names_that_differ_in_case_are_two_files() -> None:
    new = [("/certs/A.pdf", record("/certs/A.pdf", b"1")), ("/certs/a.pdf", record("/certs/a.pdf", b"2"))]
    activity = activityinput.with_evidence(act(7, "paper", "2024-03-15"), new, paths=posixpath)
    assert activity.evidence == ("/certs/A.pdf", "/certs/a.pdf")
    assert [r.path for r in activity.evidence_meta] == ["/certs/A.pdf", "/certs/a.pdf"]
    activity = activityinput.with_evidence(activity, [("/certs//./a.pdf", None)], paths=posixpath)
    assert activity.evidence == ("/certs/A.pdf", "/certs/a.pdf")


def test_attach_twice_in_another_case(cli: Cli, tmp_path: Path) -> None:
    """By the platform's rules (os.path.normcase): one file on Windows, two elsewhere."""
    assert cli("add", "paper", "--title", "one", "--date", "2024-03-15").exit_code == 0
    (tmp_path / "A.pdf").write_bytes(b"certificate")
    if not (tmp_path / "a.pdf").exists():
        (tmp_path / "a.pdf").write_bytes(b"another")
    for name in ("A.pdf", "a.pdf", "A.pdf"):
        assert cli("attach", "1", str(tmp_path / name)).exit_code == 0
    stored = tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][0]["evidence"]
    if os.path.normcase("A") == "a":
        assert stored == [str(tmp_path / "A.pdf")]
    else:
        assert stored == [str(tmp_path / "A.pdf"), str(tmp_path / "a.pdf")]


# ---------------------------------------------------------------- is anyone there to answer?


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        super().isatty()  # raises once closed, as a real stream does
        return True


@pytest.mark.parametrize(
    ("stdin", "is_console", "expected"),
    [
        (Terminal(), True, True),  # a terminal, or a Windows console
        (Terminal(), False, False),  # Windows: `< NUL`, a character device but no console
        (io.StringIO(), True, False),  # a file or a pipe
        (None, True, False),  # pythonw, or a service: no stdin at all
    ],
)
def test_only_a_console_is_asked(
    monkeypatch: pytest.MonkeyPatch, stdin: io.StringIO | None, is_console: bool, expected: bool
) -> None:
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(activityinput, "console", lambda stream: is_console)
    assert activityinput.interactive() is expected


def test_a_closed_stdin_is_not_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    closed = Terminal()
    closed.close()
    monkeypatch.setattr(sys, "stdin", closed)
    assert activityinput.interactive() is False


def test_input_from_the_null_device_is_not_a_person(tmp_path: Path) -> None:
    """`cpd add paper < NUL` (Windows) or `< /dev/null`: no prompt, the missing option is named."""
    command = [sys.executable, "-m", "cpd_cli", "--ledger", str(tmp_path / "ledger.toml"), "add", "paper"]
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    assert done.returncode == ExitCode.USAGE
    assert b"--title is required" in done.stderr
