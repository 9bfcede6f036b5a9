"""What finding the fewest claims to declare costs, by the number of claims in a year.

Usage:
    python bench/claims.py            # 10, 20, 40 and 60 claims, three kinds of year each
    python bench/claims.py --smoke    # 10 and 60 claims, one round

Each figure is a median over rounds, reported beside one evaluation of the same year
measured in the same run (so a busy machine moves both alike), with the number of
evaluations the search made.  Figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cpd_cli.core import claims
from cpd_cli.core.evaluate import evaluate
from cpd_cli.core.model import Activity
from cpd_cli.core.rules import load_embedded
from cpd_cli.store import codec

PACK = load_embedded("jiangxi-2023")
CLAIMS: list[dict[str, Any]] = [  # a cycle of the self-declared kinds a busy lecturer records
    {"kind": "paper"},
    {"kind": "talk", "minutes": 90},
    {"kind": "conference", "days": 1},
    {"kind": "patent", "type": "utility"},
    {"kind": "xuexi", "points": 1500},
    {"kind": "degree-course", "subject": "professional"},
    {"kind": "visit", "hours": 16},
    {"kind": "book", "role": "edited"},
    {"kind": "degree-course", "subject": "public"},
    {"kind": "project", "level": "municipal"},
]
YEARS = {  # what the organiser and the unit registered: (public, professional) 学时
    "completes with a few": (20, 30),
    "needs most of them": (0, 0),
    "cannot complete (public short)": (0, 60),
}


def year(count: int, registered: tuple[int, int], *, public_claims: bool = True) -> list[Activity]:
    tables: list[dict[str, Any]] = []
    for subject, hours in zip(("public", "professional"), registered, strict=True):
        if hours:
            tables.append({"kind": "training", "subject": subject, "hours": hours})
    for number in range(count):
        table = dict(CLAIMS[number % len(CLAIMS)])
        if not public_claims and (table.get("subject") == "public" or table["kind"] == "xuexi"):
            table = {"kind": "paper"}
        if number % 2:
            table["evidence"] = [f"{number}.pdf"]
        tables.append(table)
    start = date(2024, 1, 1)
    return [
        codec.activity_from_table(
            {"id": i, "title": f"{t['kind']} {i}", "date": start + timedelta(days=(i * 5) % 360), **t}
        )
        for i, t in enumerate(tables, start=1)
    ]


def median_ms(work: Any, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(activities: list[Activity], rounds: int) -> tuple[float, float, int, int]:
    calls = 0
    real = claims.evaluate

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    claims.evaluate = counting  # type: ignore[assignment]  # counted here only, put back below
    try:
        plan = claims.fewest_claims(activities, PACK, 2024)
    finally:
        claims.evaluate = real  # type: ignore[assignment]
    one = median_ms(lambda: evaluate(activities, PACK, 2024), rounds * 5)
    search = median_ms(lambda: claims.fewest_claims(activities, PACK, 2024), rounds)
    return one, search, calls, len(plan.needed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="10 and 60 claims, one round")
    args = parser.parse_args()
    sizes, rounds = ((10, 60), 1) if args.smoke else ((10, 20, 40, 60), 5)
    print("| year | claims | one evaluation (ms) | search (ms) | × one evaluation | evaluations | needed |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, registered in YEARS.items():
        for size in sizes:
            activities = year(size, registered, public_claims="cannot" not in name)
            one, search, calls, needed = measure(activities, rounds)
            print(f"| {name} | {size} | {one:.2f} | {search:.1f} | {search / one:.0f} | {calls} | {needed} |")


if __name__ == "__main__":
    main()
