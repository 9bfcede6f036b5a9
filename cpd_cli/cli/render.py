"""Rich renderings of the core's results for a person at a terminal.

Bars are drawn with block characters, so they read the same without colour
(``NO_COLOR``, pipes); in a code page without them, with ``#`` and ``-``.  User
text always enters a table as :class:`Text`, so a title with ``[brackets]`` is
never read as markup.  Rich measures wide (Chinese) characters, so columns line up.

Whatever :func:`console` prints passes :class:`TerminalHook` on its way out: no
control character from the ledger reaches the terminal, no line ends in spaces,
and when drawing with ASCII (:func:`~cpd_cli.cli.output.ascii_drawing`) the box
and block characters become ``-``, ``|``, ``+``, ``#``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderHook, RenderResult
from rich.segment import Segment
from rich.text import Text

from cpd_cli.cli.onepass import Column, Table
from cpd_cli.cli.output import ascii_drawing, ascii_text, bar_glyphs, encoding
from cpd_cli.core.evaluate import YearResult, remaining_after
from cpd_cli.core.model import Subject
from cpd_cli.core.plan import Overview, year_end
from cpd_cli.i18n import _
from cpd_cli.messages import (
    deadline_text,
    hours,
    makeup_text,
    note_text,
    pace_text,
    platforms_text,
    printable,
    projection_text,
    record_them_text,
    room_text,
    step_text,
    subject_label,
    subject_short,
    suggestion_text,
    warning_text,
)

BAR_WIDTH = 24


def console() -> Console:
    """stdout as Rich sees it; with ``NO_COLOR`` set (no-color.org), no escape codes at all, not even bold.

    Styles are given as objects, never as markup, and ``:name:`` is never an
    emoji: a ``[profile]`` or ``:30:`` in a message or a title prints as written.
    """
    plain = bool(os.environ.get("NO_COLOR"))
    out = Console(highlight=False, markup=False, emoji=False, color_system=None if plain else "auto")
    out.push_render_hook(TerminalHook(ascii=ascii_drawing()))
    return out


class TerminalHook(RenderHook):
    """Every renderable printed, as :class:`Cleaned`."""

    def __init__(self, *, ascii: bool) -> None:
        self.clean: Callable[[str], str] = (lambda text: ascii_text(printable(text))) if ascii else printable

    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [Cleaned(renderable, self.clean) for renderable in renderables]


class Cleaned:
    """A renderable drawn as laid out, its text passed through ``clean`` and each line's trailing
    spaces dropped.  ``clean`` leaves out only characters of no width and replaces others one for
    one, so the layout still holds."""

    def __init__(self, renderable: ConsoleRenderable, clean: Callable[[str], str]) -> None:
        self.renderable = renderable
        self.clean = clean

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from cleaned(console.render(self.renderable, options), self.clean)


def cleaned(segments: Iterable[Segment], clean: Callable[[str], str]) -> Iterator[Segment]:
    line: list[Segment] = []
    for segment in segments:
        if segment.control:  # Rich's own (cursor moves): as they are
            line.append(segment)
            continue
        for number, part in enumerate(clean(segment.text).split("\n")):
            if number:
                yield from _trimmed(line)
                yield Segment.line()
                line = []
            if part:
                line.append(Segment(part, segment.style))
    yield from line


def _trimmed(line: list[Segment]) -> list[Segment]:
    """A line without the spaces at its end, whatever segments they were in."""
    end = len(line)
    while end and not line[end - 1].control and not line[end - 1].text.rstrip(" "):
        end -= 1
    if end and not line[end - 1].control:
        last = line[end - 1]
        return [*line[: end - 1], Segment(last.text.rstrip(" "), last.style)]
    return line[:end]


def bar(done: Decimal, required: Decimal, width: int = BAR_WIDTH) -> Text:
    """``done`` of ``required`` as ``width`` cells: ``█`` and ``░``, or ``#`` and ``-`` where
    stdout's encoding lacks either (GBK has ``█`` but not ``░``)."""
    share = Decimal(1) if required <= 0 else min(Decimal(1), done / required)
    filled = int(share * width)
    style = "green" if share >= 1 else "yellow"
    full, empty = bar_glyphs(encoding())
    return Text.assemble((full * filled, style), (empty * (width - filled), "dim"))


def deadline_line(view: Overview) -> str:
    result = view.result
    return deadline_text(
        result.deadline,
        year_end(result),
        view.pace.today,
        complete=result.complete,
        makeup_article=result.pack.makeup_article,
    )


def totals_grid(result: YearResult) -> Table:
    grid = Table.grid([Column(), Column(crop=True), Column(), Column(fold=True)], gap=2)
    c, r, left = result.credited, result.required, result.remaining
    rows = [
        (subject_label(Subject.PUBLIC), c.public, r.public, left.public),
        (subject_label(Subject.PROFESSIONAL), c.professional, r.professional, left.professional),
        (_("合计 total"), c.total, r.total, left.total),
    ]
    for label, done, required, missing in rows:
        if missing == 0:
            to_go = Text(_("done ✓"), style="green")
        else:
            to_go = Text(_("{hours} to go").format(hours=hours(missing)), style="yellow")
        grid.add_row(
            label, bar(done, required), Text(f"{hours(done)} / {hours(required)} 学时", justify="right"), to_go
        )
    return grid


