"""The ledger's TOML format: parsed strictly into the model, and back.

Reading never guesses: a value of the wrong type is an error naming the activity
and field.  Keys this version does not know are kept in ``extra`` and written
back unchanged, after the known keys, so a hand edit or another tool's field
survives a round trip.  The writing is in :mod:`cpd_cli.store.ledgertext`; the
names cpd uses from here are re-exported below.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import tomli

from cpd_cli.core.dates import EARLIEST_YEAR, is_deadline
from cpd_cli.core.fields import FIELDS
from cpd_cli.core.fieldtypes import Invalid
from cpd_cli.core.model import (
    EMPTY,
    Activity,
    Ledger,
    Profile,
)
from cpd_cli.core.typed import shown
from cpd_cli.core.validate import where
from cpd_cli.errors import LedgerError
from cpd_cli.i18n import _
from cpd_cli.store.ledgertext import (
    ACTIVITY_KEYS,
    HEADER,
    PROFILE_KEYS,
    TOP_KEYS,
    activity_to_table,
    document_of,
    render_document,
)

SCHEMA = 1  # the ledger format's version: read up to it (older ones upgraded), written in it

__all__ = [  # what cpd uses from here: the reading, and the writing it has always found here
    "ACTIVITY_KEYS",
    "HEADER",
    "PROFILE_KEYS",
    "SCHEMA",
    "TOP_KEYS",
    "activity_from_table",
    "activity_to_table",
    "dumps",
    "from_document",
    "loads",
    "profile_from_table",
    "render_document",
    "to_document",
]


def loads(text: str) -> Ledger:
    """Parse ledger text; raise :class:`LedgerError` saying where it is wrong."""
    text = text.removeprefix("\ufeff")  # a byte-order mark left by Windows editors
    try:
        data = tomli.loads(text, parse_float=bounded_float)
    except tomli.TOMLDecodeError as error:  # its message says where: "(at line 3, column 7)"
        raise LedgerError(_("not valid TOML: {error}").format(error=error)) from error
    except OutOfBounds as error:
        raise LedgerError(
            _(
                "not a ledger: the number {number}{where} is out of bounds "
                "(at most {most} characters, exponent ±{exponent})"
            ).format(
                number=_cut(error.text),
                most=MAX_NUMBER_CHARACTERS,
                exponent=MAX_EXPONENT,
                where=_line_of(text, re.compile(re.escape(error.text))),
            )
        ) from None
    except ValueError:  # Python's own limit on the digits of a whole number, met while parsing
        raise LedgerError(
            _("not a ledger: a whole number has more than {most} digits{where}").format(
                most=MAX_WHOLE_DIGITS, where=_line_of(text, _LONG_DIGITS)
            )
        ) from None
    except RecursionError:  # arrays nested thousands deep: the parser reads them by recursion
        raise LedgerError(
            _("not a ledger: values nested too deeply (at most {most} levels)").format(most=MAX_DEPTH)
        ) from None
    problem = _out_of_bounds(data, MAX_DEPTH)
    if problem:
        raise LedgerError(problem[1], where=problem[0])
    return from_document(data)


MAX_DEPTH = 32  # tables and arrays inside each other; deeper cannot be a ledger, and could not be written back


# Bounds on single values, far beyond any ledger, so that no value can make cpd slow.  A float's
# text is checked before it becomes a number: an exponent of a million digits' worth costs time in
# every later step (arithmetic, formatting, the conversion to an integer), so none gets that far.
MAX_NUMBER_CHARACTERS = 100  # a float as written, underscores included


MAX_EXPONENT = 308  # the largest a TOML float (IEEE 754 binary64) can reach, and the smallest's mirror


MAX_WHOLE_DIGITS = 100  # a whole number (bigger cannot be an id, a count or an amount)


MAX_STRING = 100_000  # characters of any string or key; a title or note has a lower limit of its own


_FLOAT_TEXT = re.compile(r"[+-]?[0-9_]+(?:\.[0-9_]+)?(?:[eE]([+-]?[0-9_]+))?")


_LONG_DIGITS = re.compile(rf"[0-9_]{{{sys.get_int_max_str_digits() + 1},}}")


class OutOfBounds(ValueError):
    """A float too long or too large to be a ledger's, met while parsing."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def bounded_float(text: str) -> Decimal:
    """The float ``text`` as an exact ``Decimal``, refused before conversion if out of bounds."""
    if text.lstrip("+-") in ("inf", "nan"):
        return Decimal(text)  # kept as written; validation refuses them where a number counts
    if len(text) > MAX_NUMBER_CHARACTERS:
        raise OutOfBounds(text)
    written = _FLOAT_TEXT.fullmatch(text)
    exponent = written.group(1) if written else None
    if exponent is not None and abs(int(exponent.replace("_", ""))) > MAX_EXPONENT:
        raise OutOfBounds(text)
    return Decimal(text)


