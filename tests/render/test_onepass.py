"""The one-pass table draws what Rich's Table draws, character by character and style by style."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from cpd_cli.cli.onepass import MIN_FOLD_WIDTH, Column, Table, broken, wrapped
from cpd_cli.cli.onepass import WORDS as WORD

WORDS = st.text(alphabet=st.sampled_from("ab xyz-/.#0123456789学时公需专业论文　ĳé"), max_size=40)
STYLES = st.sampled_from(["", "yellow", "green", "dim", "bold red"])
# (encoding, legacy Windows console): Rich draws ASCII boxes where the encoding is not UTF, and
# lighter ones on a legacy Windows console (a Chinese Windows' pipe is both).
CONSOLES = [("utf-8", False), ("utf-8", True), ("gbk", False), ("gbk", True)]


@st.composite
def cells(draw: st.DrawFn) -> str | Text:
    words = draw(WORDS)
    if draw(st.booleans()):
        return words
    text = Text(words, style=draw(STYLES), justify=draw(st.sampled_from([None, None, "left", "right", "center"])))
    if len(words) > 2 and draw(st.booleans()):
        text.stylize(draw(STYLES), 1, 2)
    return text


@st.composite
def tables(draw: st.DrawFn) -> Table:
    count = draw(st.integers(2, 7))
    folding = draw(st.one_of(st.none(), st.integers(0, count - 1)))
    columns = [
        Column(
            draw(st.text(alphabet="#abcdé科目学时 ", min_size=1, max_size=10)),
            draw(st.sampled_from(["left", "right"])),
            index == folding,
            draw(st.booleans()),
        )
        for index in range(count)
    ]
    if draw(st.booleans()):
        table = Table.grid(columns, gap=draw(st.integers(1, 3)))
    else:
        title = draw(st.one_of(st.none(), st.text(alphabet="abc (年度上限)", min_size=1, max_size=30)))
        table = Table(columns, title=title)
    for _row in range(draw(st.integers(0, 6))):
        table.add_row(*(draw(cells()) for _column in range(count)))
    return table


def console_for(width: int, encoding: str = "utf-8", legacy_windows: bool = False, **options: Any) -> Console:
    """A console writing to a stream in ``encoding``, on a legacy Windows console or not,
    whatever the machine the test runs on."""
    stream = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    return Console(file=stream, width=width, markup=False, emoji=False, legacy_windows=legacy_windows, **options)


def drawn(
    renderable: object, width: int, encoding: str = "utf-8", legacy_windows: bool = False
) -> list[list[tuple[str, Style]]]:
    """Every line as (character, style) pairs, the way a terminal receives them."""
    console = console_for(width, encoding, legacy_windows, color_system="truecolor", force_terminal=True)
    segments = console.render(renderable, console.options)
    lines = Segment.split_lines(segments)
    return [[(char, segment.style or Style.null()) for segment in line for char in segment.text] for line in lines]


def _grid_ending_in_an_empty_column() -> Table:
    # Found by CI: once narrowed, Rich gives an empty last column no width, not one cell.
    table = Table.grid([Column("a", fold=True), Column("a"), Column("a")], gap=1)
    table.add_row("000000000", "", "")
    return table


def breaks_as_rich(table: Table, widths: list[int]) -> bool:
    """Whether every cell of the folding column breaks into the lines Rich's ``Text.wrap`` gives:
    always for text without Chinese (test_text_without_chinese_breaks_as_rich_breaks_it)."""
    console = console_for(200)
    for index, column in enumerate(table.columns):
        if not column.fold:
            continue
        inner = widths[index] - sum(table.padding(index))
        for row in table.rows:
            cell = row[index]
            justify = cell.justify or column.justify
            ours = [line.plain for line in wrapped(console, cell, inner, justify, "fold", False)]
            if ours != [line.plain for line in cell.wrap(console, inner, justify=justify, overflow="fold")]:
                return False
    return True


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(10, 140), st.sampled_from(CONSOLES))
@example(_grid_ending_in_an_empty_column(), 11, CONSOLES[0])
def test_draws_what_rich_draws(table: Table, width: int, console: tuple[str, bool]) -> None:
    """Wherever the folding column has room, or no layout of cpd's own applies."""
    widths = table.widths(width)
    if widths is not None:
        if not breaks_as_rich(table, widths):
            return  # Chinese broken between characters, or a mark kept with its text: see test_linebreak.py
        reference = table.rich()
    elif table.narrow_widths(width) is None:
        reference = table.rich(all_fold=True)
    else:
        return  # breaking only between words is cpd's own: see the tests of narrow tables below
    assert drawn(table, width, *console) == drawn(reference, width, *console)


