"""The ``--explain`` trace: one per kind, each step naming its article."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from cpd_cli.core.evaluate import evaluate
from cpd_cli.core.explain import (
    BlockedStep,
    CapStep,
    ChoiceStep,
    PlannedNote,
    PointsStep,
    RateStep,
    RequirementNote,
    SameContentStep,
    ShortfallCapStep,
    TimeStep,
    YearPointsStep,
)
from cpd_cli.core.rules import RulePack
from cpd_cli.messages import step_text
from tests.conftest import act


def trace(pack: RulePack, *activities, year: int = 2024) -> dict[int, list[str]]:  # type: ignore[no-untyped-def]
    return {
        i.activity.id: [step_text(s) for s in i.trace]
        for i in evaluate(activities, pack, year, explain=True).activities
    }


@pytest.mark.parametrize(
    ("kind", "fields", "first_step"),
    [
        ("training", {"subject": "public", "minutes": 100}, "Art. 7: 100 min ÷ 45 = 2.22… → cut down to 0.1: 2.2"),
        ("program", {"subject": "public", "days": 2}, "Art. 7: 2 day(s) × 8 = 16"),
        ("unit-training", {"hours": 6}, "Art. 7: 6 学时 = 6"),
        ("visit", {"hours": Decimal("2.25")}, "Art. 7: 2.25 学时 = 2.25 → cut down to 0.1: 2.2"),
        ("conference", {"days": Decimal("0.5")}, "Art. 7: 0.5 day(s) × 8 = 4"),
        ("degree-course", {"subject": "public"}, "Art. 8(6): 10 学时 per item"),
        ("exam", {"level": "junior"}, "Art. 8(7): level junior: 10 学时"),
        (
            "xuexi",
            {"points": 3500},
            "Art. 8(8): points this year 0 + 3,500 = 3,500: 3 whole hours, 0 before this entry → 3",
        ),
        ("paper", {}, "Art. 9(1): 10 学时 per item"),
        ("book", {"role": "sole"}, "Art. 9(2): role sole: 20 学时"),
        ("patent", {"type": "design"}, "Art. 9(3): type design: 1 学时"),
        ("project", {"level": "national"}, "Art. 9(4): level national: 30 学时"),
        ("award", {"level": "provincial"}, "Art. 9(5): level provincial: 40 学时"),
        ("talk", {"minutes": 70}, "Art. 7, 10: 2 × 70 min ÷ 45 = 3.11… → cut down to 0.1: 3.1"),
    ],
)
def test_conversion_step_per_kind(pack: RulePack, kind: str, fields: dict, first_step: str) -> None:  # type: ignore[type-arg]
    steps = trace(pack, act(1, kind, "2024-05-01", **fields))[1]
    assert steps[0] == first_step
    rule = pack.rule(kind)
    assert rule is not None
    if rule.cap is not None:
        shared = " for both subjects together;" if rule.cap_allocation == "shortfall" else ":"
        assert steps[-1].startswith(f"Art. {rule.article}: cap {rule.cap.normalize():f} a year{shared}")


def test_trace_of_cap_same_content_and_requirements(pack: RulePack) -> None:
    got = trace(
        pack,
        act(1, "paper", "2024-01-01"),
        act(2, "paper", "2024-02-01"),
        act(3, "paper", "2024-03-01"),
        act(4, "paper", "2024-04-01"),
        act(5, "award", "2024-05-01", level="municipal", same_as=4),
        act(6, "training", "2024-06-01", subject="public", hours=3, passed=False),
    )
    assert got[3][-1] == "Art. 9(1): cap 30 a year: 20 used by earlier activities, 10 left → keeps 10 of 10"
    assert got[4][-1] == "Art. 11: same content as #5 (a group of 2): #5 counts (20), this one 0"
    assert got[5][1] == "Art. 11: same content as #4, #5: this one has the highest credit and counts"
    assert got[6][-1] == "8(1): assessment not passed (考核合格 required) → 0"


def test_trace_of_the_degree_course_split(pack: RulePack) -> None:
    got = trace(pack, act(1, "degree-course", "2024-01-01", subject="public"))
    assert "the subject recorded for it: no course of the other subject was left (public 30, professional 60 short)" in got[1][-1]


def test_no_trace_unless_asked(pack: RulePack) -> None:
    (item,) = evaluate([act(1, "paper", "2024-01-01")], pack, 2024).activities
    assert item.trace == ()


def test_each_step_is_a_record_of_its_kind(pack: RulePack) -> None:
    result = evaluate(
        [
            act(1, "paper", "2024-01-01"),
            act(2, "paper", "2024-01-02", same_as=1),
            act(3, "training", "2024-01-03", subject="public", minutes=100, passed=False),
            act(4, "xuexi", "2024-01-04", points=2500),
            act(5, "xuexi", "2024-01-05", points=2500, status="planned"),
            act(6, "exam", "2024-01-06", level="junior"),
            act(7, "degree-course", "2024-01-07", subject="public"),
        ],
        pack,
        2024,
        explain=True,
    )
    kinds = {item.activity.id: [type(step) for step in item.trace] for item in result.activities}
    assert kinds == {
        1: [RateStep, SameContentStep, CapStep],
        2: [RateStep, SameContentStep],
        3: [TimeStep, BlockedStep],
        4: [YearPointsStep, CapStep],
        5: [PointsStep, BlockedStep],
        6: [ChoiceStep],
        7: [RateStep, ShortfallCapStep],
    }
    trace = {item.activity.id: item.trace for item in result.activities}
    assert trace[3][0] == TimeStep(
        "7", Decimal("2.2"), "minutes", Decimal(100), Decimal(45), None, Fraction(100, 45), Decimal("0.1")
    )
    assert trace[3][1] == BlockedStep(RequirementNote("8(1)", "passed"))
    blocked = trace[5][1]
    assert isinstance(blocked, BlockedStep) and type(blocked.note) is PlannedNote
    assert trace[2][1] == SameContentStep("11", Decimal(0), group=(1, 2), member=2, winner=1, best=Decimal(10))


def test_trace_of_the_degree_course_cap_tells_its_order_and_figures(pack: RulePack) -> None:
    """8(6), the spec's example: public short 10, professional short 15, three courses each.

    Turn 1: shortfalls 10 / 15 → professional, the earliest professional course #6.
    Turn 2: 10 / 5 → public, #3.  Turn 3: 0 / 5 → professional, #7.  The cap of 30 is then
    full: #4, #5 and #8 get 0, and their lines say which courses filled it.
    """
    got = trace(
        pack,
        act(1, "training", "2024-01-10", subject="public", hours=20),
        act(2, "training", "2024-01-10", subject="professional", hours=45),
        *(act(i, "degree-course", f"2024-06-0{i - 2}", subject="public") for i in (3, 4, 5)),
        *(act(i, "degree-course", f"2024-06-0{i - 2}", subject="professional") for i in (6, 7, 8)),
    )
    assert got[6][-1] == (
        "Art. 8(6): cap 30 a year for both subjects together; turn 1, toward 专业 professional, the larger "
        "shortfall (public 10, professional 15 short); the first kept, 30 left → keeps 10 of 10"
    )
    assert got[3][-1] == (
        "Art. 8(6): cap 30 a year for both subjects together; turn 2, toward 公需 public, the larger "
        "shortfall (public 10, professional 5 short); after #6, 10 used, 20 left → keeps 10 of 10"
    )
    assert "turn 3, toward 专业 professional" in got[7][-1] and "after #6, #3, 20 used, 10 left" in got[7][-1]
    for course in (4, 5, 8):
        assert got[course][-1] == (
            "Art. 8(6): cap 30 a year for both subjects together, already filled by #6, #3, #7 → 0 of 10"
        )


def test_trace_of_the_degree_course_cap_in_a_complete_year(pack: RulePack) -> None:
    """Both minimums met (30 public, 60 professional): no shortfall figures of 0 are given as a reason."""
    got = trace(
        pack,
        act(1, "training", "2024-01-10", subject="public", hours=30),
        act(2, "training", "2024-01-10", subject="professional", hours=60),
        act(3, "degree-course", "2024-06-01", subject="professional"),
        act(4, "degree-course", "2024-06-02", subject="public"),
    )
    assert "public first, as neither subject is short any more" in got[4][-1]
    assert all("public 0, professional 0" not in line for lines in got.values() for line in lines)


def test_a_same_content_chain_is_explained_in_output_linear_in_its_length(pack: RulePack) -> None:
    """The group's ids are listed once, at the member that counts; every other member names that one."""

    def explained(count: int) -> int:
        activities = [act(1, "paper", "2024-01-01")]
        activities += [act(n, "paper", "2024-01-01", same_as=n - 1) for n in range(2, count + 1)]
        return sum(len(line) for steps in trace(pack, *activities).values() for line in steps)

    small, large = explained(50), explained(400)
    assert large < 10 * small  # 8 times the members; listing the group per member would be 64 times