def _line_of(text: str, pattern: re.Pattern[str]) -> str:
    found = pattern.search(text)
    return "" if found is None else _(" (line {line})").format(line=text.count("\n", 0, found.start()) + 1)


def _out_of_bounds(data: Any, limit: int) -> tuple[str, str] | None:
    """Where ``data`` nests deeper than ``limit`` or holds a value out of bounds, and what is wrong; or None.

    A value is at depth 1 under its top-level key, its items at depth 2, and so
    on; the walk uses a stack, not recursion.
    """
    roots: list[tuple[str, Any, Any, int]] = []
    for key, value in data.items():
        if key == "activity" and isinstance(value, list):
            place = _("activity entry {number}")
            roots += [(place.format(number=n), "", entry, 2) for n, entry in enumerate(value, 1)]
        else:
            roots.append((_("key {key!r}").format(key=_cut(key)), key, value, 1))
    for place, key, value, first in roots:
        stack = [(key, value, first)]
        while stack:
            name, item, depth = stack.pop()
            if len(name) > MAX_STRING or (isinstance(item, str) and len(item) > MAX_STRING):
                length = max(len(name), len(item) if isinstance(item, str) else 0)
                return place, _("{length:,} characters is too long (at most {most:,})").format(
                    length=length, most=MAX_STRING
                )
            if isinstance(item, int) and not isinstance(item, bool) and abs(item) >= _WHOLE_LIMIT:
                return place, _("a whole number has more than {most} digits").format(most=MAX_WHOLE_DIGITS)
            if isinstance(item, dict):
                children: list[tuple[str, Any]] = list(item.items())
            elif isinstance(item, list):
                children = [("", child) for child in item]
            else:
                continue
            if depth > limit or (depth == limit and children):
                return place, _("values nested more than {most} levels deep").format(most=limit)
            stack.extend((child_name, child, depth + 1) for child_name, child in children)
    return None


