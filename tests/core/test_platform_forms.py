"""Every form a browser gives of 学时查询 reads to the same rows, and a damaged line is refused, never misread.

The forms are made here from one table as the page shows it: the saved page (grouped cells as
``rowspan``), the Chromium copy (the cells a ``rowspan`` covers left out), the Firefox/Excel copy
(those cells kept empty), the copy of one cell per line, and the CSV.
"""

from __future__ import annotations

import csv
import io
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpd_cli.core.platform.reading import MAX_CELLS, TableError, read

DATA = Path(__file__).parents[1] / "data" / "platform"
FORMS = [
    "2024.html", "2024-gbk.html", "2024.mhtml", "2024-div.html", "2024-chrome.txt", "2024-firefox.txt",
    "2024-excel.txt", "2024-cells.txt", "2024.csv", "2024.txt",
]  # fmt: skip
HEADER = [
    "年度",
    "科目类型",
    "总学时",
    "课程名称",
    "学时数",
    "开始时间",
    "结束时间",
    "待审单位",
    "学时状态",
    "状态",
    "操作",
]


def table(name: str):  # type: ignore[no-untyped-def]
    return read((DATA / name).read_bytes(), name)


@pytest.mark.parametrize("name", FORMS)
def test_every_form_of_the_fixture_reads_the_same_rows_and_totals(name: str) -> None:
    found, page = table(name), table("2024.html")
    assert found.rows == page.rows and found.totals == page.totals
    assert [(group.subject.value, group.total) for group in found.totals] == [("public", 31), ("professional", 32)]


def test_a_chromium_copy_files_the_first_professional_line_under_professional() -> None:
    """The line lacks only 年度 (专业课 32 深度学习…): it begins the professional group, not a 公需 row."""
    rows = table("2024-chrome.txt").rows
    assert [row.subject.value for row in rows] == ["public"] * 4 + ["professional"] * 5
    assert rows[4].title == "深度学习在赣南脐橙病害识别中的应用"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        # a 总学时 cell lost: the line fits no shape
        ("专业课\t深度学习\t10\t20240315\t20240315\t洪州学院\t未获得学时\t待审核\t查看", "line 2: "),
        # the 学时数 cell lost: 学时状态 and 状态 slide left
        ("全国机器学习会议\t20240510\t20240510\t----\t未获得学时\t驳回\t查看", "line 2: "),
        # the line of 2025 公需课 with its 年度 lost, after 2024 公需课 of another 总学时
        (
            "公需课\t5\t课\t5\t20250101\t20250101\t----\t已获得学时\t审核通过\t查看",
            "line 2: 2024 公需课 begins a second time",
        ),
    ],
)
def test_a_line_that_cannot_be_aligned_stops_the_read(line: str, message: str) -> None:
    text = "\t".join(HEADER) + "\n2024\t公需课\t10\t甲\t10\t20240101\t20240101\t----\t已获得学时\t审核通过\t查看\n"
    lines = text.splitlines()
    lines.insert(2, line)
    with pytest.raises(TableError, match=f"^copy.txt: {message.replace('line 2', 'line 3')}"):
        read("\n".join(lines).encode(), "copy.txt")  # the damaged line is the file's line 3


def test_a_group_begun_twice_in_a_year_is_refused() -> None:
    """After 2024's 公需课 and 专业课, a line 公需课 … lacks its 年度: it is not 2024's again."""
    text = "\t".join(HEADER) + (
        "\n2024\t公需课\t10\t甲\t10\t20240101\t20240101\t----\t已获得学时\t审核通过\t查看"
        "\n专业课\t4\t乙\t4\t20240101\t20240101\t----\t已获得学时\t审核通过\t查看"
        "\n公需课\t5\t丙\t5\t20250101\t20250101\t----\t已获得学时\t审核通过\t查看\n"
    )
    with pytest.raises(TableError, match=r"^copy\.txt: line 4: 2024 公需课 begins a second time"):
        read(text.encode(), "copy.txt")


# ---------------------------------------------------------------- random tables in every form

