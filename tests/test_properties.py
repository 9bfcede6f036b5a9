"""Properties that hold for every ledger, checked over random ones (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cpd_cli.core.evaluate import evaluate
from cpd_cli.core.explain import BlockedStep, CapStep, SameContentStep, ShortfallCapStep, Step
from cpd_cli.core.model import Activity
from cpd_cli.core.rules import load_embedded
from cpd_cli.core.validate import validate_activities
from cpd_cli.store import codec
from tests.strategies import activity_lists, activity_tables

PACK = load_embedded("jiangxi-2023")


def evaluated(activities: list[Activity]):  # type: ignore[no-untyped-def]
    validate_activities(activities, PACK)
    return evaluate(activities, PACK, 2024)


@given(activity_lists())
def test_credited_never_exceeds_base(activities: list[Activity]) -> None:
    for item in evaluated(activities).activities:
        assert Decimal(0) <= item.credited <= item.base


@given(activity_lists())
def test_caps_hold(activities: list[Activity]) -> None:
    result = evaluated(activities)
    for rule in PACK.rules:
        if rule.cap is not None:
            spent = sum((i.credited for i in result.activities if i.rule.kind == rule.kind), Decimal(0))
            assert spent <= rule.cap
    for cap in result.caps:
        assert cap.credited <= cap.cap
        assert cap.credited == sum((i.credited for i in result.activities if i.rule.kind == cap.rule.kind), Decimal(0))


@given(activity_lists())
def test_totals_are_the_sum_of_credited(activities: list[Activity]) -> None:
    result = evaluated(activities)
    public = sum((i.credited for i in result.activities if i.subject.value == "public"), Decimal(0))
    professional = sum((i.credited for i in result.activities if i.subject.value == "professional"), Decimal(0))
    assert (result.credited.public, result.credited.professional) == (public, professional)
    assert result.credited.total == public + professional


@given(activity_lists())
def test_only_crediting_statuses_earn(activities: list[Activity]) -> None:
    for item in evaluated(activities).activities:
        if not item.activity.status.credits:
            assert item.credited == 0


@given(activity_lists(), st.randoms(use_true_random=False))
def test_order_in_the_file_does_not_matter(activities: list[Activity], random) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(activities)
    random.shuffle(shuffled)
    first, second = evaluated(activities), evaluated(shuffled)
    assert first.credited == second.credited
    assert {i.activity.id: i.credited for i in first.activities} == {
        i.activity.id: i.credited for i in second.activities
    }
    assert [i.activity.id for i in first.activities] == [i.activity.id for i in second.activities]


@given(activity_lists(same_as=False), activity_tables(id=99_999))
def test_adding_a_done_activity_never_lowers_the_total(activities: list[Activity], table: dict) -> None:  # type: ignore[type-arg]
    """Without same_as links (see the next test for why)."""
    table.pop("status", None)
    before = evaluated(activities).credited
    after = evaluated([*activities, codec.activity_from_table(table)]).credited
    assert after.total >= before.total
    assert after.public >= before.public or after.professional >= before.professional


@settings(max_examples=200)
@given(activity_lists())
def test_remaining_follows_the_spec_formula(activities: list[Activity]) -> None:
    result = evaluated(activities)
    public_left = max(Decimal(0), 30 - result.credited.public)
    professional_left = max(Decimal(0), 60 - result.credited.professional)
    assert result.remaining.public == public_left
    assert result.remaining.professional == professional_left
    assert result.remaining.total == max(Decimal(0), 90 - result.credited.total, public_left + professional_left)
    assert result.complete == (result.remaining.total == 0)


def figure_after(step: Step) -> Decimal:
    """What an activity stands at after ``step``."""
    match step:
        case BlockedStep():
            return Decimal(0)
        case SameContentStep():
            return step.eligible
        case CapStep() | ShortfallCapStep():
            return step.kept
        case _:
            return step.base


@given(activity_lists())
def test_a_trace_starts_at_the_base_and_ends_at_the_credit(activities: list[Activity]) -> None:
    plain = evaluated(activities)
    explained = evaluate(activities, PACK, 2024, explain=True)
    assert [(i.activity.id, i.base, i.credited, i.notes) for i in explained.activities] == [
        (i.activity.id, i.base, i.credited, i.notes) for i in plain.activities
    ]
    assert (explained.credited, explained.caps, explained.warnings) == (plain.credited, plain.caps, plain.warnings)
    for item in explained.activities:
        assert figure_after(item.trace[0]) == item.base
        assert figure_after(item.trace[-1]) == item.credited


def test_a_same_content_link_can_lower_the_total_by_design() -> None:
    """Art. 11 keeps the highest *base* before caps; if that winner's cap is full, the
    group earns less than before.  The property above excludes same_as for this reason."""
    papers = [
        codec.activity_from_table({"id": i, "kind": "paper", "title": "p", "date": f"2024-01-0{i}"}) for i in (1, 2, 3)
    ]
    project = codec.activity_from_table(
        {"id": 9, "kind": "project", "title": "x", "date": "2024-02-01", "level": "national"}
    )
    before = evaluated([*papers, project]).credited.total  # 30 + 30
    linked = codec.activity_from_table(
        {
            "id": 10,
            "kind": "project",
            "title": "same as paper 3",
            "date": "2024-03-01",
            "level": "national",
            "same_as": 3,
        }
    )
    after = evaluated([*papers, project, linked]).credited.total  # paper 3 loses 10; project cap is full
    assert (before, after) == (Decimal(60), Decimal(50))
