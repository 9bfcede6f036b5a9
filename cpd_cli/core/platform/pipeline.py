"""Where each of the year's claims stands on the platform, per subject: the claim pipeline.

Every activity that earns hours is at one stage:

- ``approved`` — 审核通过;
- ``declared`` — declared under 折算学时申报 and still pending (待审核);
- ``to_declare`` — a self-route activity not declared yet;
- ``to_check`` — registered by the organiser or the unit, not yet seen on the platform;
- ``rejected`` — a claim the platform rejected: to fix and declare again (SPEC §8.1), at
  what it earns once declared.

Once a reconcile has been applied, the platform's own approved figure (the
学时数 of its approved rows, as of that day) stands beside cpd's.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from cpd_cli.core.claims import ClaimPlan
from cpd_cli.core.evaluate import ZERO, ActivityResult, Hours, YearResult
from cpd_cli.core.model import Status, Subject

STAGES = ("approved", "declared", "to_declare", "to_check", "rejected")


class Stage(NamedTuple):
    hours: Decimal  # what cpd credits the activities at this stage
    activities: int


class SubjectClaims(NamedTuple):
    subject: Subject
    approved: Stage
    declared: Stage
    to_declare: Stage
    to_check: Stage
    rejected: Stage

    def stage(self, name: str) -> Stage:
        stage: Stage = getattr(self, name)
        return stage


class PlatformFigure(NamedTuple):
    """The platform's approved hours at the last reconcile, beside what cpd credits now."""

    as_of: date
    platform: Hours
    ledger: Hours


class Claims(NamedTuple):
    year: int
    subjects: tuple[SubjectClaims, ...]  # public, then professional
    platform: PlatformFigure | None  # None until a reconcile has been applied for the year
    plan: ClaimPlan | None = None  # the needed and optional claims, when worked out


def stage_of(item: ActivityResult) -> str | None:
    """The stage of one activity, or None when it earns nothing (planned, rejected, cut to 0)."""
    if item.credited <= 0:
        return None
    status = item.activity.status
    if status is Status.APPROVED:
        return "approved"
    if status is Status.DECLARED:
        return "declared"
    if status is Status.DONE:
        return "to_declare" if item.route == "self" else "to_check"
    return None


def claims(result: YearResult, plan: ClaimPlan | None = None) -> Claims:
    """The year's pipeline; with ``plan``, a rejected claim is counted at what it earns once declared again."""
    totals: dict[tuple[Subject, str], tuple[Decimal, int]] = {}
    again = {item.activity.id: item for item in plan.declared.activities} if plan else {}
    for item in result.activities:
        if item.activity.status is Status.REJECTED and item.route == "self" and item.activity.id in again:
            item = again[item.activity.id]._replace(activity=item.activity)
            stage: str | None = "rejected" if item.credited > 0 else None
        else:
            stage = stage_of(item)
        if stage is not None:
            hours, count = totals.get((item.subject, stage), (ZERO, 0))
            totals[(item.subject, stage)] = (hours + item.credited, count + 1)
    subjects = tuple(
        SubjectClaims(subject, *(Stage(*totals.get((subject, name), (ZERO, 0))) for name in STAGES))
        for subject in Subject
    )
    seen = [item for item in result.activities if item.activity.platform_as_of is not None]
    figure = None
    if seen:
        as_of = max(item.activity.platform_as_of for item in seen if item.activity.platform_as_of is not None)
        platform = Hours.summed(
            (item.subject, item.activity.platform_hours or ZERO)
            for item in seen
            if item.activity.platform_status is Status.APPROVED
        )
        figure = PlatformFigure(as_of, platform, result.credited)
    return Claims(result.year, subjects, figure, plan)
