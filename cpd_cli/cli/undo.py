"""``cpd undo``: put back the ledger as it was before cpd's last change."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cpd_cli.cli import context
from cpd_cli.errors import CpdError, ExitCode
from cpd_cli.i18n import _
from cpd_cli.messages import printable
from cpd_cli.store import atomic, journal
from cpd_cli.store import ledger as store


class NothingToUndo(CpdError):
    exit_code = ExitCode.USAGE


def undo(
    ctx: typer.Context,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Undo even if the ledger was edited by hand since (that edit is lost, but kept in .bak)."
        ),
    ] = False,
) -> None:
    """Revert the last change (add, edit, rm, attach, mark); repeat to go further back.

    Example:  cpd undo
    """
    path = context.options(ctx).path
    with atomic.locked(path):
        current = store.read_bytes(path)
        current_sha = None if current is None else journal.digest(current)
        for entry in reversed(journal.entries(path)):
            if current_sha != entry.after_sha256 and current_sha == entry.before_sha256:
                journal.discard(entry)  # that change never reached the file (a crash mid-write)
                continue
            if current_sha != entry.after_sha256 and not force:
                raise NothingToUndo(
                    _(
                        "{path}: the ledger changed since cpd's last change ({summary}), by hand or another tool; "
                        "undo would throw that away — use --force to undo anyway"
                    ).format(path=path, summary=entry.summary)
                )
            changes: list[tuple[Path, bytes | None]] = []
            if current is not None:
                changes.append((store.backup_path(path), current))
            changes.append((path, entry.before))  # None: there was no ledger before that change
            atomic.write_together(changes)
            journal.discard(entry)
            typer.echo(_("undid: {summary} ({at})").format(summary=printable(entry.summary), at=entry.at))
            return
    raise NothingToUndo(_("nothing to undo"))
