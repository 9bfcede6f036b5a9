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

Each stage is a module: :mod:`~cpd_cli.core.bases` (1, 2),
:mod:`~cpd_cli.core.samecontent` (3), :mod:`~cpd_cli.core.caps` (4); the results
are in :mod:`~cpd_cli.core.results`, and this module runs the stages in order.

Each activity's result says why it earned less (its notes) and, with
``explain``, how its credit was reached (its trace); the year's result carries
warnings.  Those records are in :mod:`cpd_cli.core.explain`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from cpd_cli.core import vocabulary
from cpd_cli.core.bases import base_of, count_points, start
from cpd_cli.core.caps import apply_caps
from cpd_cli.core.dates import deadline_in
from cpd_cli.core.explain import (
    BeforeEffectiveWarning,
    SectorWarning,
    YearWarning,
)
from cpd_cli.core.model import Activity
from cpd_cli.core.results import (
    ZERO,
    ActivityResult,
    Hours,
    Work,
    YearResult,
    credited_by_subject,
    remaining_after,
)
from cpd_cli.core.rulemodel import RulePack
from cpd_cli.core.samecontent import keep_the_best_of_same_content, same_content_groups, same_content_in_other_years

__all__ = [  # what cpd imports from here: the evaluation, and the names of its stages it has always found here
    "ZERO",
    "ActivityResult",
    "Hours",
    "YearResult",
    "base_of",
    "evaluate",
    "remaining_after",
]


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
    work = [start(activity, rules[activity.kind], pack, explain, today) for activity in in_year]
    count_points(work)
    groups = same_content_groups(everything)
    keep_the_best_of_same_content(work, groups, pack)
    caps = apply_caps(work, pack, year)
    credited = credited_by_subject(work)
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


def _warnings(
    work: list[Work],
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
        warnings += same_content_in_other_years(work, groups, everything, pack)
    return warnings
