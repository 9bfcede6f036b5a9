"""The evaluation's cap stage: each rule's yearly cap, filled earliest first or toward the shortfall.

A year's own activities take each cap's room first, then its make-up study; a
cap that mixes subjects (``cap_allocation = "shortfall"``) is filled last, one
course at a time, toward the subject that is shorter.
"""

from __future__ import annotations

from collections import defaultdict, deque
from decimal import Decimal

from cpd_cli.core.explain import (
    CapNote,
    CapStep,
    ShortfallCapStep,
    ShortfallReason,
)
from cpd_cli.core.model import Subject
from cpd_cli.core.results import ZERO, CapResult, Hours, Work, credited_by_subject
from cpd_cli.core.rulemodel import Rule, RulePack


def apply_caps(work: list[Work], pack: RulePack, year: int) -> tuple[CapResult, ...]:
    """Every cap filled by the year's own activities, then by its make-up activities with the room left."""
    results: dict[str, CapResult] = {}
    _fill_caps([item for item in work if not item.activity.is_makeup], work, pack, year, results)
    makeup = [item for item in work if item.activity.is_makeup]
    if makeup:
        _fill_caps(makeup, work, pack, year, results)
    return tuple(results[rule.kind] for rule in pack.rules if rule.kind in results)


def _fill_caps(items: list[Work], work: list[Work], pack: RulePack, year: int, results: dict[str, CapResult]) -> None:
    """Credit ``items`` under each cap's room left in ``results`` (updated): earliest caps first,
    then mixed caps toward the subject the whole year's ``work`` leaves more short."""
    by_kind: dict[str, list[Work]] = defaultdict(list)
    for item in items:
        by_kind[item.rule.kind].append(item)
    for rule in pack.rules:
        members = by_kind.get(rule.kind, [])
        if rule.cap is None:
            for item in members:
                item.credited = item.eligible
        elif rule.cap_allocation == "earliest":
            results[rule.kind] = _fill_earliest(rule, members, year, results.get(rule.kind))
    totals = credited_by_subject(work)
    for rule in pack.rules:
        if rule.cap is not None and rule.cap_allocation == "shortfall":
            results[rule.kind] = _fill_by_shortfall(
                rule, by_kind.get(rule.kind, []), pack, totals, year, results.get(rule.kind)
            )


def _fill_earliest(rule: Rule, items: list[Work], year: int, before: CapResult | None = None) -> CapResult:
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
    rule: Rule, items: list[Work], pack: RulePack, totals: Hours, year: int, before: CapResult | None = None
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


def _keep(item: Work, rule: Rule, room: Decimal, year: int) -> Decimal:
    """Credit what ``room`` is left under ``rule``'s cap; say so in a note when it is less."""
    assert rule.cap is not None
    kept = min(room, item.eligible) if room > ZERO else ZERO
    item.credited = kept
    if kept < item.eligible:
        item.notes += (CapNote(rule.article, rule.cap, kept, item.eligible, year),)
    return kept
