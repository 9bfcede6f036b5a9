"""The 学时查询 table as cpd holds it once read: its rows, its groups' 总学时, and its limits.

The column names, the limits (:data:`MAX_TABLE_BYTES`, :data:`MAX_CELLS`,
:data:`MAX_ELEMENTS`) and the row model are shared by :mod:`.forms` (the file to
lines), :mod:`.cells` (what a cell may hold) and :mod:`.align` (lines to rows).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from cpd_cli.core.model import Status, Subject
from cpd_cli.errors import UsageError

MAX_TABLE_BYTES = 16 * 1024 * 1024  # a saved page with its scripts is far smaller; refuses a runaway file
MAX_CELLS = 250_000  # rows × columns a table may describe (about 22,000 rows of 学时查询), checked before spans expand
MAX_ELEMENTS = 200_000  # HTML elements a page may hold (a saved 学时查询 page has a few thousand)
MAX_NUMBER_DIGITS = 9  # 学时数 and 总学时 are plain decimals such as 10 or 1.5; nothing longer is read

# The columns of 学时查询 by what each holds (the pack's [platform.columns] names them), and the
# ones a row cannot do without.  A header's names are read to these; a column the pack does not
# name keeps its own name after UNNAMED, which no column of the pack's has.
YEAR, SUBJECT, GROUP_TOTAL, COURSE, HOURS = "year", "subject", "group_total", "course", "hours"
START, END, UNIT, HOURS_STATE, STATE, ACTIONS = "start", "end", "unit", "hours_state", "state", "actions"
COLUMNS = (YEAR, SUBJECT, GROUP_TOTAL, COURSE, HOURS, START, END, UNIT, HOURS_STATE, STATE, ACTIONS)
UNNAMED = "?"
REQUIRED = (YEAR, SUBJECT, COURSE, HOURS, STATE)
GROUPED = (YEAR, SUBJECT, GROUP_TOTAL)  # shown on the first row of each year-and-subject group only
ACTION_WORDS = frozenset({"查看", "详情", "操作", "删除", "修改", "编辑"})  # what the 操作 cell shows


class TableError(UsageError):
    """The file given to ``cpd reconcile`` holds no 学时查询 table cpd can read."""


class PlatformRow(NamedTuple):
    """One data row of 学时查询."""

    row: int  # counted from 1 in the table's order
    year: int
    subject: Subject
    title: str  # 课程名称
    hours: Decimal  # 学时数
    start: date | None
    end: date | None
    status: Status  # what 状态 says: approved, declared (pending) or rejected
    word: str  # 状态 as the platform wrote it
    known: bool  # False: a word cpd does not know, kept as pending

    @property
    def date(self) -> date | None:
        """The day that decides the year, as for an activity: the end, else the start."""
        return self.end or self.start


class GroupTotal(NamedTuple):
    """The 总学时 the platform shows for a year-and-subject group (no checksum: shown, never relied on)."""

    year: int
    subject: Subject
    total: Decimal | None  # None: the cell was empty


class PlatformTable(NamedTuple):
    source: str  # the file's name, for messages
    rows: tuple[PlatformRow, ...]
    totals: tuple[GroupTotal, ...] = ()

    @property
    def years(self) -> list[int]:
        return sorted({row.year for row in self.rows})

    def total(self, year: int, subject: Subject) -> Decimal | None:
        """The platform's 总学时 for a group, None if it showed none."""
        return next((group.total for group in self.totals if (group.year, group.subject) == (year, subject)), None)


class Line(NamedTuple):
    """One line of the table as the file gives it: where it is, and its cells."""

    number: int  # in the file (in the page, for HTML)
    cells: tuple[str, ...]
