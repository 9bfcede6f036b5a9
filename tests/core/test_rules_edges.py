"""The rules at their edges: passing, flags a kind does not use, same content across
years, sector names in Chinese.

Each expected figure is worked out by hand from the article quoted in the test's
docstring, never from the code's output.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from cpd_cli.core.evaluate import evaluate
from cpd_cli.core.explain import RequirementNote, SameContentNote, SameContentOtherYearWarning, SectorWarning
from cpd_cli.core.rules import RulePack
from cpd_cli.core.validate import validate_activities
from cpd_cli.errors import LedgerError
from cpd_cli.messages import note_text, step_text
from tests.conftest import act
from tests.core.test_rules_spec import credited, run, typed

# ------------------------------------------------------------ passing (8(7), Art. 12)


def test_exam_not_passed_earns_nothing(pack: RulePack) -> None:
    """8(7) 资格考试成绩合格 … 高级按30学时: a senior exam failed earns 0, not 30, and gives its reason."""
    result = run(pack, act(1, "exam", "2024-05-20", level="senior", passed=False))
    (item,) = result.activities
    assert (item.base, item.credited) == (D(30), D(0))
    assert typed(item.notes) == typed([RequirementNote("8(7)", "passed", "成绩合格")])
    assert note_text(item.notes[0]) == "8(7): not passed (成绩合格 required)"
    assert result.credited.professional == 0


def test_exam_passed_is_still_credited(pack: RulePack) -> None:
    """8(7): passed (the default) keeps its level's credit: intermediate 20."""
    assert credited(pack, act(1, "exam", "2024-05-20", level="intermediate")) == {1: D(20)}


def test_unit_training_not_passed_earns_nothing(pack: RulePack) -> None:
    """Art. 12: the unit registers 考核合格人员 only; 8(3) counts actual time up to 10.

    6 学时 failed → 0, and the cap of 10 is left whole for the 8 学时 passed later: 8.
    """
    result = run(
        pack,
        act(1, "unit-training", "2024-03-01", hours=6, passed=False),
        act(2, "unit-training", "2024-06-01", hours=8),
    )
    assert {i.activity.id: i.credited for i in result.activities} == {1: D(0), 2: D(8)}
    assert typed(result.activities[0].notes) == typed([RequirementNote("8(3)", "passed")])


def test_the_pack_says_why_exam_and_unit_training_need_passing(pack: RulePack) -> None:
    decisions = {rule.kind: rule.decision or "" for rule in pack.rules}
    assert "passed = false earns 0" in decisions["exam"] and "成绩合格" in decisions["exam"]
    assert "passed = false earns 0" in decisions["unit-training"] and "考核合格人员" in decisions["unit-training"]


# ------------------------------------------------------------ a flag a kind does not use


@pytest.mark.parametrize(
    ("kind", "fields", "flag"),
    [
        ("paper", {"passed": False}, "passed"),  # 9(1) asks for a core journal, not an assessment
        ("book", {"role": "sole", "core": False}, "core"),  # 9(2) has no journal
        ("talk", {"minutes": 45, "passed": False}, "passed"),
        ("training", {"subject": "public", "hours": 2, "core": False}, "core"),
        # present is present: true is refused as well as false (SPEC §8.1)
        ("paper", {"passed": True}, "passed"),
        ("book", {"role": "sole", "core": True}, "core"),
        ("exam", {"level": "junior", "core": True}, "core"),
    ],
)
def test_a_flag_the_kind_does_not_use_is_refused(
    pack: RulePack, kind: str, fields: dict[str, object], flag: str
) -> None:
    with pytest.raises(LedgerError) as caught:
        validate_activities([act(7, kind, "2024-03-01", **fields)], pack)
    assert caught.value.field == flag
    assert f"activity #7, field '{flag}'" in str(caught.value)


