"""Rule packs as data all the way: ``cpd add``, ``edit``, help and completion follow the
active pack, and a pack naming what the evaluator does not know is refused by name."""

from __future__ import annotations

import json
import shlex
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from cpd_cli.core.rulemodel import BASES, PerItem, PerItemBy, Points, Time, TimeFactor
from cpd_cli.core.rules import PACKS_FOLDER, parse_pack
from cpd_cli.errors import RulesError
from tests.cli.test_completion import complete
from tests.conftest import Cli

JIANGXI = (PACKS_FOLDER / "jiangxi-2023.toml").read_text(encoding="utf-8")
CASES = "# ------------------------------------------------------ worked cases"

MOOC_RULE = """
[[rule]]
kind = "mooc"
article = "8(9)"
name_zh = "慕课"
name_en = "MOOC course"
subject = "given"
basis = "time"
units = ["hours"]
requires = ["passed"]
cap = 20
route = "self"
text = "慕课按实际学时计算，每年不超过20学时。"

"""


def flat(text: str) -> str:
    """Help text with its wrapping undone: every space goes, as help may break between any two
    Chinese characters; compare with :func:`has`."""
    return "".join(text.split())


def has(text: str, *phrases: str) -> bool:
    return all(flat(phrase) in text for phrase in phrases)


def with_rule(rule: str, pack_id: str = "jiangxi-mooc") -> str:
    """The Jiangxi pack under another id, with one more rule before its worked cases."""
    return JIANGXI.replace('id = "jiangxi-2023"', f'id = "{pack_id}"', 1).replace(CASES, rule + CASES, 1)


@pytest.fixture
def mooc_pack(tmp_path: Path) -> Path:
    path = tmp_path / "jiangxi-mooc.toml"
    path.write_text(with_rule(MOOC_RULE), encoding="utf-8")
    return path


# ------------------------------------------------------------ a new kind is recordable


def test_a_new_kind_of_a_pack_file_is_recorded_and_evaluated(cli: Cli, mooc_pack: Path) -> None:
    """8(9) of this pack: actual 学时, public as given, at most 20: 25 学时 → 20."""
    added = cli(
        "--rules", str(mooc_pack), "add", "mooc", "-t", "慕课", "-d", "2024-03-01", "-s", "public", "--hours", "25"
    )
    assert added.exit_code == 0, added.stderr
    data = json.loads(cli("--rules", str(mooc_pack), "status", "--year", "2024", "--json").stdout)
    assert data["rules"] == "jiangxi-mooc"
    assert data["credited"] == {"total": 20, "public": 20, "professional": 0}
    (item,) = data["activities"]
    assert (item["kind"], item["rule"], item["base"], item["credited"]) == ("mooc", "8(9)", 25, 20)


def test_a_new_kind_of_the_profiles_pack_is_recorded(cli: Cli, isolated: Path, tmp_path: Path) -> None:
    folder = tmp_path / "xdg-config" / "cpd" / "packs"
    folder.mkdir(parents=True)
    (folder / "jiangxi-mooc.toml").write_text(with_rule(MOOC_RULE), encoding="utf-8")
    assert cli("profile", "set", "rules", "jiangxi-mooc").exit_code == 0
    added = cli("add", "mooc", "-t", "慕课", "-d", "2024-03-01", "-s", "professional", "--hours", "6")
    assert added.exit_code == 0, added.stderr
    assert "#1 mooc 2024-03-01: 6 学时 base, 6 credited" in added.stdout


def test_units_of_a_rule_limit_its_options_and_the_ledger(cli: Cli, mooc_pack: Path) -> None:
    """The pack lets mooc be given in hours only: --minutes is no option of it."""
    result = cli("--rules", str(mooc_pack), "add", "mooc", "-t", "慕课", "-s", "public", "--minutes", "90")
    assert result.exit_code == 2 and "No such option '--minutes'" in result.stderr
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    cli.ledger.write_text(
        '[[activity]]\nid = 1\nkind = "mooc"\ntitle = "慕课"\ndate = 2024-03-01\nsubject = "public"\nminutes = 90\n',
        encoding="utf-8",
    )
    result = cli("--rules", str(mooc_pack), "status")
    assert result.exit_code == 3 and "activity #1, field 'minutes'" in result.stderr


