"""``cpd show``: one activity as text."""

from __future__ import annotations

import json

from tests.conftest import Cli


def test_show_text(cli: Cli) -> None:
    cli("add", "talk", "--title", "[bold]报告[/]", "--minutes", "45", "--date", "2024-01-01")
    result = cli("show", "1")
    assert result.exit_code == 0 and "[bold]报告[/]" in result.stdout
    assert "10 学时" not in result.stdout and "2 学时 base, 2 credited" in result.stdout
    assert "platform asks for 佐证材料" in result.stdout
    assert "Art. 7, 10: 2 × 45 min ÷ 45 = 2" in result.stdout  # the explain trace
    assert json.loads(cli("show", "1", "--json").stdout)["trace"] == [
        "Art. 7, 10: 2 × 45 min ÷ 45 = 2",
        "Art. 10: cap 20 a year: 0 used by earlier activities, 20 left → keeps 2 of 2",
    ]
