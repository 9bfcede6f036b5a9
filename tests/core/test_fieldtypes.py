"""The field types: what the ledger holds, what the command line and the prompts take, and what a
Tab press offers for each field are one type's, so they agree."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import tomli_w

from cpd_cli.core.fields import BY_NAME, FIELDS
from cpd_cli.core.fieldtypes import Flag, Invalid, Paths, Records
from cpd_cli.errors import UsageError
from tests.conftest import Cli
from tests.test_newcomer import completions

# One value of each field as a person's ledger holds it (TOML), and the model's value it reads as.
LEDGER_VALUES: dict[str, tuple[Any, Any]] = {
    "kind": ("paper", "paper"),
    "title": ("网络培训", "网络培训"),
    "date": (date(2024, 3, 1), date(2024, 3, 1)),
    "start": (date(2024, 2, 28), date(2024, 2, 28)),
    "status": ("declared", "declared"),
    "subject": ("public", "public"),
    "hours": (6, Decimal(6)),
    "minutes": (Decimal("90.5"), Decimal("90.5")),
    "days": (2, Decimal(2)),
    "points": (3500, 3500),
    "passed": (False, False),
    "core": (True, True),
    "level": ("senior", "senior"),
    "role": ("sole", "sole"),
    "type": ("invention", "invention"),
    "same_as": (3, 3),
    "makeup_for": (2023, 2023),
    "journal": ("中国科学", "中国科学"),
    "organiser": ("省人社厅", "省人社厅"),
    "place": ("南昌", "南昌"),
    "number": ("ZL2024", "ZL2024"),
    "note": ("第一行\n第二行", "第一行\n第二行"),
    "evidence": (["D:\\证书\\a.pdf"], ("D:\\证书\\a.pdf",)),
    "evidence_meta": ([{"path": "a.pdf", "size": 3, "sha256": "ab"}], None),
    "platform_hours": (Decimal("1.5"), Decimal("1.5")),
    "platform_status": ("approved", "approved"),
    "platform_as_of": (date(2024, 12, 1), date(2024, 12, 1)),
}


def test_every_field_but_the_id_has_a_ledger_value_here() -> None:
    assert set(LEDGER_VALUES) == {field.name for field in FIELDS} - {"id"}


@pytest.mark.parametrize("name", list(LEDGER_VALUES))
def test_a_value_read_from_the_ledger_is_written_back_as_it_was(name: str) -> None:
    field = BY_NAME[name]
    held, expected = LEDGER_VALUES[name]
    value = field.type.read(held)
    if expected is not None:
        assert value == expected
    written = field.type.write(value)
    assert written == held
    assert tomllib.loads(tomli_w.dumps({name: written}))[name] == held  # TOML can hold what is written


@pytest.mark.parametrize(
    ("name", "held", "said"),
    [
        ("title", 5, "must be a string"),
        ("date", "2024-13-40", "must be a date like 2024-03-15"),
        ("status", "finished", "must be one of"),
        ("hours", "6", "must be a number"),
        ("hours", -1, "must not be negative"),
        ("points", 1.5, "must be a whole number"),
        ("passed", "yes", "must be true or false"),
        ("evidence", "a.pdf", "must be a list of file paths"),
        ("evidence_meta", [{"path": "a.pdf"}], "must be a list of { path, size, sha256 } tables"),
    ],
)
def test_a_ledger_value_of_the_wrong_kind_is_refused_saying_what_it_must_be(name: str, held: Any, said: str) -> None:
    with pytest.raises(Invalid) as error:
        BY_NAME[name].type.read(Decimal(held) if isinstance(held, float) else held)
    assert said in error.value.message


# What a person may type for a field, on the command line or at its prompt, and what it means.
TYPED = [
    ("date", "2024/3/15", date(2024, 3, 15)),
    ("date", "20240315", date(2024, 3, 15)),
    ("status", "审核通过", "approved"),
    ("status", "已申报", "declared"),
    ("subject", "公需", "public"),
    ("subject", "专业科目", "professional"),
    ("hours", "6 学时", Decimal(6)),
    ("minutes", "90分钟", Decimal(90)),
    ("minutes", "90 min", Decimal(90)),
    ("days", "2天", Decimal(2)),
    ("hours", "1.50", Decimal("1.5")),
    ("points", "3500", 3500),
    ("same_as", "#7", 7),
    ("same_as", "７", 7),
    ("makeup_for", "2023年", 2023),
    ("title", "  网络培训 ", "网络培训"),
]


@pytest.mark.parametrize(("name", "typed", "meant"), TYPED)
def test_what_is_typed_is_taken_as_it_means(name: str, typed: str, meant: Any) -> None:
    field = BY_NAME[name]
    assert field.type.parse(typed, field.option) == meant


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("date", "3月15日"),
        ("status", "过了"),
        ("subject", "both"),
        ("hours", "0"),
        ("hours", "1e999999"),
        ("minutes", "2天"),  # a unit of another field
        ("days", "2 weeks"),
        ("points", "-3"),
        ("same_as", "x"),
        ("makeup_for", "23"),
        ("title", "   "),
    ],
)
def test_what_cannot_be_taken_is_refused_naming_the_option(name: str, typed: str) -> None:
    field = BY_NAME[name]
    with pytest.raises(UsageError) as error:
        field.type.parse(typed, field.option)
    assert str(error.value).startswith(field.option), str(error.value)


def test_a_level_is_taken_by_the_rule_that_rates_it(pack: Any) -> None:
    level = BY_NAME["level"]
    exam = pack.rule("exam")
    assert level.type.parse("中级", "--level", exam) == "intermediate"
    with pytest.raises(UsageError):
        level.type.parse("国家级", "--level", exam)  # another kind's level
    assert level.type.parse("中级", "--level", None) == "中级"  # no rule yet: taken by the rule when it is known


@pytest.mark.parametrize(("name", "option", "typed", "stored"), [
    ("minutes", "--minutes", "90分钟", "minutes = 90"),
    ("status", "--status", "已申报", 'status = "declared"'),
    ("same_as", "--same-as", "#1", "same_as = 1"),
    ("makeup_for", "--makeup-for", "2023年", "makeup_for = 2023"),
])  # fmt: skip
def test_the_command_line_stores_what_the_type_takes(cli: Cli, name: str, option: str, typed: str, stored: str) -> None:
    assert cli("add", "training", "-t", "甲", "-d", "2024-03-01", "--subject", "公需", "--hours", "2").exit_code == 0
    extra = [] if name == "minutes" else ["--hours", "2"]
    result = cli("add", "training", "-t", "乙", "-d", "2024-04-01", "--subject", "公需", *extra, option, typed)
    assert result.exit_code == 0, result.stderr
    assert stored in cli.ledger.read_text(encoding="utf-8").split("[[activity]]")[2]


def test_a_bad_value_is_refused_before_any_prompt_and_writes_nothing(cli: Cli) -> None:
    result = cli("add", "training", "--minutes", "2天", input="网络培训\n")
    assert result.exit_code == 2
    assert result.stderr.strip() == "cpd: error: --minutes: '2天' is in days; give it as --days"
    assert not cli.ledger.exists()


def test_help_names_each_value_by_its_type(cli: Cli) -> None:
    shown = cli("add", "exam", "--help").stdout
    for placeholder in ("--date DATE", "--same-as ID", "--makeup-for YEAR", "--status STATUS", "--level LEVEL"):
        assert placeholder in shown
    zh = cli("--lang", "zh", "edit", "--help").stdout
    for placeholder in ("--date 日期", "--hours 数值", "--kind 类别", "--level 级别"):
        assert placeholder in zh


def test_a_tab_press_offers_what_the_type_takes(cli: Cli) -> None:
    assert cli("add", "paper", "-t", "甲", "-d", "2024-03-01").exit_code == 0
    assert completions(["edit", "1", "--same-as"], "") == ["1"]
    assert completions(["edit", "1", "--status"], "已") == ["已完成", "已申报", "已通过"]
    assert completions(["add", "exam", "--level"], "") == ["junior", "intermediate", "senior"]
    assert completions(["edit", "1", "--kind"], "pa") == ["paper", "patent"]


def test_only_kinds_of_value_without_a_typed_option_take_no_text() -> None:
    """A flag is an option given or not; evidence records are cpd's own: neither is typed."""
    untyped = {field.name for field in FIELDS if isinstance(field.type, Flag | Records)}
    assert untyped == {"passed", "core", "evidence_meta"}
    assert isinstance(BY_NAME["evidence"].type, Paths)
