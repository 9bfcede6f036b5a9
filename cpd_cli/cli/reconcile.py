"""``cpd reconcile``: the platform's 学时查询 table held against the ledger, and taken in with ``--apply``."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Annotated

import typer

from cpd_cli.cli import context
from cpd_cli.cli.common import YearOption
from cpd_cli.cli.output import write_json
from cpd_cli.core.plan import ledger_year
from cpd_cli.core.platform import matching, table
from cpd_cli.i18n import _, english


def read_table(path: Path) -> table.PlatformTable:
    """The table in the file the person named; one clear line if it cannot be read.

    The one place the file is read: a FIFO, a device or a folder is refused before a
    byte is read (opened without blocking), and no more than the limit and one byte
    are ever read.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise table.TableError(_("{path}: cannot read: {reason}").format(path=path, reason=error.strerror)) from None
    try:
        regular = stat.S_ISREG(os.fstat(descriptor).st_mode)
        if not regular:
            raise table.TableError(_("{path}: not a regular file").format(path=path))
        data = bytearray()
        while len(data) <= table.MAX_TABLE_BYTES:
            chunk = os.read(descriptor, table.MAX_TABLE_BYTES + 1 - len(data))
            if not chunk:
                break
            data += chunk
    except OSError as error:
        raise table.TableError(_("{path}: cannot read: {reason}").format(path=path, reason=error.strerror)) from None
    finally:
        os.close(descriptor)
    return table.read(bytes(data), str(path))


def reconcile(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="学时查询 as saved from the browser (.html), copied as text (.txt), or a CSV.",
            show_default=False,
        ),
    ],
    year: YearOption = None,
    apply: Annotated[
        bool,
        typer.Option(
            "--apply",
            help="Take in the platform's statuses and figures and add the rows the ledger lacks (cpd undo reverts it).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON (see README).")] = False,
) -> None:
    """Hold the platform's 学时查询 table against the ledger: what it approved, what it lacks, what it adds.

    Example:  cpd reconcile 学时查询.html --year 2024 --apply
    """
    from cpd_cli.cli import reconcileview

    platform = read_table(file)
    chosen = matching.year_of(platform, year)
    if not apply:
        loaded = context.load(ctx)
        found = matching.reconcile(platform, ledger_year(loaded.ledger, loaded.pack, chosen))
        _show(found, as_json)
        if not as_json:
            typer.echo(reconcileview.hint_text())
        return
    with context.transaction(ctx) as tx:
        pack = tx.loaded.pack
        found = matching.reconcile(platform, ledger_year(tx.ledger, pack, chosen))
        changed, applied = matching.apply(tx.ledger, found, pack, context.today())
        if applied.changed:
            tx.save(
                changed,
                action="reconcile",
                summary=f"reconcile {found.year}: {len(applied.updated)} updated, {len(applied.added)} added, "
                f"{len(applied.cleared)} cleared",
            )
    _show(found, as_json)
    typer.echo(reconcileview.applied_text(applied), err=as_json)


def _show(found: matching.Reconciliation, as_json: bool) -> None:
    from cpd_cli.cli import reconcileview

    if as_json:
        with english():
            write_json(reconcileview.data(found))
    else:
        reconcileview.report(found)