@settings(max_examples=200, deadline=None)
@given(tables(), st.integers(10, 140))
def test_a_narrow_table_fits_and_breaks_only_between_words(table: Table, width: int) -> None:
    widths = table.narrow_widths(width) if table.widths(width) is None else None
    if widths is None:
        return
    assert sum(widths) + len(widths) - 1 == width
    lines = ["".join(char for char, _style in line) for line in drawn(table, width)]
    assert all(cell_len(line) <= width for line in lines)
    fold = next(index for index, column in enumerate(table.columns) if column.fold)
    drawn_text = "".join(lines)
    for row in table.rows:
        for index, cell in enumerate(row):
            if index != fold and not table.columns[index].crop:
                for word in WORD.findall(cell.plain):  # drawn whole, on one line
                    assert word.isspace() or word in drawn_text


@given(st.text(alphabet="ab- 学", max_size=30), st.integers(1, 12))
@example("  ", 1)  # found by the suite: spaces alone wider than the column
def test_breaking_keeps_every_character_and_breaks_after_a_space_or_a_hyphen(text: str, width: int) -> None:
    lines = [line.plain for line in broken(Text(text), width)]
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    longest = max((cell_len(word) for word in WORD.findall(text) if not word.isspace()), default=0)
    assert all(cell_len(line) <= max(width, longest) for line in lines)
    if text.strip():  # the text is the lines, each break at a space or right after a hyphen
        breaks = [r"\s*" if before.endswith("-") else r"\s+" for before in lines[:-1]]
        pattern = r"\s*" + "".join(re.escape(line) + gap for line, gap in zip(lines, [*breaks, r"\s*"], strict=True))
        assert re.fullmatch(pattern, text)


def test_cpd_list_at_60_columns_keeps_kinds_and_statuses_whole() -> None:
    # At 60 columns less six dividers, 54 are left; the columns kept whole take 2 + 12 + 15 + 10
    # + 6 + 9 = 54, none for the title.  The title asks for 8 + 2 padding: 10 too many.  The
    # widest column gives one cell at a time down to its longest word: the kind 15 -> 12
    # ("conference" + 2), the date 12 -> 7 ("2024-" + 2): 8.  The title gives the last 2 and keeps
    # 6 inside its padding, three wide characters a line.
    columns = [Column("#", "right"), Column("date"), Column("kind"), Column("title", fold=True),
               Column("status"), Column("科目"), Column("credited", "right")]  # fmt: skip
    table = Table(columns)
    table.add_row("3", "2024-03-08", "unit-training", "校内青年教师教学能力提升培训", "declared", "专业", "10")
    table.add_row("4", "2024-05-11", "conference", "全国机器学习会议 CCML 2024", "done", "专业", "10")
    assert table.widths(60) is None
    widths = table.narrow_widths(60)
    assert widths == [2, 7, 12, 8, 10, 6, 9]
    console = Console(width=60, color_system=None, markup=False, record=True)
    console.print(table)
    lines = console.export_text().splitlines()
    assert all(cell_len(line) <= 60 for line in lines)
    cells = [[part.strip() for part in line.split("│")] for line in lines[2:]]
    assert [row[1] for row in cells[:2]] == ["2024-", "03-08"]
    assert [row[2] for row in cells[:2]] == ["unit-", "training"]
    assert "conference" in [row[2] for row in cells] and cells[0][4] == "declared"


@settings(max_examples=100, deadline=None)
@given(tables(), st.integers(10, 140))
def test_takes_its_own_path_whenever_the_folding_column_keeps_room(table: Table, width: int) -> None:
    """The comparison above must exercise the one-pass layout, not only its fallback to Rich."""
    natural = table.widths(10_000)
    assert natural is not None or any("\t" in c.plain or "\n" in c.plain for row in table.rows for c in row)
    if natural is not None and sum(natural) + len(natural) - 1 <= width:
        assert table.widths(width) == natural


