"""The bare ``cpd``: an overview, the year's line and the active pack."""

from __future__ import annotations

from tests.conftest import Cli


def test_bare_cpd_prints_an_overview_and_the_year_line(cli: Cli) -> None:
    result = cli()
    assert result.exit_code == 0 and "No ledger yet" in result.stdout and "cpd demo" in result.stdout
    cli("add", "training", "--title", "t", "--subject", "public", "--hours", "10", "--date", "2024-03-01")
    line = cli().stdout.splitlines()[1]
    assert line == "2024: 公需 10/30 · 专业 0/60 · 合计 10/90 — 80 to go, 32 days to 2024-12-31"


def test_bare_cpd_and_help_name_the_active_pack_not_always_jiangxi(cli: Cli) -> None:
    from cpd_cli.core.rules import PACKS_FOLDER

    national = str(PACKS_FOLDER / "national-2015.toml")
    assert "赣人社规〔2023〕2号" in cli().stdout.splitlines()[0]
    first = cli("--rules", national).stdout.splitlines()[0]
    assert "人力资源社会保障部令第25号" in first and "赣人社规" not in first
    assert "by default Jiangxi's" in cli("--help").stdout  # help names the default, not the one in force
