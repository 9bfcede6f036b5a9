"""``cpd rules``: the table, ``show``, ``--json``, ``--validate`` and the packs a person adds."""

from __future__ import annotations

import json
from pathlib import Path

from cpd_cli.core.rules import parse_pack
from tests.conftest import Cli
from tests.helpers import add, status


def test_rules_table_show_and_json(cli: Cli) -> None:
    out = cli("rules").stdout
    assert "赣人社规〔2023〕2号 · effective 2023-07-01" in out and "9(3)" in out
    shown = cli("rules", "--show", "9(3)").stdout
    assert "每项发明专利，按5学时计算" in shown and "at most 10 学时 a year" in shown
    assert "cpd's reading:" in cli("rules", "--show", "8（8）").stdout  # full-width brackets accepted
    result = cli("rules", "--show", "99")
    assert result.exit_code == 2 and "no article '99'" in result.stderr
    data = json.loads(cli("rules", "--json").stdout)
    assert data["id"] == "jiangxi-2023" and len(data["rules"]) == 15
    assert data["rules"][8] == {**data["rules"][8], "article": "9(1)", "cap": 30, "rate": 10}


def pack_text() -> str:
    from cpd_cli.core.rules import PACKS_FOLDER

    return (PACKS_FOLDER / "jiangxi-2023.toml").read_text(encoding="utf-8")


def test_rules_validate(cli: Cli, tmp_path: Path) -> None:
    good = tmp_path / "pack.toml"
    good.write_text(pack_text(), encoding="utf-8")
    result = cli("rules", "--validate", str(good))
    cases = len(parse_pack(pack_text(), source="pack.toml").cases)
    assert result.exit_code == 0 and f"{cases} worked cases pass" in result.stdout
    wrong_case = tmp_path / "wrong.toml"
    wrong_case.write_text(pack_text().replace("credited = { 1 = 2.2 }", "credited = { 1 = 2.3 }"), encoding="utf-8")
    result = cli("rules", "--validate", str(wrong_case))
    assert result.exit_code == 6 and "#1 expected 2.3, got 2.2" in result.stderr
    bad_basis = tmp_path / "bad.toml"
    bad_basis.write_text(pack_text().replace('basis = "points"', 'basis = "vibes"'), encoding="utf-8")
    result = cli("rules", "--validate", str(bad_basis))
    assert result.exit_code == 6 and "rule 'xuexi': unknown basis 'vibes'" in result.stderr
    no_article = tmp_path / "noarticle.toml"
    no_article.write_text(pack_text().replace('article = "9(2)"\n', ""), encoding="utf-8")
    assert "rule 'book': missing 'article'" in cli("rules", "--validate", str(no_article)).stderr
    assert cli("rules", "--validate", str(tmp_path / "none.toml")).exit_code == 6
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = cli("rules", "--validate", str(deep))
    assert result.exit_code == 6 and result.stderr.strip().endswith("not a rule pack: values nested too deeply")


def test_rules_file_and_user_pack_folder(cli: Cli, tmp_path: Path) -> None:
    generous = (
        pack_text()
        .replace('id = "jiangxi-2023"', 'id = "generous"')
        .replace("rate = 10\ncap = 30\nrequires", "rate = 15\ncap = 30\nrequires")
    )
    own = tmp_path / "generous.toml"
    own.write_text(generous, encoding="utf-8")
    add(cli, "paper", "--title", "p", "--date", "2024-03-01")
    assert status(cli)["credited"]["total"] == 10
    via_option = json.loads(cli("--rules", str(own), "status", "--json").stdout)
    assert via_option["rules"] == "generous" and via_option["credited"]["total"] == 15
    folder = tmp_path / "xdg-config" / "cpd" / "packs"
    folder.mkdir(parents=True)
    (folder / "generous.toml").write_text(generous, encoding="utf-8")
    cli.ledger.write_text(
        cli.ledger.read_text(encoding="utf-8") + '\n[profile]\nrules = "generous"\n', encoding="utf-8"
    )
    assert status(cli)["credited"]["total"] == 15
