"""A pack that loads never makes an evaluation fail: every value of the shipped pack,
replaced in turn by a value of another type or range, is either refused when the pack
is read (one RulesError naming where) or evaluates the pack's own worked cases."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
import tomli
import tomli_w

from cpd_cli.core.plan import overview
from cpd_cli.core.rules import PACKS_FOLDER, RulePack, parse_pack
from cpd_cli.core.validate import validate_activities
from cpd_cli.errors import CpdError
from cpd_cli.messages import note_text, step_text, warning_text
from cpd_cli.store import codec

REPLACEMENTS: list[Any] = ["x", -1, 0, Decimal("0.3"), True, ["x"], {}, datetime(2024, 1, 1, 8)]


def places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value in the parsed pack, tables and lists included."""
    found = [path] if path else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += places(value, (*path, index))
    return found


def replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = replaced(data[head], tuple(rest), value)
    return copy


def ledger_of(pack: RulePack) -> list[dict[str, Any]]:
    """All the pack's worked cases as one ledger, their ids renumbered apart."""
    tables = []
    for number, case in enumerate(pack.cases):
        for entry in case.activities:
            table = {**entry, "id": 100 * number + entry["id"]}
            if "same_as" in entry:
                table["same_as"] = 100 * number + entry["same_as"]
            tables.append(table)
    return tables


def exercise(pack: RulePack, tables: list[dict[str, Any]], years: list[int]) -> int:
    """Everything a status computes and says of ``tables`` (those of the pack's kinds) under
    ``pack``, in each year; 1 if evaluated, 0 if the pack refuses the activities."""
    kept = [table for table in tables if table["kind"] in pack.kinds]
    ids = {table["id"] for table in kept}
    kept = [{k: v for k, v in table.items() if k != "same_as" or v in ids} for table in kept]
    try:
        activities = [codec.activity_from_table(dict(table), i) for i, table in enumerate(kept)]
        validate_activities(activities, pack)
    except CpdError:
        return 0
    for year in years:
        view = overview(activities, pack, year, date(year, 11, 29), sector="卫生", explain=True)
        for item in view.result.activities:
            [note_text(note) for note in item.notes]
            [step_text(step) for step in item.trace]
        [warning_text(warning, year) for warning in view.result.warnings]
    return 1


@pytest.mark.parametrize("pack_id", ["jiangxi-2023", "national-2015"])
def test_every_mutated_value_is_refused_or_evaluates(pack_id: str) -> None:
    text = (PACKS_FOLDER / f"{pack_id}.toml").read_text(encoding="utf-8")
    shipped = parse_pack(text, source=pack_id)
    tables, years = ledger_of(shipped), sorted({case.year for case in shipped.cases})
    data = tomli.loads(text, parse_float=Decimal)
    data["case"] = data["case"][:1]  # one case stands for all: each is read the same way
    # one rule of each basis stands for the others of that basis, and keeps the mutations few
    chosen = {rule["basis"]: rule for rule in reversed(data["rule"])}  # the first of each basis
    chosen.update({rule["kind"]: rule for rule in data["rule"] if "cap_allocation" in rule})
    data["rule"] = list({rule["kind"]: rule for rule in chosen.values()}.values())
    evaluated = 0
    for path in places(data):
        for value in REPLACEMENTS:
            try:
                pack = parse_pack(tomli_w.dumps(replaced(data, path, value)), source="pack.toml")
            except CpdError:
                continue
            except Exception as error:
                pytest.fail(f"{path} = {value!r}: reading raised {type(error).__name__}: {error}")
            try:
                evaluated += exercise(pack, tables, years)
            except Exception as error:
                pytest.fail(f"{path} = {value!r}: evaluating raised {type(error).__name__}: {error}")
    assert evaluated > 100  # most mutations that load are evaluated, not refused by the ledger
