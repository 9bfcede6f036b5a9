"""What ``cpd check`` finds, computed by the core as typed records, and each worded once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from cpd_cli.core.evaluate import evaluate
from cpd_cli.core.explain import SameContentOtherYearWarning
from cpd_cli.core.findings import (
    ChangedEvidence,
    Finding,
    FutureNotPlanned,
    MissingEvidence,
    NoEvidence,
    PendingOnPlatform,
    PlatformDiffers,
    Rejected,
    SameContentOtherYear,
    StillPlanned,
    findings,
    years_since,
)
from cpd_cli.core.rules import RulePack
from cpd_cli.i18n import english
from cpd_cli.messages.checkwords import finding_text
from tests.conftest import act

TODAY = date(2024, 6, 1)


class Problem(NamedTuple):  # what the claim checklist hands over
    activity: int
    kind: str
    path: str | None = None


def test_dates_statuses_and_the_platform_make_findings(pack: RulePack) -> None:
    activities = [
        act(1, "training", "2024-09-01", subject="public", hours=10, status="done"),  # future, not planned
        act(2, "training", "2022-05-01", subject="public", hours=10, status="planned"),  # planned two years on
        act(3, "training", "2023-06-02", subject="public", hours=10, status="planned"),  # not two years yet
        act(4, "paper", "2024-02-01", status="rejected"),  # self route, marked by hand
        act(5, "paper", "2024-03-01", status="declared", platform_status="declared", platform_as_of="2024-05-20"),
        act(6, "training", "2024-04-01", subject="public", hours=12, platform_hours=10, platform_as_of="2024-05-20"),
    ]
    result = evaluate(activities, pack, 2024, today=TODAY)
    found = findings(result, TODAY, activities)
    assert found == [
        FutureNotPlanned(1, "training 1", date(2024, 9, 1)),
        StillPlanned(2, "training 2", date(2022, 5, 1)),
        Rejected(4, "paper 4", None),
        PendingOnPlatform(5, "paper 5", date(2024, 5, 20)),
        PlatformDiffers(6, "training 6", Decimal(10), Decimal(12)),
    ]
    assert [finding.kind for finding in found] == [
        "future-not-planned",
        "still-planned",
        "rejected",
        "pending-on-platform",
        "platform-differs",
    ]


def test_evidence_problems_come_first_and_say_why_a_file_is_unusable(pack: RulePack) -> None:
    activities = [act(i, "paper", f"2024-0{i}-01") for i in range(1, 5)]
    result = evaluate(activities, pack, 2024, today=TODAY)
    why = {"dir": ("folder", ""), "gone": ("missing", "")}
    problems = [Problem(1, "missing", "dir"), Problem(2, "missing", "gone"), Problem(3, "changed", "c.pdf")]
    found = findings(result, TODAY, (), [*problems, Problem(4, "no-evidence")], why.get)
    assert found == [
        MissingEvidence(1, "paper 1", "dir", "folder"),
        MissingEvidence(2, "paper 2", "gone"),
        ChangedEvidence(3, "paper 3", "c.pdf"),
        NoEvidence(4, "paper 4"),
    ]


def test_same_content_in_another_year_is_found(pack: RulePack) -> None:
    activities = [
        act(1, "paper", "2023-12-01"),
        act(2, "talk", "2024-01-10", minutes=45, same_as=1),
    ]
    result = evaluate(activities, pack, 2024, today=TODAY)
    same = [finding for finding in findings(result, TODAY) if isinstance(finding, SameContentOtherYear)]
    assert [(finding.activity, finding.warning.other, finding.kind) for finding in same] == [
        (2, 1, "same-content-other-year")
    ]


def test_years_since_counts_birthdays() -> None:
    assert years_since(date(2022, 5, 1), date(2024, 5, 1)) == 2
    assert years_since(date(2022, 5, 2), date(2024, 5, 1)) == 1


EVERY_KIND: list[tuple[Finding, str]] = [
    (MissingEvidence(1, "a", "x.pdf"), "#1 a: evidence file missing: x.pdf"),
    (MissingEvidence(1, "a", "x", "folder"), "#1 a: evidence file x is a folder, not a file"),
    (MissingEvidence(1, "a", "x", "unreadable", "denied"), "#1 a: evidence file x cannot be read: denied"),
    (ChangedEvidence(1, "a", "x.pdf"), "#1 a: evidence file changed since it was attached: x.pdf"),
    (NoEvidence(1, "a\u202e"), "#1 a: no evidence file; the platform asks for 佐证材料"),
    (
        SameContentOtherYear(SameContentOtherYearWarning("11", 2, 1, 2023), 2024),
        "#2 is the same content as #1 of 2023; hours count in one year only (Art. 11)",
    ),
    (FutureNotPlanned(1, "a", date(2024, 9, 1)), "#1 a: dated 2024-09-01, in the future, but not planned"),
    (
        StillPlanned(1, "a", date(2022, 1, 1)),
        "#1 a: dated 2022-01-01 and still planned; mark it done (cpd mark 1 done) or remove it",
    ),
    (
        Rejected(1, "a", date(2024, 5, 1)),
        "#1 a: rejected (驳回) on the platform on 2024-05-01; fix it and declare it again (cpd mark 1 declared)",
    ),
    (Rejected(1, "a", None), "#1 a: rejected (驳回); fix it and declare it again (cpd mark 1 declared)"),
    (
        PendingOnPlatform(1, "a", date(2024, 5, 1)),
        "#1 a: still pending (待审核) on the platform on 2024-05-01; ask your unit to review it",
    ),
    (
        PlatformDiffers(1, "a", Decimal("2.5"), Decimal(3)),
        "#1 a: the platform shows 2.5 学时, cpd credits 3",
    ),
]


def test_every_kind_of_finding_is_worded() -> None:
    with english():
        assert [finding_text(finding) for finding, _ in EVERY_KIND] == [text for _, text in EVERY_KIND]
