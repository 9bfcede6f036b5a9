"""``cpd list`` and ``cpd show``: the ledger's activities, with what each earns."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cpd_cli.cli import complete, context
from cpd_cli.cli.common import IdArgument
from cpd_cli.cli.output import marks, write_json
from cpd_cli.cli.paramtypes import YearType
from cpd_cli.core.evaluate import ActivityResult
from cpd_cli.core.fieldtypes import KIND, STATUS
from cpd_cli.core.model import Activity, Subject
from cpd_cli.core.plan import credits_by_id
from cpd_cli.core.rules import Rule
from cpd_cli.i18n import N_, _, english, language
from cpd_cli.messages import (
    evidence_text,
    hours,
    kind_word,
    note_text,
    printable,
    route_text,
    status_word,
    step_text,
    subject_label,
    subject_short,
    subject_word,
)


def list_activities(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", click_type=YearType(), help="Only this year.", autocompletion=complete.years),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", "-k", help="Only this kind.", autocompletion=complete.kinds)
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="Only this status.", autocompletion=complete.statuses)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List activities, oldest first, with what each earns.

    Example:  cpd list --year 2024 --kind paper
    """
    loaded = context.load(ctx)
    ledger, pack = loaded.ledger, loaded.pack
    if kind is not None:
        KIND.rule(kind, pack)
    wanted_status = STATUS.parse(status) if status is not None else None
    chosen = sorted(
        (
            a
            for a in ledger.activities
            if (year is None or a.year == year)
            and (kind is None or a.kind == kind)
            and (wanted_status is None or a.status is wanted_status)
        ),
        key=lambda a: a.sort_key,
    )
    results = credits_by_id(ledger, pack, {a.year for a in chosen})
    if as_json:
        from cpd_cli.cli import jsonview

        with english():
            rows = [{**jsonview.activity_record(a), **_credit(results[a.id])} for a in chosen]
        write_json(rows)
        return
    from rich.text import Text

    from cpd_cli.cli.onepass import Column, Table
    from cpd_cli.cli.render import console

    if not chosen:
        typer.echo(
            _("No activities match.")
            if ledger.activities
            else _("The ledger is empty. Add one with: cpd add KIND --title …")
        )
        return
    table = Table(
        [
            Column("#", "right"),
            Column(_("date")),
            Column(_("kind")),
            Column(_("title"), fold=True),
            Column(_("status")),
            Column("科目"),
            Column(_("credited"), "right"),
        ]
    )
    for activity in chosen:
        item = results[activity.id]
        table.add_row(
            str(activity.id),
            activity.date.isoformat(),
            activity.kind,
            Text(printable(activity.title)),
            status_word(activity.status),
            subject_short(item.subject),
            hours(item.credited),
        )
    console().print(table)


def _credit(item: ActivityResult) -> dict[str, object]:
    from cpd_cli.cli import jsonview

    credit = jsonview.activity_result(item)
    return {key: credit[key] for key in ("subject", "base", "credited", "rule", "route", "notes")}


def show(
    ctx: typer.Context,
    activity_id: IdArgument,
    as_json: Annotated[bool, typer.Option("--json", help="Print it as JSON.")] = False,
) -> None:
    """Show one activity: every field, its evidence files checked, and its credit.

    Example:  cpd show 7
    """
    from cpd_cli.core import edits
    from cpd_cli.store import evidence as evidence_files  # hashlib and the file checks: for show, not list

    loaded = context.load(ctx)
    activity = edits.find(loaded.ledger, activity_id)
    item = credits_by_id(loaded.ledger, loaded.pack, {activity.year}, explain=True)[activity.id]
    checks = evidence_files.check(activity)
    if as_json:
        from cpd_cli.cli import jsonview

        with english():
            record = {**jsonview.activity_record(activity), **_credit(item)}
            record["evidence_check"] = [
                {"path": c.path, "exists": c.exists, "matches": c.matches}
                | ({"problem": c.unusable.problem} if c.unusable else {})
                for c in checks
            ]
            record["trace"] = [step_text(step) for step in item.trace]
        write_json(record)
        return
    from rich.text import Text

    from cpd_cli.cli.jsonview import activity_record
    from cpd_cli.cli.onepass import Column, Table
    from cpd_cli.cli.render import console

    out = console()
    rule = item.rule
    out.print(Text(f"#{activity.id} {activity.title}", style="bold"))
    grid = Table.grid([Column(), Column(fold=True)], gap=2)  # a value folds as cpd's tables fold

    def row(label: str, value: str | Text) -> None:
        grid.add_row(Text(label, style="bold"), value)

    for key, value in activity_record(activity).items():
        if key in ("id", "title", "evidence", "evidence_meta"):
            continue
        row(field_label(key), Text(printable(field_value(key, value, activity, rule))))
    row(
        _("rule"),
        _("{article} {name_zh} ({name_en}), route: {route}").format(
            article=rule.article, name_zh=rule.name_zh, name_en=rule.name_en, route=route_text(rule.route)
        )
        if language() == "en"
        else _("{article} {name_zh}, route: {route}").format(
            article=rule.article, name_zh=rule.name_zh, route=route_text(rule.route)
        ),
    )
    row(
        _("credit"),
        _("{base} 学时 base, {credited} credited ({subject})").format(
            base=hours(item.base), credited=hours(item.credited), subject=subject_label(item.subject)
        ),
    )
    for note in item.notes:
        row(_("why"), Text(note_text(note)))
    for step in item.trace:
        row(_("how"), Text(step_text(step), style="dim"))
    done, failed = marks()
    for check in checks:
        mark = done if check.exists and check.matches is not False else failed
        state = evidence_text(check.problem, check.matches, check.unusable)
        row(_("evidence"), Text(f"{mark} {printable(check.path)} — {state}"))
    if not checks:
        asks = _(" — the platform asks for 佐证材料") if rule.route == "self" else ""
        row(_("evidence"), _("none") + asks)
    out.print(grid)


FIELD_LABELS = {  # what show calls a ledger field; a key cpd does not know is shown as it is
    "kind": N_("kind"),
    "date": N_("date"),
    "start": N_("start"),
    "status": N_("status"),
    "subject": N_("subject"),
    "hours": N_("hours (学时)"),
    "minutes": N_("minutes"),
    "days": N_("days"),
    "points": N_("points"),
    "passed": N_("passed"),
    "core": N_("core journal"),
    "level": N_("level"),
    "role": N_("role"),
    "type": N_("type"),
    "same_as": N_("same content as"),
    "journal": N_("journal"),
    "organiser": N_("organiser"),
    "place": N_("place"),
    "number": N_("number"),
    "note": N_("note"),
    "makeup_for": N_("makes up for"),
    "platform_hours": N_("学时 on the platform"),
    "platform_status": N_("status on the platform"),
    "platform_as_of": N_("platform figures as of"),
}


def field_label(key: str) -> str:
    return _(FIELD_LABELS[key]) if key in FIELD_LABELS else key


def field_value(key: str, value: Any, activity: Activity, rule: Rule) -> str:
    """A ledger value as ``show`` prints it: words in the chosen language, the ledger's own word beside."""
    if key == "kind":
        return kind_word(rule)
    if key == "status":
        return status_word(activity.status)
    if key == "platform_status" and activity.platform_status is not None:
        return status_word(activity.platform_status)
    if key == "subject" and value in tuple(Subject):
        return subject_word(Subject(value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    labels = rule.choice.labels if rule.choice is not None else {}
    if key in ("level", "role", "type") and value in labels and language() == "zh":
        return f"{labels[value]} {value}"
    if key == "same_as":
        return f"#{value}"
    return str(value)
