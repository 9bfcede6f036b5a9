"""Reading the platform's 学时查询 table from the file a person saved or pasted.

Three forms, as a browser gives them:

- the saved page (``.html``): every ``<table>`` is read with the standard
  library's :class:`html.parser.HTMLParser`, grouped cells (``rowspan``) filled
  into the rows they span; the first table with the 学时查询 header is the one,
  or, where the page draws the header and the body as two tables, the table
  after it.  The page is decoded by the charset it declares (GBK pages exist);
- the table selected and copied as text: tab-separated lines, the grouped cells
  (年度, 科目类型, 总学时) only on each group's first line;
- a CSV with the same columns.

Lines before the header (the 查询/重置 line), lines that are not rows of the
table and blank lines are passed over; cells are stripped of stray spaces.
A grouped cell left empty takes the value of the group above it.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from typing import NamedTuple

from cpd_cli.core.dates import parse_date
from cpd_cli.core.model import Status, Subject
from cpd_cli.core.vocabulary import STATUSES, SUBJECTS
from cpd_cli.errors import UsageError
from cpd_cli.i18n import _

MAX_TABLE_BYTES = 16 * 1024 * 1024  # a saved page with its scripts is far smaller; refuses a runaway file

# The platform's column names (学时查询), and the ones a row cannot do without.
YEAR, SUBJECT, GROUP_TOTAL, COURSE, HOURS = "年度", "科目类型", "总学时", "课程名称", "学时数"
START, END, UNIT, HOURS_STATE, STATE, ACTIONS = "开始时间", "结束时间", "待审单位", "学时状态", "状态", "操作"
COLUMNS = (YEAR, SUBJECT, GROUP_TOTAL, COURSE, HOURS, START, END, UNIT, HOURS_STATE, STATE, ACTIONS)
REQUIRED = (YEAR, SUBJECT, COURSE, HOURS, STATE)
GROUPED = (YEAR, SUBJECT, GROUP_TOTAL)  # shown on the first row of each year-and-subject group only


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


class PlatformTable(NamedTuple):
    source: str  # the file's name, for messages
    rows: tuple[PlatformRow, ...]

    @property
    def years(self) -> list[int]:
        return sorted({row.year for row in self.rows})


# ---------------------------------------------------------------- the file


def read(data: bytes, source: str) -> PlatformTable:
    """The 学时查询 table in ``data`` (a saved page, copied text or CSV); ``source`` names it in errors."""
    if len(data) > MAX_TABLE_BYTES:
        raise TableError(_("{path}: too large for a 学时查询 table").format(path=source))
    if _looks_like_html(data, source):
        lines = _html_rows(_decode(data, _declared_charset(data)))
    else:
        text = _decode(data, None)
        lines = _delimited_rows(text, csv_file=source.lower().endswith(".csv") or _is_csv(text))
    return PlatformTable(source, tuple(_rows(lines, source)))


def _looks_like_html(data: bytes, source: str) -> bool:
    if source.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype", b"<html", b"<table", b"<?xml", b"<meta", b"<head", b"<body"))


class _CharsetFinder(HTMLParser):
    """The charset a page declares in ``<meta charset>`` or ``<meta http-equiv content>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.charset: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta" or self.charset:
            return
        named = {key.lower(): value or "" for key, value in attrs}
        if named.get("charset"):
            self.charset = named["charset"].strip()
        elif named.get("http-equiv", "").lower() == "content-type":
            from email.message import Message

            header = Message()
            header["content-type"] = named.get("content", "")
            self.charset = header.get_content_charset()


def _declared_charset(data: bytes) -> str | None:
    finder = _CharsetFinder()
    finder.feed(data[:8192].decode("latin-1"))  # the declaration is ASCII, near the top
    return finder.charset