TITLE = st.text(alphabet="培训班课程专业公需学习强国江西数字经济（）() 12", min_size=1, max_size=12).map(
    lambda text: "课" + " ".join(text.split())
)
ROW = st.tuples(
    TITLE,
    st.sampled_from(["10", "1.5", "0", "20", "4"]),
    st.sampled_from(["", "20240301", "20240302"]),
    st.sampled_from(["20240301", "20240303", ""]),
    st.sampled_from(["----", "洪州学院"]),
    st.sampled_from(["已获得学时", "未获得学时"]),
    st.sampled_from(["审核通过", "待审核", "驳回", "已撤回"]),
)
GROUP = st.tuples(st.sampled_from(["31", "42", "", "187"]), st.lists(ROW, min_size=1, max_size=3))
YEAR = st.tuples(
    st.sampled_from([["公需课"], ["专业课"], ["公需课", "专业课"]]), st.lists(GROUP, min_size=2, max_size=2)
)
TABLES = st.dictionaries(st.sampled_from([2022, 2023, 2024]), YEAR, min_size=1, max_size=3)


def lines_of(spec) -> list[tuple[list[str], int]]:  # type: ignore[no-untyped-def]
    """The table's full rows, each with how many grouped cells the page shows on it (3, 2 or 0)."""
    out = []
    for year in sorted(spec):
        subjects, groups = spec[year]
        first_of_year = True
        for subject, (total, rows) in zip(subjects, groups, strict=False):
            for at, row in enumerate(rows):
                shown = 3 if first_of_year else (2 if at == 0 else 0)
                out.append(([str(year), subject, total, *row, "查看"], shown))
                first_of_year = False
    return out


def page(lines) -> str:  # type: ignore[no-untyped-def]
    body = []
    spans = []  # rows each shown grouped cell spans
    for index, (cells, shown) in enumerate(lines):
        if shown:
            year_rows = next((n for n in range(index + 1, len(lines)) if lines[n][1] == 3), len(lines)) - index
            group_rows = next((n for n in range(index + 1, len(lines)) if lines[n][1] >= 2), len(lines)) - index
            spans.append((year_rows, group_rows))
        first = []
        if shown == 3:
            first.append(f"<td rowspan='{spans[-1][0]}'>{cells[0]}</td>")
        if shown >= 2:
            first += [f"<td rowspan='{spans[-1][1]}'>{cell}</td>" for cell in cells[1:3]]
        body.append("<tr>" + "".join(first) + "".join(f"<td>{cell}</td>" for cell in cells[3:]) + "</tr>")
    head = "<tr>" + "".join(f"<th>{name}</th>" for name in HEADER) + "</tr>"
    return f"<html><body><table>{head}{''.join(body)}</table></body></html>"


def chromium(lines) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [HEADER] + [cells[3 - shown :] if shown else cells[3:] for cells, shown in lines]


def firefox(lines) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [HEADER] + [
        [cells[0] if shown == 3 else "", *(cells[1:3] if shown >= 2 else ["", ""]), *cells[3:]]
        for cells, shown in lines
    ]


def tabbed(rows: list[list[str]]) -> bytes:
    return "\n".join("\t".join(row) for row in rows).encode()


def forms(spec):  # type: ignore[no-untyped-def]
    lines = lines_of(spec)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(firefox(lines))
    yield "page.html", page(lines).encode("gb18030")
    yield "chromium.txt", tabbed(chromium(lines))
    yield "firefox.txt", tabbed(firefox(lines))
    yield "cells.txt", "\n".join(cell for row in chromium(lines) for cell in row).encode()
    yield "table.csv", buffer.getvalue().encode()


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(TABLES)
def test_every_form_of_a_random_table_reads_to_the_same_rows(spec) -> None:  # type: ignore[no-untyped-def]
    read_forms = {name: read(data, name) for name, data in forms(spec)}
    expected = [(cells[0], cells[1], cells[3], Decimal(cells[4])) for cells, _shown in lines_of(spec)]
    for name, found in read_forms.items():
        assert [(str(r.year), {"public": "公需课", "professional": "专业课"}[r.subject.value], r.title, r.hours)
                for r in found.rows] == expected, name  # fmt: skip
        assert found.rows == read_forms["page.html"].rows
        assert found.totals == read_forms["page.html"].totals


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(TABLES, st.sampled_from(["chromium", "firefox"]), st.data())
def test_a_copied_line_with_a_cell_lost_or_shifted_is_read_the_same_or_refused(spec, form, data) -> None:  # type: ignore[no-untyped-def]
    lines = lines_of(spec)
    rows = (chromium if form == "chromium" else firefox)(lines)
    expected = read(tabbed(rows), "copy.txt").rows
    at = data.draw(st.integers(1, len(rows) - 1))
    line = list(rows[at])
    cell = data.draw(st.integers(0, len(line) - 1))
    # a cell lost (the cells after it shift left), or an empty one put in (they shift right)
    damage = data.draw(st.sampled_from(["lose", "shift right"]))
    if damage == "lose":
        del line[cell]
    else:
        line.insert(cell, "")
    damaged = [*rows[:at], line, *rows[at + 1 :]]
    # A line that opens a year shows every grouped cell; with its 年度 cut it is, cell for cell,
    # the line of a new subject group of the year above, as a Chromium copy shows it.  No reader
    # can tell them apart where the damaged copy is a sound Chromium copy: no empty grouped cell
    # anywhere (else it keeps every cell, and a short line is refused) and the subject not yet
    # in the year above (else it would begin a second time, and is refused).
    lost_year = damage == "lose" and cell == 0 and lines[at - 1][1] == 3
    try:
        found = read(tabbed(damaged), "copy.txt").rows
    except TableError as error:
        # the damaged line, or a line its damage belies (a group begun twice further down)
        assert str(error).startswith("copy.txt: line ")
        return
    if lost_year and found != expected:
        assert not any(len(row) == len(HEADER) and "" in row[:2] for row in damaged[1:])
        above = [cells[1] for cells, _shown in lines[: at - 1] if cells[0] == lines[at - 2][0][0]]
        assert lines[at - 1][0][1] not in above
        return
    assert found == expected


