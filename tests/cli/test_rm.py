"""``cpd rm``: it asks first, clears links to what it removes, and ids are never reused."""

from __future__ import annotations

import tomllib

from tests.conftest import Cli


def test_rm_clears_same_as_links_and_ids_are_never_reused(cli: Cli) -> None:
    cli("add", "paper", "--title", "a", "--date", "2024-01-01")
    cli("add", "paper", "--title", "b", "--date", "2024-01-02", "--same-as", "1")
    result = cli("rm", "1", "--yes")
    assert "#2 no longer names #1" in result.stdout
    cli("rm", "2", "--yes")
    assert cli("add", "paper", "--title", "c", "--date", "2024-01-03").stdout.startswith("#3 ")


def test_rm_asks(cli: Cli) -> None:
    cli("add", "paper", "--title", "a", "--date", "2024-01-01")
    before = cli.ledger.read_bytes()
    result = cli("rm", "1", input="n\n")
    assert result.exit_code == 7 and cli.ledger.read_bytes() == before
    assert cli("rm", "1", input="y\n").exit_code == 0
    assert "activity" not in tomllib.loads(cli.ledger.read_text(encoding="utf-8"))
