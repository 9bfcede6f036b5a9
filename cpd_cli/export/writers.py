"""The checklist written as Markdown, CSV, JSON or HTML — the same content each time.

The Markdown and the HTML are one :class:`~cpd_cli.export.document.Document`,
laid out here once (:func:`document`: the header, the three sections of the
platform's pages and the problems) and written by :mod:`cpd_cli.export.document`.
The CSV and the JSON carry the same rows, one per activity.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from cpd_cli.core.evaluate import Hours
from cpd_cli.core.model import Profile, Subject
from cpd_cli.core.vocabulary import SUBJECTS, by_id
from cpd_cli.export.checklist import Checklist, Problem, Row
from cpd_cli.export.document import Bullet, Detail, Document, Section, Table, html_page
from cpd_cli.export.document import markdown as markdown_page
from cpd_cli.i18n import english
from cpd_cli.jsonutil import hours as hours_json
from cpd_cli.jsonutil import number
from cpd_cli.messages import hours, note_text, warning_text

CSV_COLUMNS = [  # the spreadsheet's header (CSV and xlsx)
    "年度",
    "科目类型",
    "课程名称",
    "学时数",
    "开始时间",
    "结束时间",
    "编号 id",
    "类别 kind",
    "依据 rule",
    "状态 status",
    "清单 section",
    "佐证材料 evidence",
    "说明 notes",
    "申报 claim",
]
SECTION = {"declare": "1 个人申报", "verify": "2 学时查询核对", "skip": "3 不必申报"}
VERIFY_INTRO = (
    "These are registered for you; check that each appears under 学时查询. "
    "以下学时由承办单位或本单位登记，请在“学时查询”中核对。"
)


def title(checklist: Checklist) -> str:
    return f"{checklist.year}年度继续教育学时申报清单 · claim checklist {checklist.year}"


def who_lines(profile: Profile) -> list[str]:
    """The person, as the header of a checklist or dossier names them: "姓名 name: 张三 · 单位 unit: …"."""
    parts = [f"姓名 name: {profile.name}" if profile.name else "", f"单位 unit: {profile.unit}" if profile.unit else ""]
    who = " · ".join(part for part in parts if part)
    return [who] if who else []


def header_lines(checklist: Checklist) -> list[str]:
    result, profile = checklist.result, checklist.profile
    lines = who_lines(profile)
    lines.append(f"规则 rules: {result.pack.id} ({result.pack.document}) · 截止 deadline: {result.deadline}")
    c, r = result.credited, result.required
    lines.append(
        f"已认定 credited: 公需 {hours(c.public)} / {hours(r.public)} · 专业 {hours(c.professional)} / "
        f"{hours(r.professional)} · 合计 {hours(c.total)} / {hours(r.total)}"
    )
    left = result.remaining
    if result.complete:
        lines.append("已完成 complete ✓")
    else:
        missing = [
            f"{name} {hours(value)}"
            for name, value in (("公需", left.public), ("专业", left.professional), ("合计", left.total))
            if value > 0
        ]
        lines.append("还差 still missing: " + ", ".join(missing))
    plan = checklist.plan
    if plan is not None and (plan.needed or plan.optional):
        lines.append(needed_line(plan.needed, plan.optional, plan.completes, result.year))
    lines += [f"注意 warning: {warning_text(w, result.year)}" for w in result.warnings]
    return lines


def needed_line(needed: Sequence[int], optional: Sequence[int], completes: bool, year: int) -> str:
    """ "必报 needed: #6, #7 — 2 claims finish 2024; 可选 optional: 4" (SPEC §8.1)."""
    ids = ", ".join(f"#{i}" for i in needed) or "—"
    if completes:
        claims = "1 claim finishes" if len(needed) == 1 else f"{len(needed)} claims finish"
        head = f"必报 needed: {ids} — 申报这 {len(needed)} 项即可完成 {year} 年度 · {claims} {year}"
    else:
        head = f"必报 needed: {ids} — 全部申报仍未完成 {year} 年度 · all of them, and {year} is still short"
    return head + f"; 可选 optional: {len(optional)}"


def evidence_states(row: Row) -> list[tuple[str, str, str]]:
    """(mark, path, what is wrong or "") of each evidence file."""
    states = []
    for state in row.evidence:
        if not state.exists:
            states.append(("✗", state.path, "missing"))
        elif state.matches is False:
            states.append(("✗", state.path, "changed since attached"))
        else:
            states.append(("✓", state.path, ""))
    return states


def reason(row: Row) -> str:
    return "; ".join(note_text(note) for note in row.item.notes) or "earns nothing"


def problem_text(problem: Problem, title: str = "") -> str:
    """One problem, bilingual as the rest of the export, the activity named by id and title."""
    named = f"#{problem.activity} {title}".rstrip()
    if problem.kind == "missing":
        return f"{named}：佐证材料缺失 evidence file missing: {problem.path}"
    if problem.kind == "changed":
        return f"{named}：文件已变动 evidence file changed since attached: {problem.path}"
    return f"{named}：无佐证材料，平台要求上传 no evidence file; the platform asks for 佐证材料"


def titles(checklist: Checklist) -> dict[int, str]:
    """Each row's 课程名称 by activity id, to name the activities a problem is about."""
    return {row.id: row.course for row in (*checklist.declare, *checklist.verify, *checklist.skip)}


