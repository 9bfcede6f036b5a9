"""The fewest claims to declare (SPEC §8.1): which self-declared claims a year really needs.

The *candidates* of a year are its self-route activities (个人申报) that the
platform has not approved and does not hold pending: those done and not yet
declared, and those it rejected (to be fixed and declared again).  Everything
else stands as it is: what is approved or pending counts, what the organiser or
the unit registers counts when done.

The *needed* claims are the smallest set of candidates whose declaration
completes the year (public, professional and total), judged by the evaluator
itself under the same caps — dropping a claim can change what the others keep.
Ties: fewer claims without evidence, then the earlier claims (the members'
dates in order, compared one by one, those with evidence first), then the
lower ids.  When no set completes the year, every candidate that adds credit is
needed.  The other candidates are *optional*.

The search is exact: set sizes are tried from the smallest up, and within one
size the sets are visited in the order of the tie-break, so the first set the
evaluator finds complete is the answer.  A branch is left as soon as an upper
bound on what its sets could credit falls short.  The bound never undercounts:
each activity's base (points as an exact fraction, before the whole-hour cut),
each capped rule at most its cap, same-content groups and blocked activities
ignored, so it can only be higher than the evaluator's figure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from typing import NamedTuple, assert_never

from cpd_cli.core.evaluate import YearResult, base_of, evaluate
from cpd_cli.core.model import Activity, Status, Subject
from cpd_cli.core.rulemodel import PerItem, PerItemBy, Points, Time, TimeFactor
from cpd_cli.core.rules import Rule, RulePack

CANDIDATE_STATUSES = frozenset({Status.DONE, Status.REJECTED})  # not yet approved, nor pending


class ClaimPlan(NamedTuple):
    """Which of a year's claims to declare."""

    year: int
    needed: tuple[int, ...]  # ids, in date order
    optional: tuple[int, ...]  # the other candidates, in date order
    completes: bool  # whether declaring the needed claims completes the year
    declared: YearResult  # the year with every candidate declared: what each claim earns then

    def is_needed(self, activity_id: int) -> bool:
        return activity_id in self.needed


def is_candidate(activity: Activity, rule: Rule, today: dt.date | None = None) -> bool:
    """A self-route claim done (and not in the future) that the platform neither approved nor holds."""
    if rule.route != "self" or activity.status not in CANDIDATE_STATUSES:
        return False
    return today is None or activity.date <= today


def fewest_claims(
    activities: Iterable[Activity],
    pack: RulePack,
    year: int,
    *,
    today: dt.date | None = None,
    sector: str | None = None,
) -> ClaimPlan:
    """The needed and optional claims of ``year`` (SPEC §8.1)."""
    everything = list(activities)
    rules = pack.by_kind()
    # the year's activities and every linked one: same-content groups need only those
    linked = _linked(everything)
    pool = [a for a in everything if a.year == year or a.same_as is not None or a.id in linked]
    found = [a for a in pool if a.year == year and is_candidate(a, rules[a.kind], today)]
    found.sort(key=preference)
    ids = [a.id for a in found]

    def scenario(chosen: Iterable[int]) -> YearResult:
        return evaluate(_declaring(pool, set(ids), set(chosen)), pack, year, sector=sector, today=today)

    declared = scenario(ids)
    by_date = {a.id: a for a in found}

    def in_date_order(chosen: Iterable[int]) -> tuple[int, ...]:
        return tuple(sorted(chosen, key=lambda i: by_date[i].sort_key))

    bound = _Bound(pool, found, pack, year, today)
    needed = _search(found, bound, lambda chosen: scenario(chosen).complete)
    if needed is None:
        adding = [item.activity.id for item in declared.activities if item.activity.id in by_date and item.credited > 0]
        return ClaimPlan(year, in_date_order(adding), in_date_order(set(ids) - set(adding)), False, declared)
    return ClaimPlan(year, in_date_order(needed), in_date_order(set(ids) - set(needed)), True, declared)


def preference(activity: Activity) -> tuple[bool, dt.date, int]:
    """The tie-break order of claims: with evidence first, then by date, then by id."""
    return (not activity.evidence, activity.date, activity.id)


def _linked(activities: Sequence[Activity]) -> set[int]:
    return {a.same_as for a in activities if a.same_as is not None}


def _declaring(pool: Sequence[Activity], candidates: set[int], chosen: set[int]) -> list[Activity]:
    """The pool with the chosen candidates declared and the others left out (as planned: no credit,
    no competing for same content, links kept)."""
    return [
        (a._replace(status=Status.DECLARED) if a.id in chosen else a._replace(status=Status.PLANNED))
        if a.id in candidates
        else a
        for a in pool
    ]


