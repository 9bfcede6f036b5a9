"""``cpd add KIND``: one subcommand per kind of the rule pack, each quoting its rule."""

from __future__ import annotations

import inspect
from typing import Any

import typer

from cpd_cli.cli import context, fields
from cpd_cli.cli.output import write_json
from cpd_cli.core import edits, vocabulary
from cpd_cli.core.model import TIME_FIELDS, Activity
from cpd_cli.core.plan import credits_by_id
from cpd_cli.core.rules import Rule, RulePack, load_embedded
from cpd_cli.i18n import _, english
from cpd_cli.messages import cap_text, credit_text, decision_text, result_line, subject_text

CONTEXT = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)


def build(pack: RulePack | None = None) -> typer.Typer:
    """The ``add`` group, built from the pack's rules: the active pack's (see
    :mod:`cpd_cli.cli.activepack`), so each of its kinds can be recorded."""
    pack = pack or load_embedded()
    group = typer.Typer(
        rich_markup_mode=None,
        add_completion=False,
        help=_("Record an activity: cpd add KIND …; each kind's --help quotes its rule.")
        + "\n\n"
        + _("Example:  {example}").format(example=example(pack.rules[0])),
        no_args_is_help=True,
    )
    for rule in pack.rules:
        group.command(
            rule.kind, help=help_text(rule, pack), short_help=f"{rule.article} {rule.name_zh} — {rule.name_en}"
        )(command_for(rule))
    return group


def example(rule: Rule) -> str:
    parts = [f"cpd add {rule.kind} --title '…' --date 2024-05-10"]
    if rule.subject_is_given:
        parts.append("--subject professional")
    if rule.uses_time:
        preferred = "minutes" if rule.basis == "time-factor" else "hours"
        unit = preferred if preferred in rule.units else rule.units[0]
        parts.append({"hours": "--hours 6", "minutes": "--minutes 90", "days": "--days 1"}[unit])
    if rule.basis == "per-item-by" and rule.by:
        parts.append(f"--{rule.by} {next(iter(rule.rates))}")
    if rule.basis == "points":
        parts.append("--points 3500")
    parts.append("--evidence proof.pdf")
    return " ".join(parts)


def help_text(rule: Rule, pack: RulePack) -> str:
    lines = [
        _("Add {name_en} ({name_zh}), {document} Art. {article}.").format(
            name_en=rule.name_en, name_zh=rule.name_zh, document=pack.document, article=rule.article
        ),
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


def command_for(rule: Rule) -> Any:
    def add_kind(ctx: typer.Context, **options: Any) -> None:
        add(ctx, rule, options)

    specs = [*fields.COMMON, *fields.kind_specs(rule), fields.AS_JSON]
    return fields.with_signature(add_kind, specs, leading=[CONTEXT])


def add(ctx: typer.Context, rule: Rule, options: dict[str, Any]) -> None:
    options = dict(options)
    options["title"] = fields.require(options.get("title"), "--title", _("Title (课程名称)"))
    if rule.subject_is_given:
        options["subject"] = fields.require(
            options.get("subject"), "--subject", _("Subject: public (公需) or professional (专业)")
        )
    if rule.uses_time and not any(options.get(name) for name in TIME_FIELDS):
        options["hours"] = fields.require(None, "--hours, --minutes or --days", _("学时"))
    if rule.basis == "per-item-by" and rule.by:
        options[rule.by] = fields.require(
            options.get(rule.by),
            f"--{rule.by}",
            f"{rule.by.capitalize()}: {fields.choices_text(vocabulary.rule_choices(rule))}",
        )
    if rule.basis == "points":
        options["points"] = fields.require(options.get("points"), "--points", _("学习强国 points"))
    given = fields.parse(options, rule, allow_missing=options.get("allow_missing", False))
    new_evidence = given.pop("evidence_new", [])
    with context.transaction(ctx) as tx:
        ledger = tx.ledger
        activity = Activity(
            id=edits.next_id(ledger),
            kind=rule.kind,
            title=given.pop("title"),
            date=given.pop("date", None) or context.today(),
            **given,
        )
        activity = fields.with_evidence(activity, new_evidence)
        fields.check_against_pack(activity, tx.loaded.pack, {a.id for a in ledger.activities} | {activity.id})
        changed = edits.add(ledger, activity)
        tx.save(changed, action="add", summary=f"add #{activity.id} {activity.kind} “{activity.title}”")
        item = credits_by_id(changed, tx.loaded.pack, [activity.year])[activity.id]
    if options.get("as_json"):
        from cpd_cli.cli import jsonview

        with english():
            data = jsonview.activity_result(item)
        write_json(data)
        return
    typer.echo(result_line(item))
    for path_text in activity.evidence:
        typer.echo("  " + _("evidence: {path}").format(path=path_text))
