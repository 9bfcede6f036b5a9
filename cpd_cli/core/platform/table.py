"""Reading the platform's 学时查询 table from the file a person saved or pasted.

Every form a browser gives is read to the same rows:

- the saved page (``.html``), decoded by the charset it declares (one of
  :data:`TEXT_ENCODINGS`), else as UTF-8, else as GB18030 (GBK's superset); its
  ``<table>`` cells with ``rowspan`` filled into the rows they span, or, on a page
  whose grid is built of ``<div>``/``<span>`` cells, the rows of that grid;
- the single-file save (``.mhtml``), its HTML part read with :mod:`email`;
- text copied from the page: tab-separated lines where Chromium-family browsers
  leave out the grouped cells a ``rowspan`` covers (a line lacks a leading part of
  年度 / 科目类型 / 总学时) and Firefox, Excel and WPS keep them empty; or one
  cell per line;
- a CSV with the same columns.

**A line is read whole or the read stops.**  Each data line is tried against
every way its cells can sit under the columns (which grouped cells it lacks,
whether it has the 操作 cell), and each way is checked cell by cell: a year, a
subject word, numbers, dates, a 学时状态, a 状态.  Exactly one way must fit;
none, or more than one, stops the read with the file and line named.  A grouped
cell a line lacks is the group's above it, and a group cannot begin twice in a
year, so a lost 年度 cell is refused, not filed under the year above.

The limits (:data:`MAX_TABLE_BYTES`, :data:`MAX_CELLS`, :data:`MAX_ELEMENTS`)
bound what a file can make cpd do before anything is expanded.
"""

from __future__ import annotations

import codecs
import csv
import decimal
import email
import email.policy
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from typing import NamedTuple

from cpd_cli.core.dates import parse_date
from cpd_cli.core.model import Status, Subject
from cpd_cli.core.vocabulary import STATUSES, SUBJECTS
from cpd_cli.errors import UsageError
from cpd_cli.i18n import _

MAX_TABLE_BYTES = 16 * 1024 * 1024  # a saved page with its scripts is far smaller; refuses a runaway file
MAX_CELLS = 250_000  # rows × columns a table may describe (about 22,000 rows of 学时查询), checked before spans expand
MAX_ELEMENTS = 200_000  # HTML elements a page may hold (a saved 学时查询 page has a few thousand)
MAX_NUMBER_DIGITS = 9  # 学时数 and 总学时 are plain decimals such as 10 or 1.5; nothing longer is read

# The charsets a page may declare: the text encodings a Chinese page is written in.
TEXT_ENCODINGS = frozenset(
    {
        "utf-8",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "utf-32-le",
        "utf-32-be",
        "gb2312",
        "gbk",
        "gb18030",
        "hz",
        "big5",
        "big5hkscs",
        "cp950",
        "ascii",
        "iso8859-1",
        "cp1252",
    }
)

# The platform's column names (学时查询), and the ones a row cannot do without.
YEAR, SUBJECT, GROUP_TOTAL, COURSE, HOURS = "年度", "科目类型", "总学时", "课程名称", "学时数"
START, END, UNIT, HOURS_STATE, STATE, ACTIONS = "开始时间", "结束时间", "待审单位", "学时状态", "状态", "操作"
COLUMNS = (YEAR, SUBJECT, GROUP_TOTAL, COURSE, HOURS, START, END, UNIT, HOURS_STATE, STATE, ACTIONS)
REQUIRED = (YEAR, SUBJECT, COURSE, HOURS, STATE)
GROUPED = (YEAR, SUBJECT, GROUP_TOTAL)  # shown on the first row of each year-and-subject group only
ACTION_WORDS = frozenset({"查看", "详情", "操作", "删除", "修改", "编辑"})  # what the 操作 cell shows

_NUMBER = re.compile(rf"[0-9]{{1,{MAX_NUMBER_DIGITS}}}(?:\.[0-9]{{1,{MAX_NUMBER_DIGITS}}})?")
_LINE_ENDS = re.compile(r"\r\n|\r|\n")
_CONTENT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\"';\s]+)", re.IGNORECASE)  # text/html; charset=gbk


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


