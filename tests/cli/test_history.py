"""``cpd history``: the years side by side."""

from __future__ import annotations

import json

from tests.conftest import Cli
from tests.helpers import add


def test_history(cli: Cli) -> None:
    add(cli, "training", "--title", "a", "--subject", "public", "--hours", "30", "--date", "2023-03-01")
    add(cli, "training", "--title", "b", "--subject", "professional", "--hours", "60", "--date", "2023-03-01")
    add(cli, "paper", "--title", "c", "--date", "2024-03-01")
    data = json.loads(cli("history", "--json").stdout)
    assert [(y["year"], y["complete"], y["credited"]["total"]) for y in data] == [(2023, True, 90), (2024, False, 10)]
    assert json.loads(cli("status", "--all", "--json").stdout) == data
    text = cli("history").stdout
    assert "complete ✓" in text and "2024 in progress, 80 to go" in text