# ---------------------------------------------------------------- input that could make cpd misbehave


def test_a_table_too_big_to_describe_is_refused_before_spans_are_expanded() -> None:
    page_text = "<table><tr><th>年度</th></tr>" + "<tr><td rowspan=1000 colspan=1000>x</td></tr>" * 1000 + "</table>"
    with pytest.raises(
        TableError, match=rf"^bomb.html: line 1: a table of \d+ rows × 1000 columns is more than {MAX_CELLS}"
    ):
        read(page_text.encode(), "bomb.html")


@pytest.mark.parametrize(
    "charset", ["base64", "rot13", "hex", "zlib", "idna", "punycode", "nonsense-charset", "utf\x00-8", "x" * 5000]
)
def test_a_charset_that_is_no_text_encoding_is_refused_by_name(charset: str) -> None:
    data = f'<html><head><meta charset="{charset}"></head><body>年度</body></html>'.encode()
    with pytest.raises(TableError, match=r"^page\.html: the page declares the charset '.*', which is not a text"):
        read(data, "page.html")


def test_a_charset_declared_in_http_equiv_with_a_line_break_is_read() -> None:
    page = (DATA / "2024-gbk.html").read_bytes().replace(b"charset=GBK", b"charset=GBK\r\n")
    assert b"charset=GBK\r\n" in page
    assert read(page, "page.html").rows == table("2024.html").rows


def test_an_mhtml_part_in_a_charset_that_is_no_text_encoding_is_refused() -> None:
    data = (DATA / "2024.mhtml").read_bytes().replace(b'charset="utf-8"', b'charset="rot13"')
    with pytest.raises(TableError, match="the page declares the charset 'rot13'"):
        read(data, "2024.mhtml")


def test_a_declared_gb2312_page_is_read() -> None:
    assert table("2024-div.html").rows == table("2024.html").rows  # declares gb2312, written in GB18030


@pytest.mark.parametrize("ends", ["\r", "\n", "\r\n"])
def test_a_csv_with_any_line_ends_is_read(ends: str) -> None:
    text = (DATA / "2024.csv").read_text(encoding="utf-8").replace("\n", ends)
    assert read(text.encode(), "2024.csv").rows == table("2024.html").rows


def test_a_csv_field_longer_than_the_csv_module_allows_is_read_as_a_title() -> None:
    text = (DATA / "2024.csv").read_text(encoding="utf-8").replace("学习强国1 学时", "学" * 200_000)
    before = csv.field_size_limit()
    rows = read(text.encode(), "2024.csv").rows
    assert len(rows[3].title) == 200_000
    assert csv.field_size_limit() == before  # put back


@pytest.mark.parametrize("hours", ["1e999999999", "1e-400", "1e300", "1e100", "-5", "NaN", "Infinity", "1" * 12])
def test_hours_that_are_no_plain_number_are_refused_naming_the_line(hours: str) -> None:
    text = (
        "\t".join(HEADER) + f"\n2024\t公需课\t10\t甲\t{hours}\t20240101\t20240101\t----\t已获得学时\t审核通过\t查看\n"
    )
    with pytest.raises(TableError, match=r"^copy.txt: line 2: 学时数 .* is not a number"):
        read(text.encode(), "copy.txt")


