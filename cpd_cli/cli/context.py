"""What every command needs from the global options, resolved at run time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import click
import typer

from cpd_cli.i18n import _
from cpd_cli.store.paths import ledger_path

if TYPE_CHECKING:  # the store is imported when a command needs it, not when cpd starts
    from cpd_cli.store import ledger as store


def today() -> date:
    """The clock.  Tests replace this function; nothing else reads the date."""
    return date.today()


class Options(NamedTuple):
    ledger: str | None = None
    rules: Path | None = None
    debug: bool = False

    @property
    def path(self) -> Path:
        return ledger_path(self.ledger)


class Run:
    """What one run of cpd shares, as click's ``obj``: the global options once read, and whether
    the command changed the ledger (the error boundary says so if the output is then lost)."""

    def __init__(self) -> None:
        self.options = Options()
        self.changed = False


def options(ctx: click.Context) -> Options:
    found = ctx.find_object(Run)
    return found.options if found is not None else Options()


def load(ctx: click.Context) -> store.Loaded:
    from cpd_cli.store import ledger as store

    chosen = options(ctx)
    return store.load(chosen.path, chosen.rules)


@contextmanager
def transaction(ctx: click.Context) -> Iterator[store.Transaction]:
    """A locked read-modify-write of the ledger the options name.

    Once it saved, the context remembers it (:func:`changed`): an error after
    that, such as output that cannot be written, must not say nothing changed.
    """
    from cpd_cli.store import ledger as store

    chosen = options(ctx)
    with store.transaction(chosen.path, chosen.rules, on_wait=say_waiting) as tx:
        yield tx
    if tx.saved is not None:
        note_change(ctx)
    elif tx.unchanged:
        typer.echo(_("nothing changed: the ledger already says so"), err=True)


def note_change(ctx: click.Context) -> None:
    """Remember that this command changed the ledger (for a command that writes without :func:`transaction`)."""
    run = ctx.find_object(Run)
    if run is not None:
        run.changed = True


def say_waiting(holder: int | None) -> None:
    """Tell the person why cpd waits: another cpd holds the ledger's lock."""
    if holder is None:
        message = _("waiting for another cpd…")
    else:
        message = _("waiting for another cpd (pid {pid})…").format(pid=holder)
    click.echo(message, err=True)
