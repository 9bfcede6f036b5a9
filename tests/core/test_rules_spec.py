"""One test per kind, per cap and per decision of the rule pack, worked out from the Rules' text.

Expected figures are computed by hand from the article quoted in each test's
docstring, never from the code's output.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal as D

import pytest

from cpd_cli.core.bases import cut_down
from cpd_cli.core.evaluate import evaluate
from cpd_cli.core.explain import (
    BeforeEffectiveWarning,
    CapNote,
    RequirementNote,
    SameContentNote,
    SameContentOtherYearWarning,
    SectorWarning,
)
from cpd_cli.core.model import Activity
from cpd_cli.core.rules import RulePack
from cpd_cli.core.validate import validate_activities
from tests.conftest import act


def run(pack: RulePack, *activities: Activity, year: int = 2024):  # type: ignore[no-untyped-def]
    validate_activities(activities, pack)
    return evaluate(activities, pack, year)


def credited(pack: RulePack, *activities: Activity, year: int = 2024) -> dict[int, D]:
    return {item.activity.id: item.credited for item in run(pack, *activities, year=year).activities}


def typed(records: Iterable[tuple[object, ...]]) -> list[tuple[type, tuple[object, ...]]]:
    """Records with their kind: records of two kinds with equal fields are equal tuples."""
    return [(type(record), tuple(record)) for record in records]


# ------------------------------------------------------------ kind by kind, cap by cap


@pytest.mark.parametrize(
    ("kind", "fields", "expected", "subject", "article"),
    [
        # 8(1) 按照实际学习时间计算学时: 6 学时 of study, public as given
        ("training", {"subject": "public", "hours": 6}, D(6), "public", "8(1)"),
        # 8(2) same basis; 2 days × 8 (Art. 7)
        ("program", {"subject": "professional", "days": 2}, D(16), "professional", "8(2)"),
        # 8(3) 按照实际学习时间计算专业科目学时: 135 min ÷ 45 = 3
        ("unit-training", {"minutes": 135}, D(3), "professional", "8(3)"),
        # 8(4) actual time, professional: 1 day = 8
        ("visit", {"days": 1}, D(8), "professional", "8(4)"),
        # 8(5) 按实际参会天数: 1 day = 8
        ("conference", {"days": 1}, D(8), "professional", "8(5)"),
        # 8(6) 每门课程按10学时计算
        ("degree-course", {"subject": "public"}, D(10), "public", "8(6)"),
        # 8(7) 中级 20
        ("exam", {"level": "intermediate"}, D(20), "professional", "8(7)"),
        # 8(8) 每1000分折算为公需科目1学时: 3500 → 3
        ("xuexi", {"points": 3500}, D(3), "public", "8(8)"),
        # 9(1) 按每篇10学时
        ("paper", {}, D(10), "professional", "9(1)"),
        # 9(2) 独著按20学时
        ("book", {"role": "sole"}, D(20), "professional", "9(2)"),
        # 9(3) 发明专利 5
        ("patent", {"type": "invention"}, D(5), "professional", "9(3)"),
        # 9(4) 省部级 20
        ("project", {"level": "provincial"}, D(20), "professional", "9(4)"),
        # 9(5) 国家级奖励 60
        ("award", {"level": "national"}, D(60), "professional", "9(5)"),
        # 10 实际报告时间的2倍: 45 min → 2 × 1 = 2
        ("talk", {"minutes": 45}, D(2), "professional", "10"),
    ],
)
def test_each_kind_credit_subject_and_article(pack, kind, fields, expected, subject, article) -> None:  # type: ignore[no-untyped-def]
    result = run(pack, act(1, kind, "2024-05-01", **fields))
    (item,) = result.activities
    assert item.base == expected
    assert item.credited == expected
    assert item.subject.value == subject
    assert item.rule.article == article


@pytest.mark.parametrize(
    ("kind", "fields", "count", "cap"),
    [
        ("unit-training", {"hours": 4}, 3, D(10)),  # 8(3) 每年不超过10学时
        ("visit", {"days": 2}, 2, D(30)),  # 8(4) 每年不超过30学时: 16 + 16 → 30
        ("conference", {"days": 1}, 2, D(10)),  # 8(5) 每年不超过10学时
        ("degree-course", {"subject": "professional"}, 4, D(30)),  # 8(6) 合计每年不超过30学时
        ("xuexi", {"points": 6000}, 2, D(10)),  # 8(8) 每年不超过10学时
        ("paper", {}, 4, D(30)),  # 9(1) 每年总计不超过30学时
        ("book", {"role": "sole"}, 2, D(30)),  # 9(2) 每年总计不超过30学时
        ("patent", {"type": "invention"}, 3, D(10)),  # 9(3) 每年总计不超过10学时
        ("project", {"level": "national"}, 2, D(30)),  # 9(4) 每年总计不超过30学时
        ("award", {"level": "national"}, 2, D(60)),  # 9(5) 每年总计不超过60学时
        ("talk", {"hours": 8}, 2, D(20)),  # 10 每年折算学时总计不超过20学时
    ],
)
def test_each_cap(pack, kind, fields, count, cap) -> None:  # type: ignore[no-untyped-def]
    activities = [act(i, kind, f"2024-0{i}-01", **fields) for i in range(1, count + 1)]
    result = run(pack, *activities)
    assert result.credited.total == cap
    (cap_result,) = [c for c in result.caps if c.rule.kind == kind]
    assert cap_result.cap == cap
    assert cap_result.credited == cap
    assert cap_result.base > cap


@pytest.mark.parametrize(
    ("kind", "fields"),
    [("training", {"subject": "public"}), ("program", {"subject": "public"}), ("exam", {"level": "senior"})],
)
def test_uncapped_kinds_are_not_capped(pack, kind, fields) -> None:  # type: ignore[no-untyped-def]
    time = {"hours": 40} if kind in ("training", "program") else {}
    activities = [act(i, kind, f"2024-0{i}-01", **fields, **time) for i in range(1, 4)]
    result = run(pack, *activities)
    assert result.credited.total == (D(120) if time else D(90))
    assert not [c for c in result.caps if c.rule.kind == kind]


def test_exam_levels(pack) -> None:  # type: ignore[no-untyped-def]
    """8(7) 初级、中级、高级分别按10、20、30学时."""
    got = credited(
        pack, *(act(i, "exam", "2024-03-01", level=lv) for i, lv in enumerate(["junior", "intermediate", "senior"], 1))
    )
    assert got == {1: D(10), 2: D(20), 3: D(30)}


def test_book_roles(pack) -> None:  # type: ignore[no-untyped-def]
    """9(2) 独著按20学时，编著按10学时."""
    assert credited(pack, act(1, "book", "2024-03-01", role="edited")) == {1: D(10)}


def test_patent_types(pack) -> None:  # type: ignore[no-untyped-def]
    """9(3) 发明 5, 实用新型 3, 软件著作权、外观设计 1."""
    got = run(
        pack, *(act(i, "patent", f"2024-0{i}-01", type=t) for i, t in enumerate(["utility", "design", "software"], 1))
    )
    assert [item.base for item in got.activities] == [D(3), D(1), D(1)]


@pytest.mark.parametrize(
    ("level", "project", "award"), [("national", 30, 60), ("provincial", 20, 40), ("municipal", 10, 20)]
)
def test_project_and_award_levels(pack, level, project, award) -> None:  # type: ignore[no-untyped-def]
    """9(4) 国家级 30 / 省部级 20 / 市厅级 10; 9(5) 60 / 40 / 20."""
    got = credited(pack, act(1, "project", "2024-01-01", level=level), act(2, "award", "2024-01-02", level=level))
    assert got == {1: D(project), 2: D(award)}


# ------------------------------------------------------------ the Decisions


def test_units_cut_down_100_minutes_is_2_2(pack) -> None:  # type: ignore[no-untyped-def]
    """Art. 7 + Decision: 100/45 = 2.222… cut down to one decimal: 2.2."""
    assert credited(pack, act(1, "training", "2024-01-01", subject="public", minutes=100)) == {1: D("2.2")}


def test_units_cut_down_never_rounds_up(pack) -> None:  # type: ignore[no-untyped-def]
    """44 minutes is 0.977… 学时: cut down to 0.9, not rounded to 1.0."""
    assert credited(pack, act(1, "training", "2024-01-01", subject="public", minutes=44)) == {1: D("0.9")}


def test_cut_down_to_each_step() -> None:
    """100/45 = 2.222… is 2.2 in tenths, 2 in wholes and 2.0 in halves; exact figures stay as they are."""
    assert cut_down((100, 45), D("0.1")) == D("2.2")
    assert cut_down((100, 45), D("1")) == D("2")
    assert str(cut_down((100, 45), D("0.5"))) == "2.0"
    assert (cut_down((1, 5), D("0.1")), cut_down((2, 1), D("1"))) == (D("0.2"), D("2"))
    assert [cut_down((n, 1), D("0.1")) for n in range(50)] == [D(n) for n in range(50)]
    assert cut_down((7, 2), D("0.1")) == D("3.5")
    assert cut_down((44, 45), D("0.1")) == D("0.9")


def test_units_hours_given_are_cut_to_one_decimal(pack) -> None:  # type: ignore[no-untyped-def]
    assert credited(pack, act(1, "training", "2024-01-01", subject="public", hours=D("2.25"))) == {1: D("2.2")}


def test_units_half_a_day_is_4(pack) -> None:  # type: ignore[no-untyped-def]
    """Art. 7 每天8学时; 不足一天的，按照实际学时: 0.5 day = 4."""
    assert credited(pack, act(1, "conference", "2024-01-01", days=D("0.5"))) == {1: D(4)}


def test_sums_are_exact_on_cut_figures(pack) -> None:  # type: ignore[no-untyped-def]
    """Three trainings of 100 min: 2.2 × 3 = 6.6 exactly (not 300/45 = 6.66… → 6.6 by luck)."""
    items = [act(i, "training", f"2024-01-0{i}", subject="public", minutes=100) for i in (1, 2, 3)]
    assert run(pack, *items).credited.public == D("6.6")
    items = [act(i, "training", f"2024-01-0{i}", subject="public", minutes=40) for i in (1, 2, 3)]
    # 40/45 = 0.888… → 0.8 each → 2.4, while 120/45 = 2.666… would be 2.6
    assert run(pack, *items).credited.public == D("2.4")


@pytest.mark.parametrize("kind", ["training", "program"])
def test_not_passed_training_earns_zero(pack, kind) -> None:  # type: ignore[no-untyped-def]
    """8(1), 8(2) require 考核合格: passed = false earns 0, with the reason."""
    result = run(pack, act(1, kind, "2024-01-01", subject="public", hours=8, passed=False))
    (item,) = result.activities
    assert (item.base, item.credited) == (D(8), D(0))
    assert typed(item.notes) == typed([RequirementNote("8(1)" if kind == "training" else "8(2)", "passed")])


def test_not_passed_degree_course_earns_zero(pack) -> None:  # type: ignore[no-untyped-def]
    """8(6) 年度考试、考核合格."""
    assert credited(pack, act(1, "degree-course", "2024-01-01", subject="public", passed=False)) == {1: D(0)}


def test_non_core_paper_earns_zero(pack) -> None:  # type: ignore[no-untyped-def]
    """9(1) 在核心刊物上发表: core = false earns 0."""
    result = run(pack, act(1, "paper", "2024-01-01", core=False))
    (item,) = result.activities
    assert item.credited == 0
    assert typed(item.notes) == typed([RequirementNote("9(1)", "core")])


def test_non_core_paper_does_not_use_the_cap(pack) -> None:  # type: ignore[no-untyped-def]
    activities = [act(1, "paper", "2024-01-01", core=False)] + [act(i, "paper", f"2024-0{i}-01") for i in (2, 3, 4)]
    assert run(pack, *activities).credited.professional == D(30)


def test_talk_is_professional(pack) -> None:  # type: ignore[no-untyped-def]
    (item,) = run(pack, act(1, "talk", "2024-01-01", minutes=90)).activities
    assert item.subject.value == "professional"
    assert item.credited == D(4)  # 2 × 90 / 45


def test_talk_factor_applies_before_cutting(pack) -> None:  # type: ignore[no-untyped-def]
    """2 × 70 / 45 = 3.11… → 3.1 (cutting 70/45 first would give 1.5 × 2 = 3.0)."""
    assert credited(pack, act(1, "talk", "2024-01-01", minutes=70)) == {1: D("3.1")}


def test_xuexi_cumulative_2500_then_3800_gives_2_then_1(pack) -> None:  # type: ignore[no-untyped-def]
    """The pack's decision: cumulative points 2500 then 3800 → 2 then 1 (entries of 2500 and 1300)."""
    got = credited(pack, act(1, "xuexi", "2024-06-30", points=2500), act(2, "xuexi", "2024-12-01", points=1300))
    assert got == {1: D(2), 2: D(1)}


