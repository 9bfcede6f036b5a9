"""``cpd undo``: the exact bytes before each change, and never over a hand edit."""

from __future__ import annotations

from cpd_cli.store import ledger as store
from tests.conftest import Cli


def test_undo_restores_the_exact_previous_bytes_step_by_step(cli: Cli) -> None:
    snapshots = [None]
    steps = [
        ("add", "paper", "--title", "a", "--date", "2024-01-01"),
        ("add", "talk", "--title", "b", "--minutes", "60", "--date", "2024-02-01"),
        ("edit", "2", "--minutes", "90"),
        ("mark", "1", "declared"),
        ("attach", "1", "--allow-missing", "/nowhere/cert.pdf"),
        ("rm", "2", "--yes"),
    ]
    for step in steps:
        result = cli(*step)
        assert result.exit_code == 0, result.output
        snapshots.append(cli.ledger.read_bytes())
    messages = []
    for expected in reversed(snapshots[:-1]):
        result = cli("undo")
        assert result.exit_code == 0, result.output
        messages.append(result.stdout.split(" (")[0])
        assert (cli.ledger.read_bytes() if cli.ledger.exists() else None) == expected
    assert messages[0] == "undid: rm #2 talk “b”" and messages[-1] == "undid: add #1 paper “a”"
    result = cli("undo")
    assert result.exit_code == 2 and "nothing to undo" in result.stderr


def test_undo_will_not_throw_away_a_hand_edit(cli: Cli) -> None:
    cli("add", "paper", "--title", "a", "--date", "2024-01-01")
    hand = cli.ledger.read_text(encoding="utf-8").replace('title = "a"', 'title = "hand"')
    cli.ledger.write_text(hand, encoding="utf-8")
    result = cli("undo")
    assert result.exit_code == 2 and "changed since" in result.stderr
    assert cli.ledger.read_text(encoding="utf-8") == hand
    assert cli("undo", "--force").exit_code == 0
    assert not cli.ledger.exists()
    assert store.backup_path(cli.ledger).read_text(encoding="utf-8") == hand
