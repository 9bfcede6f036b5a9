"""Hypothesis strategies for valid activities and ledgers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from cpd_cli.core.model import Activity
from cpd_cli.store import codec

KIND_FIELDS: dict[str, Any] = {
    "training": st.fixed_dictionaries({"subject": st.sampled_from(["public", "professional"])}),
    "program": st.fixed_dictionaries({"subject": st.sampled_from(["public", "professional"])}),
    "unit-training": st.just({}),
    "visit": st.just({}),
    "conference": st.just({}),
    "degree-course": st.fixed_dictionaries({"subject": st.sampled_from(["public", "professional"])}),
    "exam": st.fixed_dictionaries({"level": st.sampled_from(["junior", "intermediate", "senior"])}),
    "xuexi": st.fixed_dictionaries({"points": st.integers(0, 20000)}),
    "paper": st.fixed_dictionaries({}, optional={"core": st.booleans()}),
    "book": st.fixed_dictionaries({"role": st.sampled_from(["sole", "edited"])}),
    "patent": st.fixed_dictionaries({"type": st.sampled_from(["invention", "utility", "design", "software"])}),
    "project": st.fixed_dictionaries({"level": st.sampled_from(["national", "provincial", "municipal"])}),
    "award": st.fixed_dictionaries({"level": st.sampled_from(["national", "provincial", "municipal"])}),
    "talk": st.just({}),
}
TIMED = {"training", "program", "unit-training", "visit", "conference", "talk"}
PASSABLE = {"training", "program", "degree-course"}

time_amount = st.one_of(
    st.fixed_dictionaries({"hours": st.decimals(Decimal("0.1"), Decimal(200), places=1)}),
    st.fixed_dictionaries({"minutes": st.integers(1, 6000)}),
    st.fixed_dictionaries({"days": st.sampled_from([Decimal("0.5"), Decimal(1), Decimal(2), Decimal(5)])}),
)
statuses = st.sampled_from(["planned", "done", "declared", "approved", "rejected"])


@st.composite
def activity_tables(draw: st.DrawFn, id: int, year: int = 2024) -> dict[str, Any]:
    kind = draw(st.sampled_from(sorted(KIND_FIELDS)))
    table: dict[str, Any] = {
        "id": id,
        "kind": kind,
        "title": f"{kind} {id}",
        "date": draw(st.dates(date(year, 1, 1), date(year, 12, 31))),
        **draw(KIND_FIELDS[kind]),
    }
    if kind in TIMED:
        table.update(draw(time_amount))
    if kind in PASSABLE and draw(st.integers(0, 5)) == 0:
        table["passed"] = False
    if draw(st.integers(0, 3)) == 0:
        table["status"] = draw(statuses)
    return table


@st.composite
def activity_lists(draw: st.DrawFn, max_size: int = 25, same_as: bool = True) -> list[Activity]:
    count = draw(st.integers(0, max_size))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=count, max_size=count, unique=True))
    tables = [draw(activity_tables(i)) for i in ids]
    if same_as and len(ids) > 1:
        for table in tables:
            if draw(st.integers(0, 6)) == 0:
                other = draw(st.sampled_from([i for i in ids if i != table["id"]]))
                table["same_as"] = other
    return [codec.activity_from_table(table) for table in tables]