# ---------------------------------------------------------------- the file


def read(data: bytes, source: str) -> PlatformTable:
    """The 学时查询 table in ``data`` (a saved page, MHTML, copied text or CSV); ``source`` names it in errors."""
    if len(data) > MAX_TABLE_BYTES:
        raise TableError(
            _("{path}: larger than {size} MB: not a 学时查询 table").format(
                path=source, size=MAX_TABLE_BYTES // (1024 * 1024)
            )
        )
    if _looks_like_mhtml(data, source):
        lines = _page_lines(_mhtml_page(data, source), source)
    elif _looks_like_html(data, source):
        lines = _page_lines(_decode(data, _declared_charset(data), source), source)
    else:
        text = _decode(data, None, source)
        is_csv = source.lower().endswith(".csv") or _is_csv(text)
        lines = _csv_lines(text, source) if is_csv else _text_lines(text, source)
    rows, totals = _Reader(source).read(lines)
    return PlatformTable(source, tuple(rows), tuple(totals))


def _looks_like_mhtml(data: bytes, source: str) -> bool:
    if source.lower().endswith((".mht", ".mhtml")):
        return True
    head = data[:4096].lstrip().lower()
    return head.startswith((b"from:", b"mime-version:", b"content-type:")) and b"multipart/related" in head


def _looks_like_html(data: bytes, source: str) -> bool:
    if source.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype", b"<html", b"<table", b"<?xml", b"<meta", b"<head", b"<body", b"<div"))


def _encoding(charset: str, source: str) -> str:
    """The codec for a declared charset, if it is a text encoding a page can be written in; else refused."""
    name = None
    if len(charset) <= 40:  # no encoding has a longer name
        try:
            name = codecs.lookup(charset).name
        except (LookupError, ValueError):  # unknown, or a name with a NUL in it
            name = None
    if name not in TEXT_ENCODINGS:
        raise TableError(
            _("{path}: the page declares the charset {charset!r}, which is not a text encoding cpd reads").format(
                path=source, charset=charset[:40]
            )
        )
    assert name is not None
    return "gb18030" if name in ("gbk", "gb2312") else name  # pages that say gbk are written with its characters


