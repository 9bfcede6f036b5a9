"""What each cell of 学时查询 may hold: column names folded, numbers, dates, subjects and statuses.

A line's cells are checked one by one against the columns they would sit under
(:func:`why_not`); :mod:`.align` tries every way a line can sit and keeps the one
that fits.
"""

from __future__ import annotations

import decimal
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from cpd_cli.core.dates import parse_date
from cpd_cli.core.model import Subject
from cpd_cli.core.platform.facts import column_name
from cpd_cli.core.platform.rows import (
    ACTION_WORDS,
    ACTIONS,
    COLUMNS,
    COURSE,
    END,
    GROUP_TOTAL,
    HOURS,
    HOURS_STATE,
    MAX_NUMBER_DIGITS,
    REQUIRED,
    START,
    STATE,
    SUBJECT,
    UNNAMED,
    YEAR,
    Line,
)
from cpd_cli.core.rulemodel import Columns
from cpd_cli.core.vocabulary import SUBJECTS
from cpd_cli.i18n import _

_NUMBER = re.compile(rf"[0-9]{{1,{MAX_NUMBER_DIGITS}}}(?:\.[0-9]{{1,{MAX_NUMBER_DIGITS}}})?")


def column_of(cell: str, columns: Columns) -> str:
    """What a header cell's column holds (:data:`~.rows.COLUMNS`), by the names the pack gives them."""
    name = column_name(cell)
    return COLUMNS[columns.index(name)] if name in columns else UNNAMED + name


def header_names(cells: Sequence[str], columns: Columns) -> list[str] | None:
    """The columns of a header line, or None if it is not the header (a column a row needs is missing)."""
    names = [column_of(cell, columns) for cell in cells]
    return names if all(column in names for column in REQUIRED) else None


def stacked_header(lines: Sequence[Line], columns: Columns) -> tuple[int, list[str]] | None:
    """Where a copy has one cell per line: the index after the header's last name, and the columns."""
    at = 0
    while at < len(lines):
        names: list[str] = []
        end = at
        while end < len(lines) and len(lines[end].cells) == 1 and column_name(lines[end].cells[0]) in columns:
            names.append(column_of(lines[end].cells[0], columns))
            end += 1
        if all(column in names for column in REQUIRED):
            return end, names
        at = max(end, at + 1)
    return None


def plain_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


_NUMBERS = decimal.Context(
    prec=2 * MAX_NUMBER_DIGITS,
    Emax=MAX_NUMBER_DIGITS,
    Emin=-MAX_NUMBER_DIGITS,
    traps=[decimal.InvalidOperation, decimal.Overflow, decimal.Underflow, decimal.Inexact, decimal.Rounded],
)


def parse_number(text: str) -> Decimal | None:
    """A plain decimal such as ``10`` or ``1.5``: no sign, exponent or more than a few digits.

    The text is bounded before it reaches :mod:`decimal`, and made a number in a context
    that traps anything inexact or out of range, so no figure is ever rounded or huge."""
    text = plain_text(text)
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return _NUMBERS.create_decimal(text)
    except decimal.DecimalException:
        return None


def is_date(text: str) -> bool:
    text = plain_text(text)
    return not text or set(text) <= set("-—") or parse_date(text) is not None


def why_not(column: str, value: str, columns: Columns) -> str | None:
    """Why ``value`` cannot be the cell of ``column``; None if it can."""
    plain = plain_text(value)
    shown = cut_short(plain)
    if column == YEAR and plain and not (plain.isdecimal() and len(plain) == 4):
        return _("年度 {value!r} is not a year").format(value=shown)
    if column == SUBJECT and plain and subject_of(plain) is None:
        return _("科目类型 {value!r} is neither 公需课 nor 专业课").format(value=shown)
    if column == GROUP_TOTAL and plain and parse_number(plain) is None:
        return _("总学时 {value!r} is not a number").format(value=shown)
    if column == COURSE and not plain:
        return _("课程名称 is empty")
    if column == COURSE and plain in ACTION_WORDS:
        return _("课程名称 {value!r} is what the 操作 cell shows").format(value=shown)
    if column == HOURS and parse_number(plain) is None:
        return _("学时数 {value!r} is not a number").format(value=shown)
    if column in (START, END) and not is_date(plain):
        return _("{column} {value!r} is not a date like 20240308").format(column=getattr(columns, column), value=shown)
    if column == HOURS_STATE and plain and set(plain) - set("-—") and "学时" not in plain:
        return _("学时状态 {value!r} is not like 已获得学时").format(value=shown)
    if (
        column == ACTIONS
        and plain
        and (parse_number(plain) is not None or parse_date(plain) or subject_of(plain) is not None or "学时" in plain)
    ):  # a figure, a date or a subject there is the next row's first cell: a cell was lost before it
        return _("操作 {value!r} is a value of another column, not what the 操作 cell shows").format(value=shown)
    if column == STATE and (
        not plain or "学时" in plain or plain in ACTION_WORDS or parse_number(plain) is not None or parse_date(plain)
    ):
        return _("状态 {value!r} is not a status like 审核通过").format(value=shown)
    return None


def cut_short(value: str) -> str:
    """A cell as named in a message: on one line (a CSV cell may hold line breaks), cut short."""
    value = " ".join(value.split())
    return value if len(value) <= 40 else value[:40] + "…"


def subject_of(word: str) -> Subject | None:
    name = column_name(word)
    found = next((s for s in SUBJECTS if name in (s.zh, s.short, *s.platform)), None)
    return Subject(found.id) if found else None
