"""``cpd ledger``: where the ledger is and what it is written in; ``--reencode`` makes it UTF-8."""

from __future__ import annotations

import codecs
from typing import Annotated

import typer

from cpd_cli.cli import context
from cpd_cli.errors import UsageError
from cpd_cli.i18n import _


def ledger(
    ctx: typer.Context,
    reencode: Annotated[
        str | None,
        typer.Option(
            "--reencode",
            metavar="ENCODING",
            help="Rewrite a ledger saved in another encoding (gbk, gb18030, utf-16-le) as UTF-8; cpd undo reverts it.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show the ledger's path and encoding; convert one saved as GBK or UTF-16 to UTF-8.

    Example:  cpd ledger --reencode gbk
    """
    from cpd_cli.store import ledger as store

    chosen = context.options(ctx)
    if reencode is None:
        raw = store.read_bytes(chosen.path)
        if raw is None:
            typer.echo(_("{path}: no ledger yet").format(path=chosen.path))
            return
        store.decode(raw)  # one that is not UTF-8 is refused here, with the way forward
        typer.echo(_("{path}: UTF-8").format(path=chosen.path))
        return
    try:
        name = codecs.lookup(reencode).name
    except LookupError:
        raise UsageError(_("--reencode: {encoding!r} is not an encoding cpd knows").format(encoding=reencode)) from None
    written = store.reencode(chosen.path, name, chosen.rules, on_wait=context.say_waiting)
    if written is None:
        typer.echo(_("{path} is UTF-8 already; nothing was changed").format(path=chosen.path))
        return
    context.note_change(ctx)
    typer.echo(_("converted {path} from {encoding} to UTF-8 (cpd undo reverts it)").format(path=written, encoding=name))