# ------------------------------------------------------------ help and completion follow the pack


def test_help_quotes_the_active_packs_article_and_cap(cli: Cli) -> None:
    jiangxi = flat(cli("add", "conference", "--help").stdout)
    assert has(jiangxi, "Art. 8(5)", "at most 10 学时 a year")
    assert cli("profile", "set", "rules", "national-2015").exit_code == 0
    national = flat(cli("add", "conference", "--help").stdout)
    assert has(national, "人力资源社会保障部令第25号", "Art. 9(4)", "no yearly cap") and not has(national, "at most 10")
    listing = cli("add", "--help").stdout
    assert "9(4)" in listing and "paper" not in listing


def test_rules_option_chooses_the_pack_for_help(cli: Cli, mooc_pack: Path) -> None:
    shown = flat(cli("--rules", str(mooc_pack), "add", "mooc", "--help").stdout)
    assert has(shown, "Art. 8(9)", "at most 20 学时 a year", "--not-passed", "--hours") and not has(shown, "--days")


def test_edit_offers_only_the_values_the_pack_rates(cli: Cli) -> None:
    assert "--level" in cli("edit", "--help").stdout
    assert cli("profile", "set", "rules", "national-2015").exit_code == 0
    assert "--level" not in cli("edit", "--help").stdout


def test_completion_follows_the_active_pack(cli: Cli, mooc_pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert complete(cli, monkeypatch, f"--rules {shlex.quote(str(mooc_pack))} add mo") == ["mooc"]
    assert complete(cli, monkeypatch, f"--rules {shlex.quote(str(mooc_pack))} list --kind mo") == ["mooc"]
    assert cli("profile", "set", "rules", "national-2015").exit_code == 0
    assert complete(cli, monkeypatch, "add c") == ["conference"]


def test_completion_with_a_broken_pack_falls_back_quietly(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("id = [", encoding="utf-8")
    assert complete(cli, monkeypatch, f"--rules {broken} add pa") == ["paper", "patent"]


# ------------------------------------------------------------ a pack the evaluator cannot use


RULE = """
[[rule]]
kind = "extra"
article = "8(9)"
name_zh = "其他"
name_en = "other"
subject = "professional"
route = "self"
text = "……"
"""


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (RULE + 'basis = "per-item"\nrate = 5\nrequires = ["cor"]\n', "'requires' names 'cor'"),
        (RULE + 'basis = "per-item-by"\nby = "rolle"\nrates = { a = 1 }\n', "'by' names 'rolle'"),
        (RULE + 'basis = "time"\nunits = ["hour"]\n', "'units' names 'hour'"),
        (RULE + 'basis = "per-item"\nrate = 5\nrequries = ["passed"]\n', "unknown field 'requries'"),
        (RULE + 'basis = "per-item-by"\nby = "level"\nrate = 5\nrates = { a = 1 }\n', "unknown field 'rate'"),
        (RULE + 'basis = "time"\nfactor = 2\n', "unknown field 'factor'"),
        (RULE + 'basis = "hourly"\n', "unknown basis 'hourly'"),
        (RULE + 'basis = "per-item"\nrate = 5\ncap = 10\ncap_allocation = "shortfall"\n', "'shortfall'"),
    ],
)
def test_a_pack_naming_what_cpd_does_not_know_is_refused(rule: str, message: str) -> None:
    with pytest.raises(RulesError) as caught:
        parse_pack(with_rule(rule), source="pack.toml")
    assert "rule 'extra'" in str(caught.value) and message in str(caught.value)


def test_a_misspelt_unit_key_is_refused() -> None:
    text = JIANGXI.replace("round_down_to = 0.1", "round_down_to = 0.1\nminute_per_hour = 45", 1)
    with pytest.raises(RulesError, match="units: unknown field 'minute_per_hour'"):
        parse_pack(text, source="pack.toml")


def test_requirements_must_fit_in_the_total() -> None:
    """Art. 6 of such a pack could not be met: 40 public + 60 professional is more than 90."""
    text = JIANGXI.replace("public = 30\n", "public = 40\n", 1)
    with pytest.raises(RulesError, match="requirement: public 40 \\+ professional 60 is more than total 90"):
        parse_pack(text, source="pack.toml")


