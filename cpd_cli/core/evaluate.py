"""The evaluator: a year's activities in, credited hours out, every cut explained.

Order of work (SPEC §2–§5):

1. each activity's *base* — what its rule's credit basis gives it, converted to
   学时 and cut down to the pack's step (Art. 7);
2. what it is *eligible* for — 0 when planned, rejected, or a requirement of the
   rule (passed, core journal) is not met;
3. same-content groups (Art. 11): only the member with the highest eligible
   credit counts;
4. annual caps, earliest activity first; a cap that mixes subjects
   (``cap_allocation = "shortfall"``) is filled last, course by course, toward the
   subject that is shorter.

All amounts are :class:`~decimal.Decimal` (exact on one-decimal figures) or
exact integer ratios during conversion; never floats.
"""

from __future__ import annotations

import gc
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any, NamedTuple

from cpd_cli.core.dates import deadline_in
from cpd_cli.core.model import EMPTY, Activity, Status, Subject
from cpd_cli.core.rules import Rule, RulePack

ZERO = Decimal(0)
SUBJECTS = (Subject.PUBLIC, Subject.PROFESSIONAL)  # iterating the Enum itself is slow in hot loops
_SUBJECT_NAMED = {subject.value: subject for subject in SUBJECTS}  # Subject(name) takes 230 ns


class Note(NamedTuple):
    """Why an activity earned less than its base.  Text is the renderers' job.

    ``code`` is one of: ``planned``, ``rejected``, ``requirement`` (``field`` not
    met), ``same-content`` (``other`` counts instead), ``cap`` (``kept`` of the
    eligible amount stayed under the ``cap`` of rule ``article``).
    """

    code: str
    article: str | None = None
    field: str | None = None
    other: int | None = None
    cap: Decimal | None = None
    kept: Decimal | None = None
    eligible: Decimal | None = None  # what the cap cut down from
    year: int | None = None


class Step(NamedTuple):
    """One step of an activity's evaluation, for ``--explain``.  Text is the renderers' job.

    ``code``: ``convert`` (input → base), ``status``, ``requirement``,
    ``same-content``, ``cap``.  ``value`` is the figure after the step; ``detail``
    holds the inputs the step used, by name.
    """

    code: str
    article: str | None
    value: Decimal
    detail: Mapping[str, Any] = EMPTY


class Warning(NamedTuple):
    """Something about the whole year a person must know.

    ``code``: ``sector`` (Art. 15 sector with its own rules), ``before-effective``
    (the year starts before the pack took effect), ``same-content-other-year``.
    """

    code: str
    article: str | None = None
    sector: str | None = None
    pack: str | None = None
    effective_from: date | None = None
    activity: int | None = None
    other: int | None = None
    other_year: int | None = None


class Hours(NamedTuple):
    public: Decimal
    professional: Decimal
    total: Decimal

    def of(self, subject: Subject) -> Decimal:
        return self.public if subject is Subject.PUBLIC else self.professional


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
    warnings: tuple[Warning, ...]

    @property
    def complete(self) -> bool:
        return self.remaining.total == 0


class _Work:
    """An activity on its way through the evaluation (mutable, so a plain class)."""

    __slots__ = (
        "activity",
        "base",
        "blocked",
        "credited",
        "eligible",
        "id",
        "notes",
        "rule",
        "same_as",
        "subject",
        "trace",
    )

    def __init__(
        self,
        activity: Activity,
        rule: Rule,
        subject: Subject,
        base: Decimal,
        eligible: Decimal,
        blocked: bool,  # planned, rejected, or a requirement not met: eligible for nothing
        notes: tuple[Note, ...],  # a tuple: most activities have none, and () is never allocated
        trace: list[Step] | None = None,  # only when the caller asked to explain
    ):
        self.activity = activity
        self.id = activity.id  # copied while the activity is at hand: later passes then read only this
        self.same_as = activity.same_as
        self.rule = rule
        self.subject = subject
        self.base = base
        self.eligible = eligible
        self.blocked = blocked
        self.credited = ZERO
        self.notes = notes
        self.trace = trace


