"""``cpd status``: where the year stands against 30 / 60 / 90."""

from __future__ import annotations

from typing import Annotated

import typer

from cpd_cli.cli import context
from cpd_cli.core.evaluate import evaluate

YEAR_RANGE = (1900, 2100)


def status(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", min=YEAR_RANGE[0], max=YEAR_RANGE[1], help="Calendar year. Default: this year."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON (see README).")] = False,
) -> None:
    """Show the year's credited public, professional and total hours, and what is missing.

    Example:  cpd status --year 2024
    """
    loaded = context.load(ctx)
    today = context.today()
    result = evaluate(
        loaded.ledger.activities,
        loaded.pack,
        year or today.year,
        sector=loaded.ledger.profile.sector,
    )
    if as_json:
        from cpd_cli.cli import jsonview

        typer.echo(jsonview.dumps(jsonview.status(result)))
        return
    from cpd_cli.cli import render

    render.status(result, today=today)
