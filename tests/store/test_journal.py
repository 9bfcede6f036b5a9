"""The undo journal: a damaged or tampered entry is refused, and a failure at any step loses nothing."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from cpd_cli.errors import ExitCode
from cpd_cli.store import atomic, journal
from tests.conftest import Cli
from tests.helpers import PAPER, one_line_error, write_ledger


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


def test_a_file_in_the_journal_whose_name_is_not_a_number_is_not_an_entry(cli: Cli) -> None:
    """"²" is a digit to Python but no number: a stray "².json" is passed over, not a crash."""
    write_ledger(cli, PAPER)
    assert cli("mark", "1", "declared").exit_code == 0
    (cli.ledger.with_name("ledger.toml.undo") / "².json").write_bytes(b"{}")
    result = cli("undo")
    assert result.exit_code == 0, result.stderr
    assert "undid: mark" in result.stdout