def evaluate(
    activities: Iterable[Activity],
    pack: RulePack,
    year: int,
    *,
    sector: str | None = None,
    deadline: str | date | None = None,
    explain: bool = False,
) -> YearResult:
    """Evaluate ``year`` of a validated ledger under ``pack``.

    With ``explain``, each activity's result carries its trace (the steps of
    ``--explain``); without, the trace is empty and evaluation allocates less.
    """
    with _cyclic_gc_paused():
        return _evaluate(activities, pack, year, sector, deadline, explain)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while evaluating, as Mercurial's ``util.nogc`` does.

    Evaluation builds a few containers per activity and frees none of them until
    it returns, so cyclic-GC passes over them find nothing and only cost time,
    growing faster than the ledger: measured 1.8 s against 1.1 s for 100,000
    activities (bench/bench.py).  Reference counting still frees everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _evaluate(
    activities: Iterable[Activity],
    pack: RulePack,
    year: int,
    sector: str | None,
    deadline: str | date | None,
    explain: bool,
) -> YearResult:
    everything = list(activities)
    in_year = [a for a in everything if a.date.year == year]
    linked_here = _same_content_targets(in_year)
    # Activity.sort_key order (date, then id), as two stable sorts on plain attributes:
    # no key tuple per activity, and the id sort is nearly free on a ledger kept in id order.
    in_year.sort(key=attrgetter("id"))
    in_year.sort(key=attrgetter("date"))
    rules = pack.by_kind()
    work = [_start(activity, rules[activity.kind], pack, explain) for activity in in_year]
    _apply_points(work, pack)
    _apply_same_content(work, linked_here, pack)
    caps = _apply_caps(work, pack, year)
    credited = _sum(work)
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
        warnings=tuple(_warnings(everything, pack, year, sector)),
    )


def remaining_after(required: Hours, credited: Hours) -> Hours:
    """What is still missing (SPEC §7): total = max(0, 90 − total, public left + professional left)."""
    public = max(ZERO, required.public - credited.public)
    professional = max(ZERO, required.professional - credited.professional)
    return Hours(public, professional, max(ZERO, required.total - credited.total, public + professional))


# ---------------------------------------------------------------- base


Ratio = tuple[int, int]  # an exact positive rational: (numerator, denominator)


_MULTIPLES: dict[tuple[int, Decimal], Decimal] = {}  # (count, step) → count × step, shared


