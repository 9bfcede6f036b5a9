"""The tables that grow with the ledger, laid out in one pass.

Rich's ``Table`` sends every cell through its whole layout engine, which costs
too much per cell for ``cpd list`` of a long career (``docs/performance.md``).
These tables use little of that engine: every
column keeps its text on one line except one, the title, which folds when the
terminal is too narrow.  :class:`Table` lays such a table out directly and draws
exactly what Rich's own table with the same columns draws (:meth:`Table.rich`:
no outer edge, bold header, the heavy header rule); ``tests/render/test_onepass.py``
compares the two character by character and style by style over random tables
and widths.  Whatever this layout does not handle (no room left for the folding
column, a cell with a line break or a tab) is drawn by Rich with every column
free to wrap, so that a narrow terminal still shows them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.containers import Lines
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from cpd_cli.cli.linebreak import line_starts

if TYPE_CHECKING:
    import rich.table
    from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod, RenderableType

MIN_FOLD_WIDTH = 8  # narrower than this, the other columns give up width too (narrow_widths)
NARROW_FOLD_WIDTH = 4  # ... down to this for the folding column (two wide characters), else Rich decides
WORDS = re.compile(r"\S+?-(?=[^\s-])|\S+|\s+")  # a word, its hyphen kept with it; or the space between


class Column(NamedTuple):
    header: str = ""
    justify: Literal["left", "right"] = "left"
    fold: bool = False  # folds to fit the terminal; every other column keeps its text on one line
    crop: bool = False  # in a terminal too narrow even for that, cut with "…" rather than fold (a bar)


class Table:
    """Columns, rows of ``str`` or :class:`Text` cells, an optional title; print it with Rich.

    A table has a bold header and lines between its columns; a grid (:meth:`grid`)
    has neither, only ``gap`` spaces between its columns, as Rich's ``Table.grid``.
    """

    def __init__(self, columns: Sequence[Column], *, title: str | None = None, gap: int | None = None) -> None:
        self.columns = tuple(columns)
        self.title = title
        self.gap = gap  # None: a table with a header and dividers; a number: a grid
        self.rows: list[tuple[Text, ...]] = []

    @classmethod
    def grid(cls, columns: Sequence[Column], *, gap: int) -> Table:
        return cls(columns, gap=gap)

    def add_row(self, *cells: str | Text) -> None:
        self.rows.append(tuple(cell if isinstance(cell, Text) else Text(cell) for cell in cells))

    def rich(self, *, all_fold: bool = False) -> rich.table.Table:
        """The same table as Rich's: the reference this layout matches wherever it applies.

        With ``all_fold``, every column may wrap, and folds unless it crops: what is
        drawn when the folding column has no room left, so that in a narrow terminal
        every column still shows.
        """
        from rich.table import Table as RichTable

        if self.gap is None:
            table = RichTable(
                show_edge=False, pad_edge=False, header_style="bold", title=self.title, title_justify="left"
            )
        else:
            table = RichTable.grid(padding=(0, self.gap))
        for column in self.columns:
            fold = column.fold or (all_fold and not column.crop)
            overflow: Literal["fold", "ellipsis"] = "fold" if fold else "ellipsis"
            no_wrap = not (column.fold or all_fold)
            table.add_column(column.header, justify=column.justify, no_wrap=no_wrap, overflow=overflow)
        for row in self.rows:
            table.add_row(*row)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType | Segment]:
        options = box_lines(console, options)
        widths, breaking = self.widths(options.max_width), False
        if widths is None:
            widths, breaking = self.narrow_widths(options.max_width), True
        if widths is None:
            yield from console.render(self.rich(all_fold=True), options)
            return
        if self.gap is not None:
            for row in self.rows:
                yield from self._lines(console, widths, row, "", "", breaking)
            return
        table_width = sum(widths) + len(widths) - 1
        if self.title:
            title = console.render_str(self.title, style="table.title", highlight=False)
            yield from console.render(title, options.update(width=table_width, justify="left", height=None))
        heavy = box.HEAVY_HEAD.substitute(options, safe=console.safe_box)
        header = tuple(Text(column.header) for column in self.columns)
        yield from self._lines(console, widths, header, heavy.head_vertical, "bold", breaking)
        yield Segment(heavy.get_row(widths, "head", edge=False))
        yield Segment.line()
        for number, row in enumerate(self.rows, 1):
            divider = heavy.foot_vertical if number == len(self.rows) else heavy.mid_vertical
            yield from self._lines(console, widths, row, divider, "", breaking)

    def padding(self, index: int) -> tuple[int, int]:
        """Spaces left and right of a cell: one each side in a table, ``gap`` after it in a grid;
        none at the outer edges."""
        last = index == len(self.columns) - 1
        if self.gap is not None:
            return 0, 0 if last else self.gap
        return (0 if index == 0 else 1), (0 if last else 1)

    def widths(self, max_width: int) -> list[int] | None:
        """Each column's width with its padding, as Rich would choose it; None where Rich must decide."""
        count = len(self.columns)
        if count < 2:
            return None
        natural = [cell_len(column.header) if self.gap is None else 0 for column in self.columns]
        for row in self.rows:
            for index, cell in enumerate(row):
                plain = cell.plain
                if "\t" in plain or len(plain.splitlines()) > 1:
                    return None
                width = cell_len(plain)
                if width > natural[index]:
                    natural[index] = width
        padding = [sum(self.padding(index)) for index in range(count)]
        room = max_width - (count - 1 if self.gap is None else 0)  # the dividers between columns
        widths = [max(1, min(width + pad, room)) for width, pad in zip(natural, padding, strict=True)]
        excess = sum(widths) - room
        if excess <= 0:
            return widths
        folding = [index for index, column in enumerate(self.columns) if column.fold]
        if len(folding) != 1:
            return None
        index = folding[0]
        widths[index] -= excess
        least = max(MIN_FOLD_WIDTH, cell_len(self.columns[index].header) if self.gap is None else 0)
        if widths[index] - padding[index] < least:
            return None
        # Having narrowed the table, Rich measures its columns again and lets an empty one
        # (a grid's last column with nothing in it) take no width rather than one cell.
        return [width if natural[i] + padding[i] else 0 for i, width in enumerate(widths)]

    def narrow_widths(self, max_width: int) -> list[int] | None:
        """Where :meth:`widths` finds no room for the folding column of a table (not a grid): every
        column gives up width, the widest first, the others down to their longest word (see
        :func:`broken`), the folding one down to ``MIN_FOLD_WIDTH`` and, once no other can give
        more, to ``NARROW_FOLD_WIDTH``; None if even that is not enough."""
        count = len(self.columns)
        folding = [index for index, column in enumerate(self.columns) if column.fold]
        if count < 2 or len(folding) != 1 or self.gap is not None:
            return None
        headers = [Text(column.header) for column in self.columns]
        if any("\t" in cell.plain or len(cell.plain.splitlines()) > 1 for row in self.rows for cell in row):
            return None
        padding = [sum(self.padding(index)) for index in range(count)]
        widths, least = list(padding), list(padding)
        for row in [headers, *self.rows]:
            for index, cell in enumerate(row):
                widths[index] = max(widths[index], cell_len(cell.plain) + padding[index])
                longest = max((cell_len(word) for word in WORDS.findall(cell.plain)), default=0)
                least[index] = max(least[index], longest + padding[index])
        fold = folding[0]
        header = cell_len(self.columns[fold].header)
        least[fold] = padding[fold] + max(NARROW_FOLD_WIDTH, header)
        widths[fold] = max(widths[fold], least[fold])
        floor = list(least)  # first the folding column keeps MIN_FOLD_WIDTH, then it gives way too
        floor[fold] = min(widths[fold], padding[fold] + max(MIN_FOLD_WIDTH, header))
        for index, column in enumerate(self.columns):
            if column.crop:
                floor[index] = least[index] = widths[index]
        excess = sum(widths) - (max_width - (count - 1))
        while excess > 0:  # one cell at a time, from the widest column that may still give one
            above = [index for index in range(count) if widths[index] > floor[index]]
            if above:
                widths[max(above, key=lambda index: widths[index])] -= 1
            elif widths[fold] > least[fold]:
                widths[fold] -= 1
            else:
                return None
            excess -= 1
        widths[fold] -= excess  # what is left over goes to the folding column
        return widths

    def _lines(
        self,
        console: Console,
        widths: list[int],
        cells: Sequence[Text],
        divider: str,
        style: str,
        breaking: bool = False,
    ) -> Iterator[Segment]:
        """One row: each cell padded as Rich pads it, the folding cell wrapped, the others blank below.

        With ``breaking``, a cell wider than its column is broken between words (:func:`broken`).
        """
        row_style = console.get_style(style) if style else None
        blocks: list[list[list[Segment]]] = []
        for index, (cell, column, width) in enumerate(zip(cells, self.columns, widths, strict=True)):
            left, right = self.padding(index)
            inner = width - left - right
            justify = cell.justify or column.justify  # a Text's own justification wins, as in Rich
            if breaking and not (column.fold or column.crop) and cell_len(cell.plain) > inner:
                aligned = [line.copy() for line in broken(cell, inner)]
                for line in aligned:
                    line.align("right" if justify == "right" else "left", inner)
                blocks.append([_padded(console, line, left, width, style) for line in aligned])
            elif justify not in ("left", "right") or (column.fold and cell_len(cell.plain) > inner):
                overflow = cell.overflow or ("fold" if column.fold else "ellipsis")
                no_wrap = cell.no_wrap if cell.no_wrap is not None else not column.fold
                lines = wrapped(console, cell, inner, justify, overflow, no_wrap)
                blocks.append([_padded(console, line, left, width, style) for line in lines])
            elif cell.spans:
                line = cell.copy()
                if justify == "right":
                    line.rstrip()
                    line.pad_left(inner - cell_len(line.plain))
                else:
                    line.pad_right(inner - cell_len(line.plain))
                blocks.append([_padded(console, line, left, width, style)])
            else:  # the common cell, one plain string in one style: its segments directly
                plain = cell.plain.rstrip() if justify == "right" else cell.plain
                fill = " " * (inner - cell_len(plain))
                own = console.get_style(cell.style) if cell.style else None
                content = Segment(fill + plain if justify == "right" else plain + fill, _beneath(row_style, own))
                line_segments = [Segment(" " * left, row_style), content] if left else [content]
                if right:
                    line_segments.append(Segment(" " * right, row_style))
                blocks.append([line_segments])
        height = max(len(block) for block in blocks)
        border = Segment(divider)
        for number in range(height):
            segments: list[Segment] = []
            for index, (block, width) in enumerate(zip(blocks, widths, strict=True)):
                if index and divider:
                    segments.append(border)
                if number < len(block):
                    segments.extend(block[number])
                else:
                    segments.append(Segment(" " * width, row_style))
            # Runs of one style (a plain row is one from edge to edge) go out as one segment, not one
            # for each padding, cell and divider: every later stage of printing works segment by segment.
            yield from Segment.simplify(segments)
            yield Segment.line()