def test_xuexi_summed_in_date_order_not_file_order(pack) -> None:  # type: ignore[no-untyped-def]
    got = credited(pack, act(1, "xuexi", "2024-12-01", points=1300), act(2, "xuexi", "2024-06-30", points=2500))
    assert got == {2: D(2), 1: D(1)}


def test_xuexi_of_another_year_does_not_add_up(pack) -> None:  # type: ignore[no-untyped-def]
    got = credited(pack, act(1, "xuexi", "2023-12-30", points=900), act(2, "xuexi", "2024-01-30", points=900))
    assert got == {2: D(0)}


def test_caps_keep_earlier_activities_first(pack) -> None:  # type: ignore[no-untyped-def]
    """Decision: by date, then id.  Papers on 3-01 (#9), 1-01 (#5), 2-01 (#2, #1), 4-01 (#3)."""
    got = credited(
        pack,
        act(9, "paper", "2024-03-01"),
        act(5, "paper", "2024-01-01"),
        act(2, "paper", "2024-02-01"),
        act(1, "paper", "2024-02-01"),
        act(3, "paper", "2024-04-01"),
    )
    assert got == {5: D(10), 1: D(10), 2: D(10), 9: D(0), 3: D(0)}


def test_cap_note_says_which_rule(pack) -> None:  # type: ignore[no-untyped-def]
    result = run(pack, *(act(i, "paper", f"2024-0{i}-01") for i in range(1, 5)))
    last = result.activities[-1]
    assert typed(last.notes) == typed([CapNote("9(1)", cap=D(30), kept=D(0), eligible=D(10), year=2024)])


