"""Looking ahead: pace to the deadline, room under each cap, what planned activities
would bring, and which rules can still close a gap.

Everything here is computed from a :class:`~cpd_cli.core.evaluate.YearResult`
and a date given by the caller; nothing reads the clock.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple, assert_never

from cpd_cli.core.dates import deadline_in
from cpd_cli.core.evaluate import ZERO, ActivityResult, Hours, YearResult, evaluate
from cpd_cli.core.model import Activity, Ledger, Status, Subject
from cpd_cli.core.rulemodel import PerItem, PerItemBy, Points, Time, TimeFactor
from cpd_cli.core.rules import Rule, RulePack

STEP = Decimal("0.1")


def round_up(value: Fraction, step: Decimal = STEP) -> Decimal:
    """A pace is a minimum: round it up to the step, never down."""
    return math.ceil(value / Fraction(step)) * step


class Pace(NamedTuple):
    today: date
    deadline: date
    days_left: int  # days after today up to and including the deadline; 0 on the day
    per_week: Hours  # 学时 a week still needed, rounded up to 0.1

    @property
    def passed(self) -> bool:
        return self.days_left < 0


def pace(result: YearResult, today: date) -> Pace:
    days_left = (result.deadline - today).days
    weeks = max(Fraction(1), Fraction(max(days_left, 0), 7))
    left = result.remaining
    return Pace(
        today,
        result.deadline,
        days_left,
        Hours(
            round_up(Fraction(left.public) / weeks),
            round_up(Fraction(left.professional) / weeks),
            round_up(Fraction(left.total) / weeks),
        ),
    )


def year_end(result: YearResult) -> date:
    """The year's own deadline under its pack (31 December), whatever a unit's internal date."""
    return deadline_in(result.year, None, result.pack.deadline_month_day)


def year_is_over(result: YearResult, today: date) -> bool:
    return today > year_end(result)


def expected_by(result: YearResult, today: date) -> Hours:
    """What a steady pace from 1 January would have credited by ``today``."""
    start = date(result.year, 1, 1)
    span = (result.deadline - start).days + 1
    elapsed = min(max((today - start).days + 1, 0), span)
    share = Fraction(elapsed, span)
    required = result.required
    return Hours(
        round_up(Fraction(required.public) * share),
        round_up(Fraction(required.professional) * share),
        round_up(Fraction(required.total) * share),
    )


def on_pace(result: YearResult, today: date) -> bool:
    """Complete, or at least as far along as a steady pace would be by today."""
    if result.complete:
        return True
    if today > result.deadline:
        return False
    expected, credited = expected_by(result, today), result.credited
    return credited.public >= expected.public and credited.professional >= expected.professional


class CapRoom(NamedTuple):
    """How much more a capped rule can credit this year, in its own units where useful."""

    rule: Rule
    cap: Decimal
    credited: Decimal
    room: Decimal
    items: int | None = None  # per-item rules: items of the top rate that would fill the room
    points: int | None = None  # points rules: points that would fill the room

    @property
    def full(self) -> bool:
        return self.room <= 0


def cap_room(result: YearResult, activities: Iterable[Activity]) -> list[CapRoom]:
    rooms = []
    for cap in result.caps:
        rule, room = cap.rule, cap.room
        items = points = None
        match rule.basis:
            case PerItem(rate=rate) if rate:
                items = math.ceil(room / rate)
            case PerItemBy(rates=rates) if rates:
                items = math.ceil(room / max(rates.values()))
            case Points(per_hour=per_hour):
                year_points = sum(
                    a.points or 0
                    for a in activities
                    if a.kind == rule.kind and a.year == result.year and a.status.credits
                )
                points = max(0, int(room) * per_hour - year_points % per_hour) if room > 0 else 0
            case Time() | TimeFactor() | PerItem() | PerItemBy():
                pass
            case _:
                assert_never(rule.basis)
        rooms.append(CapRoom(rule, cap.cap, cap.credited, room, items, points))
    return rooms


def projected(activities: Iterable[Activity], pack: RulePack, year: int, sector: str | None = None) -> YearResult:
    """The year as it would stand if every planned activity were done."""
    done = [a._replace(status=Status.DONE) if a.status is Status.PLANNED else a for a in activities]
    return evaluate(done, pack, year, sector=sector)


class Suggestion(NamedTuple):
    """A rule that can still give ``subject`` hours this year; ``room`` None = no cap."""

    subject: Subject
    rule: Rule
    room: Decimal | None
    short: Decimal

    @property
    def can_still_do(self) -> bool:
        """Credited by time spent, so a person can still do it before the deadline; the
        others (a paper, a patent, an exam passed) are results to record if they exist."""
        return self.rule.uses_time


def suggestions(result: YearResult) -> list[Suggestion]:
    """For each subject still short, the rules with room left that credit it.

    Order: first what a person can still do before the deadline (time-based rules:
    those without a cap, which close any gap, then the others by how much of the
    gap they can still cover, most first), then the results to record if one has
    them (papers, patents, exams …), in the same order; pack order breaks ties.
    """
    room = {cap.rule.kind: cap.room for cap in result.caps}
    found = []
    for subject in Subject:
        short = result.remaining.of(subject)
        if short <= 0:
            continue
        candidates = [
            rule
            for rule in result.pack.rules
            if (rule.subject_is_given or rule.subject == subject)
            and room.get(rule.kind, Decimal(1)) > 0
            and rule.suggest
        ]

        def cost(pair: tuple[int, Rule], short: Decimal = short) -> tuple[bool, bool, Decimal, int]:
            index, rule = pair
            cover = short if rule.cap is None else min(short, room.get(rule.kind, ZERO))
            return (not rule.uses_time, rule.cap is not None, -cover, index)

        ordered = sorted(enumerate(candidates), key=cost)
        found += [Suggestion(subject, rule, room.get(rule.kind), short) for _, rule in ordered]
    return found


class Overview(NamedTuple):
    """Everything ``cpd status`` shows about one year, computed once."""

    result: YearResult
    pace: Pace
    rooms: tuple[CapRoom, ...]
    projected: Hours
    has_planned: bool
    suggestions: tuple[Suggestion, ...]  # none once the year is over: only make-up study is left
    on_pace: bool
    makeup_in: int | None = None  # the year is over and incomplete: make-up study (补学) this year is the way


def overview(
    activities: Iterable[Activity],
    pack: RulePack,
    year: int,
    today: date,
    *,
    sector: str | None = None,
    deadline: str | date | None = None,
    explain: bool = False,
) -> Overview:
    activities = list(activities)
    result = evaluate(activities, pack, year, sector=sector, deadline=deadline, explain=explain, today=today)
    # a year that is over can no longer do what it planned: nothing of it is projected
    has_planned = not year_is_over(result, today) and any(
        a.year == year and (a.status is Status.PLANNED or (a.date > today and a.status.credits)) for a in activities
    )
    return Overview(
        result=result,
        pace=pace(result, today),
        rooms=tuple(cap_room(result, activities)),
        # nothing planned this year: the projection is the year itself, no second evaluation
        projected=projected(activities, pack, year, sector).credited if has_planned else result.credited,
        has_planned=has_planned,
        suggestions=() if year_is_over(result, today) else tuple(suggestions(result)),
        on_pace=on_pace(result, today),
        makeup_in=today.year if year_is_over(result, today) and not result.complete else None,
    )


def ledger_year(
    ledger: Ledger, pack: RulePack, year: int, *, explain: bool = False, today: date | None = None
) -> YearResult:
    """``year`` of ``ledger`` evaluated with what its profile sets: sector and deadline; with
    ``today``, what is dated after it earns nothing yet."""
    profile = ledger.profile
    return evaluate(
        ledger.activities, pack, year, sector=profile.sector, deadline=profile.deadline, explain=explain, today=today
    )


def credits_by_id(
    ledger: Ledger, pack: RulePack, years: Iterable[int], *, explain: bool = False, today: date | None = None
) -> dict[int, ActivityResult]:
    """Each activity's credit in the given years, evaluating each year once."""
    found: dict[int, ActivityResult] = {}
    for year in sorted(set(years)):
        for item in ledger_year(ledger, pack, year, explain=explain, today=today).activities:
            found[item.activity.id] = item
    return found


def knock_on(
    before: Ledger, after: Ledger, pack: RulePack, years: Iterable[int], changed: int, *, today: date | None = None
) -> list[tuple[ActivityResult, ActivityResult]]:
    """The other activities whose credit a change to activity ``changed`` moved, in the given years:
    (before, after) for each, in date order — a cap or same content shares credit among them."""
    years = sorted(set(years))
    old = credits_by_id(before, pack, years, today=today)
    new = credits_by_id(after, pack, years, today=today)
    moved = [
        (old[key], item)
        for key, item in new.items()
        if key != changed and key in old and old[key].credited != item.credited
    ]
    return sorted(moved, key=lambda pair: pair[1].activity.sort_key)
