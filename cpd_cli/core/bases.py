"""The evaluation's first stage: each activity's base, what its rule's credit basis gives it.

Time is converted to 学时 exactly and cut down to the pack's step (Art. 7); an
activity planned, dated after today, rejected, or missing a requirement of its
rule is eligible for nothing; points earn the whole hours the year's running
total completes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal, assert_never

from cpd_cli.core.explain import (
    BlockedStep,
    ChoiceStep,
    ConversionStep,
    FutureNote,
    PlannedNote,
    PointsStep,
    RateStep,
    RejectedNote,
    RequirementNote,
    StatusNote,
    Step,
    TimeStep,
    YearPointsStep,
)
from cpd_cli.core.model import Activity, Status, Subject
from cpd_cli.core.results import ZERO, Work
from cpd_cli.core.rulemodel import PerItem, PerItemBy, Points, Rule, RulePack, Time, TimeFactor

Ratio = tuple[int, int]  # an exact positive rational: (numerator, denominator)


def cut_down(amount: Ratio, step: Decimal) -> Decimal:
    """``amount`` cut down to a whole number of ``step`` (Art. 7 decision), in integers."""
    numerator, denominator = amount
    step_numerator, step_denominator = step.as_integer_ratio()
    return (numerator * step_denominator) // (denominator * step_numerator) * step


def time_in_hours(activity: Activity, pack: RulePack) -> Ratio:
    """The activity's time in 学时, exact: hours as given, minutes ÷ 45, days × 8."""
    units = pack.units
    if activity.hours is not None:
        return activity.hours.as_integer_ratio()
    if activity.minutes is not None:
        n, d = activity.minutes.as_integer_ratio()
        per_n, per_d = units.minutes_per_hour.as_integer_ratio()
        return n * per_d, d * per_n
    if activity.days is not None:
        n, d = activity.days.as_integer_ratio()
        per_n, per_d = units.hours_per_day.as_integer_ratio()
        return n * per_n, d * per_d
    raise ValueError(f"activity #{activity.id} has no time")  # validation guarantees one


def _times(amount: Ratio, factor: Decimal | None) -> Ratio:
    if factor is None:
        return amount
    n, d = factor.as_integer_ratio()
    return amount[0] * n, amount[1] * d


def base_of(activity: Activity, rule: Rule, pack: RulePack) -> Decimal:
    """What the rule's credit basis gives one activity on its own."""
    match rule.basis:
        case Time():
            return cut_down(time_in_hours(activity, pack), pack.units.round_down_to)
        case TimeFactor(factor=factor):
            return cut_down(_times(time_in_hours(activity, pack), factor), pack.units.round_down_to)
        case PerItem(rate=rate):
            return rate
        case PerItemBy(by=by, rates=rates):
            return rates[getattr(activity, by)]
        case Points(per_hour=per_hour):
            assert activity.points is not None
            return Decimal(activity.points // per_hour)
        case _:
            assert_never(rule.basis)


def conversion(activity: Activity, rule: Rule, pack: RulePack, base: Decimal) -> ConversionStep:
    """How the base was reached, with the numbers that went in."""
    match rule.basis:
        case Time():
            return _time_step(activity, pack, base, None, pack.units.article)
        case TimeFactor(factor=factor):
            return _time_step(activity, pack, base, factor, f"{pack.units.article}, {rule.article}")
        case PerItem():
            return RateStep(rule.article, base)
        case PerItemBy(by=by, labels=labels):
            choice = getattr(activity, by)
            return ChoiceStep(rule.article, base, by, choice, labels.get(choice, choice))
        case Points(per_hour=per_hour):
            assert activity.points is not None
            return PointsStep(rule.article, base, activity.points, per_hour)
        case _:
            assert_never(rule.basis)


def _time_step(activity: Activity, pack: RulePack, base: Decimal, factor: Decimal | None, article: str) -> TimeStep:
    units = pack.units
    field: Literal["hours", "minutes", "days"]
    if activity.hours is not None:
        field, amount, per = "hours", activity.hours, None
    elif activity.minutes is not None:
        field, amount, per = "minutes", activity.minutes, units.minutes_per_hour
    else:
        assert activity.days is not None
        field, amount, per = "days", activity.days, units.hours_per_day
    exact = Fraction(*_times(time_in_hours(activity, pack), factor))
    return TimeStep(article, base, field, amount, per, factor, exact, units.round_down_to)


def start(activity: Activity, rule: Rule, pack: RulePack, explain: bool, today: date | None = None) -> Work:
    subject = activity.subject if rule.subject_is_given else Subject(rule.subject)
    assert subject is not None  # validation requires a subject where the rule leaves it to the activity
    base = base_of(activity, rule, pack)
    reasons: list[StatusNote] = []
    if activity.status is Status.PLANNED:
        reasons.append(PlannedNote())
    elif today is not None and activity.date > today:
        reasons.append(FutureNote(today))
    elif activity.status is Status.REJECTED:
        reasons.append(RejectedNote())
    for field in rule.requires:
        if getattr(activity, field) is False:
            reasons.append(RequirementNote(rule.article, field, (rule.passing or "") if field == "passed" else ""))
    blocked = bool(reasons)
    trace: list[Step] | None = None
    if explain:
        trace = [conversion(activity, rule, pack, base), *(BlockedStep(note) for note in reasons)]
    return Work(
        activity,
        rule,
        subject,
        base,
        blocked=blocked,
        eligible=ZERO if blocked else base,
        notes=tuple(reasons),
        trace=trace,
    )


def count_points(work: list[Work]) -> None:
    """Points bases: each crediting entry earns the whole hours its points complete.

    ``work`` is in date order, so the running sum is the year's cumulative points.
    """
    running: dict[str, int] = defaultdict(int)
    for item in work:
        rule, activity = item.rule, item.activity
        match rule.basis:
            case Points(per_hour=per_hour):
                pass
            case Time() | TimeFactor() | PerItem() | PerItemBy():
                continue
            case _:
                assert_never(rule.basis)
        if not activity.status.credits or _future(item):
            continue
        assert activity.points is not None
        before = running[rule.kind]
        after = before + activity.points
        running[rule.kind] = after
        item.base = Decimal(after // per_hour - before // per_hour)
        item.eligible = ZERO if item.blocked else item.base
        if item.trace is not None:
            item.trace[0] = YearPointsStep(rule.article, item.base, activity.points, per_hour, before)


def _future(item: Work) -> bool:
    return any(isinstance(note, FutureNote) for note in item.notes)