def test_degree_course_split_spec_example(pack) -> None:  # type: ignore[no-untyped-def]
    """The pack's example: public short 10, professional short 15, three courses each → P, public, P."""
    base = [
        act(1, "training", "2024-01-01", subject="public", hours=20),  # public short 10
        act(2, "training", "2024-01-01", subject="professional", hours=45),  # professional short 15
    ]
    courses = [act(10 + i, "degree-course", f"2024-02-0{i}", subject="public") for i in (1, 2, 3)]
    courses += [act(20 + i, "degree-course", f"2024-03-0{i}", subject="professional") for i in (1, 2, 3)]
    got = credited(pack, *base, *courses)
    kept = sorted(i for i, hours in got.items() if i >= 10 and hours > 0)
    assert kept == [11, 21, 22]
    result = run(pack, *base, *courses)
    assert (result.credited.public, result.credited.professional) == (D(30), D(65))


def test_degree_course_cap_of_one_course_left_goes_to_public_on_a_tie(pack) -> None:  # type: ignore[no-untyped-def]
    """With 2 courses already kept (20 of 30), the last 10 go to the larger shortfall; tie → public."""
    base = [act(1, "training", "2024-01-01", subject="professional", hours=40)]  # pub short 30, prof short 20
    courses = [
        act(2, "degree-course", "2024-02-01", subject="public"),  # kept first: pub 30 > prof 20
        act(3, "degree-course", "2024-02-02", subject="public"),  # pub 20 = prof 20 → tie → public
        act(4, "degree-course", "2024-02-03", subject="professional"),  # pub 10 < prof 20 → professional
        act(5, "degree-course", "2024-02-04", subject="professional"),  # cap reached
    ]
    assert credited(pack, *base, *courses) == {1: D(40), 2: D(10), 3: D(10), 4: D(10), 5: D(0)}


