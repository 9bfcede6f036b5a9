"""``cpd edit``, ``rm``, ``attach`` and ``mark``: changing what the ledger holds.

Each runs as one locked transaction (see :mod:`cpd_cli.store.ledger`) and can be
reverted with ``cpd undo``.
"""

from __future__ import annotations

from typing import Annotated, Any

import click
import typer

from cpd_cli.cli import activityinput, complete, context
from cpd_cli.cli.common import IdArgument
from cpd_cli.core import edits
from cpd_cli.core.fields import BY_NAME, UNSETTABLE
from cpd_cli.core.fieldtypes import KIND, STATUS
from cpd_cli.core.model import Activity, Ledger, Status
from cpd_cli.core.plan import credits_by_id, knock_on
from cpd_cli.core.rules import RulePack
from cpd_cli.errors import UsageError
from cpd_cli.i18n import N_plural, _, listed
from cpd_cli.messages import knock_on_line, plural, printable, result_line, status_word


def _report(ledger: Ledger, pack: RulePack, activity: Activity) -> None:
    typer.echo(result_line(credits_by_id(ledger, pack, [activity.year], today=context.today())[activity.id]))


def report_knock_on(before: Ledger, after: Ledger, pack: RulePack, changed: int, years: set[int]) -> None:
    """One line for each other activity whose credit the change moved: "#11 now 6 学时 (8(3) cap)"."""
    for old, new in knock_on(before, after, pack, years, changed, today=context.today()):
        typer.echo("  " + knock_on_line(old, new))


# ---------------------------------------------------------------- edit


def edit(ctx: click.Context, activity_id: int, **options: Any) -> None:
    """The body of ``cpd edit`` (its options and help: :func:`cpd_cli.cli.packcommands.edit_command`)."""
    unset = [name.replace("-", "_") for name in options.pop("unset") or []]
    for name in unset:
        if name not in UNSETTABLE:
            raise UsageError(
                _("--unset: {name!r} cannot be removed (can: {known})").format(name=name, known=listed(UNSETTABLE))
            )
    kind = options.pop("kind")
    with context.transaction(ctx) as tx:
        pack = tx.loaded.pack
        old = edits.find(tx.ledger, activity_id)
        rule = KIND.rule(kind, pack) if kind is not None else pack.rule(old.kind)
        given = activityinput.model_fields(options, rule, allow_missing=options.get("allow_missing", False))
        new_evidence = given.pop("evidence_new", [])
        if "details" in given:
            given["details"] = {**old.details, **given["details"]}
        changes: dict[str, Any] = {**given, **({"kind": kind} if kind else {})}
        for name in unset:
            if name == "evidence":  # the files' recorded sizes and hashes go with them
                changes.update(evidence=(), evidence_meta=())
            elif BY_NAME[name].detail:
                changes["details"] = {k: v for k, v in changes.get("details", old.details).items() if k != name}
            else:
                changes[name] = None
        if not changes and not new_evidence:
            raise UsageError(_("nothing to change: give the options to change (see 'cpd edit --help')"))
        planned_by_date = "date" in changes and "status" not in changes and old.status is not Status.PLANNED
        planned_by_date = planned_by_date and changes["date"] > context.today()  # SPEC §8.1: a future date is a plan
        if planned_by_date:
            changes["status"] = Status.PLANNED
        new = activityinput.with_evidence(old._replace(**changes), new_evidence)
        activityinput.check_against_pack(new, pack, {a.id for a in tx.ledger.activities})
        before = tx.ledger
        changed = edits.put(tx.ledger, new)
        tx.save(
            changed,
            action="edit",
            summary=_("edit #{id} {kind} “{title}”").format(id=new.id, kind=new.kind, title=new.title),
        )
    _report(changed, pack, new)
    if planned_by_date:
        typer.echo("  " + _("dated after today: recorded as planned; cpd mark {id} done once it is").format(id=new.id))
    report_knock_on(before, changed, pack, new.id, {old.year, new.year})


