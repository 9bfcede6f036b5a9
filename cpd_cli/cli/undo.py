"""``cpd undo``: put back the ledger as it was before cpd's last change."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cpd_cli.cli import context
from cpd_cli.errors import CpdError, ExitCode, LedgerError, RulesError
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
    """Revert the last change (add, edit, rm, attach, mark, profile set, reconcile --apply); repeat to go further back.

    Example:  cpd undo
    """
    chosen = context.options(ctx)
    with store.changing(chosen.path, on_wait=context.say_waiting) as path:
        current = store.read_bytes(path)
        current_sha = None if current is None else journal.digest(current)
        for entry in reversed(journal.entries(path)):
            refuse_damaged(entry)
            if current_sha != entry.after_sha256 and current_sha == entry.before_sha256:
                atomic.remove(entry.file)  # that change never reached the file (a crash mid-write)
                continue
            if current_sha != entry.after_sha256 and not force:
                raise NothingToUndo(
                    _(
                        "{path}: the ledger changed since cpd's last change ({summary}), by hand or another tool; "
                        "undo would throw that away — use --force to undo anyway"
                    ).format(path=path, summary=entry.summary)
                )
            check_before(entry, path, chosen.rules)
            changes: list[tuple[Path, bytes | None]] = []
            if current is not None:
                changes.append((store.backup_path(path), current))
            # The entry goes with the change, before the ledger: if the journal folder is read-only,
            # the ledger is left as it is, and the entry can still be undone once it is writable.
            changes.append((entry.file, None))
            changes.append((path, entry.before))  # None: there was no ledger before that change
            atomic.write_together(changes)
            context.note_change(ctx)
            typer.echo(_("undid: {summary} ({at})").format(summary=printable(entry.summary), at=entry.at))
            return
    raise NothingToUndo(_("nothing to undo"))


def refuse_damaged(entry: journal.Entry) -> None:
    """Stop at an entry that cannot be trusted: skipping it would undo an older change instead."""
    if entry.damaged is not None:
        raise LedgerError(
            _(
                "the undo journal's entry is damaged ({reason}); nothing was changed (remove it to undo older changes)"
            ).format(reason=entry.damaged),
            path=str(entry.file),
        )


def check_before(entry: journal.Entry, path: Path, rules_file: Path | None) -> None:
    """Refuse to write back a ledger that could not be read and validated in full."""
    if entry.before is None:
        return
    try:  # the text before `cpd ledger --reencode` is read as that command read it
        before = entry.before if entry.encoding == "utf-8" else entry.before.decode(entry.encoding).encode("utf-8")
        store.parse(path, before, rules_file)
    except (LedgerError, RulesError) as error:
        raise LedgerError(
            _("the undo journal's entry does not hold a valid ledger ({error}); nothing was changed").format(
                error=error
            ),
            path=str(entry.file),
        ) from error
