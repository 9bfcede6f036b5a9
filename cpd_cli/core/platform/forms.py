"""The file a person saved or pasted, as lines of cells: a saved page, MHTML, copied text or CSV.

Each form is read to :class:`~cpd_cli.core.platform.rows.Line` s, the header
among them; :mod:`.align` makes rows of them.  The page is decoded by the charset
it declares (one of :data:`TEXT_ENCODINGS`), else as UTF-8, else as GB18030.
"""

from __future__ import annotations

import codecs
import csv
import email
import email.policy
import io
import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser

from cpd_cli.core.platform.cells import header_names
from cpd_cli.core.platform.rows import MAX_CELLS, MAX_ELEMENTS, MAX_TABLE_BYTES, REQUIRED, Line, TableError
from cpd_cli.core.rulemodel import Columns
from cpd_cli.i18n import _

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

_LINE_ENDS = re.compile(r"\r\n|\r|\n")
_CONTENT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\"';\s]+)", re.IGNORECASE)  # text/html; charset=gbk


def too_large(source: str) -> TableError:
    """A file past the size a 学时查询 table can have."""
    megabytes = MAX_TABLE_BYTES // (1024 * 1024)
    return TableError(_("{path}: larger than {size} MB: not a 学时查询 table").format(path=source, size=megabytes))


def lines_of(data: bytes, source: str, columns: Columns) -> list[Line]:
    """The lines of the table in ``data``, whichever form it has; ``source`` names it in errors,
    ``columns`` (the pack's names) tell its header."""
    if len(data) > MAX_TABLE_BYTES:
        raise too_large(source)
    if _looks_like_mhtml(data, source):
        lines = _page_lines(_mhtml_page(data, source), source, columns)
    elif _looks_like_html(data, source):
        lines = _page_lines(_decode(data, _declared_charset(data), source), source, columns)
    else:
        text = _decode(data, None, source)
        is_csv = source.lower().endswith(".csv") or _is_csv(text, columns.course)
        lines = _csv_lines(text, source) if is_csv else _text_lines(text, source)
    return lines


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


def _page_lines(text: str, source: str, columns: Columns) -> list[Line]:
    """The lines of the 学时查询 grid of a page: its header, then its rows (grouped cells filled in).

    The grid is a ``<table>``, or else any element whose children are rows of cells
    (``<div>``/``<span>`` grids).  Where the header is a grid of its own (a header
    table above a body table), the next grid outside it is the body.
    """
    reader = _PageReader(source)
    reader.feed(text)
    reader.close()
    tables = [(element, _table_lines(element, source)) for element in _walk(reader.root) if element.tag == "table"]
    found = _with_header(tables, columns)
    if found:
        return found
    # a grid of <div>/<span> cells: an element whose children are rows, one of them the header
    header = next(
        (
            element
            for element in _walk(reader.root)
            if len(element.children) >= len(REQUIRED)
            and header_names([cell.text(most=16) for cell in element.children], columns) is not None
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


def _with_header(grids: list[tuple[_Element, list[Line]]], columns: Columns) -> list[Line]:
    for index, (element, lines) in enumerate(grids):
        for at, line in enumerate(lines):
            if header_names(line.cells, columns) is not None:
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


def _is_csv(text: str, course: str) -> bool:
    for line in _split_lines(text):
        if course in line:
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