# ---------------------------------------------------------------- the search


def _search(found: list[Activity], bound: _Bound, completes: Callable[[list[int]], bool]) -> list[int] | None:
    """The first set, in tie-break order, that ``completes`` the year; None when none does."""
    if not bound.can_reach(set(), range(len(found)), len(found)):
        return None
    search = _Search(found, bound, completes)
    for size in range(len(found) + 1):
        for bare in range(min(size, len(search.without)) + 1):  # fewer claims without evidence first
            if size - bare <= len(search.with_evidence):
                chosen = search.choose([], size - bare, bare, 0)
                if chosen is not None:
                    return [found[i].id for i in chosen]
    return None


class _Search:
    """Sets of a given make-up visited depth first in tie-break order: the claims with
    evidence by date and id, then those without likewise."""

    def __init__(self, found: list[Activity], bound: _Bound, completes: Callable[[list[int]], bool]):
        self.found, self.bound, self.completes = found, bound, completes
        self.with_evidence = [i for i, a in enumerate(found) if a.evidence]
        self.without = [i for i, a in enumerate(found) if not a.evidence]
        # Claims alike (same rule, subject and amount, neither linked as same content) complete the year
        # in one another's place: of those, the search tries only the earliest left at each step.
        self.alike: list[object] = [
            (item.kind, item.subject, item.value, a.is_makeup) if not bound.linked(a) else i
            for i, (a, item) in enumerate(zip(found, bound.items, strict=True))
        ]

    def choose(self, chosen: list[int], need_evidence: int, need_bare: int, start: int) -> list[int] | None:
        """``need_evidence`` more claims with evidence (from position ``start`` on), then
        ``need_bare`` without (from ``start`` on once the first are all chosen)."""
        if need_evidence == 0 and need_bare == 0:
            if not self.bound.can_reach(set(chosen), (), 0):
                return None
            return chosen if self.completes([self.found[i].id for i in chosen]) else None
        pool, need = (self.with_evidence, need_evidence) if need_evidence else (self.without, need_bare)
        if need_evidence and need_bare:
            rest = pool[start:] + self.without
            apart = [(pool[start:], need_evidence), (self.without, need_bare)]
        else:
            rest, apart = pool[start:], []
        if not self.bound.can_reach(set(chosen), rest, need_evidence + need_bare, apart):
            return None
        tried: set[object] = set()
        for position in range(start, len(pool) - need + 1):
            if self.alike[pool[position]] in tried:
                continue
            tried.add(self.alike[pool[position]])
            picked = [*chosen, pool[position]]
            if need_evidence:
                got = self.choose(picked, need_evidence - 1, need_bare, position + 1 if need_evidence > 1 else 0)
            else:
                got = self.choose(picked, 0, need_bare - 1, position + 1)
            if got is not None:
                return got
        return None


# ---------------------------------------------------------------- the bound


class _Item(NamedTuple):
    kind: str
    subject: Subject
    value: Fraction  # at most what the activity can credit (before same content, cap and cut)

    @property
    def side(self) -> int:
        """0 for public, 1 for professional: the place of its subject in a pair of sums."""
        return 0 if self.subject is Subject.PUBLIC else 1