def cut_down(amount: Ratio, step: Decimal) -> Decimal:
    """``amount`` cut down to a whole number of ``step`` (Art. 7 decision), in integers.

    A ledger holds few distinct amounts (2, 4.5, 8 …), so each is made once and
    shared: 100,000 activities then hold a few dozen Decimals of 104 bytes, not
    40,000, and the evaluation's memory stays nearer the processor's caches.
    """
    numerator, denominator = amount
    step_numerator, step_denominator = step.as_integer_ratio()
    key = ((numerator * step_denominator) // (denominator * step_numerator), step)
    value = _MULTIPLES.get(key)
    if value is None:
        value = key[0] * step
        if len(_MULTIPLES) < 4096:  # bounded: a long-lived process does not grow with odd amounts
            _MULTIPLES[key] = value
    return value


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


def conversion(activity: Activity, rule: Rule, pack: RulePack, base: Decimal) -> Step:
    """How the base was reached, with the numbers that went in."""
    if rule.uses_time:
        name = "hours" if activity.hours is not None else "minutes" if activity.minutes is not None else "days"
        amount = getattr(activity, name)
        detail: dict[str, Any] = {"field": name, "amount": amount, "exact": time_in_hours(activity, pack)}
        if name == "minutes":
            detail["per_hour"] = pack.units.minutes_per_hour
        if name == "days":
            detail["per_day"] = pack.units.hours_per_day
        if rule.basis == "time-factor":
            detail["factor"] = rule.factor
            detail["exact"] = _times(detail["exact"], rule.factor)
        detail["step"] = pack.units.round_down_to
        article = pack.units.article if rule.basis == "time" else f"{pack.units.article}, {rule.article}"
        return Step("convert", article, base, detail)
    if rule.basis == "per-item":
        return Step("convert", rule.article, base, {"rate": rule.rate})
    if rule.basis == "per-item-by":
        return Step(
            "convert", rule.article, base, {"by": rule.by, "choice": getattr(activity, rule.by or ""), "rate": base}
        )
    return Step("convert", rule.article, base, {"points": activity.points, "per_hour": rule.points_per_hour})


def _start(activity: Activity, rule: Rule, pack: RulePack, explain: bool) -> _Work:
    subject = activity.subject if rule.subject_is_given else _SUBJECT_NAMED[rule.subject]
    assert subject is not None
    base = base_of(activity, rule, pack)
    notes: list[Note] = []
    if activity.status is Status.PLANNED:
        notes.append(Note("planned"))
    elif activity.status is Status.REJECTED:
        notes.append(Note("rejected"))
    for requirement in rule.requires:
        if getattr(activity, requirement) is False:
            notes.append(Note("requirement", article=rule.article, field=requirement))
    blocked = bool(notes)
    if not explain:
        return _Work(activity, rule, subject, base, ZERO if blocked else base, blocked, notes=tuple(notes))
    trace = [conversion(activity, rule, pack, base)]
    for note in notes:
        trace.append(
            Step("status" if note.code != "requirement" else "requirement", note.article, ZERO, {"note": note})
        )
    return _Work(activity, rule, subject, base, ZERO if blocked else base, blocked, notes=tuple(notes), trace=trace)


def _apply_points(work: list[_Work], pack: RulePack) -> None:
    """Points bases: each crediting entry earns the whole hours its points complete.

    ``work`` is in date order, so the running sum is the year's cumulative points.
    """
    running: dict[str, int] = defaultdict(int)
    for item in work:
        rule = item.rule
        if rule.basis != "points" or not item.activity.status.credits:
            continue
        assert rule.points_per_hour is not None and item.activity.points is not None
        before = running[rule.kind]
        after = before + item.activity.points
        running[rule.kind] = after
        item.base = Decimal(after // rule.points_per_hour - before // rule.points_per_hour)
        item.eligible = ZERO if item.blocked else item.base
        if item.trace is not None:
            item.trace[0] = Step(
                "convert",
                rule.article,
                item.base,
                {"points": item.activity.points, "per_hour": rule.points_per_hour, "before": before, "after": after},
            )


# ---------------------------------------------------------------- same content


def _same_content_targets(in_year: list[Activity]) -> set[int]:
    """The ids in ``in_year`` that another activity of the year names as ``same_as``.

    Taken in the ledger's order, before sorting by date: the ids are then read in the
    order they sit in memory.  In date order, hashing them cost 13 ms for 100,000
    activities against 3.5, each id a cache miss once the ledger outgrows the caches.
    """
    targets = {a.same_as for a in in_year if a.same_as is not None}
    return {a.id for a in in_year if a.id in targets} if targets else set()


def _apply_same_content(work: list[_Work], in_year: set[int], pack: RulePack) -> None:
    """Groups of activities joined by ``same_as`` (transitively, within the year).

    ``in_year``: the ids of the year that some ``same_as`` names (:func:`_same_content_targets`).
    """
    if not in_year:
        return
    linked = [item for item in work if item.same_as in in_year]
    if not linked:
        return
    involved = {item.id for item in linked} | {item.same_as for item in linked}
    work = [item for item in work if item.id in involved]
    parent = {item.id: item.id for item in work}

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for item in linked:
        parent[root(item.id)] = root(item.same_as)  # type: ignore[arg-type]
    groups: dict[int, list[_Work]] = defaultdict(list)
    for item in work:
        groups[root(item.id)].append(item)
    for members in groups.values():
        counting = [m for m in members if m.activity.status.credits]
        if len(members) < 2 or not counting:
            continue
        winner = max(counting, key=lambda m: (m.eligible, -m.id))
        for member in counting:
            if member is not winner:
                member.eligible = ZERO
                member.notes += (Note("same-content", article=pack.validity_article, other=winner.id),)
            if member.trace is not None:
                ids = sorted(m.id for m in members)
                detail = {"group": ids, "winner": winner.id, "best": winner.eligible, "self": member.id}
                member.trace.append(Step("same-content", pack.validity_article, member.eligible, detail))


# ---------------------------------------------------------------- caps


def _apply_caps(work: list[_Work], pack: RulePack, year: int) -> tuple[CapResult, ...]:
    by_kind: dict[str, list[_Work]] = defaultdict(list)
    for item in work:
        by_kind[item.rule.kind].append(item)
    results: dict[str, CapResult] = {}
    for rule in pack.rules:
        items = by_kind.get(rule.kind, [])
        if rule.cap is None:
            for item in items:
                item.credited = item.eligible
        elif rule.cap_allocation == "earliest":
            results[rule.kind] = _fill_earliest(rule, items, year)
    totals = _sum(work)
    for rule in pack.rules:
        if rule.cap is not None and rule.cap_allocation == "shortfall":
            results[rule.kind] = _fill_by_shortfall(rule, by_kind.get(rule.kind, []), pack, totals, year)
    return tuple(results[rule.kind] for rule in pack.rules if rule.kind in results)


def _fill_earliest(rule: Rule, items: list[_Work], year: int) -> CapResult:
    assert rule.cap is not None
    room = rule.cap
    base = ZERO
    notes: _Notes = {}
    for item in items:  # already in date, id order
        if item.eligible <= ZERO:
            continue
        base += item.eligible
        room -= _keep(item, rule, room, year, notes)
    return CapResult(rule, rule.cap, base, rule.cap - room)


def _fill_by_shortfall(rule: Rule, items: list[_Work], pack: RulePack, totals: Hours, year: int) -> CapResult:
    """Fill a mixed-subject cap one item at a time toward the subject more short."""
    assert rule.cap is not None
    queues = {subject: deque(i for i in items if i.subject is subject and i.eligible > 0) for subject in SUBJECTS}
    base = sum((i.eligible for queue in queues.values() for i in queue), ZERO)
    credited = {subject: totals.of(subject) for subject in SUBJECTS}
    room = rule.cap
    notes: _Notes = {}
    while any(queues.values()):
        shortfall = {s: max(ZERO, pack.requirement.of(s) - credited[s]) for s in SUBJECTS}
        order = sorted(SUBJECTS, key=lambda s: (-shortfall[s], s is not Subject.PUBLIC))
        subject = next(s for s in order if queues[s])
        item = queues[subject].popleft()
        kept = _keep(item, rule, room, year, notes, shortfall_public=shortfall[Subject.PUBLIC],
                     shortfall_professional=shortfall[Subject.PROFESSIONAL])  # fmt: skip
        credited[subject] += kept
        room -= kept
    return CapResult(rule, rule.cap, base, rule.cap - room)


_Notes = dict[tuple[Decimal, Decimal], tuple[Note]]


def _keep(item: _Work, rule: Rule, room: Decimal, year: int, notes: _Notes, **why: Any) -> Decimal:
    """Credit what room is left under ``rule``'s cap; say so in a note when it is less.

    ``notes`` holds the cap notes made so far for this rule and year: once a cap is
    full, every later activity of the same amount gets the same note, so it is
    shared (notes are immutable and read only as text).  That saves two objects an
    activity: on the benchmark's year of 10,000 activities the result holds
    2.4 MiB instead of 3.5, and the garbage collector's pass over it when
    evaluation ends takes 1.9 ms instead of 4.4.
    """
    # ZERO itself once the cap is full: max(room, ZERO) would keep this item's own
    # Decimal zero, one more object an activity (6.5 MiB for 100,000).
    kept = min(room, item.eligible) if room > ZERO else ZERO
    item.credited = kept
    assert rule.cap is not None
    if item.trace is not None:
        detail = {"cap": rule.cap, "used": rule.cap - room, "room": max(room, ZERO), "eligible": item.eligible, **why}
        item.trace.append(Step("cap", rule.article, kept, detail))
    if kept < item.eligible:
        alone = notes.get((kept, item.eligible))
        if alone is None:
            note = Note("cap", article=rule.article, cap=rule.cap, kept=kept, eligible=item.eligible, year=year)
            alone = notes[kept, item.eligible] = (note,)
        item.notes = item.notes + alone if item.notes else alone
    return kept


def _sum(work: list[_Work]) -> Hours:
    public = professional = ZERO
    for w in work:
        if w.subject is Subject.PUBLIC:
            public += w.credited
        else:
            professional += w.credited
    return Hours(public, professional, public + professional)


# ---------------------------------------------------------------- warnings


def _warnings(everything: list[Activity], pack: RulePack, year: int, sector: str | None) -> list[Warning]:
    warnings: list[Warning] = []
    if sector and sector in pack.own_rule_sectors:
        warnings.append(Warning("sector", article=pack.sectors_article, sector=sector))
    if date(year, 1, 1) < pack.effective_from:
        warnings.append(Warning("before-effective", pack=pack.id, effective_from=pack.effective_from))
    linked = [a for a in everything if a.same_as is not None]
    wanted = {a.same_as for a in linked}
    by_id = {a.id: a for a in everything if a.id in wanted} if wanted else {}
    for activity in linked:
        other = by_id.get(activity.same_as)  # type: ignore[arg-type]  # linked: same_as is set
        if other is None or other.year == activity.year:
            continue
        if year in (activity.year, other.year):
            mine, theirs = (activity, other) if activity.year == year else (other, activity)
            warnings.append(
                Warning(
                    "same-content-other-year",
                    article=pack.validity_article,
                    activity=mine.id,
                    other=theirs.id,
                    other_year=theirs.year,
                )
            )
    return warnings
