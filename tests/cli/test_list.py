"""``cpd list``: filters and JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import Cli


def test_list_filters_and_json(cli: Cli) -> None:
    cli("add", "paper", "--title", "a", "--date", "2023-01-01")
    cli("add", "paper", "--title", "b", "--date", "2024-01-01", "--status", "declared")
    cli("add", "exam", "--title", "c", "--date", "2024-02-01", "--level", "junior")
    ids = lambda *args: [a["id"] for a in json.loads(cli("list", "--json", *args).stdout)]  # noqa: E731
    assert ids() == [1, 2, 3]
    assert ids("--year", "2024") == [2, 3]
    assert ids("--kind", "exam") == [3]
    assert ids("--status", "declared") == [2]
    first = json.loads(cli("list", "--json").stdout)[0]
    assert first["date"] == "2023-01-01" and first["credited"] == 10 and first["status"] == "done"
    assert "a" in cli("list").stdout
    assert cli("list", "--kind", "poem").exit_code == 2


def test_list_does_not_load_the_evidence_checks(ledger_path: Path) -> None:
    """Checking evidence files (hashlib, the file reader) is ``show``'s: ``list`` starts without it."""
    code = (
        "import sys\nfrom cpd_cli.cli.app import app\n"
        "try:\n    app(['list'], prog_name='cpd')\nexcept SystemExit:\n    pass\n"
        "print('cpd_cli.store.evidence' in sys.modules, 'cpd_cli.core.edits' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False False"