def status(view: Overview, *, explain: bool = False, out: Console | None = None) -> None:
    out = out or console()
    result, pack = view.result, view.result.pack
    out.print(Text.assemble((f"{result.year}", "bold"), f" · {pack.id} ({pack.document}) · ", deadline_line(view)))
    out.print(totals_grid(result))
    if not result.complete and view.pace.days_left >= 0:
        out.print(pace_text(view.pace, result.remaining))
    if view.has_planned:
        planned_left = remaining_after(result.required, view.projected)
        out.print(projection_text(result.credited, view.projected, planned_left, complete=result.complete))
    if result.own:
        out.print(activity_table(result))
    elif not result.makeup:
        out.print(_("No activities in {year} yet. Add one with: cpd add KIND --title …").format(year=result.year))
    from cpd_cli.cli.careerview import elsewhere_lines, makeup_lines

    notes = activity_notes(result, explain=explain)
    if notes.rows:
        out.print(notes)  # one print, not one a line: Rich lays out each print anew
    lines = [*makeup_lines(result), *elsewhere_lines(result)]
    if lines:
        out.print(Text("\n").join(lines))
    if view.makeup_in is not None:
        out.print(Text(_("Ways to close the gap:"), style="bold"))
        for subject in Subject:
            short = result.remaining.of(subject)
            if short > 0:
                out.print("  " + makeup_text(subject, short, result.year, view.makeup_in, result.pack.makeup_article))
    if not result.complete and view.suggestions:
        rooms = {room.rule.kind: room for room in view.rooms}
        facts = pack.facts.get(result.year)
        out.print(Text(_("Ways to close the gap:"), style="bold"))
        for subject in Subject:
            mine = [s for s in view.suggestions if s.subject is subject]
            if not mine:
                continue
            out.print(
                "  " + _("{subject} {hours} short:").format(subject=subject_label(subject), hours=hours(mine[0].short))
            )
            grid = Table.grid([Column(), Column(fold=True)], gap=1)
            for suggestion in [s for s in mine if s.can_still_do][:4]:  # what can still be done comes first
                grid.add_row("    ·", Text(suggestion_text(suggestion, rooms.get(suggestion.rule.kind))))
            if subject is Subject.PUBLIC and facts and facts.public_platforms:
                grid.add_row("    ·", Text(platforms_text(facts)))
            results = [s.rule for s in mine if not s.can_still_do]
            if results:
                grid.add_row("    ·", Text(record_them_text(results)))
            out.print(grid)
    out.print(caps_table(view))
    for warning in result.warnings:
        out.print(Text(f"! {warning_text(warning, result.year)}", style="yellow"))


def activity_table(result: YearResult) -> Table:
    """One row an activity; why it earned less goes below the table (see :func:`activity_notes`)."""
    table = Table(
        [
            Column("#", "right"),
            Column(_("date")),
            Column(_("kind")),
            Column("科目"),
            Column(_("title"), fold=True),
            Column(_("base"), "right"),
            Column(_("credited"), "right"),
        ]
    )
    for item in result.own:  # make-up study for the year is listed apart
        marked = " *" if item.notes else ""
        table.add_row(
            str(item.activity.id),
            item.activity.date.strftime("%m-%d"),
            f"{item.activity.kind} {item.rule.article}",
            subject_short(item.subject),
            Text(printable(item.activity.title)),
            hours(item.base),
            Text(hours(item.credited) + marked, style="yellow" if item.notes else ""),
        )
    return table


def activity_notes(result: YearResult, *, explain: bool) -> Table:
    """The notes (or, with ``explain``, the whole trace) of each activity, one row each;
    a line that wraps keeps its indent under the text, not under the id."""
    grid = Table.grid([Column(), Column(), Column(fold=True)], gap=2)  # an empty first column indents
    for item in result.activities:
        steps = [step_text(step) for step in item.trace] if explain else [note_text(note) for note in item.notes]
        for step in steps:
            style = "dim" if explain else ""
            grid.add_row("", Text(f"#{item.activity.id}", style=style), Text(step, style=style))
    return grid


def caps_table(view: Overview) -> Table:
    table = Table(
        [Column(_("rule")), Column(_("credited"), "right"), Column(_("room"), fold=True)], title=_("caps (年度上限)")
    )
    for room in view.rooms:
        table.add_row(
            f"{room.rule.article} {room.rule.kind}",
            f"{hours(room.credited)} / {hours(room.cap)}",
            Text(room_text(room), style="dim" if room.full else ""),
        )
    return table
