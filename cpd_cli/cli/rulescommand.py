"""``cpd rules``: the active rule pack as a table, one article's words, or a pack file checked."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, assert_never

import typer

from cpd_cli.cli import complete, context
from cpd_cli.cli.output import marks, write_json
from cpd_cli.core.model import Subject
from cpd_cli.core.rulemodel import PerItem, PerItemBy, Points, Rule, Time, TimeFactor
from cpd_cli.core.rules import RulePack, cited, cited_articles
from cpd_cli.errors import ExitCode, RulesError, UsageError
from cpd_cli.i18n import N_, N_plural, _, english, language, listed
from cpd_cli.messages import (
    cap_text,
    credit_text,
    credit_text_short,
    decision_text,
    hours,
    plural,
    route_text,
    subject_short,
    subject_text,
)


def rules(
    ctx: typer.Context,
    show: Annotated[
        str | None,
        typer.Option(
            "--show", metavar="ARTICLE", help="Print one article's words, e.g. 9(3).", autocompletion=complete.articles
        ),
    ] = None,
    validate: Annotated[
        Path | None,
        typer.Option("--validate", metavar="FILE", help="Check a rule pack file and run its worked cases."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the pack as JSON.")] = False,
) -> None:
    """Show the active rule pack: article, kind, subject, credit and cap of every rule.

    Example:  cpd rules --show "9(3)"
    """
    if validate is not None:
        _validate(validate)
        return
    pack = context.load(ctx).pack
    if show is not None:
        _show(pack, show)
        return
    if as_json:
        with english():
            data = pack_data(pack)
        write_json(data)
        return
    from rich.text import Text

    from cpd_cli.cli.onepass import Column, Table
    from cpd_cli.cli.render import console

    out = console()
    out.print(Text(f"{pack.id}: {pack.title}", style="bold"))
    month, day = pack.deadline_month_day
    out.print(
        _("{document} · effective {date} · deadline {month:02d}-{day:02d} each year").format(
            document=pack.document, date=pack.effective_from, month=month, day=day
        )
    )
    req, units = pack.requirement, pack.units
    out.print(
        _(
            "Art. {article}: at least {total} 学时 a year, {public} 公需 public and {professional} 专业 professional. "
            "Art. {units_article}: 1 学时 = {minutes} min, 1 day = {day}; cut down to {step}."
        ).format(
            article=req.article,
            total=hours(req.total),
            public=hours(req.public),
            professional=hours(req.professional),
            units_article=units.article,
            minutes=hours(units.minutes_per_hour),
            day=hours(units.hours_per_day),
            step=hours(units.round_down_to),
        )
    )
    # cpd's table: the Chinese names fold; kinds and the credit's words are never broken inside.
    table = Table(
        [Column(_("article")), Column(_("kind")), Column(_("name"), fold=True), Column("科目"), Column(_("credit")),
         Column(_("cap"), "right")]
    )  # fmt: skip
    for rule in pack.rules:
        table.add_row(
            rule.article,
            rule.kind,
            Text(rule.name_zh),
            _("given") if rule.subject_is_given else subject_short(Subject(rule.subject)),
            Text(credit_text_short(rule, with_values=True)),
            hours(rule.cap) if rule.cap is not None else "—",
        )
    out.print(table)
    out.print(_("cpd rules --show ARTICLE prints an article's words and cpd's reading of it."))


TOPICS = {  # what each general article of a pack is about
    "requirement": N_("the yearly requirement"),
    "units": N_("units of study time"),
    "validity": N_("one year's validity, and the same content counted once"),
    "routes": N_("who registers the hours"),
    "makeup": N_("make-up study (补学)"),
    "sectors": N_("sectors with rules of their own"),
}


def _show(pack: RulePack, article: str) -> None:
    found = cited(pack, article)
    if not found.articles and not found.rules:
        raise UsageError(
            _("--show: no article {article!r} in {pack} (known: {known})").format(
                article=article, pack=pack.id, known=listed(cited_articles(pack))
            )
        )
    for general in found.articles:
        typer.echo(
            _("{document} Art. {article} — {topic}").format(
                document=pack.document, article=general.article, topic=_(TOPICS[general.topic])
            )
        )
        if general.text:
            typer.echo(f"“{general.text}”")
        decision = general.decision_zh if language() == "zh" and general.decision_zh else general.decision
        if decision:
            typer.echo(_("cpd's reading: {decision}").format(decision=decision))
    for rule in found.rules:
        if language() == "zh":  # the rule's English name is for English readers
            heading = _("{document} Art. {article} — {name_zh}; kind: {kind}")
        else:
            heading = _("{document} Art. {article} — {name_zh} ({name_en}); kind: {kind}")
        typer.echo(
            heading.format(
                document=pack.document, article=rule.article, name_zh=rule.name_zh, name_en=rule.name_en, kind=rule.kind
            )
        )
        typer.echo(f"“{rule.text}”")
        typer.echo(
            _("Credit: {credit}; {cap}. Subject: {subject}. Route: {route}.").format(
                credit=credit_text(rule, pack),
                cap=cap_text(rule),
                subject=subject_text(rule),
                route=route_text(rule.route),
            )
        )
        if rule.decision:
            typer.echo(_("cpd's reading: {decision}").format(decision=decision_text(rule)))


SHOWN_FAILURES = 10  # failing checks listed by rules --validate; the rest are counted
CASES_FAIL = N_plural(
    "{path}: {count:,} of {cases:,} worked case fails", "{path}: {count:,} of {cases:,} worked cases fail"
)


def _validate(path: Path) -> None:
    from cpd_cli.core.evaluate import evaluate
    from cpd_cli.core.validate import validate_activities
    from cpd_cli.errors import LedgerError
    from cpd_cli.store import codec
    from cpd_cli.store.ledger import load_pack

    pack = load_pack(path)
    failures: list[tuple[int, str]] = []  # (case number, what failed), in the pack's order
    for number, case in enumerate(pack.cases):
        try:
            activities = [codec.activity_from_table(dict(entry), i) for i, entry in enumerate(case.activities)]
            validate_activities(activities, pack)
        except LedgerError as error:
            failures.append((number, f"case {case.name!r}: {error}"))
            continue
        result = evaluate(activities, pack, case.year)
        got = {item.activity.id: item.credited for item in result.activities}
        for activity_id, expected in case.credited.items():
            if got.get(activity_id) != expected:
                failures.append(
                    (number, f"case {case.name!r}: #{activity_id} expected {expected}, got {got.get(activity_id)}")
                )
        for key, expected in case.totals.items():
            actual = getattr(result.credited, key, None)
            if actual != expected:
                failures.append((number, f"case {case.name!r}: {key} expected {expected}, got {actual}"))
    if failures:
        failed = marks(sys.stderr)[1]
        for _case, line in failures[:SHOWN_FAILURES]:
            typer.echo(f"{failed} {line}", err=True)
        if len(failures) > SHOWN_FAILURES:
            typer.echo(_("… and {count:,} more").format(count=len(failures) - SHOWN_FAILURES), err=True)
        raise RulesError(
            plural(CASES_FAIL, len(pack.cases)).format(
                path=path, count=len({number for number, _line in failures}), cases=len(pack.cases)
            )
        )
    typer.echo(
        _("{path}: valid rule pack {pack!r}: {rules} rules, {cases} worked cases pass").format(
            path=path, pack=pack.id, rules=len(pack.rules), cases=len(pack.cases)
        )
    )
    raise typer.Exit(int(ExitCode.OK))


def _rates(rule: Rule) -> dict[str, Any]:
    """The JSON's ``rates`` and ``rate``: what a per-item basis gives, null for the others."""
    from cpd_cli.jsonutil import number

    match rule.basis:
        case PerItemBy(rates=rates):
            return {"rates": {key: number(value) for key, value in rates.items()}, "rate": None}
        case PerItem(rate=rate):
            return {"rates": None, "rate": number(rate)}
        case Time() | TimeFactor() | Points():
            return {"rates": None, "rate": None}
        case _:
            assert_never(rule.basis)