def platform_columns(checklist: Checklist) -> list[str]:
    """The 学时查询 columns a row fills, named as the pack's platform names them."""
    columns = checklist.result.pack.platform.columns
    return [columns.year, columns.subject, columns.course, columns.hours, columns.start, columns.end]


def declare_steps(checklist: Checklist) -> str:
    """The platform's steps to declare hours yourself, from the pack: "折算学时申报 → … → 保存并提交"."""
    return " → ".join(checklist.result.pack.platform.declare_steps)


def platform_cells(row: Row) -> list[str]:
    return [str(row.year), row.subject, row.course, hours(row.item.credited), row.start, row.end]


# ---------------------------------------------------------------- CSV


def safe_cell(text: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_rows(checklist: Checklist) -> list[list[str]]:
    rows = []
    for section in ("declare", "verify", "skip"):
        for row in getattr(checklist, section):
            rows.append(
                [
                    str(row.year),
                    row.subject,
                    safe_cell(row.course),
                    hours(row.item.credited).replace(",", ""),
                    row.start,
                    row.end,
                    str(row.id),
                    row.item.activity.kind,
                    row.item.rule.article,
                    row.status,
                    SECTION[section],
                    safe_cell("; ".join(state.path for state in row.evidence)),
                    safe_cell(reason(row) if section == "skip" else "; ".join(note_text(n) for n in row.item.notes)),
                    row.claim if section == "declare" else "",
                ]
            )
    return rows


def csv_document(header: list[str], rows: Iterable[list[str]]) -> str:
    """UTF-8 with a byte-order mark, so Excel and WPS read the Chinese correctly; CRLF lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def csv_text(checklist: Checklist) -> str:
    return csv_document(CSV_COLUMNS, csv_rows(checklist))


# ---------------------------------------------------------------- JSON


def _row_data(row: Row) -> dict[str, Any]:
    item = row.item
    return {
        "id": row.id,
        "kind": item.activity.kind,
        "年度": row.year,
        "科目类型": row.subject,
        "课程名称": row.course,
        "学时数": number(item.credited),
        "开始时间": row.start,
        "结束时间": row.end,
        "base": number(item.base),
        "rule": item.rule.article,
        "rule_text": item.rule.text,
        "route": item.route,
        "status": item.activity.status.value,
        "notes": [note_text(note) for note in item.notes],
        "evidence": [{"path": s.path, "exists": s.exists, "matches": s.matches} for s in row.evidence],
    }


def data(checklist: Checklist) -> dict[str, Any]:
    result, named = checklist.result, titles(checklist)
    return {
        "year": checklist.year,
        "rules": result.pack.id,
        "document": result.pack.document,
        "deadline": result.deadline.isoformat(),
        "profile": {"name": checklist.profile.name, "unit": checklist.profile.unit},
        "required": hours_json(result.required),
        "credited": hours_json(result.credited),
        "remaining": hours_json(result.remaining),
        "complete": result.complete,
        "declare": [
            {
                **_row_data(row),
                "needed": bool(row.needed),
                "claim": row.claim,
                "platform_as_of": as_of.isoformat() if (as_of := row.item.activity.platform_as_of) else None,
            }
            for row in checklist.declare
        ],
        "verify": [_row_data(row) for row in checklist.verify],
        "skip": [{**_row_data(row), "why": reason(row)} for row in checklist.skip],
        "problems": [
            {"id": p.activity, "kind": p.kind, "path": p.path, "text": problem_text(p, named[p.activity])}
            for p in checklist.problems
        ],
        "warnings": [warning_text(w, result.year) for w in result.warnings],
    }


def json_text(checklist: Checklist) -> str:
    """The checklist as JSON, in English whatever the interface's language: it is for programs."""
    with english():
        return json.dumps(data(checklist), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- Markdown and HTML


class _Layout(NamedTuple):
    """The printed tables' columns, the platform's named as the active pack's platform names them."""

    declare: list[str]
    verify: list[str]
    skip: list[str]
    numeric: frozenset[str]  # right-aligned when printed
    whole: frozenset[str]  # never broken
    hours: str  # the column a section's total stands in


def _layout(checklist: Checklist) -> _Layout:
    columns = checklist.result.pack.platform.columns
    platform = platform_columns(checklist)
    return _Layout(
        declare=["#", *platform, "依据 rule", "状态 status", "申报 claim"],
        verify=["#", *platform, "登记 registered by"],
        skip=["#", columns.course, "类别 kind", "base", "原因 why"],
        numeric=frozenset({"#", columns.hours, "base"}),
        whole=frozenset({columns.year, columns.subject, columns.start, columns.end, "依据 rule", "类别 kind"}),
        hours=columns.hours,
    )


def total_label(rows: Sequence[Row]) -> tuple[str, str]:
    """ "合计 total (公需课 6 · 专业课 119)" and "125": what a section's rows credit together."""
    total = Hours.summed((row.item.subject, row.item.credited) for row in rows)
    present = {row.item.subject for row in rows}
    parts = " · ".join(
        f"{by_id(SUBJECTS, subject.value).platform[0]} {hours(total.of(subject))}"  # 公需课 first
        for subject in Subject
        if subject in present
    )
    return f"合计 total ({parts})", hours(total.total)


def _claims_table(layout: _Layout, columns: list[str], rows: Sequence[Row], cells: list[list[str]]) -> Table | None:
    """A table of claims, each with a ☐, ending in what they credit together; None for no rows."""
    if not rows:
        return None
    total = (layout.hours, *total_label(rows))
    return Table(columns, cells, layout.numeric, layout.whole, tick=True, total=total)


def _detail(row: Row) -> Detail:
    rule = row.item.rule
    notes = [note_text(note) for note in row.item.notes]
    return Detail(row.id, row.course, rule.article, rule.name_zh, rule.text, notes, evidence_states(row))


def document(checklist: Checklist) -> Document:
    """The checklist's sections, in the order of the platform's pages, then what is wrong."""
    declare, verify, skip = checklist.declare, checklist.verify, checklist.skip
    layout = _layout(checklist)
    named = titles(checklist)
    problems = tuple(
        Bullet(problem_text(p, named[p.activity]), None, bad=True)
        if p.path is None
        else Bullet(problem_text(p._replace(path=""), named[p.activity]), p.path, bad=True)
        for p in checklist.problems
    )
    sections = [
        Section(
            "1. 个人申报（折算学时申报）· to declare yourself",
            "Nothing to declare yourself this year. 本年度无需个人申报。",
            intro=f"平台操作 steps: {declare_steps(checklist)}",
            table=_claims_table(
                layout,
                layout.declare,
                declare,
                [[str(r.id), *platform_cells(r), r.item.rule.article, r.status, r.claim] for r in declare],
            ),
            details=tuple(_detail(row) for row in declare),
        ),
        Section(
            "2. 学时查询核对 · check in 学时查询",
            "Nothing registered by an organiser or your unit this year.",
            intro=VERIFY_INTRO,
            table=_claims_table(
                layout, layout.verify, verify, [[str(r.id), *platform_cells(r), r.route_label] for r in verify]
            ),
        ),
        Section(
            "3. 不必申报 · not worth declaring",
            "Every activity of the year earns credit.",
            table=Table(
                layout.skip,
                [[str(r.id), r.course, r.item.activity.kind, hours(r.item.base), reason(r)] for r in skip],
                layout.numeric,
                layout.whole,
            )
            if skip
            else None,
        ),
        Section("问题 · problems", "None. 无。", bullets=problems),
    ]
    return Document(title(checklist), header_lines(checklist), sections)


def markdown(checklist: Checklist) -> str:
    return markdown_page(document(checklist))


def html_text(checklist: Checklist) -> str:
    return html_page(document(checklist))
