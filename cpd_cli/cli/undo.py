"""``cpd undo``: put back the ledger as it was before cpd's last change."""

from __future__ import annotations

from typing import Annotated

import typer

from cpd_cli.cli import context
from cpd_cli.i18n import _
from cpd_cli.messages import printable


def undo(
    ctx: typer.Context,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Undo even if the ledger was edited by hand since (that edit is lost, but kept in .bak)."
        ),
    ] = False,
) -> None:
    """Revert the last change (add, edit, rm, attach, mark, profile set, reconcile --apply); repeat to go further back.

    Example:  cpd undo
    """
    from cpd_cli.store.ledger import undo as undo_last

    chosen = context.options(ctx)
    entry = undo_last(chosen.path, force=force, rules_file=chosen.rules, on_wait=context.say_waiting)
    context.note_change(ctx)
    typer.echo(_("undid: {summary} ({at})").format(summary=printable(entry.summary), at=entry.at))