def wrapped(
    console: Console, cell: Text, width: int, justify: JustifyMethod, overflow: OverflowMethod, no_wrap: bool
) -> list[Text]:
    """``cell`` in lines of ``width``, as Rich's ``Text.wrap`` lays them, broken where
    :func:`~cpd_cli.cli.linebreak.line_starts` says: Chinese between any two characters too."""
    if no_wrap or overflow != "fold":
        return list(cell.wrap(console, width, justify=justify, overflow=overflow, no_wrap=no_wrap))
    lines = Lines()
    for line in cell.split(allow_blank=True):
        parts = line.divide(line_starts(line.plain, width, cell_len))
        for part in parts:
            part.rstrip_end(width)
        parts.justify(console, width, justify=justify, overflow="fold")
        for part in parts:
            part.truncate(width, overflow="fold")
        lines.extend(parts)
    return list(lines)


def broken(cell: Text, width: int) -> list[Text]:
    """``cell`` in lines of at most ``width`` cells, broken only after a space or a hyphen.

    A word wider than ``width`` keeps its own line, whole; spaces at a break are dropped.
    """
    plain, lines = cell.plain, []
    start: int | None = None
    end = used = 0
    for match in WORDS.finditer(plain):
        if match.group().isspace():
            continue
        size, space = cell_len(match.group()), cell_len(plain[end : match.start()])
        if start is None:
            start, used = match.start(), size
        elif used + space + size > width:
            lines.append(cell[start:end])
            start, used = match.start(), size
        else:
            used += space + size
        end = match.end()
    if start is not None:
        lines.append(cell[start:end])
    return lines or [cell[:0]]  # spaces alone: nothing to show


