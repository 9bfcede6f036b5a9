"""The evaluator: a year's activities in, credited hours out, every cut explained.

Order of work:

1. each activity's *base* — what its rule's credit basis gives it, converted to
   学时 and cut down to the pack's step (Art. 7);
2. what it is *eligible* for — 0 when planned, rejected, or a requirement of the
   rule (passed, core journal) is not met;
3. same-content groups (Art. 11), formed over the whole ledger: only the
   year's member with the highest eligible credit counts;
4. annual caps, earliest activity first; a cap that mixes subjects
   (``cap_allocation = "shortfall"``) is filled last, course by course, toward the
   subject that is shorter.

A year's activities are those dated in it and not made up for an earlier year,
then the make-up study (补学, Art. 13) done later for it: make-up activities are
evaluated with the year's own, under the same caps, after them, so the year's
own activities take each cap's room first.

All amounts are :class:`~decimal.Decimal` (exact on one-decimal figures) or
exact integer ratios during conversion; never floats.

Each activity's result says why it earned less (its notes) and, with
``explain``, how its credit was reached (its trace); the year's result carries
warnings.  Those records are in :mod:`cpd_cli.core.explain`.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal, NamedTuple

from cpd_cli.core import vocabulary
from cpd_cli.core.dates import deadline_in
from cpd_cli.core.explain import (
    BeforeEffectiveWarning,
    BlockedStep,
    CapNote,
    CapStep,
    ChoiceStep,
    ConversionStep,
    FutureNote,
    Note,
    PlannedNote,
    PointsStep,
    RateStep,
    RejectedNote,
    RequirementNote,
    SameContentNote,
    SameContentOtherYearWarning,
    SameContentStep,
    SectorWarning,
    ShortfallCapStep,
    ShortfallReason,
    StatusNote,
    Step,
    TimeStep,
    YearPointsStep,
    YearWarning,
)
from cpd_cli.core.model import Activity, Status, Subject
from cpd_cli.core.rulemodel import Rule, RulePack

ZERO = Decimal(0)


# ---------------------------------------------------------------- results


class Hours(NamedTuple):
    public: Decimal
    professional: Decimal
    total: Decimal

    def of(self, subject: Subject) -> Decimal:
        return self.public if subject is Subject.PUBLIC else self.professional

    @classmethod
    def summed(cls, amounts: Iterable[tuple[Subject, Decimal]]) -> Hours:
        """The amounts added up by subject, and their total."""
        public = professional = ZERO
        for subject, amount in amounts:
            if subject is Subject.PUBLIC:
                public += amount
            else:
                professional += amount
        return cls(public, professional, public + professional)


class ActivityResult(NamedTuple):
    activity: Activity
    rule: Rule
    subject: Subject
    base: Decimal
    credited: Decimal
    notes: tuple[Note, ...]
    trace: tuple[Step, ...] = ()

    @property
    def route(self) -> str:
        return self.rule.route


class CapResult(NamedTuple):
    rule: Rule
    cap: Decimal
    base: Decimal  # what the rule would credit this year without its cap
    credited: Decimal
    kept: tuple[int, ...] = ()  # a mixed cap's items that took credit, in the order the cap took them

    @property
    def room(self) -> Decimal:
        return max(ZERO, self.cap - self.credited)


class YearResult(NamedTuple):
    year: int
    pack: RulePack
    deadline: date
    required: Hours
    credited: Hours
    remaining: Hours
    activities: tuple[ActivityResult, ...]
    caps: tuple[CapResult, ...]
    warnings: tuple[YearWarning, ...]
    elsewhere: tuple[Activity, ...] = ()  # dated in this year, but make-up study for an earlier one

    @property
    def complete(self) -> bool:
        return self.remaining.total == 0

    @property
    def own(self) -> tuple[ActivityResult, ...]:
        """The year's own activities, in date order."""
        return tuple(item for item in self.activities if not item.activity.is_makeup)

    @property
    def makeup(self) -> tuple[ActivityResult, ...]:
        """Make-up study done later for this year, in date order."""
        return tuple(item for item in self.activities if item.activity.is_makeup)

    @property
    def makeup_credited(self) -> Hours:
        return _total(self.makeup)

    @property
    def complete_without_makeup(self) -> bool:
        """Whether the year's own activities meet the requirement (they take cap room first)."""
        return remaining_after(self.required, _total(self.own)).total == 0


@dataclass
class _Work:
    """An activity on its way through the evaluation; the passes below update it."""

    activity: Activity
    rule: Rule
    subject: Subject
    base: Decimal
    blocked: bool  # planned, rejected, or a requirement not met: eligible for nothing
    eligible: Decimal
    notes: tuple[Note, ...]
    trace: list[Step] | None  # only when the caller asked to explain
    credited: Decimal = ZERO


