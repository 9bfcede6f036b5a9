"""The fewest claims to declare (SPEC §8.1): worked cases, and the search against brute force."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpd_cli.core.claims import fewest_claims
from cpd_cli.core.evaluate import evaluate
from cpd_cli.core.model import Activity, Status
from cpd_cli.core.rules import RulePack, load_embedded
from tests.conftest import act

PACK = load_embedded("jiangxi-2023")


def test_the_fewest_claims_that_finish_the_year(pack: RulePack) -> None:
    """Public 30 registered; professional needs 60: an award (60) alone does it, not papers and a talk."""
    activities = [
        act(1, "training", "2024-03-01", subject="public", hours=30),
        act(2, "paper", "2024-02-01", evidence=["a.pdf"]),
        act(3, "paper", "2024-03-01", evidence=["b.pdf"]),
        act(4, "award", "2024-05-01", level="national", evidence=["c.pdf"]),
        act(5, "talk", "2024-06-01", minutes=450),  # 20 学时
    ]
    plan = fewest_claims(activities, pack, 2024)
    assert plan.needed == (4,) and plan.optional == (2, 3, 5) and plan.completes


def test_a_cap_is_counted_as_the_evaluator_counts_it(pack: RulePack) -> None:
    """Four papers are 40 but the cap keeps 30 (9(1)): 30 + a 30-学时 talk-free path needs a project."""
    activities = [
        act(1, "training", "2024-01-05", subject="public", hours=30),
        act(2, "training", "2024-01-06", subject="professional", hours=20),
        *(act(i, "paper", f"2024-0{i}-01", evidence=[f"{i}.pdf"]) for i in range(3, 7)),
        act(7, "project", "2024-09-01", level="municipal", evidence=["p.pdf"]),  # 10
    ]
    plan = fewest_claims(activities, pack, 2024)
    # 20 + 30 (three papers, the cap) + 10 = 60: four claims; the fourth paper adds nothing
    assert plan.needed == (3, 4, 5, 7) and plan.optional == (6,)


def test_ties_go_to_claims_with_evidence_then_earlier_ones(pack: RulePack) -> None:
    activities = [
        act(1, "training", "2024-01-05", subject="public", hours=30),
        act(2, "training", "2024-01-06", subject="professional", hours=50),
        act(3, "paper", "2024-01-01"),  # no evidence
        act(4, "paper", "2024-05-01", evidence=["x.pdf"]),
        act(5, "paper", "2024-04-01", evidence=["y.pdf"]),
    ]
    assert fewest_claims(activities, pack, 2024).needed == (5,)


def test_approved_and_pending_count_and_are_no_candidates(pack: RulePack) -> None:
    activities = [
        act(1, "training", "2024-01-05", subject="public", hours=30),
        act(2, "award", "2024-02-01", level="provincial", status="approved"),  # 40
        act(3, "paper", "2024-03-01", status="declared"),  # 10, pending
        act(4, "paper", "2024-04-01"),
        act(5, "paper", "2024-05-01"),
    ]
    plan = fewest_claims(activities, pack, 2024)
    assert plan.needed == (4,) and plan.optional == (5,)


def test_a_rejected_claim_is_a_candidate_again(pack: RulePack) -> None:
    activities = [
        act(1, "training", "2024-01-05", subject="public", hours=30),
        act(2, "award", "2024-02-01", level="national", status="rejected", platform_status="rejected"),
    ]
    plan = fewest_claims(activities, pack, 2024)
    assert plan.needed == (2,) and plan.completes
    assert plan.declared.activities[1].credited == 60


def test_when_nothing_completes_the_year_every_claim_that_adds_is_needed(pack: RulePack) -> None:
    activities = [
        act(1, "paper", "2024-01-01"),
        act(2, "paper", "2024-02-01", core=False),  # earns nothing
        act(3, "talk", "2024-03-01", minutes=90),
    ]
    plan = fewest_claims(activities, pack, 2024)
    assert not plan.completes and plan.needed == (1, 3) and plan.optional == (2,)


def test_a_complete_year_needs_nothing_more(pack: RulePack) -> None:
    activities = [
        act(1, "training", "2024-01-05", subject="public", hours=30),
        act(2, "training", "2024-01-05", subject="professional", hours=60),
        act(3, "paper", "2024-01-01"),
    ]
    plan = fewest_claims(activities, pack, 2024)
    assert plan.needed == () and plan.optional == (3,) and plan.completes


def test_a_claim_dated_after_today_is_no_candidate(pack: RulePack) -> None:
    activities = [
        act(1, "training", "2024-01-05", subject="public", hours=30),
        act(2, "award", "2024-10-01", level="national"),
    ]
    plan = fewest_claims(activities, pack, 2024, today=date(2024, 7, 1))
    assert plan.needed == plan.optional == () and not plan.completes


# ---------------------------------------------------------------- against brute force

CLAIM_FIELDS: dict[str, Any] = {
    "paper": st.fixed_dictionaries({}, optional={"core": st.just(False)}),
    "talk": st.fixed_dictionaries({"minutes": st.sampled_from([45, 90, 225, 450])}),
    "exam": st.fixed_dictionaries({"level": st.sampled_from(["junior", "intermediate", "senior"])}),
    "project": st.fixed_dictionaries({"level": st.sampled_from(["national", "provincial", "municipal"])}),
    "award": st.fixed_dictionaries({"level": st.sampled_from(["provincial", "municipal"])}),
    "book": st.fixed_dictionaries({"role": st.sampled_from(["sole", "edited"])}),
    "patent": st.fixed_dictionaries({"type": st.sampled_from(["invention", "utility", "design"])}),
    "degree-course": st.fixed_dictionaries({"subject": st.sampled_from(["public", "professional"])}),
    "xuexi": st.fixed_dictionaries({"points": st.integers(300, 6000)}),
    "conference": st.fixed_dictionaries({"days": st.sampled_from([1, 2])}),
}


@st.composite
def years(draw: st.DrawFn) -> list[Activity]:
    """A 2024 of registered trainings (fixed) and up to 12 self-declared claims, some linked."""
    tables: list[dict[str, Any]] = []
    for subject, most in (("public", 30), ("professional", 60)):
        hours = draw(st.sampled_from([0, most // 3, most // 2, most - 10, most]))
        if hours:
            tables.append({"kind": "training", "subject": subject, "hours": hours})
    count = draw(st.integers(0, 12))
    for _ in range(count):
        kind = draw(st.sampled_from(sorted(CLAIM_FIELDS)))
        table = {"kind": kind, **draw(CLAIM_FIELDS[kind])}
        table["status"] = draw(st.sampled_from(["done", "done", "done", "rejected", "declared", "approved"]))
        if draw(st.booleans()):
            table["evidence"] = ["e.pdf"]
        tables.append(table)
    activities = []
    for number, table in enumerate(tables, start=1):
        when = draw(st.dates(date(2024, 1, 1), date(2024, 12, 31)))
        if number > 1 and draw(st.integers(0, 7)) == 0:
            table["same_as"] = draw(st.integers(1, number - 1))
        activities.append(act(number, table.pop("kind"), when, **table))
    return activities


def brute_force(activities: list[Activity], pack: RulePack) -> tuple[set[int], bool]:
    """Every subset of the claims, smallest first; the best complete one by the tie-break."""
    rules = pack.by_kind()
    claims = [a for a in activities if rules[a.kind].route == "self" and a.status in (Status.DONE, Status.REJECTED)]
    ids = {a.id for a in claims}

    def complete(chosen: tuple[Activity, ...]) -> bool:
        picked = {a.id for a in chosen}
        declared = [
            a._replace(status=Status.DECLARED if a.id in picked else Status.PLANNED) if a.id in ids else a
            for a in activities
        ]
        return evaluate(declared, pack, 2024).complete

    for size in range(len(claims) + 1):
        complete_sets = [chosen for chosen in itertools.combinations(claims, size) if complete(chosen)]
        if complete_sets:
            best = min(
                complete_sets,
                key=lambda chosen: (
                    sum(not a.evidence for a in chosen),
                    sorted((not a.evidence, a.date, a.id) for a in chosen),
                ),
            )
            return {a.id for a in best}, True
    everything = evaluate([a._replace(status=Status.DECLARED) if a.id in ids else a for a in activities], pack, 2024)
    return {item.activity.id for item in everything.activities if item.activity.id in ids and item.credited > 0}, False


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(years())
def test_the_search_agrees_with_brute_force(activities: list[Activity]) -> None:
    plan = fewest_claims(activities, PACK, 2024)
    needed, completes = brute_force(activities, PACK)
    assert (set(plan.needed), plan.completes) == (needed, completes)
