"""Renderings of the title-application window and of make-up study, for people and as JSON.

``cpd history`` (a row a year with its bar and state, and a closing line),
``cpd check --since`` (a line a year that blocks the window), and what
``cpd status`` says about make-up activities: those counted toward the year,
listed apart, and those dated in it that count toward an earlier year.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from cpd_cli.cli.onepass import Column, Table
from cpd_cli.core.career import Career, CareerYear, YearState
from cpd_cli.core.evaluate import Hours, YearResult
from cpd_cli.core.model import Subject
from cpd_cli.i18n import N_plural, _, listed
from cpd_cli.messages import hours, plural, printable, subject_short, totals_line

BAR_WIDTH = 10  # a year's row keeps to an 80-column terminal

# ---------------------------------------------------------------- words


def years_text(years: Sequence[int]) -> str:
    """ "2021", "2021 and 2023", "2019, 2021 and 2023"."""
    words = [str(year) for year in years]
    if len(words) < 2:
        return "".join(words)
    return listed(words[:-1]) + _(" and ") + words[-1]


def article_text(article: str) -> str:
    """ "补学, Art. 13" — the make-up study's name and the pack's article on it."""
    return _("补学, Art. {article}").format(article=article) if article else _("补学")


def short_text(remaining: Hours) -> str:
    """What a year lacks: "公需 30 · 专业 60"; the total alone when both subjects are met."""
    parts = [
        f"{subject_short(subject)} {hours(remaining.of(subject))}" for subject in Subject if remaining.of(subject) > 0
    ]
    return " · ".join(parts) if parts else f"合计 {hours(remaining.total)}"


def state_text(year: CareerYear) -> str:
    """The year's state as a table cell: "complete ✓", "incomplete: 公需 30 · 专业 60 short" …"""
    match year.state:
        case YearState.COMPLETE:
            return _("complete ✓")
        case YearState.COMPLETE_WITH_MAKEUP:
            return _("complete with make-up ✓ (补学 {hours})").format(hours=hours(year.makeup.total))
        case YearState.INCOMPLETE:
            return _("incomplete: {short} short").format(short=short_text(year.result.remaining))
        case YearState.IN_PROGRESS:
            return _("in progress: {short} to go").format(short=short_text(year.result.remaining))


YEARS_COMPLETE = N_plural("{span}: {done} of {count} year complete", "{span}: {done} of {count} years complete")


def summary_text(career: Career) -> str:
    """The closing line: "2019–2024: 4 of 6 years complete; 2021 and 2023 need make-up study (补学, Art. 13)"."""
    closed = career.closed
    parts = []
    if closed:
        span = f"{closed[0].year}–{closed[-1].year}" if len(closed) > 1 else str(closed[0].year)
        done = sum(1 for year in closed if year.state.complete)
        parts.append(plural(YEARS_COMPLETE, len(closed)).format(span=span, done=done, count=len(closed)))
    if career.incomplete:
        parts.append(
            _("{years} need make-up study ({article})").format(
                years=years_text([year.year for year in career.incomplete]), article=article_text(career.makeup_article)
            )
        )
    elif closed:
        parts.append(_("nothing to make up"))
    for year in career.in_progress:
        if year.result.complete:
            continue
        parts.append(
            _("{year} in progress, {hours} to go").format(year=year.year, hours=hours(year.result.remaining.total))
        )
    return _("; ").join(parts)


# ---------------------------------------------------------------- cpd history


def history(career: Career, out: Console) -> None:
    from cpd_cli.cli.render import bar

    grid = Table(
        [
            Column(_("year")),
            Column(subject_short(Subject.PUBLIC)),
            Column(subject_short(Subject.PROFESSIONAL)),
            Column("合计"),
            Column("", fold=True),
        ]
    )
    for year in career.years:
        c, r = year.result.credited, year.result.required
        style = "green" if year.state.complete else "red" if year.state is YearState.INCOMPLETE else "yellow"
        grid.add_row(
            str(year.year),
            f"{hours(c.public)}/{hours(r.public)}",
            f"{hours(c.professional)}/{hours(r.professional)}",
            Text.assemble(bar(c.total, r.total, BAR_WIDTH), f" {hours(c.total)}/{hours(r.total)}"),
            Text(state_text(year), style=style),
        )
    out.print(grid)
    out.print(Text(summary_text(career), style="bold"))


# ---------------------------------------------------------------- cpd check --since


def check_lines(career: Career, done: str, failed: str) -> list[str]:
    """A line for each year that blocks the window, then the closing line, marked."""
    lines = [
        failed
        + " "
        + _("{year}: {state} — {totals}").format(
            year=year.year, state=state_text(year), totals=totals_line(year.result.credited, year.result.required)
        )
        for year in career.years
        if year.state is YearState.INCOMPLETE
    ]
    mark = failed if career.incomplete else done
    return [*lines, f"{mark} {summary_text(career)}"]


# ---------------------------------------------------------------- cpd status: make-up study


def makeup_lines(result: YearResult) -> list[Text]:
    """The make-up activities counted toward the year, apart from its own; and the state it gives."""
    if not result.makeup:
        return []
    article = article_text(result.pack.makeup_article)
    heading = _("Make-up study for {year} ({article}), counted after the year's own:")
    lines = [Text(heading.format(year=result.year, article=article), style="bold")]
    for item in result.makeup:
        activity, credit = item.activity, f"{hours(item.credited)} / {hours(item.base)}"
        lines.append(
            Text(
                f"  #{activity.id}  {activity.date}  {activity.kind} {item.rule.article}  "
                f"{subject_short(item.subject)}  {credit}  {printable(activity.title)}"
            )
        )
    if result.complete and not result.complete_without_makeup:
        lines.append(Text(_("{year}: complete with make-up ✓").format(year=result.year), style="green"))
    return lines


def elsewhere_lines(result: YearResult) -> list[Text]:
    """Activities dated in the year that make up an earlier one: not counted here, and why."""
    article = article_text(result.pack.makeup_article)
    return [
        Text(
            _(
                "  #{id}  dated {date}, is make-up study for {target} ({article}): it counts there, not in {year}"
            ).format(id=activity.id, date=activity.date, target=activity.makeup_for, article=article, year=result.year),
            style="dim",
        )
        for activity in result.elsewhere
    ]