def pack_data(pack: RulePack) -> dict[str, Any]:
    from cpd_cli.jsonutil import number

    return {
        "id": pack.id,
        "title": pack.title,
        "document": pack.document,
        "effective_from": pack.effective_from.isoformat(),
        "requirement": {
            "total": number(pack.requirement.total),
            "public": number(pack.requirement.public),
            "professional": number(pack.requirement.professional),
            "article": pack.requirement.article,
        },
        "rules": [
            {
                "article": rule.article,
                "kind": rule.kind,
                "name_zh": rule.name_zh,
                "name_en": rule.name_en,
                "subject": rule.subject,
                "basis": rule.basis.code,
                "credit": credit_text(rule, pack),
                **_rates(rule),
                "cap": number(rule.cap) if rule.cap is not None else None,
                "route": rule.route,
                "requires": list(rule.requires),
                "units": list(rule.units) if rule.uses_time else None,
                "text": rule.text,
                "decision": rule.decision,
                "decision_zh": rule.decision_zh,
            }
            for rule in pack.rules
        ],
        "articles": [
            {
                "article": article.article,
                "topic": article.topic,
                "text": article.text,
                "decision": article.decision or None,
                "decision_zh": article.decision_zh or None,
            }
            for article in pack.articles
        ],
        "decisions": _decisions(pack),
    }


def _decisions(pack: RulePack) -> list[dict[str, str]]:
    """Every reading cpd took where the Rules leave a choice, with the article it reads."""
    found = [{"article": item.article, "decision": item.decision} for item in pack.articles if item.decision]
    if pack.allocation_decision:
        found.append({"article": "", "decision": pack.allocation_decision})
    for rule in pack.rules:
        if rule.decision:
            found.append({"article": rule.article, "kind": rule.kind, "decision": rule.decision})
    return found
