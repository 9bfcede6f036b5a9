"""What ``export`` writes to: never one of cpd's own files, never a device, a file others can open."""

from __future__ import annotations

import os
import stat
import sys
import zipfile
from pathlib import Path

import pytest

from cpd_cli.errors import ExitCode
from tests.conftest import Cli
from tests.helpers import PAPER, one_line_error, write_ledger
from tests.test_robustness import snapshot

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files: symlinks, modes, FIFOs")


def changed_once(cli: Cli) -> None:
    write_ledger(cli, PAPER)
    assert cli("mark", "1", "declared").exit_code == 0


OWN = "is one of cpd's own files (the ledger, its backup, lock or undo journal)"


@pytest.mark.parametrize("option", ["--output", "--bundle"])
@pytest.mark.parametrize(
    "name",
    [
        "ledger.toml",
        "ledger.toml.bak",
        "ledger.toml.schema-1.bak",
        "ledger.toml.lock",
        ".ledger.toml.ab12cd_9.tmp",
        ".ledger.toml.bak.ab12cd_9.tmp",
        "ledger.toml.undo/00000001.json",
        "ledger.toml.undo/.00000002.json.ab12cd_9.tmp",
        "ledger.toml.undo/new.md",
    ],
)
def test_cpds_own_files_are_never_an_output_force_or_not(cli: Cli, option: str, name: str) -> None:
    changed_once(cli)
    folder = cli.ledger.parent
    before = snapshot(folder)
    target = folder / name
    line = one_line_error(cli("export", "--year", "2024", option, str(target), "--force"), ExitCode.USAGE)
    assert f"{option}: {target} {OWN}" in line
    assert snapshot(folder) == before
    assert cli("undo").exit_code == 0 and cli.ledger.read_text(encoding="utf-8") == PAPER


@pytest.mark.parametrize("option", ["--output", "--bundle"])
@pytest.mark.parametrize("name", ["清单.md", "ledger.toml.md", "ledger.toml.undo.md", "ledger.md"])
def test_an_export_beside_a_ledger_kept_in_a_folder_of_ones_own_is_written(cli: Cli, option: str, name: str) -> None:
    changed_once(cli)
    target = cli.ledger.parent / name
    result = cli("export", "--year", "2024", option, str(target))
    assert result.exit_code == 0, result.output
    assert target.is_file() and target.stat().st_size > 0
    assert cli("undo").exit_code == 0 and cli.ledger.read_text(encoding="utf-8") == PAPER


@pytest.mark.parametrize("option", ["--output", "--bundle"])
@pytest.mark.parametrize("ledger_given", [True, False])
def test_nothing_is_written_into_cpds_own_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str, ledger_given: bool
) -> None:
    from cpd_cli.store.paths import data_folder, ledger_path

    monkeypatch.delenv("CPD_LEDGER")
    default = ledger_path()
    assert default.parent == data_folder()
    # the default ledger, or one elsewhere: cpd's data folder is never an export's place either way
    guarded = Cli(default if ledger_given else tmp_path / "mine" / "ledger.toml")
    guarded.ledger.parent.mkdir(parents=True, exist_ok=True)
    data_folder().mkdir(parents=True, exist_ok=True)
    guarded.ledger.write_text(PAPER, encoding="utf-8")
    before = snapshot(data_folder())
    target = data_folder() / "清单.md"
    line = one_line_error(guarded("export", "--year", "2024", option, str(target), "--force"), ExitCode.USAGE)
    assert f"{option}: {target} is in cpd's own data folder {data_folder()}; choose another place" in line
    assert snapshot(data_folder()) == before


@POSIX
@pytest.mark.parametrize("option", ["--output", "--bundle"])
@pytest.mark.parametrize("inside", ["ledger.toml", "ledger.toml.undo", "ledger.toml.undo/00000001.json"])
def test_a_link_to_cpds_own_files_is_refused_as_they_are(cli: Cli, tmp_path: Path, option: str, inside: str) -> None:
    changed_once(cli)
    before = snapshot(cli.ledger.parent)
    link = tmp_path / "innocent.md"
    link.symlink_to(cli.ledger.parent / inside)
    line = one_line_error(cli("export", "--year", "2024", option, str(link), "--force"), ExitCode.USAGE)
    assert OWN in line
    assert snapshot(cli.ledger.parent) == before


