"""In-process figures with pytest-benchmark (not part of the test suite).

pip install '.[bench]' && pytest bench/test_evaluator_bench.py --benchmark-only
"""

from __future__ import annotations

import pytest

from bench.ledgers import activity_tables
from cpd_cli.core.evaluate import evaluate
from cpd_cli.core.rules import load_embedded
from cpd_cli.store import codec

PACK = load_embedded()


@pytest.mark.parametrize("size", [100, 1_000, 10_000, 100_000])
def test_evaluate(benchmark, size: int) -> None:  # type: ignore[no-untyped-def]
    activities = [codec.activity_from_table(t) for t in activity_tables(size, years=(2024,))]
    result = benchmark(evaluate, activities, PACK, 2024)
    assert len(result.activities) == size


def test_parse_1000(benchmark) -> None:  # type: ignore[no-untyped-def]
    ledger = codec.from_document({"schema": 1, "activity": activity_tables(1_000)})
    text = codec.dumps(ledger)
    assert len(benchmark(codec.loads, text).activities) == 1_000
