"""The reconcile report, drawn for a person (Rich) and as the JSON the README documents."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.text import Text

from cpd_cli.cli.onepass import Column, Table
from cpd_cli.cli.render import console
from cpd_cli.core.evaluate import ActivityResult
from cpd_cli.core.model import Status, Subject
from cpd_cli.core.platform.matching import Applied, Reconciliation
from cpd_cli.i18n import _
from cpd_cli.jsonutil import hours as json_hours
from cpd_cli.jsonutil import number
from cpd_cli.messages import hours, printable, status_word, subject_label, subject_short

DIFFERENT = "yellow"


def to_do(item: ActivityResult) -> str:
    """What a person does about an activity the platform does not show."""
    if item.credited <= 0:
        return _("earns nothing this year: nothing to do")
    if item.route == "self":
        if item.activity.status in (Status.DECLARED, Status.APPROVED):
            return _("declared, but not on the platform: check 折算学时申报")
        return _("declare it under 折算学时申报, with its evidence files")
    if item.route == "unit":
        return _("ask your unit to register it")
    return _("ask the organiser to register it")


# ---------------------------------------------------------------- JSON


def data(found: Reconciliation) -> dict[str, Any]:
    return {
        "year": found.year,
        "platform": json_hours(found.platform),
        "ledger": json_hours(found.ledger),
        "matched": [
            {
                "row": pair.row.row,
                "id": pair.item.activity.id,
                "title": pair.item.activity.title,
                "platform_title": pair.row.title,
                "start": (pair.item.activity.start or pair.item.activity.date).isoformat(),
                "end": pair.item.activity.date.isoformat(),
                "platform_start": pair.row.start.isoformat() if pair.row.start else None,
                "platform_end": pair.row.end.isoformat() if pair.row.end else None,
                "platform_hours": number(pair.row.hours),
                "credited": number(pair.item.credited),
                "platform_status": pair.row.status.value,
                "status": pair.item.activity.status.value,
            }
            for pair in found.matched
        ],
        "platform_only": [
            {
                "row": row.row,
                "title": row.title,
                "subject": row.subject.value,
                "hours": number(row.hours),
                "start": row.start.isoformat() if row.start else None,
                "end": row.end.isoformat() if row.end else None,
                "platform_status": row.status.value,
            }
            for row in found.platform_only
        ],
        "ledger_only": [
            {"id": item.activity.id, "kind": item.activity.kind, "route": item.route, "credited": number(item.credited)}
            for item in found.ledger_only
        ],
        "unknown_status": [{"row": row.row, "word": row.word} for row in found.unknown],
        "lookalikes": [
            {"row": row.row, "id": item.activity.id, "held": row.row not in found.added}
            for row, item in found.lookalikes
        ],
        "approved": {
            "platform": json_hours(found.on_platform(Status.APPROVED)),
            "cpd": json_hours(found.credited_for(Status.APPROVED)),
        },
        "pending": {
            "platform": json_hours(found.on_platform(Status.DECLARED)),
            "cpd": json_hours(found.credited_for(Status.DECLARED)),
        },
        "ledger_only_credited": json_hours(found.ledger_only_credited),
        "group_totals": {
            "shown": {subject.value: _maybe(value) for subject, value in zip(Subject, found.shown, strict=True)},
            "rows": json_hours(found.rows_sum),
        },
    }


def _maybe(value: Decimal | None) -> int | float | None:
    return None if value is None else number(value)


# ---------------------------------------------------------------- Rich


def _dates(start: date | None, end: date | None) -> str:
    shown = [f"{day:%m-%d}" for day in (start, end) if day is not None]
    return "–".join(dict.fromkeys(shown)) or "—"


def _both_dates(start: date | None, end: date | None, ledger_start: date, ledger_end: date) -> Text:
    """The platform's dates, and the ledger's beside them where they differ."""
    if (start or end, end or start) == (ledger_start, ledger_end):
        return Text(_dates(start, end))
    return Text(f"{_dates(start, end)} · {_dates(ledger_start, ledger_end)}", style=DIFFERENT)


def _titles(platform: str, ledger: str) -> str:
    """The platform's title, and the ledger's below it where it is worded otherwise."""
    if platform == ledger:
        return printable(platform)
    return f"{printable(platform)}\ncpd: {printable(ledger)}"


def report(found: Reconciliation, out: Console | None = None) -> None:
    out = out or console()
    rows = _("rows: {count}").format(count=found.rows)
    out.print(Text.assemble((_("学时查询 {year}").format(year=found.year), "bold"), f" · {found.source} · {rows}"))
    out.print(totals(found))
    if found.matched:
        table = Table(
            [
                Column(_("row"), "right"),
                Column("#", "right"),
                Column("科目"),
                Column(_("title"), fold=True),
                Column(_("platform · cpd"), "right"),
                Column(_("dates: platform · cpd")),
                Column(_("status: cpd → platform")),
            ],
            title=_("matched (平台与台账都有)"),
        )
        for pair in found.matched:
            row, item = pair.row, pair.item
            figure_differs = row.hours != item.credited
            status_differs = row.status is not item.activity.status
            figure = f"{hours(row.hours)} · {hours(item.credited)}" + (" ≠" if figure_differs else "")
            status = status_word(row.status) + ("?" if not row.known else "")
            if status_differs:
                status = f"{status_word(item.activity.status)} → {status}"
            table.add_row(
                str(row.row),
                str(item.activity.id),
                subject_short(row.subject),
                Text(_titles(row.title, item.activity.title)),
                Text(figure, style=DIFFERENT if figure_differs else ""),
                _both_dates(row.start, row.end, item.activity.start or item.activity.date, item.activity.date),
                Text(status, style=DIFFERENT if status_differs or not row.known else ""),
            )
        out.print(table)
    if found.platform_only:
        table = Table(
            [
                Column(_("row"), "right"),
                Column("科目"),
                Column(_("title"), fold=True),
                Column(_("hours"), "right"),
                Column(_("dates")),
                Column(_("platform status")),
            ],
            title=_("on the platform only (台账中没有)"),
        )
        for row in found.platform_only:
            table.add_row(
                str(row.row),
                subject_short(row.subject),
                Text(printable(row.title)),
                hours(row.hours),
                _dates(row.start, row.end),
                Text(status_word(row.status) + ("" if row.known else "?"), style="" if row.known else DIFFERENT),
            )
        out.print(table)
    if found.ledger_only:
        out.print(Text(_("in the ledger only (平台上没有)"), style="italic"))
        grid = Table.grid([Column(justify="right"), Column(fold=True)], gap=1)
        for item in found.ledger_only:
            activity = item.activity
            grid.add_row(
                f"#{activity.id}",
                Text(f"{activity.kind} “{printable(activity.title)}” · {hours(item.credited)} 学时 — {to_do(item)}"),
            )
        out.print(grid)
    for row, item in found.lookalikes:
        if row.row in found.added:
            continue
        out.print(
            Text(
                "! "
                + _(
                    "row {row} (“{title}”) and #{id} have the same dates: --apply leaves the row out. "
                    "One training: --link {row}={id}; two: --add {row}"
                ).format(row=row.row, title=printable(row.title), id=item.activity.id),
                style=DIFFERENT,
            )
        )
    for row in found.unknown:
        out.print(
            Text(
                "! "
                + _(
                    "row {row} (“{title}”): 状态 “{word}” is not a word cpd knows; kept as pending, not approved"
                ).format(row=row.row, title=printable(row.title), word=printable(row.word)),
                style=DIFFERENT,
            )
        )


def totals(found: Reconciliation) -> Table:
    """Like beside like, per subject: the platform's approved 学时 and cpd's credit for those same
    activities; then what is pending on the platform; then what only the ledger has; then the
    platform's 总学时 beside the sum of its rows (no checksum: the platform's own figure)."""
    grid = Table.grid([Column(), Column(justify="right"), Column(justify="right"), Column(justify="right")], gap=2)
    grid.add_row(
        "",
        subject_label(Subject.PUBLIC),
        subject_label(Subject.PROFESSIONAL),
        _("合计 total"),
    )
    lines = [
        (
            _("approved (审核通过): platform · cpd"),
            found.on_platform(Status.APPROVED),
            found.credited_for(Status.APPROVED),
        ),
        (
            _("pending (待审核): platform · cpd"),
            found.on_platform(Status.DECLARED),
            found.credited_for(Status.DECLARED),
        ),
    ]
    for label, platform, ledger in lines:
        grid.add_row(
            label, *(_pair(platform.of(s), ledger.of(s)) for s in Subject), _pair(platform.total, ledger.total)
        )
    only = found.ledger_only_credited
    grid.add_row(_("only in the ledger: cpd"), *(hours(only.of(s)) for s in Subject), hours(only.total))
    rows = found.rows_sum
    shown = dict(zip(Subject, found.shown, strict=True))
    grid.add_row(
        _("总学时 as shown · sum of the rows"),
        *(f"{_shown_total(shown[s])} · {hours(rows.of(s))}" for s in Subject),
        "",
    )
    return grid


def _shown_total(value: Decimal | None) -> str:
    return "—" if value is None else hours(value)


def _pair(platform: Decimal, ledger: Decimal) -> Text:
    differs = platform != ledger
    return Text(f"{hours(platform)} · {hours(ledger)}" + (" ≠" if differs else ""), style=DIFFERENT if differs else "")


def applied_text(applied: list[Applied]) -> str:
    held = sorted(row for each in applied for row in each.held)
    waiting = (
        " " + _("Left out, for you to link or add: rows {rows}.").format(rows=", ".join(map(str, held))) if held else ""
    )
    if not any(each.changed for each in applied):
        return _("The ledger already holds what the platform shows; nothing was changed.") + waiting
    updated, added, cleared = (
        sum(len(getattr(each, name)) for each in applied) for name in ("updated", "added", "cleared")
    )
    return (
        _(
            "Applied: {updated} updated, {added} added, {cleared} no longer on the platform (cpd undo reverts it)."
        ).format(updated=updated, added=added, cleared=cleared)
        + waiting
    )


def hint_text() -> str:
    return _("Nothing was written; cpd reconcile FILE --apply takes the platform's record in.")
