"""``cpd check``: ledger problems and whether the year is on track, as an exit code.

Exit 0 when nothing is wrong and the year is complete or on pace; 1 otherwise
(2-7 for the usual errors).  Usable from cron or a shell prompt.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from datetime import date
from typing import Annotated, NamedTuple

import typer

from cpd_cli.cli import context
from cpd_cli.cli.common import YearOption
from cpd_cli.cli.output import marks, write_json
from cpd_cli.cli.paramtypes import YearType
from cpd_cli.core.evaluate import YearResult
from cpd_cli.core.explain import SameContentOtherYearWarning
from cpd_cli.core.model import Activity, Profile, Status
from cpd_cli.core.plan import Overview, overview, year_is_over
from cpd_cli.errors import ExitCode, UsageError
from cpd_cli.export.checklist import Problem, build
from cpd_cli.i18n import _, english
from cpd_cli.messages import hours, printable, totals_line, unusable_state, warning_text
from cpd_cli.store import evidence as evidence_files

STATE_TEXT = {  # the JSON keeps the English code; people read these
    "complete": lambda: _("complete"),
    "on pace": lambda: _("on pace"),
    "make-up due": lambda: _("incomplete: make-up study (补学) is due"),
    "behind": lambda: _("behind"),
}


class Finding(NamedTuple):
    activity: int | None
    kind: str  # missing, changed, no-evidence, same-content-other-year, future-not-planned,
    # still-planned, pending-on-platform, platform-differs, rejected
    text: str


PLANNED_FOR_LONG = 2  # years after its date that a still planned activity is worth a word


def findings(view: Overview, profile: Profile, today: date, activities: Iterable[Activity] = ()) -> list[Finding]:
    """Everything wrong in the year: evidence, cross-year same content, future dates; and
    in ``activities`` (the whole ledger), what is still planned years after its date."""
    result = view.result
    titles = {item.activity.id: item.activity.title for item in result.activities}
    found = [
        Finding(p.activity, p.kind, evidence_problem(p, titles[p.activity])) for p in build(result, profile).problems
    ]
    for warning in result.warnings:
        if isinstance(warning, SameContentOtherYearWarning):
            found.append(Finding(warning.activity, "same-content-other-year", warning_text(warning, result.year)))
    for item in result.activities:
        activity = item.activity
        if activity.date > today and activity.status is not Status.PLANNED:
            found.append(
                Finding(
                    activity.id,
                    "future-not-planned",
                    _("#{id} {title}: dated {date}, in the future, but not planned").format(
                        id=activity.id, title=printable(activity.title), date=activity.date
                    ),
                )
            )
    for activity in sorted(activities, key=lambda a: a.sort_key):
        if activity.status is Status.PLANNED and years_since(activity.date, today) >= PLANNED_FOR_LONG:
            found.append(
                Finding(
                    activity.id,
                    "still-planned",
                    _(
                        "#{id} {title}: dated {date} and still planned; mark it done (cpd mark {id} done) or remove it"
                    ).format(id=activity.id, title=printable(activity.title), date=activity.date),
                )
            )
    return found + platform_findings(result)


def platform_findings(result: YearResult) -> list[Finding]:
    """What the last reconcile left open: claims still pending there, figures that differ from cpd's."""
    found = []
    for item in result.activities:
        activity = item.activity
        if activity.status is Status.REJECTED and item.route == "self":
            found.append(Finding(activity.id, "rejected", rejected_text(activity)))
        if activity.platform_as_of is None:
            continue
        if activity.status is Status.DECLARED and activity.platform_status is Status.DECLARED:
            found.append(
                Finding(
                    activity.id,
                    "pending-on-platform",
                    _(
                        "#{id} {title}: still pending (待审核) on the platform on {date}; ask your unit to review it"
                    ).format(id=activity.id, title=printable(activity.title), date=activity.platform_as_of),
                )
            )
        figure = activity.platform_hours
        if figure is not None and activity.platform_status is not Status.REJECTED and figure != item.credited:
            found.append(
                Finding(
                    activity.id,
                    "platform-differs",
                    _("#{id} {title}: the platform shows {platform} 学时, cpd credits {cpd}").format(
                        id=activity.id,
                        title=printable(activity.title),
                        platform=hours(figure),
                        cpd=hours(item.credited),
                    ),
                )
            )
    return found


def rejected_text(activity: Activity) -> str:
    """A rejected claim is to be fixed and declared again (SPEC §8.1)."""
    if activity.platform_as_of is not None:
        return _(
            "#{id} {title}: rejected (驳回) on the platform on {date}; fix it and declare it again"
            " (cpd mark {id} declared)"
        ).format(id=activity.id, title=printable(activity.title), date=activity.platform_as_of)
    return _("#{id} {title}: rejected (驳回); fix it and declare it again (cpd mark {id} declared)").format(
        id=activity.id, title=printable(activity.title)
    )


def years_since(then: date, today: date) -> int:
    """Whole years from ``then`` to ``today`` (a birthday count: 2022-05-01 → 2024-05-01 is 2)."""
    return today.year - then.year - ((today.month, today.day) < (then.month, then.day))


def evidence_problem(problem: Problem, title: str) -> str:
    """One evidence problem, the activity named by its id and its title."""
    named = {"id": problem.activity, "title": printable(title)}
    if problem.kind == "missing":
        unusable = evidence_files.unusable(problem.path or "")  # opened, not read: why it is missing
        if unusable is not None and unusable.problem != "missing":
            return _("#{id} {title}: evidence file {path} {state}").format(
                **named, path=problem.path, state=unusable_state(unusable.problem, unusable.reason)
            )
        return _("#{id} {title}: evidence file missing: {path}").format(**named, path=problem.path)
    if problem.kind == "changed":
        return _("#{id} {title}: evidence file changed since it was attached: {path}").format(
            **named, path=problem.path
        )
    return _("#{id} {title}: no evidence file; the platform asks for 佐证材料").format(**named)


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
    with english() if as_json else nullcontext(), evidence_files.rehashing(rehash):
        found = findings(view, profile, today, loaded.ledger.activities)
    result = view.result
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
                "problems": [{"id": f.activity, "kind": f.kind, "text": f.text} for f in found],
            }
        )
    elif not quiet:
        done, failed = marks()
        for finding in found:
            typer.echo(f"{failed} {finding.text}")
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
        from cpd_cli.cli import career as views

        for line in views.check_lines(window, *marks()):
            typer.echo(line)
    if window.incomplete:
        raise typer.Exit(int(ExitCode.PROBLEMS))