def test_same_content_counts_once_at_highest(pack) -> None:  # type: ignore[no-untyped-def]
    """Art. 11 同一项内容，按最高级别认定: a provincial project and its municipal award."""
    result = run(
        pack,
        act(1, "project", "2024-01-01", level="municipal"),  # 10
        act(2, "award", "2024-06-01", level="provincial", same_as=1),  # 40 — the highest
    )
    assert {i.activity.id: i.credited for i in result.activities} == {1: D(0), 2: D(40)}
    assert typed(result.activities[0].notes) == typed([SameContentNote("11", other=2)])
    assert result.activities[1].notes == ()


def test_same_content_is_transitive_and_ties_go_to_lowest_id(pack) -> None:  # type: ignore[no-untyped-def]
    got = credited(
        pack,
        act(4, "paper", "2024-01-01"),
        act(2, "paper", "2024-02-01", same_as=4),
        act(3, "talk", "2024-03-01", minutes=225, same_as=2),  # 2 × 225 / 45 = 10: tie with the papers
    )
    assert got == {4: D(0), 2: D(10), 3: D(0)}


def test_same_content_before_caps(pack) -> None:  # type: ignore[no-untyped-def]
    """Grouping first: a duplicate does not use up the cap that a later paper needs."""
    got = credited(
        pack,
        act(1, "paper", "2024-01-01"),
        act(2, "paper", "2024-01-02", same_as=1),
        act(3, "paper", "2024-02-01"),
        act(4, "paper", "2024-03-01"),
    )
    assert got == {1: D(10), 2: D(0), 3: D(10), 4: D(10)}


