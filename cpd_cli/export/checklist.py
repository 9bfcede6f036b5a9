"""The checklist as data: what to declare, what to check, what to leave out, what is wrong.

Sections follow the platform's own pages (Art. 12):

1. ``declare`` — self-route activities that earn credit: declared by hand under
   折算学时申报, with evidence files (佐证材料), until the platform approves them.
   Each claim still to declare is *needed* or *optional* (SPEC §8.1: the fewest
   claims that complete the year, :mod:`cpd_cli.core.claims`), a rejected one
   among them, to fix and declare again, with its credit once declared; a
   pending one is awaiting the platform;
2. ``verify`` — organiser- and unit-registered activities that earn credit: they
   should appear under 学时查询 by themselves; and claims the platform approved
   (审核通过, marked or taken in by ``cpd reconcile --apply``), which are declared no more;
3. ``skip`` — activities that earn nothing this year, with the reason;

and ``problems``: missing or changed evidence, and self-route claims without any.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from cpd_cli.core.claims import ClaimPlan
from cpd_cli.core.evaluate import ActivityResult, Hours, YearResult
from cpd_cli.core.model import Profile, Status
from cpd_cli.core.vocabulary import ROUTES, STATUSES, SUBJECTS, TO_DO, by_id
from cpd_cli.store.evidence import EvidenceState, check

APPROVED_CLAIM = "个人申报，已审核通过 declared by you, approved"  # the route line of an approved claim
NEEDED = "必报 needed"
OPTIONAL = "可选 optional"
AWAITING = "待审核 awaiting the platform"
DECLARE_AGAIN = "驳回，修改后重新申报 rejected: fix and declare again"


class Row(NamedTuple):
    """One activity as the platform's form and 学时查询 table name it.

    ``needed``: for a claim still to declare, whether it is among the fewest that
    complete the year; None for every other row."""

    item: ActivityResult
    evidence: tuple[EvidenceState, ...]
    needed: bool | None = None
    registered_by: str = ""  # the platform's name for who registers it (the pack's [platform.routes])

    @property
    def id(self) -> int:
        return self.item.activity.id

    @property
    def year(self) -> int:
        return self.item.activity.year

    @property
    def subject(self) -> str:  # 科目类型: 公需课 or 专业课
        return by_id(SUBJECTS, self.item.subject.value).platform[0]

    @property
    def course(self) -> str:  # 课程名称
        return self.item.activity.title

    @property
    def start(self) -> str:  # 开始时间, YYYYMMDD
        activity = self.item.activity
        return (activity.start or activity.date).strftime("%Y%m%d")

    @property
    def end(self) -> str:  # 结束时间, YYYYMMDD
        return self.item.activity.date.strftime("%Y%m%d")

    @property
    def status(self) -> str:
        """ "审核通过 approved"; a done activity shows what it still needs: "待申报 to declare"."""
        status = self.item.activity.status
        if status is Status.DONE:
            return TO_DO[self.item.route].bilingual
        return by_id(STATUSES, status.value).bilingual

    @property
    def route_label(self) -> str:
        """Who registers it: "单位登记 registered by your unit"; an approved claim is declared no more."""
        if self.item.route == "self" and self.item.activity.status is Status.APPROVED:
            return APPROVED_CLAIM
        return f"{self.registered_by} {by_id(ROUTES, self.item.route).en}"

    @property
    def claim(self) -> str:
        """What is still to do with a claim: needed or optional (a rejected one: declare again), or
        awaiting the platform; "" for a row that is no claim."""
        activity = self.item.activity
        if self.needed is None:
            return AWAITING if activity.status is Status.DECLARED and self.item.route == "self" else ""
        text = NEEDED if self.needed else OPTIONAL
        if activity.status is Status.REJECTED:
            seen = f" ({activity.platform_as_of})" if activity.platform_as_of else ""
            text += f" · {DECLARE_AGAIN}{seen}"
        return text


class Problem(NamedTuple):
    activity: int
    kind: str  # "missing", "changed", "no-evidence"
    path: str | None = None


class Checklist(NamedTuple):
    year: int
    result: YearResult
    profile: Profile
    declare: tuple[Row, ...]
    verify: tuple[Row, ...]
    skip: tuple[Row, ...]
    problems: tuple[Problem, ...]
    plan: ClaimPlan | None = None

    @property
    def credited(self) -> Hours:
        return self.result.credited

    @property
    def deadline(self) -> date:
        return self.result.deadline


def build(
    result: YearResult, profile: Profile, plan: ClaimPlan | None = None, *, needed_only: bool = False
) -> Checklist:
    """The year's checklist; with ``plan``, the claims to declare are marked needed or optional and
    show what each earns once declared (a rejected one too).  ``needed_only``: the needed claims alone."""
    declare, verify, skip = [], [], []
    problems: list[Problem] = []
    declared = {item.activity.id: item for item in plan.declared.activities} if plan else {}
    for item in result.activities:
        needed = None
        if plan is not None and item.activity.id in (*plan.needed, *plan.optional):
            # what it earns once declared, shown with its own status
            item, needed = declared[item.activity.id]._replace(activity=item.activity), plan.is_needed(item.activity.id)
        row = Row(item, tuple(check(item.activity)), needed, result.pack.platform.routes[item.route])
        if item.credited <= 0:
            skip.append(row)
        elif item.route == "self" and item.activity.status is not Status.APPROVED:
            if needed_only and not needed:
                continue
            declare.append(row)
            if not row.evidence:
                problems.append(Problem(row.id, "no-evidence"))
            for state in row.evidence:
                if state.problem == "missing":
                    problems.append(Problem(row.id, "missing", state.path))
                elif state.problem:
                    problems.append(Problem(row.id, "changed", state.path))
        else:
            verify.append(row)
    return Checklist(result.year, result, profile, tuple(declare), tuple(verify), tuple(skip), tuple(problems), plan)