class _Bound:
    """An upper bound, per target (public, professional, total), on what a set of candidates
    can credit with the fixed activities of the year.

    A rule's items credit at most their values added up, and a capped rule at most its
    cap (a mixed cap: at most the cap in each subject and in all).  Picking ``r`` more
    candidates can add at most the ``r`` largest of their gains taken in order, each rule's
    gains cut to its room; that sum is the bound.
    """

    def __init__(self, pool: list[Activity], found: list[Activity], pack: RulePack, year: int, today: dt.date | None):
        self.pack = pack
        self.rules = pack.by_kind()
        candidate_ids = {a.id for a in found}
        self.fixed: dict[str, list[Fraction]] = defaultdict(lambda: [Fraction(0), Fraction(0)])
        for activity in pool:
            if activity.year != year or activity.id in candidate_ids:
                continue
            if not activity.status.credits or (today is not None and activity.date > today):
                continue
            item = self._item(activity)
            self.fixed[item.kind][item.side] += item.value
        self.items = [self._item(activity) for activity in found]
        self._linked = {a.same_as for a in pool if a.same_as is not None} | {a.id for a in pool if a.same_as}
        requirement = pack.requirement
        self.required = (
            Fraction(requirement.public),
            Fraction(requirement.professional),
            Fraction(requirement.total),
        )

    def linked(self, activity: Activity) -> bool:
        """Whether ``activity`` is joined to another by ``same_as``, either way."""
        return activity.id in self._linked

    def _item(self, activity: Activity) -> _Item:
        rule = self.rules[activity.kind]
        subject = activity.subject if rule.subject_is_given else Subject(rule.subject)
        assert subject is not None
        if any(getattr(activity, field) is False for field in rule.requires):
            return _Item(rule.kind, subject, Fraction(0))
        match rule.basis:
            case Points(per_hour=per_hour):
                assert activity.points is not None
                return _Item(rule.kind, subject, Fraction(activity.points, per_hour))
            case Time() | TimeFactor() | PerItem() | PerItemBy():
                return _Item(rule.kind, subject, Fraction(base_of(activity, rule, self.pack)))
            case _:
                assert_never(rule.basis)

    def _gains(self, indices: Iterable[int], room: dict[tuple[str, int], Fraction | None]) -> list[list[Fraction]]:
        """Per target, what each of ``indices`` could add, its rule's gains taken largest first within its room."""
        by_rule: dict[tuple[str, int], list[Fraction]] = defaultdict(list)
        for index in indices:
            item = self.items[index]
            by_rule[(item.kind, item.side)].append(item.value)
            by_rule[(item.kind, 2)].append(item.value)
        gains: list[list[Fraction]] = [[], [], []]
        for (kind, target), values in by_rule.items():
            left = room[(kind, target)]
            for value in sorted(values, reverse=True):
                gain = value if left is None else min(value, left)
                if gain <= 0:
                    break
                gains[target].append(gain)
                if left is not None:
                    left -= gain
        return gains

    def can_reach(
        self, chosen: set[int], rest: Iterable[int], picks: int, apart: Sequence[tuple[list[int], int]] = ()
    ) -> bool:
        """Whether ``chosen`` and up to ``picks`` of ``rest`` (indices of candidates) might complete the year;
        ``apart``: groups of ``rest`` with the number of picks that come from each.

        Each claim credits one subject, so the picks that close the public gap and those that
        close the professional gap are different claims: at least as many as the largest gains
        need, one after another, for each subject, and together no more than ``picks``."""
        sums: dict[str, list[Fraction]] = defaultdict(lambda: [Fraction(0), Fraction(0)])
        for kind, values in self.fixed.items():
            sums[kind][0] += values[0]
            sums[kind][1] += values[1]
        for index in chosen:
            item = self.items[index]
            sums[item.kind][item.side] += item.value
        have = [Fraction(0)] * 3
        room: dict[tuple[str, int], Fraction | None] = {}
        for rule in self.pack.rules:
            values = sums[rule.kind] if rule.kind in sums else [Fraction(0), Fraction(0)]
            cap = None if rule.cap is None else Fraction(rule.cap)
            for target, value in enumerate((values[0], values[1], values[0] + values[1])):
                kept = value if cap is None else min(cap, value)
                have[target] += kept
                room[(rule.kind, target)] = None if cap is None else cap - kept
        gains = self._gains([index for index in rest if index not in chosen], room)
        if apart:  # picks that must come from given groups: at most each group's share of the gains
            shares = [(self._gains([i for i in group if i not in chosen], room), count) for group, count in apart]
            for target in range(3):
                most = sum(_running(sorted(g[target], reverse=True)[:count])[-1] for g, count in shares)
                if have[target] + most < self.required[target]:
                    return False
        best = [_running(sorted(gain, reverse=True)[:picks]) for gain in gains]  # best[t][n]: n picks
        if have[2] + best[2][-1] < self.required[2]:
            return False
        fewest = [_fewest(have[t], best[t], self.required[t]) for t in (0, 1)]
        if fewest[0] is None or fewest[1] is None or fewest[0] + fewest[1] > picks:
            return False
        public, professional = best[0], best[1]
        total = max(
            public[min(p, len(public) - 1)] + professional[min(picks - p, len(professional) - 1)]
            for p in range(fewest[0], picks - fewest[1] + 1)
        )
        return have[0] + have[1] + total >= self.required[2]


def _running(values: list[Fraction]) -> list[Fraction]:
    """[0, v0, v0 + v1, …]: what the first n values add up to, for each n."""
    sums = [Fraction(0)]
    for value in values:
        sums.append(sums[-1] + value)
    return sums


def _fewest(have: Fraction, best: list[Fraction], required: Fraction) -> int | None:
    """The fewest picks whose best gains bring ``have`` to ``required``; None when all of them cannot."""
    for count, gain in enumerate(best):
        if have + gain >= required:
            return count
    return None