def test_the_flags_a_kind_uses_come_from_its_rule(pack: RulePack) -> None:
    """passed belongs to training, program, unit-training, degree-course and exam; core to paper."""
    uses = {rule.kind: rule.requires for rule in pack.rules}
    assert {kind for kind, flags in uses.items() if "passed" in flags} == {
        "training",
        "program",
        "unit-training",
        "degree-course",
        "exam",
    }
    assert {kind for kind, flags in uses.items() if "core" in flags} == {"paper"}


@pytest.mark.parametrize("value", ["false", "true"])
def test_a_flag_refused_on_a_ledger_is_exit_3_and_nothing_written(cli, ledger_path, value) -> None:  # type: ignore[no-untyped-def]
    text = f'[[activity]]\nid = 1\nkind = "paper"\ntitle = "论文"\ndate = 2024-03-01\npassed = {value}\n'
    ledger_path.parent.mkdir(parents=True, exist_ok=True)
    ledger_path.write_text(text, encoding="utf-8")
    result = cli("status", "--year", "2024")
    assert result.exit_code == 3
    assert "activity #1, field 'passed'" in result.stderr and "paper does not use passed" in result.stderr
    assert "Traceback" not in result.stderr
    assert ledger_path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("flag", ["--passed", "--not-passed"])
def test_a_flag_refused_on_the_command_line_is_exit_2(cli, flag) -> None:  # type: ignore[no-untyped-def]
    cli("add", "paper", "--title", "论文", "--date", "2024-03-01")
    before = cli.ledger.read_bytes()
    result = cli("edit", "1", flag)
    assert result.exit_code == 2, result.output
    assert "activity #1, field 'passed'" in result.stderr and "paper does not use passed" in result.stderr
    assert cli.ledger.read_bytes() == before


def test_a_flag_a_kind_uses_is_kept_as_given(pack: RulePack) -> None:
    """passed = true on an exam is what it would be without it: present and true, it earns."""
    validate_activities([act(1, "exam", "2024-03-01", level="junior", passed=True)], pack)
    assert act(1, "exam", "2024-03-01", level="junior").passed is None


# ------------------------------------------------------------ same content across years (Art. 11)


def test_two_activities_linked_through_last_year_count_once(pack: RulePack) -> None:
    """Art. 11 同一项内容 … 不重复计算: #2 and #3 of 2024 are both the content of 2023's paper #1.

    In 2024 the group's members are #2 (paper 10) and #3 (paper 10): they tie, the lowest id
    counts, so 2024 has 10 professional, not 20.
    """
    items = [
        act(1, "paper", "2023-11-01"),
        act(2, "paper", "2024-02-01", same_as=1),
        act(3, "paper", "2024-04-01", same_as=1),
    ]
    result = run(pack, *items)
    assert {i.activity.id: i.credited for i in result.activities} == {2: D(10), 3: D(0)}
    assert typed(result.activities[1].notes) == typed([SameContentNote("11", other=2)])
    assert result.credited.professional == D(10)


def test_linked_through_a_planned_activity_of_next_year_count_once(pack: RulePack) -> None:
    """A planned 2025 book joins two 2024 activities: 2024's award 20 beats its talk 2 × 90 / 45 = 4."""
    items = [
        act(1, "talk", "2024-03-01", minutes=90, same_as=3),
        act(2, "award", "2024-09-01", level="municipal", same_as=3),
        act(3, "book", "2025-05-01", role="edited", status="planned"),
    ]
    assert credited(pack, *items) == {1: D(0), 2: D(20)}


def test_members_of_other_years_are_named_in_a_warning(pack: RulePack) -> None:
    items = [
        act(1, "paper", "2023-11-01"),
        act(2, "paper", "2024-02-01", same_as=1),
        act(3, "paper", "2024-04-01", same_as=2),
        act(4, "book", "2025-05-01", role="edited", same_as=3, status="planned"),
    ]
    result = run(pack, *items)
    # #2 is the member of 2024 that counts; #1 (2023) and #4 (2025) are the group's other years
    assert typed(result.warnings) == typed(
        [
            SameContentOtherYearWarning("11", activity=2, other=1, other_year=2023),
            SameContentOtherYearWarning("11", activity=2, other=4, other_year=2025),
        ]
    )


