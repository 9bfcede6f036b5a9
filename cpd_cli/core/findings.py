"""What is wrong in a year, as typed records: the findings ``cpd check`` reports.

One record per kind of finding, each carrying what its words need; the CLI words
them (:func:`cpd_cli.messages.notes.finding_text`) and keeps each record's ``kind``, the
code the JSON gives.  Evidence files are looked at by the store, not here: the
problems found in them come in as :class:`EvidenceProblem` records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar, Protocol, TypeAlias

from cpd_cli.core.evaluate import YearResult
from cpd_cli.core.explain import SameContentOtherYearWarning
from cpd_cli.core.model import Activity, Status

PLANNED_FOR_LONG = 2  # years after its date that a still planned activity is worth a word


class EvidenceProblem(Protocol):
    """An evidence problem as the claim checklist finds it: ``missing``, ``changed`` or ``no-evidence``."""

    @property
    def activity(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def path(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class MissingEvidence:
    """An evidence file that is not there, or no file cpd can read: ``unusable`` says which
    (``folder``, ``not-a-file``, ``unreadable`` with the system's ``reason``); None when it is not there."""

    kind: ClassVar[str] = "missing"
    activity: int
    title: str
    path: str
    unusable: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ChangedEvidence:
    """An evidence file changed since it was attached."""

    kind: ClassVar[str] = "changed"
    activity: int
    title: str
    path: str


@dataclass(frozen=True, slots=True)
class NoEvidence:
    """A claim to declare with no evidence file, which the platform asks for (佐证材料)."""

    kind: ClassVar[str] = "no-evidence"
    activity: int
    title: str


@dataclass(frozen=True, slots=True)
class SameContentOtherYear:
    """An activity of ``year`` with the same content as one of another year (the warning says which)."""

    kind: ClassVar[str] = "same-content-other-year"
    warning: SameContentOtherYearWarning
    year: int

    @property
    def activity(self) -> int:
        return self.warning.activity


@dataclass(frozen=True, slots=True)
class FutureNotPlanned:
    """An activity dated after today that is not planned."""

    kind: ClassVar[str] = "future-not-planned"
    activity: int
    title: str
    dated: date


@dataclass(frozen=True, slots=True)
class StillPlanned:
    """An activity still planned :data:`PLANNED_FOR_LONG` years or more after its date."""

    kind: ClassVar[str] = "still-planned"
    activity: int
    title: str
    dated: date


@dataclass(frozen=True, slots=True)
class Rejected:
    """A claim rejected (驳回), to fix and declare again (SPEC §8.1); ``seen``: the day the platform
    showed it, None when it was marked by hand."""

    kind: ClassVar[str] = "rejected"
    activity: int
    title: str
    seen: date | None


@dataclass(frozen=True, slots=True)
class PendingOnPlatform:
    """A declared claim the platform still showed pending (待审核) on ``seen``."""

    kind: ClassVar[str] = "pending-on-platform"
    activity: int
    title: str
    seen: date


@dataclass(frozen=True, slots=True)
class PlatformDiffers:
    """An activity the platform showed with another figure than the one cpd credits."""

    kind: ClassVar[str] = "platform-differs"
    activity: int
    title: str
    platform: Decimal
    credited: Decimal


Finding: TypeAlias = (
    MissingEvidence
    | ChangedEvidence
    | NoEvidence
    | SameContentOtherYear
    | FutureNotPlanned
    | StillPlanned
    | Rejected
    | PendingOnPlatform
    | PlatformDiffers
)


def findings(
    result: YearResult,
    today: date,
    activities: Iterable[Activity] = (),
    evidence: Iterable[EvidenceProblem] = (),
    unusable: Callable[[str], tuple[str, str] | None] = lambda path: None,
) -> list[Finding]:
    """Everything wrong in the year: ``evidence`` problems, cross-year same content, future dates;
    in ``activities`` (the whole ledger), what is still planned years after its date; and what the
    last reconcile left open.  ``unusable(path)``: why a missing evidence file is no file cpd can
    read (problem and reason), or None."""
    titles = {item.activity.id: item.activity.title for item in result.activities}
    found: list[Finding] = [evidence_finding(problem, titles[problem.activity], unusable) for problem in evidence]
    found += [
        SameContentOtherYear(warning, result.year)
        for warning in result.warnings
        if isinstance(warning, SameContentOtherYearWarning)
    ]
    found += [
        FutureNotPlanned(item.activity.id, item.activity.title, item.activity.date)
        for item in result.activities
        if item.activity.date > today and item.activity.status is not Status.PLANNED
    ]
    found += [
        StillPlanned(activity.id, activity.title, activity.date)
        for activity in sorted(activities, key=lambda a: a.sort_key)
        if activity.status is Status.PLANNED and years_since(activity.date, today) >= PLANNED_FOR_LONG
    ]
    return found + platform_findings(result)


def evidence_finding(
    problem: EvidenceProblem, title: str, unusable: Callable[[str], tuple[str, str] | None]
) -> MissingEvidence | ChangedEvidence | NoEvidence:
    """The checklist's evidence problem as a finding; a missing file says why, when it is there but unusable."""
    if problem.kind == "no-evidence" or problem.path is None:
        return NoEvidence(problem.activity, title)
    if problem.kind == "changed":
        return ChangedEvidence(problem.activity, title, problem.path)
    why = unusable(problem.path)  # opened, not read: why it is missing
    if why is not None and why[0] != "missing":
        return MissingEvidence(problem.activity, title, problem.path, why[0], why[1])
    return MissingEvidence(problem.activity, title, problem.path)


def platform_findings(result: YearResult) -> list[Finding]:
    """What the last reconcile left open: claims still pending there, figures that differ from cpd's."""
    found: list[Finding] = []
    for item in result.activities:
        activity = item.activity
        if activity.status is Status.REJECTED and item.route == "self":
            found.append(Rejected(activity.id, activity.title, activity.platform_as_of))
        if activity.platform_as_of is None:
            continue
        if activity.status is Status.DECLARED and activity.platform_status is Status.DECLARED:
            found.append(PendingOnPlatform(activity.id, activity.title, activity.platform_as_of))
        figure = activity.platform_hours
        if figure is not None and activity.platform_status is not Status.REJECTED and figure != item.credited:
            found.append(PlatformDiffers(activity.id, activity.title, figure, item.credited))
    return found


def years_since(then: date, today: date) -> int:
    """Whole years from ``then`` to ``today`` (a birthday count: 2022-05-01 → 2024-05-01 is 2)."""
    return today.year - then.year - ((today.month, today.day) < (then.month, then.day))
