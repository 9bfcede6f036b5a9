"""``cpd profile``: show, set, unset, and what it refuses."""

from __future__ import annotations

import json
import tomllib

import pytest

from tests.conftest import Cli


def test_profile_show_set_unset(cli: Cli) -> None:
    assert cli("profile", "set", "unit", "洪州学院").exit_code == 0
    assert cli("profile", "set", "name", "张三").exit_code == 0
    assert cli("profile", "set", "deadline", "12-15").exit_code == 0
    data = json.loads(cli("profile", "--json").stdout)
    assert data == {
        "name": "张三",
        "unit": "洪州学院",
        "sector": None,
        "rules": None,
        "deadline": "12-15",
        "since": None,
    }
    assert json.loads(cli("status", "--json").stdout)["deadline"] == "2024-12-15"
    assert cli("profile", "unset", "deadline").exit_code == 0
    assert "deadline" not in tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["profile"]
    assert "洪州学院" in cli("profile").stdout
    assert cli("undo").exit_code == 0  # profile changes are journaled like the rest
    assert tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["profile"]["deadline"] == "12-15"


def test_profile_sector_warns_and_feeds_the_export(cli: Cli) -> None:
    result = cli("profile", "set", "sector", "k12")
    assert result.exit_code == 0 and "own rules for professional subjects (Art. 15)" in result.stderr
    cli("profile", "set", "unit", "洪州学院")
    assert "单位 unit: 洪州学院" in cli("export").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["profile", "set", "idcard", "360102199001011234"], "never stores an ID-card number"),
        (["profile", "set", "身份证号", "x"], "never stores an ID-card number"),
        (["profile", "set", "deadline", "soon"], "not a month-day"),
        (["profile", "set", "rules", "mars-2090"], "unknown rule pack 'mars-2090'"),
        (["profile", "set", "unit", " "], "must not be empty"),
    ],
)
def test_profile_refuses(cli: Cli, args: list[str], message: str) -> None:
    cli("profile", "set", "unit", "洪州学院")
    before = cli.ledger.read_bytes()
    result = cli(*args)
    assert result.exit_code != 0 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert cli.ledger.read_bytes() == before