@POSIX
def test_a_file_in_a_linked_journal_folder_is_refused(cli: Cli, tmp_path: Path) -> None:
    changed_once(cli)
    (tmp_path / "journal").symlink_to(cli.ledger.parent / "ledger.toml.undo")
    target = tmp_path / "journal" / "new.md"
    assert OWN in one_line_error(cli("export", "--year", "2024", "--output", str(target)), ExitCode.USAGE)
    assert not (cli.ledger.parent / "ledger.toml.undo" / "new.md").exists()


@POSIX
def test_a_ledger_reached_through_a_linked_folder_is_guarded_at_its_target(cli: Cli, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "ledger.toml").write_text(PAPER, encoding="utf-8")
    (tmp_path / "linked").symlink_to(real)
    guarded = Cli(tmp_path / "linked" / "ledger.toml")
    result = guarded("export", "--year", "2024", "--output", str(real / "ledger.toml.bak"), "--force")
    assert OWN in one_line_error(result, ExitCode.USAGE)


@POSIX
@pytest.mark.parametrize("option", ["--output", "--bundle"])
def test_a_device_or_pipe_is_refused_as_an_output(cli: Cli, tmp_path: Path, option: str) -> None:
    write_ledger(cli, PAPER)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for target in (pipe, Path(os.devnull)):
        line = one_line_error(cli("export", "--year", "2024", option, str(target), "--force"), ExitCode.USAGE)
        assert f"{option}: {target} is not a regular file (a device, pipe or socket); use - for stdout" in line
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode) and stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_dash_is_stdout(cli: Cli) -> None:
    write_ledger(cli, PAPER)
    result = cli("export", "--year", "2024", "--format", "csv", "--output", "-")
    assert result.exit_code == 0 and "课程名称" in result.stdout
    assert not Path("-").exists()


@POSIX
def test_exports_are_written_for_others_to_read_less_the_umask(cli: Cli, tmp_path: Path) -> None:
    write_ledger(cli, PAPER)
    previous = os.umask(0o022)
    try:
        assert cli("export", "--year", "2024", "--output", str(tmp_path / "a.md")).exit_code == 0
        assert cli("export", "--year", "2024", "--bundle", str(tmp_path / "a.zip")).exit_code == 0
        os.umask(0o027)
        assert cli("export", "--year", "2024", "--output", str(tmp_path / "b.md")).exit_code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "a.zip").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "b.md").stat().st_mode) == 0o640
    assert stat.S_IMODE(cli.ledger.stat().st_mode) == 0o644  # as the test wrote it; cpd's writes stay 0600
    assert cli("mark", "1", "declared").exit_code == 0
    assert stat.S_IMODE(cli.ledger.stat().st_mode) == 0o600
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert "checklist.md" in archive.namelist()


def test_an_output_in_a_folder_that_cannot_be_looked_into_is_named(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ledger(cli, PAPER)
    closed = tmp_path / "closed"
    real_stat = os.stat

    def refused(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).startswith(str(closed)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", refused)
    for option in ("--output", "--bundle"):
        line = one_line_error(cli("export", "--year", "2024", option, str(closed / "x")), ExitCode.USAGE)
        assert f"{option}: cannot look at {closed / 'x'} (Permission denied)" in line


def test_a_ledger_in_a_folder_that_cannot_be_looked_into_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = tmp_path / "closed"
    closed.mkdir()
    guarded = Cli(closed / "ledger.toml")
    real_stat, real_lstat = os.stat, os.lstat

    def refusing(real: object) -> object:
        def call(path: object, *args: object, **kwargs: object) -> os.stat_result:
            if str(path).startswith(str(closed)):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kwargs)  # type: ignore[operator, no-any-return]

        return call

    monkeypatch.setattr(os, "stat", refusing(real_stat))
    monkeypatch.setattr(os, "lstat", refusing(real_lstat))
    assert "Permission denied" in one_line_error(guarded("status"), ExitCode.LEDGER)
    result = guarded("add", "paper", "--title", "x", "--date", "2024-01-01")
    assert "Permission denied" in one_line_error(result, ExitCode.WRITE)
    monkeypatch.undo()
    assert list(closed.iterdir()) == []
