"""``cpd demo``: the demo ledger, and the person's own left alone."""

from __future__ import annotations

from tests.conftest import Cli


def test_demo_leaves_the_ledger_untouched(cli: Cli) -> None:
    cli("add", "paper", "--title", "mine", "--date", "2024-01-01")
    before = cli.ledger.read_bytes()
    result = cli("demo")
    assert result.exit_code == 0
    assert "sample ledger" in result.stdout and "46 days left" in result.stdout and "洪州学院" in result.stdout
    assert "mine" not in result.stdout
    assert cli.ledger.read_bytes() == before
    assert "Art. 7" in cli("demo", "--explain").stdout


def test_demo_with_no_ledger_creates_none(cli: Cli) -> None:
    assert cli("demo").exit_code == 0 and not cli.ledger.exists()
