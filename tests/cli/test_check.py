"""``cpd check``: its exit codes and what it finds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.helpers import add


@pytest.mark.parametrize(
    ("setup", "code", "state"),
    [
        ("complete", 0, "complete"),
        ("on pace", 0, "on pace"),
        ("behind", 1, "behind"),
        ("broken evidence", 1, "complete"),
    ],
)
def test_check_exit_codes(cli: Cli, tmp_path: Path, setup: str, code: int, state: str) -> None:
    proof = tmp_path / "cert.pdf"
    proof.write_bytes(b"x")
    if setup in ("complete", "broken evidence"):
        add(cli, "training", "--title", "a", "--subject", "public", "--hours", "30", "--date", "2024-03-01")
        add(cli, "paper", "--title", "p", "--date", "2024-03-01", "--evidence", str(proof))
        add(cli, "training", "--title", "b", "--subject", "professional", "--hours", "50", "--date", "2024-03-01")
    if setup == "on pace":  # by 2024-11-29 (day 334 of 366) a steady pace is 27.4 public, 54.8 professional
        add(cli, "training", "--title", "a", "--subject", "public", "--hours", "27.4", "--date", "2024-03-01")
        add(cli, "training", "--title", "b", "--subject", "professional", "--hours", "54.8", "--date", "2024-03-01")
    if setup == "behind":
        add(cli, "training", "--title", "a", "--subject", "public", "--hours", "27.3", "--date", "2024-03-01")
        add(cli, "training", "--title", "b", "--subject", "professional", "--hours", "60", "--date", "2024-03-01")
    if setup == "broken evidence":
        proof.write_bytes(b"changed")
    result = cli("check")
    assert result.exit_code == code, result.output
    data = json.loads(cli("check", "--json").stdout)
    assert data["state"] == state and data["ok"] is (code == 0)
    if setup == "broken evidence":
        assert [p["kind"] for p in data["problems"]] == ["changed"]
    assert cli("check", "--quiet").stdout == ""


def test_check_finds_future_dates_and_cross_year_same_content(cli: Cli) -> None:
    add(cli, "paper", "--title", "old", "--date", "2023-05-01")
    # a future date is recorded as planned unless a status is given
    add(cli, "talk", "--title", "t", "--minutes", "45", "--date", "2024-12-30", "--same-as", "1", "--status", "done")
    kinds = [p["kind"] for p in json.loads(cli("check", "--json").stdout)["problems"]]
    assert kinds == ["same-content-other-year", "future-not-planned"]  # a future claim is not to declare yet
