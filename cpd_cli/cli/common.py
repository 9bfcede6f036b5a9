"""Options that several commands share, defined once."""

from __future__ import annotations

from typing import Annotated

import typer

from cpd_cli.cli import complete

YEAR_RANGE = (1900, 2100)

YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        min=YEAR_RANGE[0],
        max=YEAR_RANGE[1],
        help="Calendar year. Default: this year.",
        autocompletion=complete.years,
    ),
]

SinceOption = Annotated[
    int | None,
    typer.Option(
        "--since",
        help="First year of the title-application window (since your current title). Default: profile, "
        "else the ledger's first year.",
        metavar="YEAR",
        show_default=False,
    ),
]
