"""Lines to rows: each line of 学时查询 aligned to the columns, grouped cells carried down their group.

**A line is read whole or the read stops.**  Each data line is tried against
every way its cells can sit under the columns (which grouped cells it lacks,
whether it has the 操作 cell), and each way is checked cell by cell (:mod:`.cells`).
Exactly one way must fit; none, or more than one, stops the read with the file
and line named.  A grouped cell a line lacks is the group's above it, and a group
cannot begin twice in a year, so a lost 年度 cell is refused, not filed under the
year above.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from cpd_cli.core.dates import parse_date
from cpd_cli.core.model import Status, Subject
from cpd_cli.core.platform.cells import (
    cut_short,
    header_names,
    parse_number,
    plain_text,
    stacked_header,
    subject_of,
    why_not,
)
from cpd_cli.core.platform.rows import (
    ACTIONS,
    COURSE,
    END,
    GROUP_TOTAL,
    GROUPED,
    HOURS,
    START,
    STATE,
    SUBJECT,
    YEAR,
    GroupTotal,
    Line,
    PlatformRow,
    TableError,
)
from cpd_cli.core.rulemodel import Columns, PlatformFacts
from cpd_cli.i18n import _


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


def _fit(cells: Sequence[str], shape: _Shape, columns: Columns) -> tuple[int, str] | None:
    """None if the cells fit the shape; else how far they fit and why the next does not."""
    for at, (column, value) in enumerate(zip(shape.columns, cells, strict=True)):
        why = why_not(column, value, columns)
        if why is not None:
            return at, why
    return None


class Reader:
    """Lines to rows: each line aligned to the columns, grouped cells carried down their group."""

    def __init__(self, source: str, platform: PlatformFacts) -> None:
        self.source = source
        self.columns = platform.columns  # the names of 学时查询's columns, from the pack
        self.statuses = platform.statuses  # what its 状态 words mean
        self.rows: list[PlatformRow] = []
        self.totals: dict[tuple[int, Subject], Decimal | None] = {}
        self.group: dict[str, str] = {}  # the current 年度, 科目类型, 总学时 as shown
        self.key: tuple[int, Subject] | None = None  # the current group

    def fail(self, line: int, message: str) -> TableError:
        return TableError(_("{path}: line {line}: {message}").format(path=self.source, line=line, message=message))

    def read(self, lines: list[Line]) -> tuple[list[PlatformRow], list[GroupTotal]]:
        found = next(
            (
                (at, names)
                for at, line in enumerate(lines)
                if (names := header_names(line.cells, self.columns)) is not None
            ),
            None,
        )
        if found is not None:
            at, header = found
            self._lines(lines[at + 1 :], header)
        else:
            stacked = stacked_header(lines, self.columns)
            if stacked is None:
                raise TableError(
                    _("{path}: no 学时查询 table found (a header with {columns})").format(
                        path=self.source, columns=", ".join(self.columns.required)
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
            if (
                any(cells) and header_names(cells, self.columns) is None
            ):  # blank lines and the header again are passed over
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
            misfit = _fit(line.cells, shape, self.columns)
            if misfit is None:
                fitting.append(shape)
            elif best is None or misfit[0] + _offset(shape) > best[0]:
                best = (misfit[0] + _offset(shape), misfit[1])  # the shape that fits furthest says why
        if len(fitting) == 1:
            return fitting[0]
        found = " | ".join(cut_short(cell) for cell in line.cells)
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
                if end <= size and ways[end] and _fit(values[at:end], shape, self.columns) is None:
                    ways[at] = min(2, ways[at] + ways[end])
        if ways[0] == 0:
            reach = self._reach(values, shapes)
            line = flat[reach].number if reach < size else flat[-1].number
            raise self.fail(
                line,
                _("no row of the table begins here: {found}").format(found=cut_short(values[min(reach, size - 1)])),
            )
        at = 0
        aligned = []
        while at < size:
            options = [
                shape
                for shape in shapes
                if at + len(shape.columns) <= size
                and ways[at + len(shape.columns)]
                and _fit(values[at : at + len(shape.columns)], shape, self.columns) is None
            ]
            if ways[at] > 1 and len(options) > 1:
                raise self.fail(flat[at].number, _("the cells from here can be cut into rows in more than one way"))
            shape = options[0]
            end = at + len(shape.columns)
            aligned.append((Line(flat[at].number, tuple(values[at:end])), shape))
            at = end
        return aligned

    def _reach(self, values: Sequence[str], shapes: Sequence[_Shape]) -> int:
        """The furthest cell the rows can be read up to from the start."""
        reachable = {0}
        furthest = 0
        for at in range(len(values)):
            if at not in reachable:
                continue
            furthest = max(furthest, at)
            for shape in shapes:
                end = at + len(shape.columns)
                if end <= len(values) and _fit(values[at:end], shape, self.columns) is None:
                    reachable.add(end)
                    furthest = max(furthest, end)
        return furthest

    def _take(self, line: Line, shape: _Shape) -> None:
        values = dict(zip(shape.columns, line.cells, strict=True))
        self._group(line.number, values, shape)
        number = len(self.rows) + 1
        self.rows.append(_row(values, number, self.statuses))

    def _group(self, line: int, values: dict[str, str], shape: _Shape) -> None:
        """Fill the grouped cells a line lacks or leaves empty, refusing what no table would show:
        a year begun without its subject, a group begun twice, a group's 总学时 changing."""
        given = {name: plain_text(values[name]) for name in GROUPED if values.get(name, "").strip()}
        current = self.group
        if YEAR in given and given[YEAR] != current.get(YEAR) and SUBJECT not in given:
            raise self.fail(line, _("年度 {year} begins without its 科目类型").format(year=given[YEAR]))
        year_text = given.get(YEAR, current.get(YEAR, ""))
        subject_text = given.get(SUBJECT, current.get(SUBJECT, ""))
        if not year_text:
            raise self.fail(line, _("年度 is missing and no row above gives it"))
        if not subject_text:
            raise self.fail(line, _("科目类型 is missing and no row above gives it"))
        subject = subject_of(subject_text)
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
            self.totals[key] = parse_number(total) if total else None
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


def _row(values: dict[str, str], number: int, statuses: Mapping[str, Status]) -> PlatformRow:
    title = " ".join(values[COURSE].split())
    hours = parse_number(values[HOURS])
    assert hours is not None  # the line fitted its shape
    start, end = (_date(values.get(name, "")) for name in (START, END))
    word = values[STATE].strip()
    status = statuses.get(word)
    subject = subject_of(values[SUBJECT])
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
    text = plain_text(text)
    if not text or set(text) <= set("-—"):  # the platform's "----" for none
        return None
    return parse_date(text)
