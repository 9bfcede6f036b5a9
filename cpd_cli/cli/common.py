"""Options that several commands share, defined once."""

from __future__ import annotations

from typing import Annotated

import typer

from cpd_cli.cli import complete
from cpd_cli.cli.paramtypes import IdType, YearType

YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        click_type=YearType(),
        help="Calendar year. Default: this year.",
        autocompletion=complete.years,
    ),
]

SinceOption = Annotated[
    int | None,
    typer.Option(
        "--since",
        click_type=YearType(),
        help="First year of the title-application window (since your current title). Default: profile, "
        "else the ledger's first year.",
        metavar="YEAR",
        show_default=False,
    ),
]

IdArgument = Annotated[
    int,
    typer.Argument(
        metavar="ID", click_type=IdType(), help="The activity's id (see cpd list).", autocompletion=complete.ids
    ),
]
