"""``cpd add KIND``: one subcommand per kind of the rule pack, each quoting its rule.

The commands are built in :mod:`cpd_cli.cli.packcommands`; here are their help and their body.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, assert_never

import click
import typer

from cpd_cli.cli import activityinput, context
from cpd_cli.cli.output import write_json
from cpd_cli.core import edits, vocabulary
from cpd_cli.core.model import TIME_FIELDS, Activity, Status
from cpd_cli.core.plan import credits_by_id, knock_on
from cpd_cli.core.rulemodel import PerItem, PerItemBy, Points, Time, TimeFactor
from cpd_cli.core.rules import Rule, RulePack
from cpd_cli.core.typed import choices_text, time_answer
from cpd_cli.i18n import _, english, language
from cpd_cli.messages import (
    cap_text,
    credit_text,
    decision_text,
    kind_heading,
    knock_on_line,
    printable,
    result_line,
    subject_text,
)


def example(rule: Rule) -> str:
    parts = [f'cpd add {rule.kind} --title "…" --date 2024-05-10']  # double quotes: sh and cmd both take them
    if rule.subject_is_given:
        parts.append("--subject professional")
    match rule.basis:
        case Time():
            parts.append(_time_example(rule, "hours"))
        case TimeFactor():
            parts.append(_time_example(rule, "minutes"))
        case PerItem():
            pass
        case PerItemBy(by=by, rates=rates):
            parts.append(f"--{by} {next(iter(rates))}")
        case Points():
            parts.append("--points 3500")
        case _:
            assert_never(rule.basis)
    parts.append("--evidence proof.pdf")
    return " ".join(parts)


def _time_example(rule: Rule, preferred: str) -> str:
    unit = preferred if preferred in rule.units else rule.units[0]
    return {"hours": "--hours 6", "minutes": "--minutes 90", "days": "--days 1"}[unit]


def _basis_option(rule: Rule) -> str | None:
    """The option besides time that the rule's basis needs: its choice field, or points."""
    match rule.basis:
        case PerItemBy(by=by):
            return by
        case Points():
            return "points"
        case Time() | TimeFactor() | PerItem():
            return None
        case _:
            assert_never(rule.basis)


def help_text(rule: Rule, pack: RulePack) -> str:
    lines = [
        kind_heading(rule, pack),
        "",
        _("Credit: {credit}; {cap}. Subject: {subject}.").format(
            credit=credit_text(rule, pack), cap=cap_text(rule), subject=subject_text(rule)
        ),
        "",
        f"“{rule.text}”",
    ]
    if rule.decision:
        lines += ["", _("cpd's reading: {decision}").format(decision=decision_text(rule))]
    lines += ["", _("Example:  {example}").format(example=example(rule))]
    return "\n".join(lines)


def add(ctx: click.Context, rule: Rule, options: dict[str, Any]) -> None:
    options = dict(options)
    asked = ask_missing(rule, options)
    given = activityinput.model_fields(options, rule, allow_missing=options.get("allow_missing", False))
    new_evidence = given.pop("evidence_new", [])
    dated = given.pop("date", None)
    today = context.today()
    when = dated or today
    planned_by_date = when > today and "status" not in given  # SPEC §8.1: a future date is a plan
    if planned_by_date:
        given["status"] = Status.PLANNED
    spanned = "start" not in given and days_span_start(given.get("days"), when)
    if spanned:
        given["start"] = spanned
    if asked:  # before the ledger is locked: the person may take their time to answer
        confirm(rule, given["title"], when)
    with context.transaction(ctx) as tx:
        ledger = tx.ledger
        activity = Activity(id=edits.next_id(ledger), kind=rule.kind, title=given.pop("title"), date=when, **given)
        activity = activityinput.with_evidence(activity, new_evidence)
        activityinput.check_against_pack(activity, tx.loaded.pack, {a.id for a in ledger.activities} | {activity.id})
        changed = edits.add(ledger, activity)
        tx.save(
            changed,
            action="add",
            summary=_("add #{id} {kind} “{title}”").format(id=activity.id, kind=activity.kind, title=activity.title),
        )
        item = credits_by_id(changed, tx.loaded.pack, [activity.year], today=today)[activity.id]
        moved = knock_on(ledger, changed, tx.loaded.pack, [activity.year], activity.id, today=today)
    if options.get("as_json"):
        from cpd_cli.cli import jsonview

        with english():
            data = jsonview.activity_result(item)
        write_json(data)
        return
    if dated is None:
        typer.echo(_("no --date given: dated today, {date}").format(date=activity.date), err=True)
    typer.echo(result_line(item))
    if spanned:
        typer.echo("  " + _("{days} days ending {date}: start {start}").format(
            days=activity.days, date=activity.date, start=activity.start))  # fmt: skip
    if planned_by_date:
        typer.echo("  " + _("dated after today: recorded as planned; cpd mark {id} done once it is").format(
            id=activity.id))  # fmt: skip
    for old, new in moved:
        typer.echo("  " + knock_on_line(old, new))
    for path_text in activity.evidence:
        typer.echo("  " + _("evidence: {path}").format(path=path_text))


