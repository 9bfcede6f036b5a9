"""What every command needs from the global options, resolved at run time."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import typer

from cpd_cli.store.paths import ledger_path

if TYPE_CHECKING:  # the store is imported when a command needs it, not when cpd starts
    from contextlib import AbstractContextManager

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


def options(ctx: typer.Context) -> Options:
    found = ctx.find_object(Options)
    return found if found is not None else Options()


def load(ctx: typer.Context) -> store.Loaded:
    from cpd_cli.store import ledger as store

    chosen = options(ctx)
    return store.load(chosen.path, chosen.rules)


def transaction(ctx: typer.Context) -> AbstractContextManager[store.Transaction]:
    """A locked read-modify-write of the ledger the options name."""
    from cpd_cli.store import ledger as store

    chosen = options(ctx)
    return store.transaction(chosen.path, chosen.rules)
