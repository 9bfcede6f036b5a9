"""The commands built from the rule pack: ``cpd add KIND``, one per kind, and ``cpd edit``.

Their options depend on the pack: the kinds, the time units a kind may use, the
values a kind rates.  So they are built when cpd runs, from the field table
(:mod:`cpd_cli.core.fields`), with click's public API for a command whose
parameters are data: ``Command(name, params=[Option(...)], callback=...)``.
Each option's help and placeholder are looked up in the chosen language here;
the commands' bodies are :func:`cpd_cli.cli.add.add` and :func:`cpd_cli.cli.change.edit`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, assert_never

import click
import typer.core
from typer.core import TyperGroup

from cpd_cli.cli import complete, helpformat
from cpd_cli.cli.paramtypes import FieldParam, IdType
from cpd_cli.core import vocabulary
from cpd_cli.core.fields import BY_NAME, DETAIL_FIELDS, UNSETTABLE
from cpd_cli.core.fieldtypes import Paths
from cpd_cli.core.model import CHOICE_FIELDS, TIME_FIELDS
from cpd_cli.core.rulemodel import PerItem, PerItemBy, Points, Time, TimeFactor
from cpd_cli.core.rules import Rule, RulePack, embedded_pack_ids, load_embedded
from cpd_cli.core.typed import choices_text
from cpd_cli.i18n import N_, _, listed


def flag(flag: str, *, help: str, name: str) -> click.Option:
    """An option that is given or not."""
    return click.Option([flag, name], is_flag=True, default=False, help=_(help))


def either(flags: str, *, help: str, name: str) -> click.Option:
    """An option given one way, the other, or not at all (None)."""
    return click.Option([flags, name], default=None, help=_(help), show_default=False)


def option(name: str, rule: Rule | None = None, help: str | None = None) -> click.Option:
    """The option for the field ``name``, as the field table describes it: its value taken,
    completed and named by the field's type (:class:`~cpd_cli.cli.paramtypes.FieldParam`)."""
    field = BY_NAME[name]
    short = (field.short,) if field.short else ()
    return click.Option(
        [field.option, *short, name],
        type=FieldParam(field, rule),
        multiple=isinstance(field.type, Paths),  # --evidence: repeat it for more files
        help=help if help is not None else _(field.help),
        show_default=False,
    )


def choice_option(name: str, rule: Rule | None, pack: RulePack | None = None) -> click.Option:
    """--level, --role or --type: the values ``rule`` rates, or, without a rule, every kind's values in ``pack``."""
    if rule is not None and rule.choice is not None:
        known = choices_text(vocabulary.rule_choices(rule.choice))
    else:
        groups = vocabulary.choice_groups(pack or load_embedded(), name)
        known = "; ".join(f"{', '.join(kinds)}: {choices_text(terms)}" for kinds, terms in groups)
    return option(name, rule, help=f"{known}.")


def as_json() -> click.Option:
    return flag("--json", help="Print the result as JSON.", name="as_json")


def common() -> list[click.Option]:
    """The options every activity has, ``add``'s and ``edit``'s alike."""
    return [
        *(option(name) for name in ("title", "date", "start", "evidence")),
        flag("--allow-missing", help="Record evidence paths that do not exist (yet).", name="allow_missing"),
        *(option(name) for name in ("same_as", "makeup_for", "status", "note", *DETAIL_FIELDS)),
    ]


def kind_options(rule: Rule) -> list[click.Option]:
    """The options a kind's rule uses, in the order help shows them."""
    options: list[click.Option] = []
    if rule.subject_is_given:
        options.append(option("subject"))
    if rule.uses_time:
        options += [option(name) for name in TIME_FIELDS if name in rule.units]  # the units the pack lets it use
    match rule.basis:
        case PerItemBy(by=by):
            options.append(choice_option(by, rule))
        case Points():
            options.append(option("points"))
        case Time() | TimeFactor() | PerItem():
            pass
        case _:
            assert_never(rule.basis)
    if "passed" in rule.requires:
        options.append(flag("--not-passed", help="The assessment was not passed (earns 0).", name="not_passed"))
    if "core" in rule.requires:
        options.append(flag("--not-core", help="Not a core journal (earns 0).", name="not_core"))
    return options


# ---------------------------------------------------------------- add KIND