def days_span_start(days: Decimal | None, end: date) -> date | None:
    """SPEC §8.1: N days (N ≥ 1) with no start ran the N days ending on ``end``, part days rounded up;
    None when that is the one day ``end`` itself, or no days are given."""
    if days is None or days < 1:
        return None
    before = math.ceil(days) - 1
    return end - timedelta(days=before) if before else None


def ask_missing(rule: Rule, options: dict[str, Any]) -> bool:
    """Fill in ``options`` the rule needs and the command line left out: asked for at a
    terminal, each answer taken as its option's value is (so checked as it is given);
    without one, a missing required option is an error.  True if anything was asked."""
    interactive = activityinput.interactive()
    needed = _basis_option(rule)
    asked = interactive and not all(
        [
            options.get("title") is not None,
            options.get("date") is not None,
            not rule.subject_is_given or options.get("subject") is not None,
            not rule.uses_time or any(options.get(name) is not None for name in TIME_FIELDS),
            needed is None or options.get(needed) is not None,
        ]
    )
    options["title"] = activityinput.require(
        options.get("title"), "--title", _("Title (课程名称)"), activityinput.answer_to("title")
    )
    if interactive and options.get("date") is None:
        options["date"] = activityinput.ask(
            _("Date (日期), e.g. 2024-03-15"), activityinput.answer_to("date"), default=context.today().isoformat()
        )
    if rule.subject_is_given:
        options["subject"] = activityinput.require(
            options.get("subject"),
            "--subject",
            _("Subject: public (公需) or professional (专业)"),
            activityinput.answer_to("subject"),
        )
    if rule.uses_time and not any(options.get(name) is not None for name in TIME_FIELDS):
        field, amount = activityinput.require(
            None, "--hours, --minutes or --days", _("学时 (or minutes, days: 90 min, 2 days)"), time_answer
        )
        options[field] = amount
    days, end = options.get("days"), options.get("date")
    if interactive and days is not None and options.get("start") is None and end is not None:
        first = days_span_start(days, end)
        if first is not None:  # a multi-day activity: when did it start?
            options["start"] = activityinput.ask(
                _("Start date (开始时间) of these {days} days").format(days=days),
                activityinput.answer_to("start"),
                default=first.isoformat(),
            )
    match rule.basis:
        case PerItemBy(by=by) as choice:
            options[by] = activityinput.require(
                options.get(by),
                f"--{by}",
                choice_question(by, vocabulary.rule_choices(choice)),
                activityinput.answer_to(by, rule),
            )
        case Points():
            options["points"] = activityinput.require(
                options.get("points"), "--points", _("学习强国 points"), activityinput.answer_to("points")
            )
        case Time() | TimeFactor() | PerItem():
            pass
        case _:
            assert_never(rule.basis)
    return asked


def choice_question(field: str, terms: Sequence[vocabulary.Term]) -> str:
    """ "Level (级别): junior (初级) | …"; in Chinese the Chinese words, which are accepted too."""
    questions = {"level": _("Level (级别)"), "role": _("Role (角色)"), "type": _("Type (类型)")}
    if language() == "zh" and all(term.zh for term in terms):
        return f"{questions.get(field, field)}（{' | '.join(term.zh for term in terms)}）"
    return f"{questions.get(field, field)}: {choices_text(terms)}"


def confirm(rule: Rule, title: str, when: date) -> None:
    """At a terminal, after the questions: the date and the year it counts toward, to confirm."""
    typer.confirm(
        _("Add {kind} “{title}”, dated {date}, counting toward {year}?").format(
            kind=rule.kind, title=printable(title), date=when, year=when.year
        ),
        default=True,
        abort=True,
        prompt_suffix=activityinput.prompt_suffix(),
    )
