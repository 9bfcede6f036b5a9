"""A change that changes nothing is no change: no journal entry, no ``.bak`` rotation, said so."""

from __future__ import annotations

from cpd_cli.store import journal
from cpd_cli.store import ledger as store
from tests.conftest import Cli
from tests.helpers import PAPER, write_ledger
from tests.test_robustness import snapshot


def test_marking_the_status_an_activity_already_has_writes_nothing_and_says_so(cli: Cli) -> None:
    write_ledger(cli, PAPER)
    assert cli("mark", "1", "declared").exit_code == 0
    before = snapshot(cli.ledger.parent)
    for status in ("declared", "审核中", "已申报"):
        result = cli("mark", "1", status)
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == "#1: already declared; nothing changed"
        assert "→" not in result.output
        assert snapshot(cli.ledger.parent) == before
    assert cli("undo").exit_code == 0  # takes back the one real change
    assert cli.ledger.read_text(encoding="utf-8") == PAPER


def test_an_edit_or_profile_value_already_held_writes_nothing_and_says_so(cli: Cli) -> None:
    write_ledger(cli, PAPER)
    assert cli("edit", "1", "--title", "y").exit_code == 0
    assert cli("profile", "set", "name", "张三").exit_code == 0
    before = snapshot(cli.ledger.parent)
    for args in (["edit", "1", "--title", "y"], ["profile", "set", "name", "张三"]):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert "nothing changed: the ledger already says so" in result.stderr
        assert snapshot(cli.ledger.parent) == before
    assert len(journal.entries(cli.ledger)) == 2
    assert store.backup_path(cli.ledger).exists()
