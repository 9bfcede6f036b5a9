"""A kill at every system call of ``undo``: the version before the change is never lost.

``undo`` runs in a child process that counts the calls that touch the disk from
the moment the undo protocol starts, and kills itself with SIGKILL at call N
(nothing is put back: a real crash).  At every N the version before the change
is in the ledger, its ``.bak`` or the journal, the changed version in the ledger
or the ``.bak``; and the next ``undo`` leaves the ledger as it was before the
change, with the journal empty.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cpd_cli.store import journal
from cpd_cli.store import ledger as store
from tests.conftest import Cli
from tests.helpers import PAPER, write_ledger
from tests.test_robustness import snapshot

CHILD = r"""
import os, signal, sys, tempfile
from pathlib import Path

from cpd_cli.store import ledger

kill_at = int(sys.argv[1])
count_file = sys.argv[2]
calls = []
started = []


def counted(name, real):
    def call(*args, **kwargs):
        if started:
            calls.append(name)
            if len(calls) == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call


for module, name in ((os, "write"), (os, "fsync"), (os, "replace"), (os, "close"), (os, "unlink"),
                     (os, "open"), (tempfile, "mkstemp"), (Path, "unlink")):
    setattr(module, name, counted(name, getattr(module, name)))
real_undo = ledger.undo


def undo(*args, **kwargs):
    started.append(True)
    try:
        return real_undo(*args, **kwargs)
    finally:
        started.clear()
        with open(count_file, "w") as file:
            file.write(str(len(calls)))


ledger.undo = undo
sys.argv = ["cpd", "--ledger", sys.argv[3], "undo", *sys.argv[4:]]
from cpd_cli.cli.app import main

main()
"""


def run_undo(ledger: Path, kill_at: int, counts: Path, *options: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(kill_at), str(counts), str(ledger), *options],
        capture_output=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    return done.returncode


def befores(ledger: Path) -> list[bytes | None]:
    found = []
    for file in sorted(journal.folder(ledger).glob("*.json")):
        before = json.loads(file.read_text(encoding="utf-8"))["before"]
        found.append(None if before is None else before.encode("utf-8"))
    return found


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGKILL on Windows")
@pytest.mark.parametrize("forced", [False, True], ids=["undo", "undo after a hand edit, --force"])
def test_a_kill_at_every_system_call_of_undo_never_loses_the_version_before_the_change(
    cli: Cli, tmp_path: Path, forced: bool
) -> None:
    original = write_ledger(cli, PAPER)
    assert cli("mark", "1", "declared").exit_code == 0
    if forced:
        cli.ledger.write_bytes(cli.ledger.read_bytes() + b"# edited by hand\n")
    changed = cli.ledger.read_bytes()
    options = ("--force",) if forced else ()
    folder = cli.ledger.parent
    start = snapshot(folder)
    counts = tmp_path / "calls"

    def restore() -> None:
        shutil.rmtree(folder)
        for name, data in start.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)

    assert run_undo(cli.ledger, 0, counts, *options) == 0  # never killed: how many calls undo makes
    assert cli.ledger.read_bytes() == original
    total = int(counts.read_text())
    assert total >= 10
    for kill_at in range(1, total + 1):
        restore()
        run_undo(cli.ledger, kill_at, counts, *options)
        ledger = cli.ledger.read_bytes() if cli.ledger.exists() else None
        backup = store.backup_path(cli.ledger)
        kept = backup.read_bytes() if backup.exists() else None
        assert original in (ledger, kept, *befores(cli.ledger)), kill_at
        assert changed in (ledger, kept), kill_at
        assert ledger in (original, changed), kill_at  # whole, one or the other
        after = cli("undo", *options)
        assert after.exit_code in (0, 2), (kill_at, after.output)
        assert cli.ledger.read_bytes() == original, kill_at
        assert befores(cli.ledger) == [], kill_at
        assert not [p for p in folder.rglob("*.tmp")], kill_at
