"""The checklist and the dossier as an Excel workbook (.xlsx), for Excel, WPS and LibreOffice.

The same content as the CSV, from the same computed checklist or career:

- the checklist's first sheet (申报清单) has the platform's columns and cpd's
  beside them, a row per activity in the order of its sections, then a totals
  row (合计) for each section; a second sheet (问题 problems) lists what is
  wrong (missing or changed evidence, claims without any); a third (说明
  about) holds the header lines: who, the rule pack, the deadline, the totals;
- the dossier's first sheet (各年度学时) has a row per year and a totals row;
  its second sheet (问题 problems) names each incomplete year and what it lacks.

Text is written as text, never read as a formula, a number or a link; figures
(学时, 年度) are numbers, so a spreadsheet can add them up.  XlsxWriter is loaded
only when a workbook is written: it is not on the path of any other command.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from cpd_cli.core.career import Career, CareerYear
from cpd_cli.core.model import Profile
from cpd_cli.export import dossier
from cpd_cli.export.checklist import Checklist, Row
from cpd_cli.export.writers import (
    CSV_COLUMNS,
    SECTION,
    header_lines,
    problem_text,
    reason,
    title,
    total_label,
)
from cpd_cli.messages import note_text

CHECKLIST_SHEET = "申报清单"
PROBLEMS_SHEET = "问题 problems"
ABOUT_SHEET = "说明 about"
DOSSIER_SHEET = "各年度学时"
PROBLEM_COLUMNS = ["编号 id", "问题 kind", "文件 file", "说明 text"]
DOSSIER_COLUMNS = ["年度", "公需", "专业", "合计", "补学", "是否合格 state", "说明"]
DOSSIER_PROBLEM_COLUMNS = ["年度", "说明"]
HOURS_COLUMN = CSV_COLUMNS.index("学时数")
TEXT_COLUMN = CSV_COLUMNS.index("课程名称")
OPTIONS = {
    "in_memory": True,  # no temporary files: the workbook is built in memory and written by the caller
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}


class _Book:
    """A workbook being written: a bold header row, column widths fitted to the text."""

    def __init__(self) -> None:
        import xlsxwriter  # only when a workbook is written

        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, OPTIONS)
        self.bold = self.book.add_format({"bold": True})
        self.figure = self.book.add_format({"num_format": "0.0##"})
        self.bold_figure = self.book.add_format({"bold": True, "num_format": "0.0##"})

    def sheet(self, name: str, header: Sequence[str], rows: Sequence[Sequence[Any]], totals: int = 0) -> None:
        """A sheet: ``header``, then ``rows`` (of which the last ``totals`` are totals, in bold)."""
        sheet = self.book.add_worksheet(name)
        widths = [_width(text) for text in header]
        for column, text in enumerate(header):
            sheet.write_string(0, column, text, self.bold)
        for number, row in enumerate(rows, start=1):
            total = number > len(rows) - totals
            for column, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, Decimal | int):
                    style = self.bold_figure if total else self.figure if isinstance(value, Decimal) else None
                    sheet.write_number(number, column, float(value), style)
                    widths[column] = max(widths[column], len(str(value)))
                else:
                    sheet.write_string(number, column, str(value), self.bold if total else None)
                    widths[column] = max(widths[column], _width(str(value)))
        for column, width in enumerate(widths):
            sheet.set_column(column, column, min(width + 2, 60))
        sheet.freeze_panes(1, 0)
        _for_printing(sheet)

    def lines(self, name: str, lines: Sequence[str]) -> None:
        sheet = self.book.add_worksheet(name)
        for number, line in enumerate(lines):
            sheet.write_string(number, 0, line, self.bold if number == 0 else None)
        sheet.set_column(0, 0, min(max((_width(line) for line in lines), default=10) + 2, 120))
        _for_printing(sheet)

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def _for_printing(sheet: Any) -> None:
    """Print as the HTML checklist does: A4 landscape, every column on one page's width, the
    header row on every page, grid lines drawn (Excel and WPS otherwise spread a wide sheet
    over a page per column or two)."""
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # one page wide, as many tall as it takes
    sheet.repeat_rows(0)
    sheet.hide_gridlines(0)  # 0: shown on screen and in print


def _width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: two for a Chinese character."""
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def checklist_workbook(checklist: Checklist) -> bytes:
    """The claim checklist as an .xlsx file's bytes."""
    rows: list[list[Any]] = []
    totals: list[list[Any]] = []
    for section in ("declare", "verify", "skip"):
        section_rows: tuple[Row, ...] = getattr(checklist, section)
        rows += [_row(row, section) for row in section_rows]
        if section_rows:
            label, _shown = total_label(section_rows)
            total: list[Any] = [""] * len(CSV_COLUMNS)
            total[TEXT_COLUMN] = f"{label} · {SECTION[section]}"
            total[HOURS_COLUMN] = sum((row.item.credited for row in section_rows), Decimal(0))
            totals.append(total)
    book = _Book()
    book.sheet(CHECKLIST_SHEET, CSV_COLUMNS, rows + totals, totals=len(totals))
    problems = [[problem.activity, problem.kind, problem.path or "", problem_text(problem)]
                for problem in checklist.problems]  # fmt: skip
    book.sheet(PROBLEMS_SHEET, PROBLEM_COLUMNS, problems)
    book.lines(ABOUT_SHEET, [title(checklist), *header_lines(checklist)])
    return book.close()


def _row(row: Row, section: str) -> list[Any]:
    notes = reason(row) if section == "skip" else "; ".join(note_text(n) for n in row.item.notes)
    return [
        row.year,
        row.subject,
        row.course,
        row.item.credited,
        row.start,
        row.end,
        row.id,
        row.item.activity.kind,
        row.item.rule.article,
        row.status,
        SECTION[section],
        "; ".join(state.path for state in row.evidence),
        notes,
    ]


def dossier_workbook(career: Career, profile: Profile) -> bytes:
    """The summary for a title application as an .xlsx file's bytes."""
    rows: list[list[Any]] = [_year(year) for year in career.years]
    total: list[Any] = ["合计 total"]
    for index in range(1, 5):
        total.append(sum((row[index] for row in rows), Decimal(0)))
    book = _Book()
    book.sheet(DOSSIER_SHEET, DOSSIER_COLUMNS, [*rows, total], totals=1)
    problems = [[year.year, dossier.verdict(year)] for year in career.incomplete]
    book.sheet(PROBLEMS_SHEET, DOSSIER_PROBLEM_COLUMNS, problems)
    book.lines(ABOUT_SHEET, [dossier.title(career), *dossier.header_lines(career, profile)])
    return book.close()


def _year(year: CareerYear) -> list[Any]:
    c = year.result.credited
    return [
        year.year,
        c.public,
        c.professional,
        c.total,
        year.makeup.total,
        year.state.value,
        dossier.verdict(year),
    ]
