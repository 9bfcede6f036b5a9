"""The platform's facts are the pack's: its ``[platform]`` table is read whole, and a pack
that words the 学时查询 table otherwise is the one the table is read by."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpd_cli.core.fieldtypes import STATUS
from cpd_cli.core.model import Status
from cpd_cli.core.platform.reading import TableError, read
from cpd_cli.core.rules import PACKS_FOLDER, parse_pack
from cpd_cli.errors import RulesError
from tests.conftest import Cli

JIANGXI = (PACKS_FOLDER / "jiangxi-2023.toml").read_text(encoding="utf-8")
TABLE = (
    "年度\t科目类型\t总学时\t课程名称\t学时数\t开始时间\t结束时间\t待审单位\t学时状态\t状态\n"
    "2024\t公需课\t12\t甲\t10\t20240301\t20240301\t----\t已获得学时\t已认定\n"
    "乙\t2\t20240302\t20240302\t----\t已获得学时\t审核通过\n"
)


@pytest.mark.parametrize("name", ["jiangxi-2023", "national-2015"])
def test_the_shipped_packs_validate_with_their_platform(cli: Cli, name: str) -> None:
    result = cli("rules", "--validate", str(PACKS_FOLDER / f"{name}.toml"))
    assert result.exit_code == 0, result.stderr
    platform = parse_pack((PACKS_FOLDER / f"{name}.toml").read_text(encoding="utf-8"), source=name).platform
    assert platform.columns.course == "课程名称" and platform.statuses["退回"] is Status.REJECTED
    assert platform.declare_steps[0] == "折算学时申报" and platform.routes["self"] == "个人申报"


def test_a_renamed_status_word_is_the_one_the_table_is_read_by(tmp_path: Path) -> None:
    path = tmp_path / "pack.toml"
    path.write_text(JIANGXI.replace('approved = ["审核通过"]', 'approved = ["已认定"]', 1), encoding="utf-8")
    pack = parse_pack(path.read_text(encoding="utf-8"), source=str(path))
    renamed = read(TABLE.encode(), "x.txt", pack.platform)
    assert [(row.status, row.known) for row in renamed.rows] == [(Status.APPROVED, True), (Status.DECLARED, False)]
    shipped = read(TABLE.encode(), "x.txt")  # the default pack's words: 已认定 is not one of them
    assert [(row.status, row.known) for row in shipped.rows] == [(Status.DECLARED, False), (Status.APPROVED, True)]


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("[platform.routes]", 'hotline = "400"\n\n[platform.routes]', "'hotline'"),
        ('actions = "操作"', 'actions = "操作"\nscore = "分数"', "'score'"),
        ('rejected = ["驳回",', 'done = ["完成"]\nrejected = ["驳回",', "'done'"),
        ('self = "个人申报"', 'self = "个人申报"\nmail = "邮寄"', "'mail'"),
    ],
)
def test_an_unknown_platform_key_is_refused_with_exit_6(
    cli: Cli, tmp_path: Path, old: str, new: str, named: str
) -> None:
    path = tmp_path / "pack.toml"
    assert old in JIANGXI
    path.write_text(JIANGXI.replace(old, new, 1), encoding="utf-8")
    result = cli("rules", "--validate", str(path))
    assert result.exit_code == 6, result.output
    assert "platform" in result.stderr and named in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('subject = "科目类型"\n', "", "missing 'subject'"),
        ('hours = "学时数"', 'hours = "年度"', "named twice"),
        ('declared = ["待审核", "审核中", "待审"]', 'declared = ["待审核", "审核通过"]', "given twice"),
        ('declare_steps = ["折算学时申报"', 'declare_steps = [3, "折算学时申报"', "'declare_steps'"),
    ],
)
def test_a_platform_table_not_read_whole_is_refused(old: str, new: str, message: str) -> None:
    at = JIANGXI.index("[platform]")
    text = JIANGXI[:at] + JIANGXI[at:].replace(old, new, 1)
    with pytest.raises(RulesError, match=message):
        parse_pack(text, source="pack.toml")


def test_a_pack_without_a_platform_is_refused() -> None:
    at, end = (
        JIANGXI.index("[platform]"),
        JIANGXI.index("# ------------------------------------------------------ year facts"),
    )
    with pytest.raises(RulesError, match="top level: missing 'platform'"):
        parse_pack(JIANGXI[:at] + JIANGXI[end:], source="pack.toml")


def test_renamed_columns_are_the_ones_the_table_is_read_by(tmp_path: Path) -> None:
    path = tmp_path / "pack.toml"
    text = JIANGXI.replace('course = "课程名称"', 'course = "培训名称"', 1).replace('year = "年度"', 'year = "年份"', 1)
    path.write_text(text, encoding="utf-8")
    pack = parse_pack(path.read_text(encoding="utf-8"), source=str(path))
    renamed = TABLE.replace("课程名称", "培训名称").replace("年度", "年份")
    table = read(renamed.encode(), "x.txt", pack.platform)
    assert [(row.year, row.title, row.hours) for row in table.rows] == [(2024, "甲", 10), (2024, "乙", 2)]
    with pytest.raises(TableError, match="no 学时查询 table found"):
        read(renamed.encode(), "x.txt")  # the shipped pack's names: no header with 课程名称
    with pytest.raises(TableError, match="a header with 年份, 科目类型, 培训名称, 学时数, 状态"):
        read(TABLE.encode(), "x.txt", pack.platform)  # the old names are not this pack's


@pytest.mark.parametrize("form", ["md", "html"])
def test_the_checklist_names_columns_steps_and_routes_as_the_pack_does(cli: Cli, tmp_path: Path, form: str) -> None:
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    ledger = (Path(__file__).parents[1] / "data" / "year-2024.toml").read_text(encoding="utf-8")
    cli.ledger.write_text(ledger.replace("{DIR}", "evidence"), encoding="utf-8")
    path = tmp_path / "pack.toml"
    text = JIANGXI.replace('course = "课程名称"', 'course = "培训名称"', 1)
    text = text.replace('organizer = "承办单位登记"', 'organizer = "主办方登记"', 1)
    path.write_text(text.replace('"保存并提交"]', '"确认提交"]', 1), encoding="utf-8")
    renamed = cli("--rules", str(path), "export", "--year", "2024", "--format", form)
    assert renamed.exit_code == 0, renamed.stderr
    assert "培训名称" in renamed.stdout and "课程名称" not in renamed.stdout
    assert "上传佐证材料 → 确认提交" in renamed.stdout and "保存并提交" not in renamed.stdout
    assert "主办方登记 registered by the organiser" in renamed.stdout and "承办单位登记" not in renamed.stdout
    shipped = cli("export", "--year", "2024", "--format", form)
    assert "课程名称" in shipped.stdout and "上传佐证材料 → 保存并提交" in shipped.stdout


@pytest.mark.parametrize("name", ["jiangxi-2023", "national-2015"])
def test_a_shipped_packs_status_words_may_be_typed_for_the_same_status(name: str) -> None:
    platform = parse_pack((PACKS_FOLDER / f"{name}.toml").read_text(encoding="utf-8"), source=name).platform
    for word, status in platform.statuses.items():
        assert STATUS.parse(word) is status, word


def test_reconcile_reads_the_table_as_the_active_pack_names_it(cli: Cli, tmp_path: Path) -> None:
    """`cpd --rules PACK reconcile` and a profile's pack: the table's columns and 状态 words are that pack's."""
    path = tmp_path / "pack.toml"
    path.write_text(JIANGXI.replace('course = "课程名称"', 'course = "培训名称"', 1), encoding="utf-8")
    page = tmp_path / "学时查询.txt"
    page.write_text(TABLE.replace("课程名称", "培训名称"), encoding="utf-8")
    found = cli("--rules", str(path), "reconcile", str(page), "--json")
    assert found.exit_code == 0, found.stderr
    assert [row["title"] for row in json.loads(found.stdout)["platform_only"]] == ["甲", "乙"]
    shipped = cli("reconcile", str(page))  # the shipped pack's names: 课程名称 is not there
    assert shipped.exit_code == 2 and "no 学时查询 table found" in shipped.stderr