def _decode(data: bytes, declared: str | None, source: str) -> str:
    """Text by its BOM, else the charset the page declares, else UTF-8, else GB18030 (GBK's superset)."""
    marks = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, encoding in marks:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if declared:
        return data.decode(_encoding(declared, source), errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")  # Notepad's "ANSI" on a Chinese Windows


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
            found = _CONTENT_CHARSET.search(named.get("content", ""))
            self.charset = found.group(1) if found else None


def _declared_charset(data: bytes) -> str | None:
    finder = _CharsetFinder()
    finder.feed(data[:8192].decode("latin-1"))  # the declaration is ASCII, near the top
    return finder.charset


def _mhtml_page(data: bytes, source: str) -> str:
    """The HTML part of a single-file save, decoded."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset() or _declared_charset(payload)
        return _decode(payload, charset, source)
    raise TableError(_("{path}: the MHTML file holds no HTML page").format(path=source))


# ---------------------------------------------------------------- saved page


class _Element:
    """An element of the page, as far as finding the table needs: its tag, children and text."""

    __slots__ = ("attrs", "children", "line", "parts", "tag")

    def __init__(self, tag: str, attrs: dict[str, str | None], line: int) -> None:
        self.tag = tag
        self.attrs = attrs
        self.line = line
        self.children: list[_Element] = []
        self.parts: list[str | _Element] = []  # text and children in order

    def text(self, most: int | None = None) -> str:
        """The element's text, spaces collapsed (``<br>`` and line breaks become one space);
        with ``most``, only about that many characters of it (enough to tell a column name)."""
        pieces: list[str] = []
        size = 0
        stack: list[str | _Element] = [self]
        while stack and (most is None or size <= most):
            part = stack.pop()
            if isinstance(part, str):
                pieces.append(part)
                size += len(part)
            else:
                stack.extend(reversed(part.parts))
        return " ".join("".join(pieces).split())


_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
_SKIPPED = frozenset({"script", "style", "template", "noscript", "select", "option", "textarea"})
_CELL_CLOSES = {"td": ("td", "th"), "th": ("td", "th"), "tr": ("td", "th", "tr")}


class _PageReader(HTMLParser):
    """The page as a tree of elements, script and style left out."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.root = _Element("#root", {}, 1)
        self._open = [self.root]
        self._opened: Counter[str] = Counter()  # how many of each tag are open: an end tag of none is ignored at once
        self._skip = 0
        self._count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip or tag in _SKIPPED:
            if tag in _SKIPPED:
                self._skip += 1
            return
        if tag == "br":
            self._open[-1].parts.append(" ")
            return
        if tag in _VOID:
            return
        self._count += 1
        if self._count > MAX_ELEMENTS:
            raise TableError(
                _("{path}: more than {count} HTML elements: not a 学时查询 page").format(
                    path=self.source, count=MAX_ELEMENTS
                )
            )
        closes = _CELL_CLOSES.get(tag)
        if closes:  # an unclosed cell or row ends where the next begins
            while self._open[-1].tag in closes:
                self._opened[self._open.pop().tag] -= 1
        element = _Element(tag, dict(attrs), self.getpos()[0])
        parent = self._open[-1]
        parent.children.append(element)
        parent.parts.append(element)
        self._open.append(element)
        self._opened[tag] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and tag not in _SKIPPED and not self._skip and self._open[-1].tag == tag:
            self._opened[self._open.pop().tag] -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip or self._opened[tag] <= 0:
            return
        while True:
            element = self._open.pop()
            self._opened[element.tag] -= 1
            if element.tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._open[-1].parts.append(data)


def _page_lines(text: str, source: str) -> list[Line]:
    """The lines of the 学时查询 grid of a page: its header, then its rows (grouped cells filled in).

    The grid is a ``<table>``, or else any element whose children are rows of cells
    (``<div>``/``<span>`` grids).  Where the header is a grid of its own (a header
    table above a body table), the next grid outside it is the body.
    """
    reader = _PageReader(source)
    reader.feed(text)
    reader.close()
    tables = [(element, _table_lines(element, source)) for element in _walk(reader.root) if element.tag == "table"]
    found = _with_header(tables)
    if found:
        return found
    # a grid of <div>/<span> cells: an element whose children are rows, one of them the header
    header = next(
        (
            element
            for element in _walk(reader.root)
            if len(element.children) >= len(REQUIRED)
            and _header([cell.text(most=16) for cell in element.children]) is not None
        ),
        None,
    )
    if header is None:
        return []
    parent = next(element for element in _walk(reader.root) if any(child is header for child in element.children))
    siblings = parent.children[parent.children.index(header) + 1 :]
    if not siblings:  # the header in a box of its own, the rows in the next box outside it
        inside = {id(part) for part in _walk(parent)}
        after = False
        for element in _walk(reader.root):
            if element is parent:
                after = True
            elif after and id(element) not in inside and element.children:
                siblings = element.children
                break
    rows = [Line(row.line, tuple(cell.text() for cell in row.children)) for row in siblings]
    return [Line(header.line, tuple(cell.text() for cell in header.children)), *rows]


def _walk(root: _Element) -> Iterator[_Element]:
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(reversed(element.children))


def _with_header(grids: list[tuple[_Element, list[Line]]]) -> list[Line]:
    for index, (element, lines) in enumerate(grids):
        for at, line in enumerate(lines):
            if _header(line.cells) is not None:
                body = lines[at + 1 :]
                if not body:
                    inside = {id(part) for part in _walk(element)}
                    body = next((later for owner, later in grids[index + 1 :] if id(owner) not in inside), [])
                return [line, *body]
    return []


def _table_lines(table: _Element, source: str) -> list[Line]:
    """A ``<table>``'s rows with every spanned cell filled in, once its size is known to be bounded."""
    rows: list[tuple[int, list[tuple[str, int, int]]]] = []
    for element in _rows_of(table):
        cells = [
            (cell.text(), _span(cell.attrs.get("rowspan")), _span(cell.attrs.get("colspan")))
            for cell in element.children
            if cell.tag in ("td", "th")
        ]
        rows.append((element.line, cells))
    height = max((index + rowspan for index, (_line, cells) in enumerate(rows) for _t, rowspan, _c in cells), default=0)
    width = max((sum(colspan for _t, _r, colspan in cells) for _line, cells in rows), default=0)
    if height * width > MAX_CELLS:
        line = rows[0][0] if rows else 1
        raise TableError(
            _("{path}: line {line}: a table of {rows} rows × {columns} columns is more than {limit} cells").format(
                path=source, line=line, rows=height, columns=width, limit=MAX_CELLS
            )
        )
    pending: dict[int, tuple[str, int]] = {}  # column → (text, rows still to fill)
    lines = []
    for number, cells in rows:
        row: list[str] = []

        def fill_spanned(row: list[str]) -> None:
            while len(row) in pending:
                text, left = pending[len(row)]
                if left > 1:
                    pending[len(row)] = (text, left - 1)
                else:
                    del pending[len(row)]
                row.append(text)

        for text, rowspan, colspan in cells:
            for _column in range(colspan):
                fill_spanned(row)
                if rowspan > 1:
                    pending[len(row)] = (text, rowspan - 1)
                row.append(text)
        fill_spanned(row)
        if row:
            lines.append(Line(number, tuple(row)))
    return lines


def _rows_of(table: _Element) -> Iterator[_Element]:
    """The ``<tr>`` of a table, not of the tables inside it."""
    stack = list(reversed(table.children))
    while stack:
        element = stack.pop()
        if element.tag == "tr":
            yield element
        elif element.tag != "table":
            stack.extend(reversed(element.children))


def _span(value: str | None) -> int:
    text = (value or "1").strip()
    if not (text.isdecimal() and len(text) <= 6):
        return 1
    return max(1, int(text))


# ---------------------------------------------------------------- copied text and CSV


def _split_lines(text: str) -> list[str]:
    return _LINE_ENDS.split(text)


def _is_csv(text: str) -> bool:
    for line in _split_lines(text):
        if COURSE in line:
            return "\t" not in line and "," in line
    return False


def _too_many_cells(source: str, line: int) -> TableError:
    return TableError(
        _("{path}: line {line}: more than {limit} cells: not a 学时查询 table").format(
            path=source, line=line, limit=MAX_CELLS
        )
    )


def _text_lines(text: str, source: str) -> list[Line]:
    lines = []
    cells = 0
    for number, line in enumerate(_split_lines(text), start=1):
        cells += line.count("\t") + 1
        if cells > MAX_CELLS:
            raise _too_many_cells(source, number)
        lines.append(Line(number, tuple(line.split("\t"))))
    return lines


def _csv_lines(text: str, source: str) -> list[Line]:
    previous = csv.field_size_limit(MAX_TABLE_BYTES)  # a cell may be as long as the file may be
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        lines = []
        number = 1
        cells = 0
        try:
            for row in reader:
                cells += len(row)
                if cells > MAX_CELLS:
                    raise _too_many_cells(source, number)
                lines.append(Line(number, tuple(row)))
                number = reader.line_num + 1
        except csv.Error as error:
            raise TableError(
                _("{path}: line {line}: not CSV: {reason}").format(path=source, line=reader.line_num, reason=error)
            ) from None
        return lines
    finally:
        csv.field_size_limit(previous)


# ---------------------------------------------------------------- lines to rows


def _name(cell: str) -> str:
    """A header cell as a column name: wrapped text joined, full-width forms folded."""
    return "".join(unicodedata.normalize("NFKC", cell).split())


def _header(cells: Sequence[str]) -> list[str] | None:
    names = [_name(cell) for cell in cells]
    return names if all(column in names for column in REQUIRED) else None


def _stacked_header(lines: Sequence[Line]) -> tuple[int, list[str]] | None:
    """Where a copy has one cell per line: the index after the header's last name, and the names."""
    at = 0
    while at < len(lines):
        names: list[str] = []
        end = at
        while end < len(lines) and len(lines[end].cells) == 1 and _name(lines[end].cells[0]) in COLUMNS:
            names.append(_name(lines[end].cells[0]))
            end += 1
        if all(column in names for column in REQUIRED):
            return end, names
        at = max(end, at + 1)
    return None


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


_NUMBERS = decimal.Context(
    prec=2 * MAX_NUMBER_DIGITS,
    Emax=MAX_NUMBER_DIGITS,
    Emin=-MAX_NUMBER_DIGITS,
    traps=[decimal.InvalidOperation, decimal.Overflow, decimal.Underflow, decimal.Inexact, decimal.Rounded],
)


def _number(text: str) -> Decimal | None:
    """A plain decimal such as ``10`` or ``1.5``: no sign, exponent or more than a few digits.

    The text is bounded before it reaches :mod:`decimal`, and made a number in a context
    that traps anything inexact or out of range, so no figure is ever rounded or huge."""
    text = _plain(text)
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return _NUMBERS.create_decimal(text)
    except decimal.DecimalException:
        return None


def _is_date(text: str) -> bool:
    text = _plain(text)
    return not text or set(text) <= set("-—") or parse_date(text) is not None


def _misfit(column: str, value: str) -> str | None:
    """Why ``value`` cannot be the cell of ``column``; None if it can."""
    plain = _plain(value)
    shown = _shown(plain)
    if column == YEAR and plain and not (plain.isdecimal() and len(plain) == 4):
        return _("年度 {value!r} is not a year").format(value=shown)
    if column == SUBJECT and plain and _subject(plain) is None:
        return _("科目类型 {value!r} is neither 公需课 nor 专业课").format(value=shown)
    if column == GROUP_TOTAL and plain and _number(plain) is None:
        return _("总学时 {value!r} is not a number").format(value=shown)
    if column == COURSE and not plain:
        return _("课程名称 is empty")
    if column == COURSE and plain in ACTION_WORDS:
        return _("课程名称 {value!r} is what the 操作 cell shows").format(value=shown)
    if column == HOURS and _number(plain) is None:
        return _("学时数 {value!r} is not a number").format(value=shown)
    if column in (START, END) and not _is_date(plain):
        return _("{column} {value!r} is not a date like 20240308").format(column=column, value=shown)
    if column == HOURS_STATE and plain and set(plain) - set("-—") and "学时" not in plain:
        return _("学时状态 {value!r} is not like 已获得学时").format(value=shown)
    if column == STATE and (
        not plain or "学时" in plain or plain in ACTION_WORDS or _number(plain) is not None or parse_date(plain)
    ):
        return _("状态 {value!r} is not a status like 审核通过").format(value=shown)
    return None


def _shown(value: str) -> str:
    """A cell as named in a message: cut short."""
    return value if len(value) <= 40 else value[:40] + "…"


def _subject(word: str) -> Subject | None:
    name = _name(word)
    found = next((s for s in SUBJECTS if name in (s.zh, s.short, *s.platform)), None)
    return Subject(found.id) if found else None


class _Shape(NamedTuple):
    """One way a line's cells can sit under the columns."""

    columns: tuple[str, ...]


def _shapes(header: Sequence[str]) -> list[_Shape]:
    """A line may lack grouped cells on the left, and the 操作 cell on the right."""
    leading = 0
    while leading < len(header) and leading < len(GROUPED) and header[leading] in GROUPED:
        leading += 1
    ends = [len(header)] + ([len(header) - 1] if header[-1] == ACTIONS else [])
    # all the grouped cells, all but 年度 (a new subject in the year), or none; a line showing
    # 总学时 without 科目类型 cannot be told from one whose 科目类型 cell was lost, so it is not a shape
    starts = sorted({0, min(1, leading), leading})
    return [_Shape(tuple(header[start:end])) for start in starts for end in ends]


def _fit(cells: Sequence[str], shape: _Shape) -> tuple[int, str] | None:
    """None if the cells fit the shape; else how far they fit and why the next does not."""
    for at, (column, value) in enumerate(zip(shape.columns, cells, strict=True)):
        why = _misfit(column, value)
        if why is not None:
            return at, why
    return None


class _Reader:
    """Lines to rows: each line aligned to the columns, grouped cells carried down their group."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.rows: list[PlatformRow] = []
        self.totals: dict[tuple[int, Subject], Decimal | None] = {}
        self.group: dict[str, str] = {}  # the current 年度, 科目类型, 总学时 as shown
        self.key: tuple[int, Subject] | None = None  # the current group

    def fail(self, line: int, message: str) -> TableError:
        return TableError(_("{path}: line {line}: {message}").format(path=self.source, line=line, message=message))

    def read(self, lines: list[Line]) -> tuple[list[PlatformRow], list[GroupTotal]]:
        found = next(((at, names) for at, line in enumerate(lines) if (names := _header(line.cells)) is not None), None)
        if found is not None:
            at, header = found
            self._lines(lines[at + 1 :], header)
        else:
            stacked = _stacked_header(lines)
            if stacked is None:
                raise TableError(
                    _("{path}: no 学时查询 table found (a header with {columns})").format(
                        path=self.source, columns=", ".join(REQUIRED)
                    )
                )
            end, header = stacked
            self._stream(lines[end:], header)
        totals = [GroupTotal(year, subject, total) for (year, subject), total in self.totals.items()]
        return self.rows, totals

    def _lines(self, lines: Sequence[Line], header: list[str]) -> None:
        shapes = _shapes(header)
        cleaned = []
        for line in lines:
            cells = [cell.strip() for cell in line.cells]
            while len(cells) > len(header) and not cells[-1]:
                cells.pop()  # a trailing tab
            if any(cells) and _header(cells) is None:  # blank lines and the header again are passed over
                cleaned.append(Line(line.number, tuple(cells)))
        tabled = [at for at, line in enumerate(cleaned) if len(line.cells) > 1]
        aligned = [
            (line, self._shape(line, shapes))
            for at, line in enumerate(cleaned)
            if not (len(line.cells) == 1 and (not tabled or at < tabled[0] or at > tabled[-1]))
        ]  # a line of text above or below the table (查询获科学时情况) is passed over
        self._take_all(aligned, header)

    def _take_all(self, aligned: Sequence[tuple[Line, _Shape]], header: list[str]) -> None:
        """The aligned lines as rows.  A copy that keeps a grouped cell empty (Firefox, Excel, WPS)
        keeps every cell: there, a line lacking grouped cells has lost one, though it reads like a
        line of a Chromium copy."""
        leading = next((at for at, name in enumerate(header) if name not in GROUPED), len(header))
        kept = next(
            (line for line, shape in aligned if shape.columns[0] == header[0] and _empty_group(line, leading)), None
        )
        for line, shape in aligned:
            if kept is not None and shape.columns[0] != header[0]:
                raise self.fail(
                    line.number,
                    _(
                        "{count} cells, where this copy keeps every cell (line {kept} leaves a grouped cell empty): "
                        "is a cell missing?"
                    ).format(count=len(line.cells), kept=kept.number),
                )
            self._take(line, shape)

    def _shape(self, line: Line, shapes: Sequence[_Shape]) -> _Shape:
        fitting = []
        best: tuple[int, str] | None = None
        for shape in shapes:
            if len(shape.columns) != len(line.cells):
                continue
            misfit = _fit(line.cells, shape)
            if misfit is None:
                fitting.append(shape)
            elif best is None or misfit[0] + _offset(shape) > best[0]:
                best = (misfit[0] + _offset(shape), misfit[1])  # the shape that fits furthest says why
        if len(fitting) == 1:
            return fitting[0]
        found = " | ".join(_shown(cell) for cell in line.cells)
        if fitting:
            raise self.fail(
                line.number,
                _("the cells can be read under the columns in more than one way: {found}").format(found=found),
            )
        if best is not None:
            raise self.fail(line.number, best[1])
        raise self.fail(
            line.number,
            _("{count} cells, which do not fit the table's {columns} columns: {found}").format(
                count=len(line.cells), columns=len(shapes[0].columns), found=found
            ),
        )

    def _stream(self, lines: Sequence[Line], header: list[str]) -> None:
        """One cell per line: the lines cut into rows, in the one way that reads them all."""
        cells = list(lines)
        while cells and not "".join(cells[-1].cells).strip():
            cells.pop()
        flat = [Line(line.number, (line.cells[0].strip() if line.cells else "",)) for line in cells]
        if any(len(line.cells) > 1 for line in cells):
            wide = next(line for line in cells if len(line.cells) > 1)
            raise self.fail(wide.number, _("a line of several cells in a copy of one cell per line"))
        values = [line.cells[0] for line in flat]
        # every row of one copy has the 操作 cell or none has: cut both ways, one must read it all
        by_end: dict[int, list[_Shape]] = {}
        for shape in _shapes(header):
            by_end.setdefault(len(header) - header.index(shape.columns[-1]), []).append(shape)
        cuts: list[list[tuple[Line, _Shape]]] = []
        errors: list[TableError] = []
        for shapes in by_end.values():
            try:
                cuts.append(self._cut(values, flat, shapes))
            except TableError as error:
                errors.append(error)
        if not cuts:
            raise errors[0]
        if len(cuts) > 1 and [line for line, _shape in cuts[0]] != [line for line, _shape in cuts[1]]:
            raise self.fail(flat[0].number, _("the cells from here can be cut into rows in more than one way"))
        self._take_all(cuts[0], header)

    def _cut(self, values: Sequence[str], flat: Sequence[Line], shapes: Sequence[_Shape]) -> list[tuple[Line, _Shape]]:
        """The cells cut into rows of these shapes, in the one way that reads them all."""
        size = len(values)
        ways = [0] * (size + 1)  # ways[i]: how many ways values[i:] cut into rows (counted to 2)
        ways[size] = 1
        for at in range(size - 1, -1, -1):
            for shape in shapes:
                end = at + len(shape.columns)
                if end <= size and ways[end] and _fit(values[at:end], shape) is None:
                    ways[at] = min(2, ways[at] + ways[end])
        if ways[0] == 0:
            reach = self._reach(values, shapes)
            line = flat[reach].number if reach < size else flat[-1].number
            raise self.fail(
                line, _("no row of the table begins here: {found}").format(found=_shown(values[min(reach, size - 1)]))
            )
        at = 0
        aligned = []
        while at < size:
            options = [
                shape
                for shape in shapes
                if at + len(shape.columns) <= size
                and ways[at + len(shape.columns)]
                and _fit(values[at : at + len(shape.columns)], shape) is None
            ]
            if ways[at] > 1 and len(options) > 1:
                raise self.fail(flat[at].number, _("the cells from here can be cut into rows in more than one way"))
            shape = options[0]
            end = at + len(shape.columns)
            aligned.append((Line(flat[at].number, tuple(values[at:end])), shape))
            at = end
        return aligned

    @staticmethod
    def _reach(values: Sequence[str], shapes: Sequence[_Shape]) -> int:
        """The furthest cell the rows can be read up to from the start."""
        reachable = {0}
        furthest = 0
        for at in range(len(values)):
            if at not in reachable:
                continue
            furthest = max(furthest, at)
            for shape in shapes:
                end = at + len(shape.columns)
                if end <= len(values) and _fit(values[at:end], shape) is None:
                    reachable.add(end)
                    furthest = max(furthest, end)
        return furthest

    def _take(self, line: Line, shape: _Shape) -> None:
        values = dict(zip(shape.columns, line.cells, strict=True))
        self._group(line.number, values, shape)
        number = len(self.rows) + 1
        self.rows.append(_row(values, number))

    def _group(self, line: int, values: dict[str, str], shape: _Shape) -> None:
        """Fill the grouped cells a line lacks or leaves empty, refusing what no table would show:
        a year begun without its subject, a group begun twice, a group's 总学时 changing."""
        given = {name: _plain(values[name]) for name in GROUPED if values.get(name, "").strip()}
        current = self.group
        if YEAR in given and given[YEAR] != current.get(YEAR) and SUBJECT not in given:
            raise self.fail(line, _("年度 {year} begins without its 科目类型").format(year=given[YEAR]))
        year_text = given.get(YEAR, current.get(YEAR, ""))
        subject_text = given.get(SUBJECT, current.get(SUBJECT, ""))
        if not year_text:
            raise self.fail(line, _("年度 is missing and no row above gives it"))
        if not subject_text:
            raise self.fail(line, _("科目类型 is missing and no row above gives it"))
        subject = _subject(subject_text)
        assert subject is not None  # the line fitted its shape
        key = (int(year_text), subject)
        if GROUP_TOTAL in given and SUBJECT not in given:
            # no page shows a group's 总学时 again without its 科目类型: a 科目类型 cell was lost
            raise self.fail(
                line,
                _("总学时 {value} without its 科目类型: is a grouped cell of this line missing?").format(
                    value=given[GROUP_TOTAL]
                ),
            )
        if YEAR not in shape.columns and SUBJECT in shape.columns and SUBJECT not in given:
            # a line lacks 年度 and shows 科目类型 only where a subject's group begins: never empty
            raise self.fail(line, _("科目类型 is empty on a line without 年度: is a cell of this line missing?"))
        if key == self.key and SUBJECT in given and YEAR not in shape.columns:
            # a line that lacks 年度 and shows 科目类型 begins a group; the same group again is a lost 年度
            raise self.fail(
                line,
                _("{year} {subject} begins a second time: is a grouped cell of this line missing?").format(
                    year=key[0], subject=subject_text
                ),
            )
        if key != self.key:
            if key in self.totals:
                raise self.fail(
                    line,
                    _("{year} {subject} begins a second time: is a grouped cell of this line missing?").format(
                        year=key[0], subject=subject_text
                    ),
                )
            total = given.get(GROUP_TOTAL, "")
            self.group = {YEAR: year_text, SUBJECT: subject_text, GROUP_TOTAL: total}
            self.key = key
            self.totals[key] = _number(total) if total else None
        elif GROUP_TOTAL in given and given[GROUP_TOTAL] != current.get(GROUP_TOTAL, ""):
            raise self.fail(
                line,
                _("总学时 {value} where its group shows {total}: is a grouped cell of this line missing?").format(
                    value=given[GROUP_TOTAL], total=current.get(GROUP_TOTAL) or "—"
                ),
            )
        values[YEAR], values[SUBJECT] = year_text, subject_text


def _empty_group(line: Line, leading: int) -> bool:
    """Whether a full line leaves its 年度 or 科目类型 empty (总学时 may be empty on any page)."""
    return any(not cell.strip() for cell in line.cells[: min(leading, 2)])


def _offset(shape: _Shape) -> int:
    """Where a shape's first column sits in the full header (for comparing how far shapes fit)."""
    return len(GROUPED) - sum(1 for name in shape.columns if name in GROUPED)


def _row(values: dict[str, str], number: int) -> PlatformRow:
    title = " ".join(values[COURSE].split())
    hours = _number(values[HOURS])
    assert hours is not None  # the line fitted its shape
    start, end = (_date(values.get(name, "")) for name in (START, END))
    word = values[STATE].strip()
    status = next((Status(term.id) for term in STATUSES if word in term.platform), None)
    subject = _subject(values[SUBJECT])
    assert subject is not None
    return PlatformRow(
        row=number,
        year=int(values[YEAR]),
        subject=subject,
        title=title,
        hours=hours,
        start=start,
        end=end,
        status=status or Status.DECLARED,  # a word cpd does not know is never counted as approved
        word=word,
        known=status is not None,
    )


def _date(text: str) -> date | None:
    text = _plain(text)
    if not text or set(text) <= set("-—"):  # the platform's "----" for none
        return None
    return parse_date(text)


def combine(tables: Sequence[PlatformTable]) -> PlatformTable:
    """Several files as one table: rows numbered from 1 across them in the order given."""
    rows: list[PlatformRow] = []
    totals: dict[tuple[int, Subject], GroupTotal] = {}
    for table in tables:
        rows += [row._replace(row=len(rows) + at) for at, row in enumerate(table.rows, start=1)]
        for group in table.totals:
            totals.setdefault((group.year, group.subject), group)
    source = ", ".join(table.source for table in tables)
    return PlatformTable(source, tuple(rows), tuple(totals.values()))
