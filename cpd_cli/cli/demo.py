"""``cpd demo``: a realistic sample year, shown without touching any ledger."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from cpd_cli.i18n import _

DEMO = Path(__file__).resolve().parent.parent / "demo.toml"
DEMO_TODAY = date(2024, 11, 15)


def demo(
    explain: Annotated[bool, typer.Option("--explain", help="Show how each credit was reached.")] = False,
) -> None:
    """Show a sample year as cpd sees it; your own ledger is not read or changed.

    Example:  cpd demo --explain
    """
    from cpd_cli.cli import render
    from cpd_cli.core.plan import overview
    from cpd_cli.core.rules import load_embedded
    from cpd_cli.core.validate import validate_activities
    from cpd_cli.store import codec

    ledger = codec.loads(DEMO.read_text(encoding="utf-8"))
    pack = load_embedded()
    validate_activities(ledger.activities, pack)
    out = render.console()
    out.print(
        _("Demo: a sample ledger ({unit}), as it stood on {date}. Yours: cpd status").format(
            unit=ledger.profile.unit, date=DEMO_TODAY
        ),
        style="dim",
    )
    view = overview(ledger.activities, pack, DEMO_TODAY.year, DEMO_TODAY, sector=ledger.profile.sector, explain=explain)
    render.status(view, explain=explain, out=out)
    out.print(
        _("Start your own: cpd add training --title … --subject 公需 --hours 6   (cpd add --help lists every kind)"),
        style="dim",
    )
