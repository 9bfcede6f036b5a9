"""The checklist written as Markdown, CSV, JSON or HTML — the same content each time.

Text from the ledger (titles, names, paths, notes) never acts as markup: Markdown
escapes what would make emphasis, a table cell, a link or raw HTML, and puts
paths in code spans; HTML escapes it.  Both leave out control and bidirectional
characters, which no reader of a checklist needs.  The HTML is made to be
printed on A4: headings stay with their tables, headers break only between
words, each table has a totals row, and each claim a ☐ to tick.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from cpd_cli.core.evaluate import Hours
from cpd_cli.core.model import Profile, Subject
from cpd_cli.core.vocabulary import SUBJECTS, by_id
from cpd_cli.export.checklist import Checklist, Problem, Row
from cpd_cli.jsonutil import hours as hours_json
from cpd_cli.jsonutil import number
from cpd_cli.messages import hours, note_text, printable, warning_text

FORMATS = ("md", "csv", "json", "html")

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
    """ "必报 needed: #6, #7 — 2 claim(s) finish 2024; 可选 optional: 4" (SPEC §8.1)."""
    ids = ", ".join(f"#{i}" for i in needed) or "—"
    if completes:
        head = (
            f"必报 needed: {ids} — 申报这 {len(needed)} 项即可完成 {year} 年度 · {len(needed)} claim(s) finish {year}"
        )
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


def evidence_text(row: Row) -> list[str]:
    return [f"{mark} {path}" + (f" ({state})" if state else "") for mark, path, state in evidence_states(row)]


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


# ---------------------------------------------------------------- Markdown


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")  # emphasis, code, links, raw HTML, table cells, entities


def md_text(text: str) -> str:
    """Ledger text as Markdown shows it, literally, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", printable(text).replace("\r", " ").replace("\n", " "))


def _md_code(text: str) -> str:
    """A path as a code span: shown as it is, backslashes and all."""
    text = printable(text).replace("\r", " ").replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def _md_problem(problem: Problem, title: str) -> str:
    if problem.path is None:
        return md_text(problem_text(problem, title))
    return md_text(problem_text(problem._replace(path=""), title)) + _md_code(problem.path)


def _md_evidence(row: Row) -> list[str]:
    lines = []
    for mark, path, state in evidence_states(row):
        lines.append(f"{mark} {_md_code(path)}" + (f" ({state})" if state else ""))
    return lines or ["✗ no evidence file 无佐证材料"]


def md_table(columns: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(md_text(cell) for cell in row) + " |" for row in rows]
    return lines


