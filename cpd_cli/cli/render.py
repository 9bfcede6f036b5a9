"""Rich renderings of the core's results for a person at a terminal.

Bars are drawn with block characters, so they read the same without colour
(``NO_COLOR``, pipes).  Rich measures wide (Chinese) characters, so columns line up.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cpd_cli.core.evaluate import YearResult
from cpd_cli.core.model import Subject
from cpd_cli.messages import SUBJECT_LABEL, hours, note_text, warning_text

BAR_WIDTH = 24


def console() -> Console:
    return Console(highlight=False)


def bar(done: Decimal, required: Decimal, width: int = BAR_WIDTH) -> Text:
    share = 1 if required <= 0 else min(Decimal(1), done / required)
    filled = int(share * width)
    style = "green" if share >= 1 else "yellow"
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"))


def deadline_line(result: YearResult, today: date) -> str:
    days = (result.deadline - today).days
    if days > 0:
        return f"deadline {result.deadline} · {days} days left"
    if days == 0:
        return f"deadline {result.deadline} · today"
    line = f"deadline {result.deadline} passed"
    if not result.complete:
        line += f" · make-up study (补学) is due (Art. {result.pack.makeup_article})"
    return line


def status(result: YearResult, *, today: date, out: Console | None = None) -> None:
    out = out or console()
    pack = result.pack
    out.print(
        Text.assemble(
            (f"{result.year}", "bold"),
            f" · {pack.id} ({pack.document}) · ",
            deadline_line(result, today),
        )
    )
    grid = Table.grid(padding=(0, 2))
    for _ in range(4):
        grid.add_column()
    rows = [
        (SUBJECT_LABEL[Subject.PUBLIC], result.credited.public, result.required.public, result.remaining.public),
        (
            SUBJECT_LABEL[Subject.PROFESSIONAL],
            result.credited.professional,
            result.required.professional,
            result.remaining.professional,
        ),
        ("合计 total", result.credited.total, result.required.total, result.remaining.total),
    ]
    for label, done, required, missing in rows:
        left = Text("done ✓", style="green") if missing == 0 else Text(f"{hours(missing)} to go", style="yellow")
        grid.add_row(label, bar(done, required), Text(f"{hours(done)} / {hours(required)} 学时", justify="right"), left)
    out.print(grid)
    if result.activities:
        table = Table(show_edge=False, pad_edge=False, header_style="bold")
        table.add_column("#", justify="right")
        table.add_column("date")
        table.add_column("kind")
        table.add_column("title", overflow="fold", max_width=28)
        table.add_column("subject")
        table.add_column("base", justify="right")
        table.add_column("credited", justify="right")
        table.add_column("notes", overflow="fold")
        for item in result.activities:
            table.add_row(
                str(item.activity.id),
                item.activity.date.isoformat(),
                f"{item.activity.kind} {item.rule.article}",
                Text(item.activity.title),
                SUBJECT_LABEL[item.subject].split()[0],
                hours(item.base),
                hours(item.credited),
                Text("; ".join(note_text(note) for note in item.notes)),
            )
        out.print(table)
    else:
        out.print(f"No activities in {result.year} yet. Add one with: cpd add KIND --title …")
    for warning in result.warnings:
        out.print(Text(f"! {warning_text(warning, result.year)}", style="yellow"))