def evaluate(
    activities: Iterable[Activity],
    pack: RulePack,
    year: int,
    *,
    sector: str | None = None,
    deadline: str | date | None = None,
    explain: bool = False,
    today: date | None = None,
) -> YearResult:
    """Evaluate ``year`` of a validated ledger under ``pack``.

    With ``explain``, each activity's result carries its trace (the steps of
    ``--explain``); without, the trace is empty.  With ``today``, an activity
    dated after it is a plan whatever its status (SPEC §8.1): it earns nothing yet.
    """
    everything = list(activities)
    in_year = sorted((a for a in everything if a.year == year), key=counting_order)
    rules = pack.by_kind()
    work = [_start(activity, rules[activity.kind], pack, explain, today) for activity in in_year]
    _count_points(work)
    groups = same_content_groups(everything)
    _keep_the_best_of_same_content(work, groups, pack)
    caps = _apply_caps(work, pack, year)
    credited = _total(work)
    required = Hours(pack.requirement.public, pack.requirement.professional, pack.requirement.total)
    return YearResult(
        year=year,
        pack=pack,
        deadline=deadline_in(year, deadline, pack.deadline_month_day),
        required=required,
        credited=credited,
        remaining=remaining_after(required, credited),
        activities=tuple(
            ActivityResult(w.activity, w.rule, w.subject, w.base, w.credited, w.notes, tuple(w.trace or ()))
            for w in work
        ),
        caps=caps,
        warnings=tuple(_warnings(work, groups, everything, pack, year, sector)),
        elsewhere=tuple(sorted((a for a in everything if a.is_makeup and a.date.year == year), key=counting_order)),
    )


def counting_order(activity: Activity) -> tuple[bool, date, int]:
    """The year's own activities by date, then id; make-up activities after them, likewise."""
    return (activity.is_makeup, activity.date, activity.id)


def remaining_after(required: Hours, credited: Hours) -> Hours:
    """What is still missing: total = max(0, 90 − total, public left + professional left)."""
    public = max(ZERO, required.public - credited.public)
    professional = max(ZERO, required.professional - credited.professional)
    return Hours(public, professional, max(ZERO, required.total - credited.total, public + professional))