def _decode(data: bytes, declared: str | None) -> str:
    """Text by its BOM, else the charset the page declares, else UTF-8, else GB18030 (GBK's superset)."""
    marks = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, encoding in marks:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if declared:
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = None
        if name in ("gbk", "gb2312", "gb18030"):
            name = "gb18030"  # pages that say gb2312 or gbk are written with its characters too
        if name:
            return data.decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")  # Notepad's "ANSI" on a Chinese Windows


# ---------------------------------------------------------------- saved page


class _TableReader(HTMLParser):
    """Every table of a page as rows of cell texts, grouped cells repeated in the rows they span."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._open: list[_Grid] = []  # tables inside tables
        self._skip = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._skip += 1
        elif tag == "table":
            self._open.append(_Grid())
        elif self._open:
            grid = self._open[-1]
            if tag == "tr":
                grid.start_row()
            elif tag in ("td", "th"):
                named = dict(attrs)
                grid.start_cell(_span(named.get("rowspan")), _span(named.get("colspan")))
            elif tag == "br":
                grid.text(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self._skip = max(0, self._skip - 1)
        elif tag == "table" and self._open:
            self.tables.append(self._open.pop().finish())
        elif self._open:
            grid = self._open[-1]
            if tag in ("td", "th"):
                grid.end_cell()
            elif tag == "tr":
                grid.end_row()

    def handle_data(self, data: str) -> None:
        if self._open and not self._skip:
            self._open[-1].text(data)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


class _Grid:
    """One table being read: rows of cells, with the cells still spanning down from rows above."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.spans: tuple[int, int] = (1, 1)
        self.pending: dict[int, tuple[str, int]] = {}  # column → (text, rows still to fill)

    def start_row(self) -> None:
        self.end_row()
        self.row = []

    def start_cell(self, rowspan: int, colspan: int) -> None:
        if self.row is None:
            self.start_row()
        self.end_cell()
        self.cell, self.spans = [], (rowspan, colspan)

    def text(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def end_cell(self) -> None:
        if self.cell is None or self.row is None:
            return
        text = " ".join("".join(self.cell).split())
        rowspan, colspan = self.spans
        for _column in range(colspan):
            self._fill_spanned()
            if rowspan > 1:
                self.pending[len(self.row)] = (text, rowspan - 1)
            self.row.append(text)
        self.cell = None

    def _fill_spanned(self) -> None:
        """Put the cells that span down from above into the current row, up to the next free column."""
        assert self.row is not None
        while len(self.row) in self.pending:
            column = len(self.row)
            text, left = self.pending[column]
            self.row.append(text)
            if left > 1:
                self.pending[column] = (text, left - 1)
            else:
                del self.pending[column]

    def end_row(self) -> None:
        self.end_cell()
        if self.row is not None:
            self._fill_spanned()
            if self.row:
                self.rows.append(self.row)
            self.row = None

    def finish(self) -> list[list[str]]:
        self.end_row()
        return self.rows


def _html_rows(text: str) -> list[list[str]]:
    """The rows of the 学时查询 table: its header row, then its data rows."""
    reader = _TableReader()
    reader.feed(text)
    reader.close()
    tables = reader.tables
    for index, rows in enumerate(tables):
        for at, cells in enumerate(rows):
            if _header(cells) is not None:
                body = rows[at + 1 :]
                if not body and index + 1 < len(tables):  # the header drawn as a table of its own
                    body = tables[index + 1]
                return [cells, *body]
    return []


# ---------------------------------------------------------------- copied text and CSV


def _is_csv(text: str) -> bool:
    for line in text.splitlines():
        if COURSE in line:
            return "\t" not in line and "," in line
    return False


def _delimited_rows(text: str, *, csv_file: bool) -> list[list[str]]:
    if csv_file:
        return [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    return [line.split("\t") for line in text.splitlines() if line.strip()]


# ---------------------------------------------------------------- rows


def _name(cell: str) -> str:
    """A header cell as a column name: wrapped text joined, full-width forms folded."""
    return "".join(unicodedata.normalize("NFKC", cell).split())


def _header(cells: Sequence[str]) -> list[str] | None:
    names = [_name(cell) for cell in cells]
    return names if all(column in names for column in REQUIRED) else None


def _rows(lines: Iterable[Sequence[str]], source: str) -> Iterable[PlatformRow]:
    lines = list(lines)
    found = next(((at, names) for at, cells in enumerate(lines) if (names := _header(cells)) is not None), None)
    if found is None:
        raise TableError(
            _("{path}: no 学时查询 table found (a header with {columns})").format(
                path=source, columns=", ".join(REQUIRED)
            )
        )
    at, header = found
    grouped = [name for name in header if name in GROUPED]
    leading = len(grouped) if header[: len(grouped)] == grouped else 0
    group: dict[str, str] = {}
    number = 0
    for cells in lines[at + 1 :]:
        values = _align([cell.strip() for cell in cells], header, leading)
        if values is None or _name(values.get(COURSE, "")) == COURSE:
            continue  # a line around the table, or the header again
        for name in GROUPED:
            if values.get(name):
                group[name] = values[name]
            elif name in group:
                values[name] = group[name]
        number += 1
        yield _row(values, number, source)


def _align(cells: list[str], header: list[str], leading: int) -> dict[str, str] | None:
    """The cells of one line by column name; a shorter line lacks the grouped cells on the left,
    the 操作 cell on the right, or both.  None for a line that is no row of the table."""
    while cells and not cells[-1] and len(cells) > len(header):
        cells.pop()  # a trailing tab
    end_options = [len(header)] + ([len(header) - 1] if header[-1] == ACTIONS else [])
    for start in (0, leading) if leading else (0,):
        for end in end_options:
            if end - start == len(cells):
                values = dict(zip(header[start:end], cells, strict=True))
                return values if values.get(COURSE) or values.get(HOURS) else None
    return None


def _row(values: dict[str, str], number: int, source: str) -> PlatformRow:
    title = " ".join(values.get(COURSE, "").split())

    def fail(message: str) -> TableError:
        return TableError(
            _("{path}: row {row} (“{title}”): {message}").format(path=source, row=number, title=title, message=message)
        )

    year_text = unicodedata.normalize("NFKC", values.get(YEAR, "")).strip()
    if not (year_text.isdecimal() and len(year_text) == 4):
        raise fail(_("年度 {value!r} is not a year").format(value=year_text))
    subject = next((s for s in SUBJECTS if _name(values.get(SUBJECT, "")) in (s.zh, s.short, *s.platform)), None)
    if subject is None:
        raise fail(_("科目类型 {value!r} is neither 公需课 nor 专业课").format(value=values.get(SUBJECT, "")))
    hours_text = unicodedata.normalize("NFKC", values.get(HOURS, "")).strip()
    try:
        hours = Decimal(hours_text)
    except InvalidOperation:
        hours = Decimal("NaN")
    if not hours.is_finite() or hours < 0:
        raise fail(_("学时数 {value!r} is not a number").format(value=hours_text))
    if not title:
        raise fail(_("课程名称 is empty"))
    start, end = (_date(values.get(name, ""), name, fail) for name in (START, END))
    word = values.get(STATE, "").strip()
    status = next((Status(term.id) for term in STATUSES if word in term.platform), None)
    return PlatformRow(
        row=number,
        year=int(year_text),
        subject=Subject(subject.id),
        title=title,
        hours=hours,
        start=start,
        end=end,
        status=status or Status.DECLARED,  # a word cpd does not know is never counted as approved
        word=word,
        known=status is not None,
    )


def _date(text: str, column: str, fail: Callable[[str], TableError]) -> date | None:
    text = unicodedata.normalize("NFKC", text).strip()
    if not text or set(text) <= set("-—"):  # the platform's "----" for none
        return None
    found = parse_date(text)
    if found is None:
        raise fail(_("{column} {value!r} is not a date like 20240308").format(column=column, value=text))
    return found
