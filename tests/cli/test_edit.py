"""``cpd edit``: changed, unset and flagged fields, another kind, and what ``status`` then shows."""

from __future__ import annotations

import tomllib

from tests.conftest import Cli
from tests.helpers import status


def test_edit_and_rm_are_reflected_in_status(cli: Cli) -> None:
    cli("add", "training", "--title", "t", "--subject", "public", "--hours", "10", "--date", "2024-02-01")
    cli("add", "paper", "--title", "p", "--date", "2024-03-01")
    assert status(cli, "--year", "2024")["credited"] == {"total": 20, "public": 10, "professional": 10}
    assert cli("edit", "1", "--minutes", "450").exit_code == 0  # 450 / 45 = 10 → unchanged
    assert cli("edit", "1", "--hours", "25", "--subject", "professional").exit_code == 0
    assert status(cli, "--year", "2024")["credited"] == {"total": 35, "public": 0, "professional": 35}
    stored = tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][0]
    assert stored["hours"] == 25 and "minutes" not in stored
    assert cli("rm", "2", "--yes").exit_code == 0
    assert status(cli, "--year", "2024")["credited"] == {"total": 25, "public": 0, "professional": 25}


def test_edit_unset_and_flags(cli: Cli) -> None:
    cli("add", "paper", "--title", "p", "--date", "2024-03-01", "--note", "n", "--journal", "J")
    cli("add", "paper", "--title", "q", "--date", "2024-03-02", "--same-as", "1")
    assert cli("edit", "2", "--unset", "same_as", "--unset", "journal").exit_code == 0
    assert cli("edit", "1", "--not-core", "--unset", "note").exit_code == 0
    first, second = tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"]
    assert "same_as" not in second and first["core"] is False and "note" not in first and first["journal"] == "J"
    assert cli("edit", "1", "--core").exit_code == 0  # given, the flag is kept as given (SPEC §8.1)
    assert tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][0]["core"] is True


def test_edit_kind(cli: Cli) -> None:
    cli("add", "paper", "--title", "p", "--date", "2024-03-01")
    result = cli("edit", "1", "--kind", "project")
    assert result.exit_code == 2 and "needs a level" in result.stderr
    assert cli("edit", "1", "--kind", "project", "--level", "国家级").exit_code == 0
    assert status(cli, "--year", "2024")["activities"][0]["credited"] == 30


def test_a_refused_value_names_its_option_with_the_languages_colon(cli: Cli) -> None:
    assert cli("add", "paper", "--title", "甲", "--date", "2024-03-01").exit_code == 0
    assert cli("edit", "1", "--same-as", "1").stderr.startswith("cpd: error: --same-as: ")
    zh = cli("--lang", "zh", "edit", "1", "--same-as", "1")
    assert zh.exit_code == 2 and zh.stderr.startswith("cpd：错误：--same-as：")