class KindGroup(TyperGroup):
    """``add``'s kinds, one per rule of the active pack.  A kind that only another
    shipped pack has is named as such, rather than as an unknown command."""

    context_class = helpformat.Context

    def __init__(self, pack: RulePack, **attrs: Any) -> None:
        # click's plain help (Typer's Rich help would load Rich's markdown); click suggests close names already
        super().__init__(rich_markup_mode=None, suggest_commands=False, **attrs)
        self.pack_id = pack.id

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            others = [
                other
                for other in embedded_pack_ids()
                if other != self.pack_id and any(rule.kind == name for rule in load_embedded(other).rules)
            ]
            if others:
                raise click.UsageError(
                    _(
                        "rule pack {pack} has no kind '{kind}' ({others} has); "
                        "choose the pack with --rules or cpd profile set rules"
                    ).format(pack=self.pack_id, kind=name, others=listed(others)),
                    ctx,
                )
        return super().resolve_command(ctx, args)


def add_group(pack: RulePack | None = None) -> click.Group:
    """The ``add`` group, built from the pack's rules: the active pack's (see
    :mod:`cpd_cli.cli.activepack`), so each of its kinds can be recorded."""
    from cpd_cli.cli import add
    from cpd_cli.messages import kind_gloss

    pack = pack or load_embedded()
    group = KindGroup(
        pack,
        name="add",
        help=_("Record an activity: cpd add KIND …; each kind's --help quotes its rule.")
        + "\n\n"
        + _("Example:  {example}").format(example=add.example(pack.rules[0])),
        no_args_is_help=True,
        options_metavar=_("[OPTIONS]"),
        subcommand_metavar=_("COMMAND [ARGS]..."),
    )
    for rule in pack.rules:
        group.add_command(
            helpformat.Command(
                rule.kind,
                params=[*common(), *kind_options(rule), as_json()],
                callback=click.pass_context(adding(rule)),
                help=add.help_text(rule, pack),
                short_help=kind_gloss(rule),
                options_metavar=_("[OPTIONS]"),
                rich_markup_mode=None,
            )
        )
    return group


def adding(rule: Rule) -> Callable[..., None]:
    """The body of ``cpd add KIND`` for ``rule``'s kind."""
    from cpd_cli.cli import add

    def add_kind(ctx: click.Context, /, **options: Any) -> None:
        add.add(ctx, rule, options)

    return add_kind


# ---------------------------------------------------------------- edit


EDIT_HELP = N_(
    """Change an activity's fields; give only what changes.

Example:  cpd edit 7 --hours 6 --status declared"""
)


def edit_command(pack: RulePack | None = None) -> click.Command:
    """``edit`` with the options of ``pack``'s values (the default pack's without one)."""
    pack = pack or load_embedded()
    # a pack's rules that rate no level offer no --level
    used_choices = {rule.choice.by for rule in pack.rules if rule.choice is not None}
    activity_id = typer.core.TyperArgument(  # Typer's, so that help lists it under "Arguments" as on rm and show
        param_decls=["activity_id"],
        type=IdType(),
        required=True,
        metavar=_("ID"),
        autocompletion=lambda ctx, args, incomplete: complete.ids(ctx, incomplete),
    )
    params: list[click.Parameter] = [
        activity_id,
        *common(),
        option("subject"),
        *(option(name) for name in TIME_FIELDS),
        option("points"),
        *(choice_option(name, None, pack) for name in CHOICE_FIELDS if name in used_choices),
        option("kind", help=_("Change the kind (then give the new kind's options).")),
        either("--passed/--not-passed", help="Whether the assessment was passed.", name="passed"),
        either("--core/--not-core", help="Whether the journal is a core journal.", name="core"),
        click.Option(
            ["--unset", "unset"],
            multiple=True,
            help=_("Remove a field: {fields}. Repeatable.").format(fields=listed(UNSETTABLE)),
            metavar=_("FIELD"),
            show_default=False,
        ),
    ]

    def edit(ctx: click.Context, /, activity_id: int, **options: Any) -> None:
        from cpd_cli.cli import change  # the body, imported when it runs: a Tab press needs only the options

        change.edit(ctx, activity_id, **options)

    return helpformat.Command(
        "edit",
        params=params,
        callback=click.pass_context(edit),
        help=_(EDIT_HELP),
        options_metavar=_("[OPTIONS]"),
        rich_markup_mode=None,
    )