# ---------------------------------------------------------------- rm


def rm(
    ctx: typer.Context,
    activity_id: IdArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Remove an activity (cpd undo brings it back). Its id is never used again.

    Example:  cpd rm 7 --yes
    """
    with context.transaction(ctx) as tx:
        activity = edits.find(tx.ledger, activity_id)
        if not yes:
            typer.confirm(
                _("Remove #{id} {kind} “{title}” ({date})?").format(
                    id=activity.id, kind=activity.kind, title=printable(activity.title), date=activity.date
                ),
                abort=True,
                err=True,
                prompt_suffix=activityinput.prompt_suffix(),
            )
        before = tx.ledger
        changed, unlinked = edits.remove(tx.ledger, activity_id)
        tx.save(
            changed,
            action="rm",
            summary=_("rm #{id} {kind} “{title}”").format(id=activity.id, kind=activity.kind, title=activity.title),
        )
        pack = tx.loaded.pack
    typer.echo(
        _("removed #{id} {kind} “{title}”").format(id=activity.id, kind=activity.kind, title=printable(activity.title))
    )
    for other in unlinked:
        typer.echo("  " + _("#{other} no longer names #{id} as the same content").format(other=other, id=activity.id))
    report_knock_on(before, changed, pack, activity.id, {activity.year})


# ---------------------------------------------------------------- attach

ATTACHED = N_plural("attach {count} file to #{id}", "attach {count} files to #{id}")


def attach(
    ctx: typer.Context,
    activity_id: IdArgument,
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Evidence files (佐证材料).")],
    allow_missing: Annotated[
        bool, typer.Option("--allow-missing", help="Record paths that do not exist (yet).")
    ] = False,
) -> None:
    """Attach evidence files; each is recorded with its size and SHA-256.

    Example:  cpd attach 7 certificate.pdf photo.jpg
    """
    new_evidence = activityinput.attach(paths, allow_missing=allow_missing, option="PATH")
    with context.transaction(ctx) as tx:
        activity = activityinput.with_evidence(edits.find(tx.ledger, activity_id), new_evidence)
        summary = plural(ATTACHED, len(new_evidence)).format(count=len(new_evidence), id=activity.id)
        tx.save(edits.put(tx.ledger, activity), action="attach", summary=summary)
    for path, record in new_evidence:
        typer.echo(f"#{activity.id}: {path}" + ("" if record else _(" (missing, recorded anyway)")))


# ---------------------------------------------------------------- mark


def mark(
    ctx: typer.Context,
    activity_id: IdArgument,
    status: Annotated[
        str,
        typer.Argument(
            metavar="STATUS",
            help="planned | done | declared | approved | rejected (or 已申报, 审核通过, 驳回 …).",
            autocompletion=complete.statuses,
        ),
    ],
) -> None:
    """Track a claim on the platform: declared → approved or rejected.

    Example:  cpd mark 7 declared
    """
    new_status = STATUS.parse(status, _("STATUS"))
    with context.transaction(ctx) as tx:
        old = edits.find(tx.ledger, activity_id)
        if old.status == new_status:
            typer.echo(_("#{id}: already {status}; nothing changed").format(id=old.id, status=status_word(new_status)))
            return
        activity = old._replace(status=new_status)
        before = tx.ledger
        changed = edits.put(tx.ledger, activity)
        tx.save(
            changed,
            action="mark",
            summary=_("mark #{id} {old} → {new}").format(
                id=activity.id, old=status_word(old.status), new=status_word(new_status)
            ),
        )
        pack = tx.loaded.pack
    typer.echo(
        _("#{id}: {old} → {new}").format(id=activity.id, old=status_word(old.status), new=status_word(new_status))
    )
    _report(changed, pack, activity)
    report_knock_on(before, changed, pack, activity.id, {activity.year})