def markdown(checklist: Checklist) -> str:
    out = [f"# {title(checklist)}", ""]
    out += [f"- {md_text(line)}" for line in header_lines(checklist)]
    out += ["", "## 1. 个人申报（折算学时申报）· to declare yourself", ""]
    if checklist.declare:
        out += [f"平台操作 steps: {declare_steps(checklist)}", ""]
        out += md_table(
            ["#", *platform_columns(checklist), "依据 rule", "状态 status", "申报 claim"],
            [[str(r.id), *platform_cells(r), r.item.rule.article, r.status, r.claim] for r in checklist.declare],
        )
        out.append("")
        for row in checklist.declare:
            rule = row.item.rule
            course, name, text = md_text(row.course), md_text(rule.name_zh), md_text(rule.text)
            out.append(f"- **#{row.id} {course}** — {rule.article} {name}：“{text}”")
            for note in row.item.notes:
                out.append(f"  - {md_text(note_text(note))}")
            for line in _md_evidence(row):
                out.append(f"  - 佐证材料 {line}")
    else:
        out.append("Nothing to declare yourself this year. 本年度无需个人申报。")
    out += ["", "## 2. 学时查询核对 · check in 学时查询", ""]
    if checklist.verify:
        out.append(VERIFY_INTRO)
        out.append("")
        out += md_table(
            ["#", *platform_columns(checklist), "登记 registered by"],
            [[str(r.id), *platform_cells(r), r.route_label] for r in checklist.verify],
        )
    else:
        out.append("Nothing registered by an organiser or your unit this year.")
    out += ["", "## 3. 不必申报 · not worth declaring", ""]
    if checklist.skip:
        out += md_table(
            ["#", checklist.result.pack.platform.columns.course, "类别 kind", "base", "原因 why"],
            [[str(r.id), r.course, r.item.activity.kind, hours(r.item.base), reason(r)] for r in checklist.skip],
        )
    else:
        out.append("Every activity of the year earns credit.")
    out += ["", "## 问题 · problems", ""]
    named = titles(checklist)
    out += [f"- {_md_problem(p, named[p.activity])}" for p in checklist.problems] or ["None. 无。"]
    return "\n".join(out) + "\n"


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
    return json.dumps(data(checklist), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- HTML

STYLE = """
@page { size: A4; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       "WenQuanYi Zen Hei", sans-serif;
       font-size: 10.5pt; color: #000; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 15pt; } h2 { font-size: 12.5pt; margin-top: 1.4em; border-bottom: 1px solid #888; }
h2, p.lead { break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; page-break-inside: auto; }
tr { break-inside: avoid; page-break-inside: avoid; } thead { display: table-header-group; }
th, td { border: 1px solid #999; padding: 2px 4px; text-align: left; vertical-align: top; }
th { white-space: nowrap; vertical-align: bottom; font-weight: bold; }
th .en { font-weight: normal; font-size: 8.5pt; }
td.n { text-align: right; white-space: nowrap; } td.w { white-space: nowrap; }
td.tick { text-align: center; font-size: 13pt; line-height: 1; width: 1.2em; }
tr.total td { font-weight: bold; border-top: 2px solid #000; }
.small { font-size: 9pt; color: #333; } .bad { color: #b00; }
"""
TICK = "☐"  # ticked by hand once the claim is declared, or found under 学时查询


def _e(text: str) -> str:
    """Ledger text as HTML shows it, literally."""
    return html.escape(printable(text))


def _th(label: str) -> str:
    """A header that breaks only between its Chinese and its English words ("依据" / "rule")."""
    chinese, space, english = label.partition(" ")
    if space and not chinese.isascii() and english:
        return f"<th>{_e(chinese)}<br><span class=en>{_e(english)}</span></th>"
    return f"<th>{_e(label)}</th>"


def html_table(
    columns: list[str],
    rows: list[list[str]],
    numeric: set[int],
    *,
    whole: Sequence[int] = (),
    tick: bool = False,
    total: tuple[int, str, str] | None = None,
) -> str:
    """A table: ``numeric`` columns right-aligned, ``whole`` ones never broken (dates, codes);
    with ``tick``, a first column of ☐; with ``total`` (column, label, figure), a last row
    with ``label`` across the columns before that column and ``figure`` in it."""
    head = ("<th>✓</th>" if tick else "") + "".join(_th(c) for c in columns)

    def cell(index: int, text: str) -> str:
        kind = " class=n" if index in numeric else " class=w" if index in whole else ""
        return f"<td{kind}>{_e(text)}</td>"

    body = "".join(
        "<tr>"
        + ("<td class=tick>" + TICK + "</td>" if tick else "")
        + "".join(cell(i, c) for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    if total is not None:
        index, label, figure = total
        span = index + (1 if tick else 0)
        rest = len(columns) - index - 1
        body += (
            f"<tr class=total><td colspan={span}>{_e(label)}</td><td class=n>{_e(figure)}</td>"
            + (f"<td colspan={rest}></td>" if rest else "")
            + "</tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


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


def html_text(checklist: Checklist) -> str:
    e = _e
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{e(title(checklist))}</title><style>{STYLE}</style></head><body>",
        f"<h1>{e(title(checklist))}</h1>",
        "<ul>" + "".join(f"<li>{e(line)}</li>" for line in header_lines(checklist)) + "</ul>",
        "<h2>1. 个人申报（折算学时申报）· to declare yourself</h2>",
    ]
    if checklist.declare:
        parts.append(f"<p class='small lead'>平台操作 steps: {e(declare_steps(checklist))}</p>")
        parts.append(
            html_table(
                ["#", *platform_columns(checklist), "依据 rule", "状态 status", "申报 claim"],
                [[str(r.id), *platform_cells(r), r.item.rule.article, r.status, r.claim] for r in checklist.declare],
                {0, 4},
                whole=(1, 2, 5, 6, 7),
                tick=True,
                total=(4, *total_label(checklist.declare)),
            )
        )
        items = []
        for row in checklist.declare:
            rule = row.item.rule
            sub = [e(note_text(n)) for n in row.item.notes] + [
                f'<span class="{"bad" if line.startswith("✗") else ""}">佐证材料 {e(line)}</span>'
                for line in evidence_text(row) or ["✗ no evidence file 无佐证材料"]
            ]
            items.append(
                f"<li><b>#{row.id} {e(row.course)}</b> — {e(rule.article)} {e(rule.name_zh)}：“{e(rule.text)}”"
                + "<ul>"
                + "".join(f"<li>{s}</li>" for s in sub)
                + "</ul></li>"
            )
        parts.append("<ul class=small>" + "".join(items) + "</ul>")
    else:
        parts.append("<p>Nothing to declare yourself this year. 本年度无需个人申报。</p>")
    parts.append("<h2>2. 学时查询核对 · check in 学时查询</h2>")
    if checklist.verify:
        parts.append(f"<p class='small lead'>{e(VERIFY_INTRO)}</p>")
        parts.append(
            html_table(
                ["#", *platform_columns(checklist), "登记 registered by"],
                [[str(r.id), *platform_cells(r), r.route_label] for r in checklist.verify],
                {0, 4},
                whole=(1, 2, 5, 6),
                tick=True,
                total=(4, *total_label(checklist.verify)),
            )
        )
    else:
        parts.append("<p>Nothing registered by an organiser or your unit this year.</p>")
    parts.append("<h2>3. 不必申报 · not worth declaring</h2>")
    if checklist.skip:
        parts.append(
            html_table(
                ["#", checklist.result.pack.platform.columns.course, "类别 kind", "base", "原因 why"],
                [[str(r.id), r.course, r.item.activity.kind, hours(r.item.base), reason(r)] for r in checklist.skip],
                {0, 3},
                whole=(2,),
            )
        )
    else:
        parts.append("<p>Every activity of the year earns credit.</p>")
    parts.append("<h2>问题 · problems</h2>")
    named = titles(checklist)
    problems = [f'<li class="bad">{e(problem_text(p, named[p.activity]))}</li>' for p in checklist.problems] or [
        "<li>None. 无。</li>"
    ]
    parts.append("<ul>" + "".join(problems) + "</ul></body></html>")
    return "\n".join(parts) + "\n"


WRITERS: dict[str, Callable[[Checklist], str]] = {"md": markdown, "csv": csv_text, "json": json_text, "html": html_text}
