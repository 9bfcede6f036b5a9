"""The summary for a title application (职称申报): one row per year of the window.

The unit reviewing an application looks at every year since the current title
(Art. 13; Order 259 Art. 21).  The summary gives each year's public,
professional and total 学时, whether it met the requirement, and the make-up
study (补学) that completed it, with the person's name and unit and the rule
pack — in the same formats, words and safety as the claim checklist: CSV that
Excel and WPS read as UTF-8 and never run as formulas, self-contained HTML for
A4 that keeps each heading with its table.
"""

from __future__ import annotations

import json
from typing import Any

from cpd_cli.core.career import Career, CareerYear, YearState
from cpd_cli.core.model import Profile
from cpd_cli.export.document import Document, Section, Table, html_page
from cpd_cli.export.document import markdown as markdown_page
from cpd_cli.export.writers import csv_document, safe_cell, who_lines
from cpd_cli.i18n import english
from cpd_cli.jsonutil import hours as hours_json
from cpd_cli.jsonutil import year_data
from cpd_cli.messages import hours

COLUMNS = ["年度", "公需 public", "专业 professional", "合计 total", "是否合格 / 补学 complete / make-up"]
NUMERIC = frozenset(COLUMNS[1:4])  # the hours, right-aligned when printed

# Keep the heading and the years' table together on one page; the table is short (a row a year).
_KEEP_TOGETHER = """
h2 { page-break-after: avoid; break-after: avoid; }
section { page-break-inside: avoid; break-inside: avoid; }
"""


def title(career: Career) -> str:
    span = f"{career.since}–{career.until}" if career.since < career.until else str(career.since)
    return f"继续教育学时汇总（{span}年度）· continuing-education summary {span}"


def header_lines(career: Career, profile: Profile) -> list[str]:
    lines = who_lines(profile)
    pack = career.years[0].result.pack
    lines.append(f"规则 rules: {pack.id} ({pack.document})")
    required = career.years[0].result.required
    lines.append(
        f"每年要求 required each year: 公需 {hours(required.public)} · 专业 {hours(required.professional)} · "
        f"合计 {hours(required.total)} 学时"
    )
    lines.append(summary(career))
    return lines


def summary(career: Career) -> str:
    """ "2019–2024：6年中4年合格；2021、2023年度需补学 · 4 of 6 years complete; 2021, 2023 need make-up study"."""
    closed = career.closed
    article = f"（第{career.makeup_article}条）" if career.makeup_article else ""
    article_en = f" (Art. {career.makeup_article})" if career.makeup_article else ""
    if not closed:
        return f"{career.until}年度进行中 · {career.until} in progress"
    span = f"{closed[0].year}–{closed[-1].year}" if len(closed) > 1 else str(closed[0].year)
    done = sum(1 for year in closed if year.state.complete)
    text = f"{span}：{len(closed)}年中{done}年合格 · {done} of {len(closed)} years complete"
    if career.incomplete:
        years = [str(year.year) for year in career.incomplete]
        text += f"；{'、'.join(years)}年度需补学{article} · {', '.join(years)} need make-up study{article_en}"
    return text


def verdict(year: CareerYear) -> str:
    """是否合格 / 补学: the year's state, what it lacks, what make-up study gave it."""
    left = year.result.remaining
    short = (
        " · ".join(
            f"{name} {hours(value)}"
            for name, value in (("公需", left.public), ("专业", left.professional))
            if value > 0
        )
        or f"合计 {hours(left.total)}"
    )
    match year.state:
        case YearState.COMPLETE:
            return "合格 complete"
        case YearState.COMPLETE_WITH_MAKEUP:
            return f"合格（含补学 {hours(year.makeup.total)} 学时）complete with make-up"
        case YearState.INCOMPLETE:
            return f"不合格，差 {short}，需补学 incomplete: make-up due"
        case YearState.IN_PROGRESS:
            return f"进行中，尚差 {short} in progress"


def cells(year: CareerYear) -> list[str]:
    c, r = year.result.credited, year.result.required
    return [
        str(year.year),
        f"{hours(c.public)} / {hours(r.public)}",
        f"{hours(c.professional)} / {hours(r.professional)}",
        f"{hours(c.total)} / {hours(r.total)}",
        verdict(year),
    ]


# ---------------------------------------------------------------- writers


def document(career: Career, profile: Profile) -> Document:
    years = Table(COLUMNS, [cells(year) for year in career.years], NUMERIC)
    section = Section("各年度学时 · hours by year", "", table=years, together=True)
    return Document(title(career), header_lines(career, profile), [section], style=_KEEP_TOGETHER)


def markdown(career: Career, profile: Profile) -> str:
    return markdown_page(document(career, profile))


def csv_text(career: Career, profile: Profile) -> str:
    """UTF-8 with a byte-order mark, so Excel and WPS read the Chinese; figures as plain numbers."""
    header = ["年度", "公需", "专业", "合计", "补学", "是否合格 state", "说明", "姓名", "单位", "规则 rules"]
    return csv_document(header, (_csv_row(year, profile) for year in career.years))


def _csv_row(year: CareerYear, profile: Profile) -> list[str]:
    c = year.result.credited
    return [
        str(year.year),
        *(hours(value).replace(",", "") for value in (c.public, c.professional, c.total, year.makeup.total)),
        year.state.value,
        verdict(year),
        safe_cell(profile.name or ""),
        safe_cell(profile.unit or ""),
        year.result.pack.id,
    ]


def data(career: Career, profile: Profile) -> dict[str, Any]:
    pack = career.years[0].result.pack
    return {
        "since": career.since,
        "until": career.until,
        "rules": pack.id,
        "document": pack.document,
        "profile": {"name": profile.name, "unit": profile.unit},
        "required": hours_json(career.years[0].result.required),
        "incomplete": [year.year for year in career.incomplete],
        "years": [year_data(year) for year in career.years],
    }


def json_text(career: Career, profile: Profile) -> str:
    """The summary as JSON, in English whatever the interface's language: it is for programs."""
    with english():
        return json.dumps(data(career, profile), ensure_ascii=False, indent=2) + "\n"


def html_text(career: Career, profile: Profile) -> str:
    return html_page(document(career, profile))