@pytest.mark.parametrize("command", [["rules", "--validate"], ["--rules"]])
def test_validate_and_use_refuse_the_pack_with_exit_6(cli: Cli, tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(with_rule(RULE + 'basis = "per-item"\nrate = 5\nrequires = ["cor"]\n'), encoding="utf-8")
    args = [*command, str(path)] + (["status"] if command == ["--rules"] else [])
    result = cli(*args)
    assert result.exit_code == 6, result.output
    assert "rule 'extra'" in result.stderr and "'cor'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_pack_that_validates_evaluates(cli: Cli, mooc_pack: Path) -> None:
    result = cli("rules", "--validate", str(mooc_pack))
    assert result.exit_code == 0, result.stderr
    assert cli("--rules", str(mooc_pack), "add", "mooc", "-t", "x", "-s", "public", "--hours", "2").exit_code == 0
    assert cli("--rules", str(mooc_pack), "status").exit_code == 0


# ------------------------------------------------------------ every article cited, with its decisions


@pytest.mark.parametrize(
    ("article", "words"),
    [
        ("6", "每年累计不少于90学时"),
        ("7", "每45分钟1个学时"),
        ("11", "同一项内容，按最高级别认定"),
        ("12", "登记考核合格人员的学时"),
        ("13", "应当及时补学"),
        ("15", "卫生、中小学教育、会计、新闻、出版"),
        ("第十五条", "从其规定"),
        ("Art. 8(7)", "成绩合格"),
        ("9", "不区分排名"),
    ],
)
def test_show_prints_each_article_with_cpds_reading(cli: Cli, article: str, words: str) -> None:
    shown = cli("rules", "--show", article)
    assert shown.exit_code == 0, shown.stderr
    assert words in shown.stdout and "cpd's reading:" in shown.stdout


def test_show_knows_every_article_the_pack_cites(cli: Cli) -> None:
    from cpd_cli.core.rules import cited_articles, load_embedded

    for article in cited_articles(load_embedded()):
        assert cli("rules", "--show", article).exit_code == 0, article
    unknown = cli("rules", "--show", "99")
    assert unknown.exit_code == 2 and "13, 15)" in unknown.stderr


def test_show_in_chinese_gives_the_chinese_reading(cli: Cli) -> None:
    shown = cli("--lang", "zh", "rules", "--show", "15").stdout
    assert "卫生 / 医疗卫生 → health" in shown and "提示" in shown


def test_rules_json_includes_the_decisions(cli: Cli) -> None:
    data = json.loads(cli("rules", "--json").stdout)
    articles = {item["article"]: item for item in data["articles"]}
    assert set(articles) == {"6", "7", "11", "12", "13", "15"}
    assert "transitively" in articles["11"]["decision"] and "考核合格人员" in articles["12"]["text"]
    decided = {item["article"] for item in data["decisions"]}
    assert {"7", "11", "12", "13", "15", "8(1)", "8(7)", "9(1)", "10"} <= decided
    exam = next(rule for rule in data["rules"] if rule["kind"] == "exam")
    assert exam["requires"] == ["passed"] and "成绩合格" in exam["decision"]


def test_paper_and_book_mention_translations(cli: Cli) -> None:
    """9(1) 论文（译文）, 9(2) 学术著作（译作）."""
    listing = flat(cli("add", "--help").stdout)
    assert has(listing, "论文（译文） — paper or translation in a core journal")
    assert has(listing, "学术著作（译作） — academic book or translated work")


def test_a_kind_of_another_shipped_pack_is_named_as_such(cli: Cli) -> None:
    assert cli("profile", "set", "rules", "national-2015").exit_code == 0
    result = cli("add", "paper", "--title", "x")
    assert result.exit_code == 2
    assert "rule pack national-2015 has no kind 'paper' (jiangxi-2023 has)" in result.stderr
    assert "No such command 'papr'" in cli("add", "papr").stderr  # a kind no pack has: click's own words


def test_explain_names_a_choice_by_the_active_packs_label(cli: Cli, tmp_path: Path) -> None:
    """A pack that calls an invention patent 发明 has --explain say 发明, not the default pack's 发明专利."""
    text = (PACKS_FOLDER / "jiangxi-2023.toml").read_text(encoding="utf-8")
    renamed = tmp_path / "jiangxi-renamed.toml"
    renamed.write_text(text.replace('invention = "发明专利"', 'invention = "发明"', 1), encoding="utf-8")
    rules = ("--rules", str(renamed))
    assert cli(*rules, "add", "patent", "-t", "专利", "-d", "2024-03-01", "--type", "invention").exit_code == 0
    shown = cli(*rules, "--lang", "zh", "show", "1").stdout
    assert "类型 发明：5 学时" in shown and "发明专利：5" not in shown


def failing_cases(count: int) -> str:
    case = '\n[[case]]\nname = "wrong {n}"\nyear = 2024\n'
    case += 'activities = [{{ id = 1, kind = "paper", title = "x", date = 2024-03-01 }}]\ncredited = {{ 1 = 999 }}\n'
    case += "totals = {{ public = 0, professional = 10, total = 10 }}\n"
    return "".join(case.format(n=n) for n in range(count))


@pytest.mark.parametrize("count", [3, 10, 11, 500])
def test_validate_lists_at_most_ten_failing_cases_then_counts_the_rest(cli: Cli, tmp_path: Path, count: int) -> None:
    path = tmp_path / "wrong.toml"
    path.write_text(with_rule("") + failing_cases(count), encoding="utf-8")
    result = cli("rules", "--validate", str(path))
    assert result.exit_code == 6, result.output
    lines = result.stderr.splitlines()
    shown = min(count, 10)
    assert [line.split(": #1")[0][2:] for line in lines[:shown]] == [f"case 'wrong {n}'" for n in range(shown)]
    assert all(": #1 expected 999, got 10" in line for line in lines[:shown])
    more = [f"… and {count - 10:,} more"] if count > 10 else []
    assert lines[shown:] == [*more, f"cpd: error: {path}: {count:,} of {count + 24:,} worked cases fail"]


def test_each_rule_carries_its_basis_and_what_that_basis_needs() -> None:
    """The pack's ``basis`` code becomes one record of the basis union, holding exactly the
    parameters its TOML table gives (rate, the rates by a choice field, points per hour, factor)."""
    tables = {table["kind"]: table for table in tomllib.loads(JIANGXI)["rule"]}
    pack = parse_pack(JIANGXI, source="jiangxi-2023.toml")
    seen = set()
    for rule in pack.rules:
        table = tables[rule.kind]
        assert rule.basis.code == table["basis"] in BASES
        seen.add(rule.basis.code)
        match rule.basis:
            case Time():
                assert rule.uses_time and rule.choice is None
            case TimeFactor(factor=factor):
                assert factor == Decimal(str(table["factor"])) and rule.uses_time
            case PerItem(rate=rate):
                assert rate == Decimal(str(table["rate"])) and not rule.uses_time
            case PerItemBy(by=by, rates=rates, labels=labels):
                assert rule.choice is rule.basis and by == table["by"]
                assert rates == {key: Decimal(str(value)) for key, value in table["rates"].items()}
                assert list(rates) == list(table["rates"]) and labels == table.get("labels", {})
            case Points(per_hour=per_hour):
                assert per_hour == table["points_per_hour"] and isinstance(per_hour, int)
    assert seen == set(BASES)  # the shipped pack uses every basis


def test_a_worked_case_crediting_an_id_that_is_no_number_is_refused() -> None:
    """ "²" is a digit to Python, but no activity id: the pack is refused, not a crash."""
    text = JIANGXI.replace("credited = { 1 = 2.2 }", 'credited = { "²" = 2.2 }', 1)
    assert text != JIANGXI
    with pytest.raises(RulesError, match="'credited' must map activity ids to 学时"):
        parse_pack(text, source="pack.toml")


def test_an_article_named_by_a_digit_that_is_no_number_is_listed_last() -> None:
    """A pack's own article names are listed in number order; "²" is none, so it goes last, not a crash."""
    from cpd_cli.core.rules import cited_articles

    text = JIANGXI.replace('article = "9(1)"', 'article = "²"', 1)
    assert text != JIANGXI
    assert cited_articles(parse_pack(text, source="pack.toml"))[-1] == "²"