def test_other_year_members_do_not_compete(pack: RulePack) -> None:
    """A national award of 2023 (60) in the group does not take away 2024's paper (10)."""
    items = [act(1, "award", "2023-06-01", level="national"), act(2, "paper", "2024-02-01", same_as=1)]
    assert credited(pack, *items) == {2: D(10)}
    assert credited(pack, *items, year=2023) == {1: D(60)}


def test_a_member_not_passed_does_not_compete(pack: RulePack) -> None:
    """A failed senior exam (0) and the training for it (8) are one content: the training keeps 8."""
    items = [
        act(1, "training", "2024-03-01", subject="professional", hours=8),
        act(2, "exam", "2024-05-01", level="senior", passed=False, same_as=1),
    ]
    result = run(pack, *items)
    assert {i.activity.id: i.credited for i in result.activities} == {1: D(8), 2: D(0)}
    assert result.activities[0].notes == ()


# ------------------------------------------------------------ sectors in Chinese (Art. 15)


@pytest.mark.parametrize(
    ("given", "sector"),
    [
        ("卫生", "health"),
        ("医疗卫生", "health"),
        ("中小学", "k12"),
        ("中小学教育", "k12"),
        ("会计", "accounting"),
        ("新闻", "news"),
        ("出版", "publishing"),
        ("health", "health"),
    ],
)
def test_sector_named_in_chinese_gets_the_art_15_warning(pack: RulePack, given: str, sector: str) -> None:
    """Art. 15 卫生、中小学教育、会计、新闻、出版等专业 … 从其规定."""
    assert typed(evaluate([], pack, 2024, sector=given).warnings) == typed([SectorWarning("15", sector)])


@pytest.mark.parametrize("given", ["高等教育", "higher-education", "木工"])
def test_other_sectors_get_no_warning(pack: RulePack, given: str) -> None:
    assert evaluate([], pack, 2024, sector=given).warnings == ()


def test_profile_set_sector_in_chinese_is_stored_as_its_id(cli, ledger_path) -> None:  # type: ignore[no-untyped-def]
    result = cli("profile", "set", "sector", "卫生")
    assert result.exit_code == 0, result.stderr
    assert "sector = health" in result.stdout
    assert "Art. 15" in result.stderr
    assert 'sector = "health"' in ledger_path.read_text(encoding="utf-8")


def test_the_degree_course_trace_of_make_up_study(pack: RulePack) -> None:
    """8(6) and Art. 13: two own courses of 2023 take 20 of the cap of 30; make-up courses of
    2024 for 2023 come after them: the first keeps the 10 left, the second finds the cap full."""
    items = [
        act(1, "degree-course", "2023-03-01", subject="public"),
        act(2, "degree-course", "2023-04-01", subject="professional"),
        act(3, "degree-course", "2024-03-01", subject="public", makeup_for=2023),
        act(4, "degree-course", "2024-04-01", subject="public", makeup_for=2023),
    ]
    validate_activities(items, pack)
    result = evaluate(items, pack, 2023, explain=True)
    lines = {item.activity.id: step_text(item.trace[-1]) for item in result.activities}
    assert {item.activity.id: item.credited for item in result.activities} == {1: 10, 2: 10, 3: 10, 4: 0}
    # the own courses went first: #2 toward professional (60 short against 30), then #1, the only one left
    assert "turn 3, toward 公需 public" in lines[3] and "after #2, #1, 20 used, 10 left → keeps 10 of 10" in lines[3]
    assert lines[4] == "Art. 8(6): cap 30 a year for both subjects together, already filled by #2, #1, #3 → 0 of 10"


def test_the_sector_warning_names_the_sector_in_the_readers_language(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("profile", "set", "sector", "卫生").exit_code == 0
    assert "the health sector has its own rules" in " ".join(cli("status").stdout.split())
    chinese = cli("--lang", "zh", "status").stdout
    assert "第15条：卫生行业的专业科目另有规定" in "".join(chinese.split())
