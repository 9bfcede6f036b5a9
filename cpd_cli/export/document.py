"""A document laid out once — title, header lines, sections of tables and lists — and written as
Markdown or as HTML.

The claim checklist and the summary for a title application each build one
:class:`Document`; :func:`markdown` and :func:`html_page` write any document, so
the two formats never drift apart.  Text from the ledger (titles, names, paths,
notes) never acts as markup: Markdown escapes what would make emphasis, a table
cell, a link or raw HTML, and puts paths in code spans; HTML escapes it.  Both
leave out control and bidirectional characters, which no reader of a checklist
needs.  The HTML is made to be printed on A4: headings stay with their tables,
headers break only between words, a table can end in a totals row and start
each row with a ☐ to tick.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import NamedTuple

from cpd_cli.messages import printable

NO_EVIDENCE = "✗ no evidence file 无佐证材料"


class Table(NamedTuple):
    """A table; columns are named by their header.  ``numeric`` ones are right-aligned, ``whole``
    ones never broken (dates, codes); ``tick`` starts each row with a ☐; ``total`` (column,
    label, figure) ends it with ``label`` across the columns before that one and ``figure`` in it.
    Only HTML shows the alignment, the ticks and the total."""

    columns: list[str]
    rows: list[list[str]]
    numeric: frozenset[str] = frozenset()
    whole: frozenset[str] = frozenset()
    tick: bool = False
    total: tuple[str, str, str] | None = None


class Detail(NamedTuple):
    """One claim in full under its section's table: the rule quoted, the notes, the evidence files."""

    id: int
    course: str
    article: str
    rule: str
    quote: str
    notes: list[str]
    evidence: list[tuple[str, str, str]]  # (✓ or ✗, path, what is wrong or "")


class Bullet(NamedTuple):
    """A line of a list, with a path at its end (``code``) shown as it is; ``bad`` in red."""

    text: str
    code: str | None = None
    bad: bool = False


class Section(NamedTuple):
    """A heading, then an ``intro`` line, a table and the details below it, or a list of
    ``bullets``; ``empty`` says what stands in for an empty section.  ``together``: kept on
    one page when printed."""

    heading: str
    empty: str
    intro: str | None = None
    table: Table | None = None
    details: tuple[Detail, ...] = ()
    bullets: tuple[Bullet, ...] | None = None
    together: bool = False


class Document(NamedTuple):
    title: str
    lines: list[str]  # the header: who, which rules, the totals
    sections: list[Section]
    style: str = ""  # CSS added to the page's own


# ---------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")  # emphasis, code, links, raw HTML, table cells, entities


def md_text(text: str) -> str:
    """Ledger text as Markdown shows it, literally, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", printable(text).replace("\r", " ").replace("\n", " "))


def md_code(text: str) -> str:
    """A path as a code span: shown as it is, backslashes and all."""
    text = printable(text).replace("\r", " ").replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def md_table(columns: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(md_text(cell) for cell in row) + " |" for row in rows]
    return lines


def _md_bullet(bullet: Bullet) -> str:
    return md_text(bullet.text) + (md_code(bullet.code) if bullet.code is not None else "")


def _md_detail(detail: Detail) -> list[str]:
    lines = [f"- **#{detail.id} {md_text(detail.course)}** — {md_text(detail.article)} "
             f"{md_text(detail.rule)}：“{md_text(detail.quote)}”"]  # fmt: skip
    lines += [f"  - {md_text(note)}" for note in detail.notes]
    evidence = [f"{mark} {md_code(path)}" + (f" ({state})" if state else "") for mark, path, state in detail.evidence]
    lines += [f"  - 佐证材料 {line}" for line in evidence or [NO_EVIDENCE]]
    return lines


def _md_section(section: Section) -> list[str]:
    if section.bullets is not None:
        return [f"- {_md_bullet(bullet)}" for bullet in section.bullets] or [md_text(section.empty)]
    if section.table is None:
        return [md_text(section.empty)]
    out = [md_text(section.intro), ""] if section.intro is not None else []
    out += md_table(section.table.columns, section.table.rows)
    if section.details:
        out.append("")
        for detail in section.details:
            out += _md_detail(detail)
    return out


def markdown(document: Document) -> str:
    out = [f"# {document.title}", ""]
    out += [f"- {md_text(line)}" for line in document.lines]
    for section in document.sections:
        out += ["", f"## {section.heading}", ""]
        out += _md_section(section)
    return "\n".join(out) + "\n"


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


def html_table(table: Table) -> str:
    columns = table.columns
    head = ("<th>✓</th>" if table.tick else "") + "".join(_th(c) for c in columns)

    def cell(column: str, text: str) -> str:
        kind = " class=n" if column in table.numeric else " class=w" if column in table.whole else ""
        return f"<td{kind}>{_e(text)}</td>"

    body = "".join(
        "<tr>"
        + ("<td class=tick>" + TICK + "</td>" if table.tick else "")
        + "".join(cell(column, text) for column, text in zip(columns, row, strict=True))
        + "</tr>"
        for row in table.rows
    )
    if table.total is not None:
        column, label, figure = table.total
        index = columns.index(column)
        span = index + (1 if table.tick else 0)
        rest = len(columns) - index - 1
        body += (
            f"<tr class=total><td colspan={span}>{_e(label)}</td><td class=n>{_e(figure)}</td>"
            + (f"<td colspan={rest}></td>" if rest else "")
            + "</tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _html_detail(detail: Detail) -> str:
    evidence = [f"{mark} {path}" + (f" ({state})" if state else "") for mark, path, state in detail.evidence]
    sub = [_e(note) for note in detail.notes] + [
        f'<span class="{"bad" if line.startswith("✗") else ""}">佐证材料 {_e(line)}</span>'
        for line in evidence or [NO_EVIDENCE]
    ]
    return (
        f"<li><b>#{detail.id} {_e(detail.course)}</b> — {_e(detail.article)} {_e(detail.rule)}：“{_e(detail.quote)}”"
        + "<ul>"
        + "".join(f"<li>{line}</li>" for line in sub)
        + "</ul></li>"
    )


def _html_bullets(bullets: Sequence[Bullet], empty: str) -> str:
    items = [
        f'<li class="bad">{_e(b.text + (b.code or ""))}</li>' if b.bad else f"<li>{_e(b.text + (b.code or ''))}</li>"
        for b in bullets
    ]
    return "<ul>" + "".join(items or [f"<li>{_e(empty)}</li>"]) + "</ul>"


def _html_section(section: Section) -> list[str]:
    heading = f"<h2>{_e(section.heading)}</h2>"
    if section.together:
        heading = "<section>" + heading
    if section.bullets is not None:
        parts = [heading, _html_bullets(section.bullets, section.empty)]
    elif section.table is None:
        parts = [heading, f"<p>{_e(section.empty)}</p>"]
    else:
        parts = [heading]
        if section.intro is not None:
            parts.append(f"<p class='small lead'>{_e(section.intro)}</p>")
        parts.append(html_table(section.table))
        if section.details:
            parts.append("<ul class=small>" + "".join(_html_detail(detail) for detail in section.details) + "</ul>")
    if section.together:
        parts.append("</section>")
    return parts


def html_page(document: Document) -> str:
    title = _e(document.title)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{STYLE}{document.style}</style></head><body>",
        f"<h1>{title}</h1>",
        "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in document.lines) + "</ul>",
    ]
    for section in document.sections:
        parts += _html_section(section)
    parts[-1] += "</body></html>"
    return "\n".join(parts) + "\n"
