"""``cpd mark``: the status of an activity."""

from __future__ import annotations

import tomllib

from tests.conftest import Cli


def test_chinese_status_in_mark(cli: Cli) -> None:
    cli("add", "paper", "--title", "x", "--date", "2024-01-01")
    assert cli("mark", "1", "审核通过").exit_code == 0
    assert tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][0]["status"] == "approved"
