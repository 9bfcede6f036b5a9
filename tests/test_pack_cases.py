"""The worked cases the rule pack carries, each run through the evaluator."""

from __future__ import annotations

import pytest

from cpd_cli.core.evaluate import evaluate
from cpd_cli.core.rules import load_embedded
from cpd_cli.core.validate import validate_activities
from cpd_cli.store import codec

PACK = load_embedded("jiangxi-2023")


def test_the_pack_carries_cases_for_every_kind() -> None:
    covered = {entry["kind"] for case in PACK.cases for entry in case.activities}
    assert covered == set(PACK.kinds)


@pytest.mark.parametrize("case", PACK.cases, ids=[case.name for case in PACK.cases])
def test_worked_case(case) -> None:  # type: ignore[no-untyped-def]
    activities = [codec.activity_from_table(dict(entry), i) for i, entry in enumerate(case.activities)]
    validate_activities(activities, PACK)
    result = evaluate(activities, PACK, case.year)
    credited = {item.activity.id: item.credited for item in result.activities}
    assert credited == dict(case.credited)
    assert result.credited.public == case.totals["public"]
    assert result.credited.professional == case.totals["professional"]
    assert result.credited.total == case.totals["total"]