def test_planned_and_rejected_take_no_part_in_a_group(pack) -> None:  # type: ignore[no-untyped-def]
    got = credited(
        pack,
        act(1, "paper", "2024-01-01"),
        act(2, "award", "2024-02-01", level="national", same_as=1, status="rejected"),
    )
    assert got == {1: D(10), 2: D(0)}


def test_statuses(pack) -> None:  # type: ignore[no-untyped-def]
    """Done, declared, approved credit; planned and rejected do not."""
    statuses = ["planned", "done", "declared", "approved", "rejected"]
    got = credited(pack, *(act(i, "exam", "2024-01-01", level="junior", status=s) for i, s in enumerate(statuses, 1)))
    assert got == {1: D(0), 2: D(10), 3: D(10), 4: D(10), 5: D(0)}


def test_no_carry_over(pack) -> None:  # type: ignore[no-untyped-def]
    """Art. 11 当年度有效，不得结转: 2023's surplus does not help 2024."""
    activities = [act(1, "training", "2023-06-01", subject="public", hours=200)]
    assert run(pack, *activities, year=2024).credited.total == 0
    assert run(pack, *activities, year=2023).credited.public == 200


def test_remaining_total_rule(pack) -> None:  # type: ignore[no-untyped-def]
    """remaining.total = max(0, 90 − total, remaining.public + remaining.professional)."""
    result = run(pack, act(1, "training", "2024-01-01", subject="professional", hours=100))
    assert (result.remaining.public, result.remaining.professional, result.remaining.total) == (D(30), D(0), D(30))
    assert not result.complete
    result = run(
        pack,
        act(1, "training", "2024-01-01", subject="public", hours=30),
        act(2, "training", "2024-01-01", subject="professional", hours=60),
    )
    assert result.remaining.total == 0 and result.complete


