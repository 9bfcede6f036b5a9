"""The worked cases the rule pack carries, each run through the evaluator."""

from __future__ import annotations

import pytest

from cpd_cli.core.evaluate import evaluate
from cpd_cli.core.rules import embedded_pack_ids, load_embedded
from cpd_cli.core.validate import validate_activities
from cpd_cli.store import codec

PACKS = [load_embedded(pack_id) for pack_id in embedded_pack_ids()]
CASES = [(pack, case) for pack in PACKS for case in pack.cases]


def test_both_packs_ship() -> None:
    assert embedded_pack_ids() == ["jiangxi-2023", "national-2015"]


@pytest.mark.parametrize("pack", PACKS, ids=[pack.id for pack in PACKS])
def test_each_pack_carries_cases_for_every_kind(pack) -> None:  # type: ignore[no-untyped-def]
    covered = {entry["kind"] for case in pack.cases for entry in case.activities}
    assert covered == set(pack.kinds)


@pytest.mark.parametrize(("pack", "case"), CASES, ids=[f"{pack.id}: {case.name}" for pack, case in CASES])
def test_worked_case(pack, case) -> None:  # type: ignore[no-untyped-def]
    PACK = pack
    activities = [codec.activity_from_table(dict(entry), i) for i, entry in enumerate(case.activities)]
    validate_activities(activities, PACK)
    result = evaluate(activities, PACK, case.year)
    credited = {item.activity.id: item.credited for item in result.activities}
    assert credited == dict(case.credited)
    assert result.credited.public == case.totals["public"]
    assert result.credited.professional == case.totals["professional"]
    assert result.credited.total == case.totals["total"]
