"""``cpd check``: ledger problems and whether the year is on track, as an exit code.

Exit 0 when nothing is wrong and the year is complete or on pace; 1 otherwise
(2-7 for the usual errors).  Usable from cron or a shell prompt.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Annotated

import typer

from cpd_cli.cli import context
from cpd_cli.cli.common import YearOption
from cpd_cli.cli.output import marks, write_json
from cpd_cli.cli.paramtypes import YearType
from cpd_cli.core.findings import findings
from cpd_cli.core.plan import overview, year_is_over
from cpd_cli.errors import ExitCode, UsageError
from cpd_cli.export.checklist import build
from cpd_cli.i18n import _, english
from cpd_cli.messages import totals_line
from cpd_cli.messages.checkwords import finding_text
from cpd_cli.store import evidence as evidence_files

STATE_TEXT = {  # the JSON keeps the English code; people read these
    "complete": lambda: _("complete"),
    "on pace": lambda: _("on pace"),
    "make-up due": lambda: _("incomplete: make-up study (补学) is due"),
    "behind": lambda: _("behind"),
}


def check(
    ctx: typer.Context,
    year: YearOption = None,
    since: Annotated[
        int | None,
        typer.Option(
            "--since",
            click_type=YearType(),
            help="Check every year from YEAR to this one instead: exit 1 when one is incomplete (make-up due).",
            metavar="YEAR",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit code tells.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    rehash: Annotated[
        bool,
        typer.Option(
            "--rehash",
            help="Hash every evidence file again, even one whose size and modification time are as recorded.",
        ),
    ] = False,
) -> None:
    """Check the ledger and the year: exit 0 if all is well and the year is complete or on pace, else 1.

    Example:  cpd check --quiet || echo "继续教育学时: behind"
    """
    if since is not None:
        if year is not None:
            raise UsageError(_("give --year or --since, not both"))
        check_window(ctx, since, quiet=quiet, as_json=as_json)
        return
    loaded = context.load(ctx)
    today = context.today()
    profile = loaded.ledger.profile
    view = overview(
        loaded.ledger.activities,
        loaded.pack,
        year or today.year,
        today,
        sector=profile.sector,
        deadline=profile.deadline,
    )
    result = view.result
    with english() if as_json else nullcontext(), evidence_files.rehashing(rehash):
        found = findings(
            result, today, loaded.ledger.activities, build(result, profile).problems, evidence_files.unusable
        )
        texts = [finding_text(finding) for finding in found]
    if result.complete:
        state = "complete"
    elif view.on_pace:
        state = "on pace"
    elif year_is_over(result, today):  # not at a unit's earlier internal date: the year runs to its end
        state = "make-up due"
    else:
        state = "behind"
    well = not found and (result.complete or view.on_pace)
    if as_json:
        write_json(
            {
                "year": result.year,
                "ok": well,
                "state": state,
                "complete": result.complete,
                "on_pace": view.on_pace,
                "problems": [
                    {"id": f.activity, "kind": f.kind, "text": text} for f, text in zip(found, texts, strict=True)
                ],
            }
        )
    elif not quiet:
        done, failed = marks()
        for text in texts:
            typer.echo(f"{failed} {text}")
        mark = done if result.complete or view.on_pace else failed  # the year's own state; findings have theirs
        line = _("{year}: {state} — {totals}").format(
            year=result.year, state=STATE_TEXT[state](), totals=totals_line(result.credited, result.required)
        )
        typer.echo(f"{mark} {line}")
    if not well:
        raise typer.Exit(int(ExitCode.PROBLEMS))


def check_window(ctx: typer.Context, since: int, *, quiet: bool, as_json: bool) -> None:
    """``check --since``: exit 1 when a year of the window is incomplete, naming each and what it lacks."""
    from cpd_cli.core.career import career

    loaded = context.load(ctx)
    window = career(loaded.ledger, loaded.pack, context.today(), since=since)
    if as_json:
        from cpd_cli.cli import jsonview

        with english():
            data = jsonview.check_window(window)
        write_json(data)
    elif not quiet:
        from cpd_cli.cli import careerview as views

        for line in views.check_lines(window, *marks()):
            typer.echo(line)
    if window.incomplete:
        raise typer.Exit(int(ExitCode.PROBLEMS))
