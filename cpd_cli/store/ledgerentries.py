"""What a Tab press offers from the ledger: each activity's id, date, kind, title and year.

A Tab press after ``cpd edit`` offers every id, with its date, kind and title,
and ``--year`` offers the years; nothing else of the ledger is needed.  So the
file is read through the store's bounded read (:mod:`cpd_cli.store.files`) and
parsed whole by tomli, as a command reads it, but no typed records are built
and nothing is checked against the rule pack: that is the command's reading
(:func:`cpd_cli.store.ledger.load`), which reports what is wrong when it runs.

What is read here is read in full or not at all: a file that is not UTF-8 or
not TOML, a format newer than this cpd's, an ``[[activity]]`` table without a
whole-number id, a date, a kind and a title, or an id used twice, gives None,
never a guess.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from cpd_cli.core.fields import BY_NAME
from cpd_cli.core.fieldtypes import Invalid
from cpd_cli.errors import LedgerError


class Entry(NamedTuple):
    """One ``[[activity]]`` table, as far as completion shows it."""

    id: int
    date: date
    kind: str
    title: str
    year: int  # the year it counts toward: the one it makes up, else its date's


def entries(path: Path) -> tuple[Entry, ...] | None:
    """The activities of the ledger at ``path`` in file order; none when there is no file yet;
    None when the file cannot be read as a ledger (see the module's docstring)."""
    from cpd_cli.store.files import MAX_LEDGER_BYTES, read_regular

    try:
        text = read_regular(path, MAX_LEDGER_BYTES).decode("utf-8")
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError):  # a folder, a pipe, too large, unreadable, not UTF-8
        return None
    import tomli

    try:
        document = tomli.loads(text.removeprefix("\ufeff"))  # a byte-order mark left by Windows editors
    except (tomli.TOMLDecodeError, RecursionError, ValueError):  # ValueError: a number of 4,301 digits
        return None
    return from_document(document)


def from_document(document: dict[str, Any]) -> tuple[Entry, ...] | None:
    """The entries of a parsed ledger document, or None where it is not one."""
    from cpd_cli.store.codec import upgraded

    try:
        _schema, current = upgraded(document)  # brought up to date as a command reads it
    except LedgerError:
        return None
    tables = current.get("activity", [])
    if not isinstance(tables, list):
        return None
    found = []
    for table in tables:
        entry = _entry(table)
        if entry is None:
            return None
        found.append(entry)
    if len({entry.id for entry in found}) != len(found):
        return None
    return tuple(found)


def _entry(table: Any) -> Entry | None:
    """The entry of one ``[[activity]]`` table, its fields read by their types as a command reads them."""
    if not isinstance(table, dict):
        return None
    try:
        number, when, kind, title, makeup_for = (_read(table, name) for name in SHOWN)
    except Invalid:
        return None
    if number < 1:
        return None
    return Entry(number, when, kind, title, when.year if makeup_for is None else makeup_for)


SHOWN = ("id", "date", "kind", "title", "makeup_for")


def _read(table: dict[str, Any], name: str) -> Any:
    """The field ``name`` of ``table`` as its type reads it; None if it is left out and may be."""
    field = BY_NAME[name]
    value = table.get(name)
    if value is None:
        if field.required:
            raise Invalid(name)
        return None
    return field.type.read(value, required=field.required)