def test_a_csv_quote_left_open_is_refused_naming_the_line() -> None:
    text = '年度,科目类型,总学时,课程名称,学时数,开始时间,结束时间,待审单位,学时状态,状态\n2024,公需课,1,"甲\0,1,,,,,\n'
    with pytest.raises(TableError, match=r"^t.csv: line \d+: "):
        read(text.encode(), "t.csv")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_fifo_or_a_device_is_refused_at_once(tmp_path: Path) -> None:
    from cpd_cli.cli.reconcile import read_table

    fifo = tmp_path / "table.txt"
    os.mkfifo(fifo)
    with pytest.raises(TableError, match=r"table\.txt: not a regular file"):
        read_table(fifo)  # would wait for a writer for ever if it were opened to read
    if Path("/dev/zero").exists():
        with pytest.raises(TableError, match="/dev/zero: not a regular file"):
            read_table(Path("/dev/zero"))
    with pytest.raises(TableError, match="not a regular file"):
        read_table(tmp_path)


@pytest.mark.parametrize("separator", ["\t", ","])
def test_a_text_of_more_cells_than_a_table_may_have_is_refused(separator: str) -> None:
    name = "t.csv" if separator == "," else "t.txt"
    data = (separator.join(HEADER) + "\n" + separator * (MAX_CELLS + 1)).encode()
    with pytest.raises(TableError, match=rf"^t\.(csv|txt): line 2: more than {MAX_CELLS} cells"):
        read(data, name)


def test_a_page_nested_deep_and_closing_tags_it_never_opened_is_read() -> None:
    """End tags of nothing open are passed over; a table inside a cell does not lend its rows."""
    page = (DATA / "2024.html").read_text(encoding="utf-8")
    noisy = (
        "<div>" * 2_000
        + "</span>" * 20_000
        + page.replace("<td>----</td>", "<td>----<table><tr><td>x</td></tr></table></td>", 1)
    )
    assert read(noisy.encode(), "page.html").rows == table("2024.html").rows


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(TABLES, st.sampled_from(["chromium", "firefox"]), st.data())
def test_a_copy_of_one_cell_per_line_with_a_cell_lost_or_put_in_is_read_the_same_or_refused(spec, form, data) -> None:  # type: ignore[no-untyped-def]
    rows = (chromium if form == "chromium" else firefox)(lines_of(spec))
    cells = [cell for row in rows for cell in row]
    expected = read("\n".join(cells).encode(), "cells.txt").rows
    at = data.draw(st.integers(len(HEADER), len(cells) - 1))
    damaged = list(cells)
    if data.draw(st.booleans()):
        del damaged[at]
    else:
        damaged.insert(at, "")
    try:
        found = read("\n".join(damaged).encode(), "cells.txt").rows
    except TableError as error:
        assert str(error).startswith("cells.txt: line ")
        return
    if found != expected:
        # the one undecidable case, as in a copy of lines: a year's 年度 lost, read as a new subject of the year above
        assert damaged[at : at + 1] != [""] and cells[at].isdecimal() and len(cells[at]) == 4
        return


def test_a_cell_with_line_breaks_is_named_on_one_line() -> None:
    text = '年度,科目类型,总学时,课程名称,学时数,开始时间,结束时间,待审单位,学时状态,状态\n2024,公需课,10,"甲\n乙",10,20240308,20240308,----,已获得学时,审核通过,多\n'
    with pytest.raises(TableError) as caught:
        read(text.encode(), "t.csv")
    assert "\n" not in str(caught.value) and "甲 乙" in str(caught.value)


def test_a_lost_action_cell_never_moves_the_next_year_into_it() -> None:
    """One cell per line, the first row's 查看 lost: '2023' must not be read as its 操作 cell, which
    left the next row without 年度 and filed a 2023 专业课 row under 2022."""
    row = ("课1", "10", "", "20240301", "----", "已获得学时", "审核通过")
    spec = {2022: (["公需课"], [("31", [row])]), 2023: (["专业课"], [("31", [row])])}
    cells = [cell for line in chromium(lines_of(spec)) for cell in line]
    at = cells.index("查看")
    assert [r.year for r in read("\n".join(cells).encode(), "cells.txt").rows] == [2022, 2023]
    with pytest.raises(TableError, match=r"cells\.txt: line "):
        read("\n".join(cells[:at] + cells[at + 1 :]).encode(), "cells.txt")