def test_sector_warning(pack) -> None:  # type: ignore[no-untyped-def]
    """Art. 15: health, K-12, accounting, news, publishing follow their regulator."""
    result = evaluate([], pack, 2024, sector="health")
    assert typed(result.warnings) == typed([SectorWarning("15", "health")])
    assert evaluate([], pack, 2024, sector="higher-education").warnings == ()


def test_year_before_the_pack_warns(pack) -> None:  # type: ignore[no-untyped-def]
    warning = BeforeEffectiveWarning("jiangxi-2023", date(2023, 7, 1))
    assert typed(evaluate([], pack, 2022).warnings) == typed([warning])
    assert typed(evaluate([], pack, 2023).warnings) == typed([warning])  # took effect 2023-07-01
    assert evaluate([], pack, 2024).warnings == ()


def test_same_content_across_years_warns(pack) -> None:  # type: ignore[no-untyped-def]
    result = run(pack, act(1, "paper", "2023-12-01"), act(2, "talk", "2024-01-10", minutes=45, same_as=1))
    assert typed(result.warnings) == typed([SameContentOtherYearWarning("11", activity=2, other=1, other_year=2023)])
    in_2023 = run(pack, act(1, "paper", "2023-12-01"), act(2, "talk", "2024-01-10", minutes=45, same_as=1), year=2023)
    assert typed(in_2023.warnings[1:]) == typed(
        [SameContentOtherYearWarning("11", activity=1, other=2, other_year=2024)]
    )


def test_every_decision_is_written_in_the_pack(pack) -> None:  # type: ignore[no-untyped-def]
    """Each decision cpd takes where the Rules leave a choice is written in the pack for a reader."""
    assert "cut down" in pack.units.decision
    assert "earlier activities" in pack.allocation_decision
    assert "highest credit" in pack.validity_decision and "before caps" in pack.validity_decision
    decisions = {rule.kind: rule.decision or "" for rule in pack.rules}
    for kind in ("training", "program"):
        assert "passed = false earns 0" in decisions[kind]
    assert "passed = false earns 0" in decisions["degree-course"]
    assert "core = false earns 0" in decisions["paper"]
    assert "professional" in decisions["talk"]
    assert "2500 then 3800" in decisions["xuexi"]
    assert "shortfall" in decisions["degree-course"] and "ties to public" in decisions["degree-course"]


def test_national_pack_professional_is_two_thirds_and_public_free() -> None:
    """人社部令第25号 Art. 8: 90 a year, 专业科目 ≥ two-thirds (60); no public minimum."""
    from cpd_cli.core.rules import load_embedded

    national = load_embedded("national-2015")
    assert (national.requirement.total, national.requirement.professional, national.requirement.public) == (90, 60, 0)
    assert national.requirement.professional == national.requirement.total * 2 / 3
    assert all(rule.cap is None and rule.uses_time for rule in national.rules)
    result = evaluate([act(1, "conference", "2024-05-01", hours=90)], national, 2024)
    assert result.complete  # 90 professional, no public minimum


def test_national_pack_refuses_kinds_it_does_not_credit() -> None:
    from cpd_cli.core.rules import load_embedded
    from cpd_cli.errors import LedgerError

    with pytest.raises(LedgerError, match="unknown kind 'paper'"):
        validate_activities([act(1, "paper", "2024-01-01")], load_embedded("national-2015"))
