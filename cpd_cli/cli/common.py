"""Options that several commands share, defined once."""

from __future__ import annotations

from typing import Annotated

import typer

from cpd_cli.cli import complete
from cpd_cli.core.dates import FIRST_YEAR, LAST_YEAR

YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        min=FIRST_YEAR,
        max=LAST_YEAR,
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
