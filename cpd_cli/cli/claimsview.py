"""The claim pipeline of ``cpd status``: drawn for a person, and as the ``claims`` key of its JSON."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from cpd_cli.cli.onepass import Column, Table
from cpd_cli.cli.render import console
from cpd_cli.core.claims import ClaimPlan
from cpd_cli.core.platform.pipeline import STAGES, Claims, Stage
from cpd_cli.i18n import N_plural, _
from cpd_cli.messages import hours, plural, subject_label

STAGE_TEXT = {  # the JSON keeps the English key; people read these
    "approved": lambda: _("approved (审核通过)"),
    "declared": lambda: _("declared, pending (待审核)"),
    "to_declare": lambda: _("to declare (待申报)"),
    "to_check": lambda: _("to check in 学时查询 (待核对)"),
    "rejected": lambda: _("rejected: to declare again (驳回)"),
}
TO_FINISH = N_plural(
    "declare {count} claim to finish {year} ({ids})", "declare {count} claims to finish {year} ({ids})"
)
STILL_SHORT = N_plural(
    "declare {count} claim ({ids}): even with it, {year} is still short",
    "declare all {count} claims ({ids}): even with them, {year} is still short",
)
MORE_OPTIONAL = N_plural("{count} more is optional", "{count} more are optional")


def _cell(stage: Stage) -> Text:
    if stage.activities == 0:
        return Text("—", style="dim")
    return Text(f"{hours(stage.hours)} ({stage.activities})")


def needed_line(plan: ClaimPlan) -> str | None:
    """ "declare 2 claims to finish 2024 (#6, #7); 4 more are optional" (SPEC §8.1); None when there is
    nothing left to declare."""
    ids = ", ".join(f"#{i}" for i in plan.needed)
    if plan.needed:
        forms = TO_FINISH if plan.completes else STILL_SHORT
        line = plural(forms, len(plan.needed)).format(count=len(plan.needed), year=plan.year, ids=ids)
    elif plan.optional:
        line = _("{year} is complete without another claim").format(year=plan.year)
    else:
        return None
    if plan.optional:
        line += _("; ") + plural(MORE_OPTIONAL, len(plan.optional)).format(count=len(plan.optional))
    return line


def show(found: Claims, out: Console | None = None) -> None:
    """One column a subject, one row a stage, and the platform's figure beside cpd's once reconciled;
    then which claims to declare."""
    out = out or console()
    _pipeline(found, out)
    line = needed_line(found.plan) if found.plan else None
    if line is not None:
        out.print(Text(line))


def _pipeline(found: Claims, out: Console) -> None:
    if not any(line.stage(name).activities for line in found.subjects for name in STAGES) and found.platform is None:
        return
    table = Table(
        [Column(_("claims (申报进度)")), *(Column(subject_label(line.subject), "right") for line in found.subjects)]
    )
    for name in STAGES:
        if name == "rejected" and not any(line.rejected.activities for line in found.subjects):
            continue  # shown only when the platform rejected a claim
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
