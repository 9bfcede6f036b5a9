"""Realistic synthetic ledgers for the benchmark: every kind, several years, valid."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

KINDS = {
    "training": lambda r: {"subject": r.choice(["public", "professional"]), "hours": r.randint(1, 40)},
    "program": lambda r: {"subject": "professional", "days": r.randint(1, 3)},
    "unit-training": lambda r: {"minutes": r.randint(30, 300)},
    "visit": lambda r: {"days": r.randint(1, 5)},
    "conference": lambda r: {"days": 1},
    "degree-course": lambda r: {"subject": r.choice(["public", "professional"])},
    "exam": lambda r: {"level": r.choice(["junior", "intermediate", "senior"])},
    "xuexi": lambda r: {"points": r.randint(100, 3000)},
    "paper": lambda r: {"journal": "计算机学报"},
    "book": lambda r: {"role": r.choice(["sole", "edited"])},
    "patent": lambda r: {"type": r.choice(["invention", "utility", "design", "software"])},
    "project": lambda r: {"level": r.choice(["national", "provincial", "municipal"])},
    "award": lambda r: {"level": r.choice(["national", "provincial", "municipal"])},
    "talk": lambda r: {"minutes": r.randint(20, 120)},
}


LIFETIME = tuple(range(2005, 2025))  # 1,000 activities over 20 years: about 50 a year, as a busy person records


def activity_tables(
    count: int, *, years: tuple[int, ...] = LIFETIME, seed: int = 7, chronological: bool = False
) -> list[dict]:  # type: ignore[type-arg]
    """``count`` activities with ids 1, 2, …; their dates drawn at random, or with
    ``chronological`` the same dates handed out in id order, as a ledger kept over the
    years is (its activities then also sit in memory in date order)."""
    rng = random.Random(seed)
    tables = []
    for number in range(1, count + 1):
        kind = rng.choice(sorted(KINDS))
        year = rng.choice(years)
        table = {
            "id": number,
            "kind": kind,
            "title": f"活动 {number} {kind}",
            "date": date(year, 1, 1) + timedelta(days=rng.randrange(365)),
            **KINDS[kind](rng),
        }
        if number > 10 and rng.random() < 0.05:
            table["same_as"] = rng.randrange(1, number)
        tables.append(table)
    if chronological:
        for table, when in zip(tables, sorted(t["date"] for t in tables), strict=True):
            table["date"] = when
    return tables


def write_ledger(path: Path, count: int) -> Path:
    from cpd_cli.store import codec

    ledger = codec.from_document({"schema": 1, "activity": activity_tables(count)})
    path.write_text(codec.dumps(ledger), encoding="utf-8")
    return path
