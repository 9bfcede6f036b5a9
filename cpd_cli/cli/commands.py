"""cpd's commands, loaded lazily: the registry, the group that reads it, and loading one command.

Each command's module is imported, and its click command built, only when that
command runs: building all of them (fourteen ``add`` kinds among them) cost more
than the rest of ``cpd status``.  The summaries here are what ``cpd --help``
lists; tests/cli/test_help.py checks that each is the first line of the command's
docstring.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple

import click
import typer
from typer.core import TyperGroup

from cpd_cli.cli import helpformat
from cpd_cli.i18n import _


class CommandGroup(TyperGroup):
    """cpd's commands, loaded lazily as click documents it: ``list_commands`` and
    ``get_command`` read the registry (:data:`COMMANDS`), so a command's module is
    imported only when that command runs, and help lists the registry's summaries."""

    context_class = helpformat.Context

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return build_command(cmd_name, ctx) if cmd_name in COMMANDS else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands with their summaries, read from the registry rather than imported."""
        with formatter.section(_("Commands")):
            formatter.write_dl([(name, _(spec.summary)) for name, spec in COMMANDS.items()])


class Lazy(NamedTuple):
    module: str
    attribute: str
    summary: str
    factory: bool = False  # the attribute builds the command
    by_pack: bool = False  # the factory builds it from the active rule pack (its kinds, their options)


COMMANDS: dict[str, Lazy] = {
    "status": Lazy(
        "cpd_cli.cli.status",
        "status",
        "Show the year's credited public, professional and total hours, what is missing, and how fast to go.",
    ),
    "add": Lazy(
        "cpd_cli.cli.packcommands",
        "add_group",
        "Record an activity: cpd add KIND …; each kind's --help quotes its rule.",
        factory=True,
        by_pack=True,
    ),
    "list": Lazy("cpd_cli.cli.records", "list_activities", "List activities, oldest first, with what each earns."),
    "show": Lazy(
        "cpd_cli.cli.records", "show", "Show one activity: every field, its evidence files checked, and its credit."
    ),
    "edit": Lazy(
        "cpd_cli.cli.packcommands",
        "edit_command",
        "Change an activity's fields; give only what changes.",
        factory=True,
        by_pack=True,
    ),
    "rm": Lazy("cpd_cli.cli.change", "rm", "Remove an activity (cpd undo brings it back). Its id is never used again."),
    "attach": Lazy(
        "cpd_cli.cli.change", "attach", "Attach evidence files; each is recorded with its size and SHA-256."
    ),
    "mark": Lazy("cpd_cli.cli.change", "mark", "Track a claim on the platform: declared → approved or rejected."),
    "undo": Lazy(
        "cpd_cli.cli.undo",
        "undo",
        "Revert the last change (add, edit, rm, attach, mark, profile set, reconcile --apply); "
        "repeat to go further back.",
    ),
    "reconcile": Lazy(
        "cpd_cli.cli.reconcile",
        "reconcile",
        "Hold the platform's 学时查询 table against the ledger: what it approved, what it lacks, what it adds.",
    ),
    "export": Lazy(
        "cpd_cli.cli.export",
        "export",
        "Export the year's claim checklist for 折算学时申报, in the platform's own column names.",
    ),
    "history": Lazy(
        "cpd_cli.cli.status",
        "history",
        "Every year since your current title (--since): credited hours, complete or what is short, and the sum.",
    ),
    "check": Lazy(
        "cpd_cli.cli.check",
        "check",
        "Check the ledger and the year: exit 0 if all is well and the year is complete or on pace, else 1.",
    ),
    "profile": Lazy(
        "cpd_cli.cli.profile",
        "group",
        "Show or set your profile: name, unit, sector, rule pack, internal deadline.",
    ),
    "demo": Lazy(
        "cpd_cli.cli.demo",
        "demo",
        "Show a sample year as cpd sees it; your own ledger is not read or changed.",
    ),
    "completion": Lazy(
        "cpd_cli.cli.completion",
        "completion",
        "Print the completion script for a shell (see README for where to put it).",
    ),
    "rules": Lazy(
        "cpd_cli.cli.rulescommand",
        "rules",
        "Show the active rule pack: article, kind, subject, credit and cap of every rule.",
    ),
    "help": Lazy(
        "cpd_cli.cli.helpcommand",
        "help_command",
        "Show the help of cpd or of one of its commands (the same as --help).",
    ),
    "ledger": Lazy(
        "cpd_cli.cli.ledgercommand",
        "ledger",
        "Show the ledger's path and encoding; convert one saved as GBK or UTF-16 to UTF-8.",
    ),
}


def build_command(name: str, ctx: click.Context | None = None) -> click.Command:
    """Import one command's module and turn it into a click command.

    ``add`` and ``edit`` are built from the rule pack that ``ctx``'s command line
    names (``--rules``, else the ledger's ``[profile] rules``): click asks for a
    command after parsing the options before it, in a run, for ``--help`` and
    for completion alike.  Completion (resilient parsing) never fails: a pack it
    cannot read falls back to the default one.
    """
    spec = COMMANDS[name]
    target = getattr(importlib.import_module(spec.module), spec.attribute)
    if spec.by_pack:
        from cpd_cli.cli.activepack import active_pack

        target = target(active_pack(ctx, quiet=ctx is None or ctx.resilient_parsing))
    elif spec.factory:
        target = target()
    if isinstance(target, click.Command):  # built with click, in the chosen language already
        return target
    if isinstance(target, typer.Typer):
        command = typer.main.get_command(target)
        command.name = name
        if isinstance(command, TyperGroup):  # click suggests a close command name already
            command.suggest_commands = False
        return localized(command)
    single = typer.Typer(rich_markup_mode=None, add_completion=False)
    single.command(name, cls=helpformat.Command)(target)
    return localized(typer.main.get_command(single))


def localized(command: click.Command) -> click.Command:
    """``command`` in the chosen language: its help, its options' help and the placeholders of
    what is typed after them (``[选项]``, ``--title 文本``); the same for its subcommands.

    cpd's command modules are written in English, the catalogue's source text, and
    Typer builds their help from docstrings and ``help=``; the language is known only
    when cpd runs, so the words are looked up as a command is loaded.  The commands
    Typer builds for a sub-app (``profile``) get cpd's help formatter here too.
    """
    if command.context_class is click.Context:
        command.context_class = helpformat.Context
    translate_metavars(command)
    if command.help:
        command.help = _(command.help)
    if command.short_help:
        command.short_help = _(command.short_help)
    for param in command.params:
        text = getattr(param, "help", None)  # options and typer's arguments carry help; click's arguments do not
        if text:
            param.help = _(text)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localized(sub)
    return command


def translate_metavars(command: click.Command) -> None:
    """Name what is typed after a command or an option in the chosen language.

    Each placeholder is one of ``clicktext.METAVARS``; one that click would make
    from a plain text or number type, or from an argument's name, is set here so
    that it can be translated too.
    """
    if command.options_metavar:
        command.options_metavar = _(command.options_metavar)
    if isinstance(command, click.Group) and command.subcommand_metavar:
        command.subcommand_metavar = _(command.subcommand_metavar)
    for param in command.params:
        if param.metavar:
            param.metavar = _(param.metavar)
        elif isinstance(param, click.Argument) and param.name:
            param.metavar = _(param.name.upper()) + ("..." if param.nargs != 1 else "")
        elif isinstance(param, click.Option) and not param.is_flag and isinstance(param.type, PLAIN_TYPES):
            param.metavar = _(param.type.name.upper())


PLAIN_TYPES = (click.types.StringParamType, click.types.IntParamType)
