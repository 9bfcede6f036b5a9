"""The claim pipeline of ``cpd status``: drawn for a person, and as the ``claims`` key of its JSON."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from cpd_cli.cli.render import console
from cpd_cli.cli.table import Column, Table
from cpd_cli.core.platform.claims import STAGES, Claims, Stage
from cpd_cli.i18n import _
from cpd_cli.messages import hours, subject_label

STAGE_TEXT = {  # the JSON keeps the English key; people read these
    "approved": lambda: _("approved (审核通过)"),
    "declared": lambda: _("declared, pending (待审核)"),
    "to_declare": lambda: _("to declare (待申报)"),
    "to_check": lambda: _("to check in 学时查询 (待核对)"),
}


def _cell(stage: Stage) -> Text:
    if stage.activities == 0:
        return Text("—", style="dim")
    return Text(f"{hours(stage.hours)} ({stage.activities})")


def show(found: Claims, out: Console | None = None) -> None:
    """One column a subject, one row a stage, and the platform's figure beside cpd's once reconciled."""
    out = out or console()
    if not any(line.stage(name).activities for line in found.subjects for name in STAGES) and found.platform is None:
        return
    table = Table(
        [Column(_("claims (申报进度)")), *(Column(subject_label(line.subject), "right") for line in found.subjects)]
    )
    for name in STAGES:
        table.add_row(STAGE_TEXT[name](), *(_cell(line.stage(name)) for line in found.subjects))
    figure = found.platform
    if figure is not None:
        cells = []
        for line in found.subjects:
            platform, ledger = figure.platform.of(line.subject), figure.ledger.of(line.subject)
            text = _("platform {platform} · cpd {cpd}").format(platform=hours(platform), cpd=hours(ledger))
            cells.append(Text(text, style="" if platform == ledger else "yellow"))
        table.add_row(_("as of {date} (cpd reconcile)").format(date=f"{figure.as_of:%m-%d}"), *cells)
    out.print(table)
