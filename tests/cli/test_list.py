"""``cpd list``: filters and JSON."""

from __future__ import annotations

import json

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
