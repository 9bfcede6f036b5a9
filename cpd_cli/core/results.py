"""What an evaluation gives: the year's result, each activity's and each cap's, in 学时 by subject.

Also :class:`Work`, an activity on its way through the stages of the evaluation
(:mod:`cpd_cli.core.bases`, :mod:`cpd_cli.core.samecontent`, :mod:`cpd_cli.core.caps`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from cpd_cli.core.explain import (
    Note,
    Step,
    YearWarning,
)
from cpd_cli.core.model import Activity, Subject
from cpd_cli.core.rulemodel import Rule, RulePack

ZERO = Decimal(0)


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
        return credited_by_subject(self.makeup)

    @property
    def complete_without_makeup(self) -> bool:
        """Whether the year's own activities meet the requirement (they take cap room first)."""
        return remaining_after(self.required, credited_by_subject(self.own)).total == 0


@dataclass
class Work:
    """An activity on its way through the evaluation; the stages update it."""

    activity: Activity
    rule: Rule
    subject: Subject
    base: Decimal
    blocked: bool  # planned, rejected, or a requirement not met: eligible for nothing
    eligible: Decimal
    notes: tuple[Note, ...]
    trace: list[Step] | None  # only when the caller asked to explain
    credited: Decimal = ZERO


def remaining_after(required: Hours, credited: Hours) -> Hours:
    """What is still missing: total = max(0, 90 − total, public left + professional left)."""
    public = max(ZERO, required.public - credited.public)
    professional = max(ZERO, required.professional - credited.professional)
    return Hours(public, professional, max(ZERO, required.total - credited.total, public + professional))


def credited_by_subject(items: Iterable[Work | ActivityResult]) -> Hours:
    return Hours.summed((item.subject, item.credited) for item in items)