# ---------------------------------------------------------------- base


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
    if rule.basis == "time":
        return cut_down(time_in_hours(activity, pack), pack.units.round_down_to)
    if rule.basis == "time-factor":
        return cut_down(_times(time_in_hours(activity, pack), rule.factor), pack.units.round_down_to)
    if rule.basis == "per-item":
        assert rule.rate is not None
        return rule.rate
    if rule.basis == "per-item-by":
        assert rule.by is not None
        return rule.rates[getattr(activity, rule.by)]
    if rule.basis == "points":
        assert rule.points_per_hour is not None and activity.points is not None
        return Decimal(activity.points // rule.points_per_hour)
    raise ValueError(f"unknown basis {rule.basis!r}")  # the pack loader rejects these


def conversion(activity: Activity, rule: Rule, pack: RulePack, base: Decimal) -> ConversionStep:
    """How the base was reached, with the numbers that went in."""
    units = pack.units
    if rule.uses_time:
        field: Literal["hours", "minutes", "days"]
        if activity.hours is not None:
            field, amount, per = "hours", activity.hours, None
        elif activity.minutes is not None:
            field, amount, per = "minutes", activity.minutes, units.minutes_per_hour
        else:
            assert activity.days is not None
            field, amount, per = "days", activity.days, units.hours_per_day
        factor = rule.factor if rule.basis == "time-factor" else None
        exact = Fraction(*_times(time_in_hours(activity, pack), factor))
        article = units.article if rule.basis == "time" else f"{units.article}, {rule.article}"
        return TimeStep(article, base, field, amount, per, factor, exact, units.round_down_to)
    if rule.basis == "per-item":
        return RateStep(rule.article, base)
    if rule.basis == "per-item-by":
        assert rule.by is not None
        choice = getattr(activity, rule.by)
        return ChoiceStep(rule.article, base, rule.by, choice, rule.labels.get(choice, choice))
    assert activity.points is not None and rule.points_per_hour is not None
    return PointsStep(rule.article, base, activity.points, rule.points_per_hour)


def _start(activity: Activity, rule: Rule, pack: RulePack, explain: bool, today: date | None = None) -> _Work:
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
    return _Work(
        activity,
        rule,
        subject,
        base,
        blocked=blocked,
        eligible=ZERO if blocked else base,
        notes=tuple(reasons),
        trace=trace,
    )


def _count_points(work: list[_Work]) -> None:
    """Points bases: each crediting entry earns the whole hours its points complete.

    ``work`` is in date order, so the running sum is the year's cumulative points.
    """
    running: dict[str, int] = defaultdict(int)
    for item in work:
        rule, activity = item.rule, item.activity
        if rule.basis != "points" or not activity.status.credits or _future(item):
            continue
        assert rule.points_per_hour is not None and activity.points is not None
        before = running[rule.kind]
        after = before + activity.points
        running[rule.kind] = after
        item.base = Decimal(after // rule.points_per_hour - before // rule.points_per_hour)
        item.eligible = ZERO if item.blocked else item.base
        if item.trace is not None:
            item.trace[0] = YearPointsStep(rule.article, item.base, activity.points, rule.points_per_hour, before)


def _future(item: _Work) -> bool:
    return any(isinstance(note, FutureNote) for note in item.notes)


# ---------------------------------------------------------------- same content


def same_content_groups(activities: Iterable[Activity]) -> dict[int, tuple[int, ...]]:
    """Each linked activity's group: the ids joined to it by ``same_as``, transitively,
    over every activity given (all years, every status), in id order."""
    parent: dict[int, int] = {}  # union-find over the linked ids

    def root(node: int) -> int:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for activity in activities:
        if activity.same_as is not None:
            parent[root(activity.id)] = root(activity.same_as)
    if not parent:
        return {}
    members: dict[int, list[int]] = defaultdict(list)
    for node in list(parent):
        members[root(node)].append(node)
    return {node: tuple(sorted(group)) for group in members.values() for node in group}


def _keep_the_best_of_same_content(work: list[_Work], groups: dict[int, tuple[int, ...]], pack: RulePack) -> None:
    """Groups of activities joined by ``same_as`` (transitively, over the whole ledger) count once a year.

    Of a group's members in this year that earn now, the one with the highest
    eligible credit keeps it, the lowest id on a tie; the others are eligible for
    nothing.  Members of other years, and blocked members, do not compete.
    ``groups`` is :func:`same_content_groups` of the whole ledger.
    """
    in_year: dict[tuple[int, ...], list[_Work]] = defaultdict(list)
    for item in work:
        group = groups.get(item.activity.id)
        if group is not None:
            in_year[group].append(item)
    for group, members in in_year.items():
        competing = [m for m in members if not m.blocked]
        if len(competing) < 2:  # alone in its year: nothing to choose between
            continue
        winner = max(competing, key=lambda m: (m.eligible, -m.activity.id))
        for member in competing:
            if member is not winner:
                member.eligible = ZERO
                member.notes += (SameContentNote(pack.validity_article, winner.activity.id),)
            if member.trace is not None:
                step = SameContentStep(
                    pack.validity_article,
                    member.eligible,
                    group=group,
                    member=member.activity.id,
                    winner=winner.activity.id,
                    best=winner.eligible,
                )
                member.trace.append(step)


# ---------------------------------------------------------------- caps


def _apply_caps(work: list[_Work], pack: RulePack, year: int) -> tuple[CapResult, ...]:
    """Every cap filled by the year's own activities, then by its make-up activities with the room left."""
    results: dict[str, CapResult] = {}
    _fill_caps([item for item in work if not item.activity.is_makeup], work, pack, year, results)
    makeup = [item for item in work if item.activity.is_makeup]
    if makeup:
        _fill_caps(makeup, work, pack, year, results)
    return tuple(results[rule.kind] for rule in pack.rules if rule.kind in results)


def _fill_caps(items: list[_Work], work: list[_Work], pack: RulePack, year: int, results: dict[str, CapResult]) -> None:
    """Credit ``items`` under each cap's room left in ``results`` (updated): earliest caps first,
    then mixed caps toward the subject the whole year's ``work`` leaves more short."""
    by_kind: dict[str, list[_Work]] = defaultdict(list)
    for item in items:
        by_kind[item.rule.kind].append(item)
    for rule in pack.rules:
        members = by_kind.get(rule.kind, [])
        if rule.cap is None:
            for item in members:
                item.credited = item.eligible
        elif rule.cap_allocation == "earliest":
            results[rule.kind] = _fill_earliest(rule, members, year, results.get(rule.kind))
    totals = _total(work)
    for rule in pack.rules:
        if rule.cap is not None and rule.cap_allocation == "shortfall":
            results[rule.kind] = _fill_by_shortfall(
                rule, by_kind.get(rule.kind, []), pack, totals, year, results.get(rule.kind)
            )


def _fill_earliest(rule: Rule, items: list[_Work], year: int, before: CapResult | None = None) -> CapResult:
    """``before``: what earlier items already took of the cap."""
    assert rule.cap is not None
    room = rule.cap - (before.credited if before else ZERO)
    base = before.base if before else ZERO
    for item in items:  # already in date, id order
        if item.eligible <= ZERO:
            continue
        base += item.eligible
        kept = _keep(item, rule, room, year)
        if item.trace is not None:
            step = CapStep(rule.article, kept, rule.cap, used=rule.cap - room, room=room, eligible=item.eligible)
            item.trace.append(step)
        room -= kept
    return CapResult(rule, rule.cap, base, rule.cap - room)


def _fill_by_shortfall(
    rule: Rule, items: list[_Work], pack: RulePack, totals: Hours, year: int, before: CapResult | None = None
) -> CapResult:
    """Fill a mixed-subject cap one item at a time toward the subject more short; public on a tie.

    ``before``: what earlier items already took of the cap."""
    assert rule.cap is not None
    queues = {subject: deque(i for i in items if i.subject is subject and i.eligible > 0) for subject in Subject}
    base = sum((i.eligible for queue in queues.values() for i in queue), before.base if before else ZERO)
    credited = {subject: totals.of(subject) for subject in Subject}
    room = rule.cap - (before.credited if before else ZERO)
    kept_before: list[int] = list(before.kept) if before else []  # items kept so far, in the cap's order
    while any(queues.values()):
        short = {subject: max(ZERO, pack.requirement.of(subject) - credited[subject]) for subject in Subject}
        left = [s for s in Subject if queues[s]]
        subject = max(left, key=lambda s: (short[s], s is Subject.PUBLIC))
        item = queues[subject].popleft()
        kept = _keep(item, rule, room, year)
        if item.trace is not None:
            step = ShortfallCapStep(
                rule.article,
                kept,
                rule.cap,
                used=rule.cap - room,
                room=room,
                eligible=item.eligible,
                shortfall_public=short[Subject.PUBLIC],
                shortfall_professional=short[Subject.PROFESSIONAL],
                turn=len(kept_before) + 1,
                before=tuple(kept_before),
                toward=subject.value,
                reason=_shortfall_reason(short, left),
            )
            item.trace.append(step)
        if kept > 0:
            kept_before.append(item.activity.id)
        credited[subject] += kept
        room -= kept
    return CapResult(rule, rule.cap, base, rule.cap - room, tuple(kept_before))


def _shortfall_reason(short: dict[Subject, Decimal], left: list[Subject]) -> ShortfallReason:
    """Why the subject chosen for a mixed cap's next item was chosen."""
    if len(left) == 1:
        return "only"
    if short[Subject.PUBLIC] == short[Subject.PROFESSIONAL]:
        return "met" if short[Subject.PUBLIC] == 0 else "tie"
    return "larger"


def _keep(item: _Work, rule: Rule, room: Decimal, year: int) -> Decimal:
    """Credit what ``room`` is left under ``rule``'s cap; say so in a note when it is less."""
    assert rule.cap is not None
    kept = min(room, item.eligible) if room > ZERO else ZERO
    item.credited = kept
    if kept < item.eligible:
        item.notes += (CapNote(rule.article, rule.cap, kept, item.eligible, year),)
    return kept


def _total(items: Iterable[_Work | ActivityResult]) -> Hours:
    return Hours.summed((item.subject, item.credited) for item in items)


# ---------------------------------------------------------------- warnings


def _warnings(
    work: list[_Work],
    groups: dict[int, tuple[int, ...]],
    everything: list[Activity],
    pack: RulePack,
    year: int,
    sector: str | None,
) -> list[YearWarning]:
    warnings: list[YearWarning] = []
    known_sector = vocabulary.sector(sector) if sector else None  # 卫生 → health
    if known_sector and known_sector in pack.own_rule_sectors:
        warnings.append(SectorWarning(pack.sectors_article, known_sector))
    if date(year, 1, 1) < pack.effective_from:
        warnings.append(BeforeEffectiveWarning(pack.id, pack.effective_from))
    if groups:
        warnings += _same_content_in_other_years(work, groups, everything, pack)
    return warnings


def _same_content_in_other_years(
    work: list[_Work], groups: dict[int, tuple[int, ...]], everything: list[Activity], pack: RulePack
) -> list[SameContentOtherYearWarning]:
    """For each group with members in this year and in others: one warning per other-year member,
    naming the member of this year that counts (or, when none does, the lowest id)."""
    by_id = {activity.id: activity for activity in everything if activity.id in groups}
    this_year = {item.activity.id: item for item in work}
    warnings = []
    for group in dict.fromkeys(groups[i] for i in this_year if i in groups):
        mine = [this_year[i] for i in group if i in this_year]
        theirs = [by_id[i] for i in group if i not in this_year and i in by_id]
        if not theirs:
            continue
        counting = [m for m in mine if m.eligible > 0]
        shown = counting[0] if counting else mine[0]
        warnings += [
            SameContentOtherYearWarning(pack.validity_article, shown.activity.id, other.id, other.year)
            for other in theirs
        ]
    return warnings
