"""``cpd status`` and ``cpd history``: where a year stands, and every year at a glance."""

from __future__ import annotations

from typing import Annotated

import typer

from cpd_cli.cli import context
from cpd_cli.cli.common import SinceOption, YearOption
from cpd_cli.cli.output import write_json
from cpd_cli.core.dates import is_deadline
from cpd_cli.core.plan import overview
from cpd_cli.errors import UsageError
from cpd_cli.i18n import english


def status(
    ctx: typer.Context,
    year: YearOption = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline", help="Your own deadline: a date, or a month-day like 12-15. Default: profile, else 12-31."
        ),
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show how each activity's credit was reached, step by step.")
    ] = False,
    every_year: Annotated[
        bool, typer.Option("--all", help="Every year of the window, one line each (same as cpd history).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON (see README).")] = False,
) -> None:
    """Show the year's credited public, professional and total hours, what is missing, and how fast to go.

    Example:  cpd status --year 2024 --explain
    """
    if every_year:
        history(ctx, as_json=as_json)
        return
    loaded = context.load(ctx)
    today = context.today()
    if deadline is not None and not is_deadline(deadline):
        raise UsageError(f"--deadline: {deadline!r} is not a date or a month-day like 12-15")
    view = overview(
        loaded.ledger.activities,
        loaded.pack,
        year or today.year,
        today,
        sector=loaded.ledger.profile.sector,
        deadline=deadline or loaded.ledger.profile.deadline,
        explain=explain or as_json,
    )
    from cpd_cli.core.claims import fewest_claims
    from cpd_cli.core.platform.pipeline import claims

    plan = fewest_claims(
        loaded.ledger.activities, loaded.pack, view.result.year, today=today, sector=loaded.ledger.profile.sector
    )
    pipeline = claims(view.result, plan)
    if as_json:
        from cpd_cli.cli import jsonview

        with english():
            data = jsonview.status(view)
        data["claims"] = jsonview.claims(pipeline)
        write_json(data)
        return
    from cpd_cli.cli import claimsview, render

    render.status(view, explain=explain)
    claimsview.show(pipeline)


def history(
    ctx: typer.Context,
    since: SinceOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the years as JSON.")] = False,
) -> None:
    """Every year since your current title (--since): credited hours, complete or what is short, and the sum.

    Empty years are listed too: they are the ones that delay a title application.
    The window opens at --since, else the profile's since, else the ledger's first year.

    Example:  cpd history --since 2019
    """
    from cpd_cli.core.career import career

    loaded = context.load(ctx)
    window = career(loaded.ledger, loaded.pack, context.today(), since=since)
    if as_json:
        from cpd_cli.cli import jsonview

        with english():
            data = jsonview.history(window)
        write_json(data)
        return
    from cpd_cli.cli import careerview as views
    from cpd_cli.cli.render import console

    views.history(window, console())