def _cut(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


_WHOLE_LIMIT = 10**MAX_WHOLE_DIGITS


def from_document(data: Mapping[str, Any]) -> Ledger:
    schema, data = upgraded(data)
    last_id = data.get("last_id", 0)
    if isinstance(last_id, bool) or not isinstance(last_id, int) or last_id < 0:
        raise LedgerError(_("must be a whole number ≥ 0"), where="last_id")
    profile = data.get("profile", {})
    if not isinstance(profile, dict):
        raise LedgerError(_("must be a table"), where="profile")
    entries = data.get("activity", [])
    if not isinstance(entries, list):
        raise LedgerError(_("must be an array of tables: [[activity]]"), where="activity")
    return Ledger(
        schema=schema,  # as read: the store keeps a backup before writing a newer one
        last_id=last_id,
        profile=profile_from_table(profile),
        activities=tuple(activity_from_table(entry, index) for index, entry in enumerate(entries)),
        extra={key: value for key, value in data.items() if key not in TOP_KEYS},
    )


def upgraded(data: Mapping[str, Any]) -> tuple[int, Mapping[str, Any]]:
    """The schema ``data`` was written in, and ``data`` in the current one (:data:`SCHEMA`);
    a :class:`LedgerError` if the schema is not a whole number or newer than this cpd's."""
    schema = data.get("schema", SCHEMA)
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise LedgerError(_("schema must be a whole number"), where="schema")
    if schema > SCHEMA:
        raise LedgerError(
            _("written by a newer cpd (schema {schema}); this cpd reads schema {known} — upgrade cpd").format(
                schema=schema, known=SCHEMA
            ),
            where="schema",
        )
    if schema < SCHEMA:
        from cpd_cli.store import migrate

        data = migrate.upgrade(dict(data), schema, SCHEMA)
    return schema, data


def profile_from_table(table: Mapping[str, Any]) -> Profile:
    values: dict[str, Any] = {}
    for key in PROFILE_KEYS:
        value = table.get(key)
        if key == "deadline" and isinstance(value, date) and not isinstance(value, datetime):
            values[key] = value
            continue
        if key == "since" and value is not None:
            values[key] = _since(value)
            continue
        if value is not None and not isinstance(value, str):
            raise LedgerError(_("must be a string"), where=_("profile, field {field!r}").format(field=key), field=key)
        if key == "deadline" and value is not None and not is_deadline(value):
            raise LedgerError(
                _("{value!r} is not a month-day like 12-15 or a date").format(value=value),
                where=_("profile, field {field!r}").format(field="deadline"),
                field="deadline",
            )
        values[key] = value
    return Profile(**values, extra={k: v for k, v in table.items() if k not in PROFILE_KEYS})


def _since(value: Any) -> int:
    """``[profile] since``: a year, as a whole number (whether it is past is checked where it is used)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < EARLIEST_YEAR:
        raise LedgerError(
            _("must be a year from {earliest} on, like 2019, not {value}").format(
                earliest=EARLIEST_YEAR, value=shown(value)
            ),
            where=_("profile, field {field!r}").format(field="since"),
            field="since",
        )
    return value


def activity_from_table(entry: Any, index: int = 0) -> Activity:
    """One ``[[activity]]`` table as an :class:`Activity` (types checked, not meaning).

    Only the keys the table has are read, in :data:`ACTIVITY_KEYS` order, so the
    first wrong field named is the same whatever order the file lists them in.
    """
    if not isinstance(entry, dict):
        raise LedgerError(_("must be a table"), where=_("activity entry {number}").format(number=index + 1))
    raw_id = entry.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, int) or raw_id < 1:
        raise LedgerError(
            _("id must be a whole number ≥ 1"),
            where=_("activity entry {number}, field {field!r}").format(number=index + 1, field="id"),
            field="id",
        )
    values: dict[str, Any] = {}
    details: dict[str, str] = {}
    for field in _READ:
        value = entry.get(field.name)
        if value is None:
            if field.required:
                raise LedgerError(_("is missing"), where=where(raw_id, field.name), field=field.name)
            continue
        try:
            value = field.type.read(value, required=field.required)
        except Invalid as error:
            raise LedgerError(error.message, where=where(raw_id, field.name), field=field.name) from None
        if field.detail:
            details[field.name] = value
        else:
            values[field.name] = value
    unknown = entry.keys() - _KNOWN
    return Activity(
        id=raw_id,
        **values,
        details=details or EMPTY,
        extra={key: value for key, value in entry.items() if key in unknown} if unknown else EMPTY,
    )


_KNOWN = frozenset(ACTIVITY_KEYS)


_READ = tuple(field for field in FIELDS if field.name != "id")  # the id is read first, to say where


def to_document(ledger: Ledger) -> dict[str, Any]:
    """The ledger as a TOML document in the current format (:data:`SCHEMA`)."""
    return document_of(ledger, SCHEMA)


def dumps(ledger: Ledger) -> str:
    """The ledger as TOML text in a fixed layout a person can edit.

    Top-level keys first, then ``[profile]``, then one ``[[activity]]`` block per
    activity with one ``key = value`` line each; nested values are written inline
    (a list of tables one per line).  tomli-w formats every scalar.

    The blocks are laid out here rather than by one ``tomli_w.dumps`` of the whole
    document: tomli-w writes a list of tables that all fit on a line as an inline
    array, ``activity = [{ … }, …]``, so a ledger of short activities would lose its
    blocks, and an ``[[activity]]`` block added by hand would then be an error.
    """
    return render_document(to_document(ledger))