def _padded(console: Console, line: Text, left: int, width: int, style: str) -> list[Segment]:
    """A line of a cell with its padding, the row's style beneath the cell's own, as Rich puts it."""
    text = Text(" " * left)
    text.append_text(line)
    text.append(" " * (width - left - cell_len(line.plain)))
    if style:  # the header's: over its padding too
        text.stylize_before(style)
    return list(text.render(console))


def _beneath(row_style: Style | None, own: Style | None) -> Style | None:
    if row_style is None:
        return own
    return row_style if own is None else row_style + own


def box_lines(console: Console, options: ConsoleOptions) -> ConsoleOptions:
    """``options`` for drawing a table's lines as :func:`~cpd_cli.cli.output.ascii_drawing` decides.

    Rich draws ASCII boxes for any encoding whose name does not start with
    "utf"; cpd decides by what the encoding can write and what the person asked
    (``--unicode`` in a GBK console): where cpd says box lines, Rich is told the
    output is UTF-8 (what it asks the name for).  Where cpd says ASCII, the
    render hook replaces whatever is drawn anyway.
    """
    import dataclasses

    from cpd_cli.cli.output import ascii_drawing

    if options.ascii_only and not ascii_drawing(console.file):
        return dataclasses.replace(options, encoding="utf-8")
    return options
