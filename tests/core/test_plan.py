"""Pace, room under caps, projection and suggestions, on fixed dates, worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from cpd_cli.core.evaluate import evaluate
from cpd_cli.core.plan import cap_room, expected_by, on_pace, overview, pace, projected, suggestions
from cpd_cli.core.rules import RulePack
from tests.conftest import act


def test_pace_with_weeks_left(pack: RulePack) -> None:
    """2024-11-29 → 2024-12-31 is 32 days = 32/7 weeks.  30 public short → 30 × 7 / 32 = 6.5625 → 6.6 (rounded up)."""
    result = evaluate([act(1, "training", "2024-01-10", subject="professional", hours=20)], pack, 2024)
    p = pace(result, date(2024, 11, 29))
    assert p.days_left == 32
    assert p.per_week.public == D("6.6")  # 6.5625 rounded up
    assert p.per_week.professional == D("8.8")  # 40 × 7 / 32 = 8.75 → 8.8
    assert p.per_week.total == D("15.4")  # 70 × 7 / 32 = 15.3125 → 15.4


def test_pace_in_the_last_week_is_everything_left(pack: RulePack) -> None:
    result = evaluate([], pack, 2024)
    assert pace(result, date(2024, 12, 28)).per_week.total == D(90)
    assert pace(result, date(2024, 12, 31)).days_left == 0


def test_pace_after_the_deadline(pack: RulePack) -> None:
    p = pace(evaluate([], pack, 2024), date(2025, 1, 2))
    assert p.days_left == -2 and p.passed


def test_pace_with_an_internal_deadline(pack: RulePack) -> None:
    result = evaluate([], pack, 2024, deadline="12-15")
    assert result.deadline == date(2024, 12, 15)
    assert pace(result, date(2024, 12, 1)).days_left == 14
    assert evaluate([], pack, 2024, deadline=date(2023, 12, 1)).deadline == date(2024, 12, 31)  # another year's date


def test_expected_by_and_on_pace(pack: RulePack) -> None:
    """On 2024-07-01, day 183 of 366: expected public 30 × 183/366 = 15, professional 30."""
    today = date(2024, 7, 1)
    result = evaluate([], pack, 2024)
    expected = expected_by(result, today)
    assert (expected.public, expected.professional) == (D(15), D(30))
    assert not on_pace(result, today)
    ahead = [act(1, "training", "2024-03-01", subject="public", hours=15), act(2, "exam", "2024-04-01", level="senior")]
    assert on_pace(evaluate(ahead, pack, 2024), today)
    assert not on_pace(evaluate(ahead, pack, 2024), date(2025, 1, 1))  # incomplete after the deadline


@pytest.mark.parametrize(
    ("kind", "fields", "count", "credited", "room", "items", "points"),
    [
        ("unit-training", {"hours": 4}, 1, 4, 6, None, None),
        ("visit", {"days": 1}, 1, 8, 22, None, None),
        ("conference", {"days": 1}, 1, 8, 2, None, None),
        ("degree-course", {"subject": "public"}, 1, 10, 20, 2, None),
        ("xuexi", {"points": 2500}, 1, 2, 8, None, 7500),  # 8 more hours need 8,000 − 500 already past the 2nd
        ("paper", {}, 1, 10, 20, 2, None),
        ("book", {"role": "edited"}, 1, 10, 20, 1, None),  # one sole book (20) fills it
        ("patent", {"type": "utility"}, 1, 3, 7, 2, None),  # inventions of 5: 2 more
        ("project", {"level": "municipal"}, 1, 10, 20, 1, None),
        ("award", {"level": "municipal"}, 1, 20, 40, 1, None),
        ("talk", {"minutes": 45}, 1, 2, 18, None, None),
        ("paper", {}, 3, 30, 0, 0, None),
    ],
)
def test_cap_room_for_each_capped_rule(pack: RulePack, kind, fields, count, credited, room, items, points) -> None:  # type: ignore[no-untyped-def]
    activities = [act(i, kind, f"2024-0{i}-01", **fields) for i in range(1, count + 1)]
    rooms = {r.rule.kind: r for r in cap_room(evaluate(activities, pack, 2024), activities)}
    assert len(rooms) == 11  # every capped rule is listed
    got = rooms[kind]
    assert (got.credited, got.room, got.items, got.points) == (D(credited), D(room), items, points)
    assert got.full == (room == 0)


def test_projection_counts_planned_as_done(pack: RulePack) -> None:
    activities = [
        act(1, "training", "2024-03-01", subject="public", hours=30),
        act(2, "training", "2024-03-01", subject="professional", hours=32),
        act(3, "exam", "2024-12-20", level="intermediate", status="planned"),  # +20
        act(4, "paper", "2024-12-21", status="planned"),  # +10
        act(5, "paper", "2024-12-22", status="rejected"),  # stays 0
    ]
    now = evaluate(activities, pack, 2024).credited
    then = projected(activities, pack, 2024).credited
    assert (now.total, then.total) == (D(62), D(92))
    assert (then.public, then.professional) == (D(30), D(62))


def test_suggestions_cheapest_first_and_only_with_room(pack: RulePack) -> None:
    activities = [act(1, "xuexi", "2024-02-01", points=12000)]  # xuexi full
    result = evaluate(activities, pack, 2024)
    public = [s.rule.kind for s in suggestions(result) if s.subject.value == "public"]
    assert public[:2] == ["training", "program"]
    assert "xuexi" not in public and "degree-course" in public
    professional = [s.rule.kind for s in suggestions(result) if s.subject.value == "professional"]
    assert professional[:2] == ["training", "program"]
    assert set(professional) == {k for k in pack.kinds if k not in ("xuexi", "registered")}  # registered: no task


def test_no_suggestions_when_complete(pack: RulePack) -> None:
    activities = [
        act(1, "training", "2024-01-01", subject="public", hours=30),
        act(2, "training", "2024-01-01", subject="professional", hours=60),
    ]
    assert suggestions(evaluate(activities, pack, 2024)) == []


def test_overview(pack: RulePack) -> None:
    view = overview([act(1, "exam", "2024-12-01", level="senior", status="planned")], pack, 2024, date(2024, 11, 29))
    assert view.has_planned and view.projected.professional == D(30) and view.result.credited.total == 0
    assert len(view.rooms) == 11 and not view.on_pace


def test_an_activity_dated_after_today_is_a_plan_whatever_its_status(pack: RulePack) -> None:
    """SPEC §8.1: a conference on 26 October earns nothing on 20 July, even marked done; it is projected."""
    from cpd_cli.core.explain import FutureNote

    activities = [act(1, "conference", "2024-10-26", days=3, status="done")]
    view = overview(activities, pack, 2024, date(2024, 7, 20))
    (item,) = view.result.activities
    assert item.credited == 0 and item.notes == (FutureNote(date(2024, 7, 20)),)
    assert view.has_planned and view.projected.professional == D(10)
    assert overview(activities, pack, 2024, date(2024, 10, 26)).result.credited.professional == D(10)
    assert evaluate(activities, pack, 2024).credited.professional == D(10)  # no today: the worked cases' way
