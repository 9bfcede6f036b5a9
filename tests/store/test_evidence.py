"""Evidence: only regular files are hashed or bundled, each named for what it is; unchanged files are not re-read."""

from __future__ import annotations

import json
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cpd_cli.errors import ExitCode
from cpd_cli.store import evidence
from tests.conftest import Cli
from tests.helpers import one_line_error

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files: FIFOs")
FOLDER = "is a folder, not a file"
NOT_A_FILE = "is not a regular file (a pipe, device or socket)"


def paper(cli: Cli, *evidence_files: Path) -> None:
    args = [arg for path in evidence_files for arg in ("--evidence", str(path))]
    result = cli("add", "paper", "--title", "p", "--date", "2024-03-01", *args)
    assert result.exit_code == 0, result.output


def refuse_opening(monkeypatch: pytest.MonkeyPatch, refused: Path) -> None:
    """``refused`` cannot be opened, as a file without read permission (root reads them all)."""
    real_open = os.open

    def opening(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == str(refused):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", opening)


# ---------------------------------------------------------------- attach


@pytest.mark.parametrize("allow_missing", [[], ["--allow-missing"]])
def test_attaching_a_folder_says_it_is_a_folder(cli: Cli, tmp_path: Path, allow_missing: list[str]) -> None:
    paper(cli)
    before = cli.ledger.read_bytes()
    line = one_line_error(cli("attach", "1", str(tmp_path), *allow_missing), ExitCode.USAGE)
    assert f"PATH: {tmp_path} {FOLDER}" in line
    line = one_line_error(cli("edit", "1", "--evidence", str(tmp_path)), ExitCode.USAGE)
    assert f"--evidence: {tmp_path} {FOLDER}" in line
    assert cli.ledger.read_bytes() == before


@POSIX
def test_attaching_a_pipe_says_so_at_once(cli: Cli, tmp_path: Path) -> None:
    paper(cli)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    before = cli.ledger.read_bytes()
    assert f"PATH: {pipe} {NOT_A_FILE}" in one_line_error(cli("attach", "1", str(pipe)), ExitCode.USAGE)
    assert cli.ledger.read_bytes() == before


def test_attaching_a_file_that_cannot_be_read_says_why(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper(cli)
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(b"%PDF")
    refuse_opening(monkeypatch, locked)
    before = cli.ledger.read_bytes()
    line = one_line_error(cli("attach", "1", str(locked)), ExitCode.USAGE)
    assert f"PATH: {locked} cannot be read: Permission denied" in line
    assert cli.ledger.read_bytes() == before


def test_attaching_records_size_hash_and_modification_time(cli: Cli, tmp_path: Path) -> None:
    cert = tmp_path / "cert.pdf"
    cert.write_bytes(b"%PDF-1.4")
    paper(cli, cert)
    assert f"mtime_ns = {cert.stat().st_mtime_ns}" in cli.ledger.read_text(encoding="utf-8")


# ---------------------------------------------------------------- show and check


def test_show_and_check_name_a_folder_put_where_a_file_was(cli: Cli, tmp_path: Path) -> None:
    cert = tmp_path / "cert.pdf"
    cert.write_bytes(b"%PDF")
    paper(cli, cert)
    cert.unlink()
    cert.mkdir()
    assert f"{cert} — {FOLDER}" in cli("show", "1").stdout
    shown = json.loads(cli("show", "1", "--json").stdout)["evidence_check"]
    assert shown == [{"path": str(cert), "exists": False, "matches": None, "problem": "folder"}]
    result = cli("check", "--year", "2024")
    assert result.exit_code == ExitCode.PROBLEMS
    assert f"#1 p: evidence file {cert} {FOLDER}" in result.stdout
    cert.rmdir()
    assert f"#1 p: evidence file missing: {cert}" in cli("check", "--year", "2024").stdout


@POSIX
def test_show_and_check_name_a_pipe_put_where_a_file_was_and_never_wait_on_it(cli: Cli, tmp_path: Path) -> None:
    cert = tmp_path / "cert.pdf"
    cert.write_bytes(b"%PDF")
    paper(cli, cert)
    cert.unlink()
    os.mkfifo(cert)
    assert f"{cert} — {NOT_A_FILE}" in cli("show", "1").stdout
    assert f"#1 p: evidence file {cert} {NOT_A_FILE}" in cli("check", "--year", "2024").stdout


def test_show_and_check_name_a_file_that_cannot_be_read(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert = tmp_path / "cert.pdf"
    cert.write_bytes(b"%PDF")
    paper(cli, cert)
    refuse_opening(monkeypatch, cert)
    assert f"{cert} — cannot be read: Permission denied" in cli("show", "1").stdout
    assert f"#1 p: evidence file {cert} cannot be read" in cli("check", "--year", "2024").stdout


def same_size_and_time(path: Path, content: bytes) -> None:
    """Rewrite ``path`` with ``content`` of the same length and put its modification time back."""
    kept = path.stat()
    assert len(content) == kept.st_size
    path.write_bytes(content)
    os.utime(path, ns=(kept.st_atime_ns, kept.st_mtime_ns))


def test_a_file_with_its_recorded_size_and_time_is_not_rehashed_unless_asked(cli: Cli, tmp_path: Path) -> None:
    cert = tmp_path / "cert.pdf"
    cert.write_bytes(b"%PDF-original")
    paper(cli, cert)
    same_size_and_time(cert, b"%PDF-replaced")  # what only a full hash can see
    assert "matches the recorded hash" in cli("show", "1").stdout
    assert "evidence file changed" not in cli("check", "--year", "2024").stdout
    result = cli("check", "--year", "2024", "--rehash")
    assert result.exit_code == ExitCode.PROBLEMS
    assert f"#1 p: evidence file changed since it was attached: {cert}" in result.stdout


def test_a_file_whose_time_changed_is_rehashed(cli: Cli, tmp_path: Path) -> None:
    cert = tmp_path / "cert.pdf"
    cert.write_bytes(b"%PDF-original")
    paper(cli, cert)
    cert.write_bytes(b"%PDF-replaced")
    os.utime(cert, ns=(0, cert.stat().st_mtime_ns + 1_000_000_000))
    assert "changed since it was attached" in cli("show", "1").stdout
    assert f"#1 p: evidence file changed since it was attached: {cert}" in cli("check", "--year", "2024").stdout


def test_a_record_without_a_time_is_always_hashed(cli: Cli, tmp_path: Path) -> None:
    """A record made before times were kept cannot vouch for the file: it is read each time."""
    cert = tmp_path / "cert.pdf"
    cert.write_bytes(b"%PDF-original")
    paper(cli, cert)
    text = cli.ledger.read_text(encoding="utf-8")
    cli.ledger.write_text(text.replace(f", mtime_ns = {cert.stat().st_mtime_ns}", ""), encoding="utf-8")
    assert "mtime_ns" not in cli.ledger.read_text(encoding="utf-8")
    assert "evidence file" not in cli("check", "--year", "2024").stdout
    same_size_and_time(cert, b"%PDF-replaced")
    assert "changed since it was attached" in cli("show", "1").stdout


def test_the_bundle_holds_a_large_file_whole_and_checked(cli: Cli, tmp_path: Path) -> None:
    files = [tmp_path / "a.pdf", tmp_path / "b.jpg"]
    files[0].write_bytes(b"a" * 3_000_000)  # more than one chunk
    files[1].write_bytes(b"b" * 10)
    paper(cli, *files)
    target = tmp_path / "out.zip"
    assert cli("export", "--year", "2024", "--bundle", str(target)).exit_code == 0
    with zipfile.ZipFile(target) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert [entry["status"] for entry in manifest["files"]] == ["ok", "ok"]
        for entry, file in zip(manifest["files"], files, strict=True):
            assert archive.read(entry["name"]) == file.read_bytes()


@POSIX
def test_the_bundle_packs_only_regular_files_and_names_the_others(cli: Cli, tmp_path: Path) -> None:
    folder, pipe, gone, good = (tmp_path / name for name in ("folder.pdf", "pipe.pdf", "gone.pdf", "good.pdf"))
    for path in (folder, pipe, gone, good):
        path.write_bytes(b"%PDF")
    paper(cli, folder, pipe, gone, good)
    folder.unlink()
    folder.mkdir()
    pipe.unlink()
    os.mkfifo(pipe)
    gone.unlink()
    target = tmp_path / "out.zip"
    result = cli("export", "--year", "2024", "--bundle", str(target))
    assert result.exit_code == ExitCode.PROBLEMS
    wrote, line = result.stderr.splitlines()  # what was written, then what is missing
    assert wrote == f"wrote {target}: checklist and 1 evidence file"
    assert f"3 evidence files missing, listed in the bundle's manifest.json: {folder} ({FOLDER}), " in line
    assert f"{pipe} ({NOT_A_FILE}), {gone}" in line
    with zipfile.ZipFile(target) as archive:
        manifest = json.loads(archive.read("manifest.json"))["files"]
        packed = [name for name in archive.namelist() if not name.startswith("checklist") and name != "manifest.json"]
    assert [(entry["status"], entry.get("problem")) for entry in manifest] == [
        ("missing", "folder"),
        ("missing", "not-a-file"),
        ("missing", None),
        ("ok", None),
    ]
    assert packed == [manifest[3]["name"]]


@pytest.mark.skipif(not Path("/proc/self/environ").is_file(), reason="a /proc file system: Linux only")
def test_a_special_file_that_looks_regular_is_no_evidence(cli: Cli) -> None:
    """/proc/self/environ is a 'regular file' of 0 bytes that holds the environment: never hashed nor bundled."""

    found = evidence.fingerprint("/proc/self/environ")
    assert isinstance(found, evidence.Unusable) and found.problem == "unreadable"
    result = cli("add", "paper", "--title", "p", "--date", "2024-05-01", "--evidence", "/proc/self/environ")
    assert result.exit_code == ExitCode.USAGE and "did not hold the size it gave" in result.stderr
    assert not cli.ledger.exists()