NARROW_DRAWN = {
    ("utf-8", False): ["# ┃ title           ┃ credited", "━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━", "7 │ 深度学习在赣南  │     10 *"],
    ("utf-8", True): ["# │ title           │ credited", "──┼─────────────────┼─────────", "7 │ 深度学习在赣南  │     10 *"],
    ("gbk", False): ["# | title           | credited", "--+-----------------+---------", "7 | 深度学习在赣南  |     10 *"],
    ("gbk", True): ["# | title           | credited", "--+-----------------+---------", "7 | 深度学习在赣南  |     10 *"],
}  # fmt: skip


@pytest.mark.parametrize("console_kind", CONSOLES)
def test_a_narrow_terminal_folds_the_title_column_only(console_kind: tuple[str, bool]) -> None:
    # 30 columns less two dividers leave 28.  Natural widths with padding: "#" 1+1, the
    # title 17 wide characters = 34+2, "credited" 8+1: 47, so the title gives up 19 and
    # keeps 17, 15 inside its padding: seven wide characters a line, three lines.
    # The boxes are Rich's: heavy under the header, lighter on a legacy Windows console,
    # ASCII in an encoding that is not UTF.
    table = Table([Column("#", "right"), Column("title", fold=True), Column("credited", "right")])
    table.add_row("7", "深度学习在赣南脐橙病害识别中的应用", Text("10 *", style="yellow"))
    assert table.widths(30) == [2, 17, 9]
    console = console_for(30, *console_kind, color_system=None, record=True)
    console.print(table)
    divider = NARROW_DRAWN[console_kind][2][2]
    assert console.export_text().splitlines() == [
        *NARROW_DRAWN[console_kind],
        f"  {divider} 脐橙病害识别中  {divider}         ",
        f"  {divider} 的应用          {divider}         ",
    ]


def test_no_room_for_the_folding_column_is_left_to_rich_with_every_column_folding() -> None:
    table = Table([Column("a" * 20), Column("title", fold=True)])
    table.add_row("x", "long title " * 5)
    assert table.widths(20 + 3 + MIN_FOLD_WIDTH - 1) is None
    assert drawn(table, 25) == drawn(table.rich(all_fold=True), 25)


def test_a_terminal_too_narrow_for_the_fixed_columns_still_shows_every_title() -> None:
    """cpd list at 50 columns: the fixed columns alone take 50; the title must not vanish."""
    columns = [Column("#", "right"), Column("date"), Column("kind"), Column("title", fold=True),
               Column("status"), Column("科目"), Column("credited", "right")]  # fmt: skip
    table = Table(columns)
    table.add_row("40", "2024-07-05", "paper", "深度学习在赣南脐橙病害识别中的应用", "done", "专业", "10")
    assert table.widths(50) is None
    console = Console(width=50, color_system=None, markup=False, record=True)
    console.print(table)
    lines = console.export_text().splitlines()
    assert all(len(line) <= 50 for line in lines)
    title_column = "".join(line.split("│")[3].strip() for line in lines[3:])
    assert title_column == "深度学习在赣南脐橙病害识别中的应用"  # folded, every character kept
    assert lines[3].split("│")[4].strip() == "done" and lines[3].split("│")[5].strip() == "专业"


def test_cells_with_line_breaks_or_tabs_are_left_to_rich() -> None:
    for odd in ("two\nlines", "a\ttab", "line\u2028separator"):
        table = Table([Column("a"), Column("b", fold=True)])
        table.add_row("x", odd)
        assert table.widths(80) is None


def test_a_row_of_plain_cells_is_one_segment_a_line() -> None:
    """Padding, cells and dividers of one style go out as one segment: every later stage of
    printing (the terminal hook, line splitting, measuring, writing) works per segment, and a
    1,000-row ``cpd list`` would otherwise hand it some 25 a row."""
    table = Table([Column("#", "right"), Column("title", fold=True), Column("kind")])
    for number in range(1, 4):
        table.add_row(str(number), f"活动 {number}", "paper")
    console = console_for(80)
    lines = Segment.split_lines(console.render(table, console.options))
    rows = list(lines)[2:]  # after the header and its rule
    assert len(rows) == 3 and all(len(row) == 1 for row in rows)
    assert [row[0].text for row in rows] == [f"{n} │ 活动 {n} │ paper" for n in range(1, 4)]
