"""Every folder cpd would write on its own lies in the test's temp folder, on every platform."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cpd_cli.store import paths

RESOLVE = (
    "import json; from cpd_cli.store import paths; "
    "print(json.dumps([str(paths.ledger_path()), str(paths.user_packs_folder())]))"
)


def outside(folders: list[Path], tmp_path: Path) -> list[Path]:
    root = tmp_path.resolve()
    return [folder for folder in folders if not folder.resolve().is_relative_to(root)]


def test_the_user_folders_cpd_resolves_are_the_tests_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.LEDGER_ENV)  # the ledger's own default, not the fixture's override
    folders = [paths.ledger_path(), paths.user_packs_folder()]
    assert outside(folders, tmp_path) == []


def test_a_child_cpd_resolves_them_in_the_tests_folder_too(tmp_path: Path) -> None:
    """A subprocess gets none of the fixture's patches, only its environment."""
    environ = {name: value for name, value in os.environ.items() if name != paths.LEDGER_ENV}
    result = subprocess.run([sys.executable, "-c", RESOLVE], env=environ, capture_output=True, text=True, check=True)
    assert outside([Path(folder) for folder in json.loads(result.stdout)], tmp_path) == []
