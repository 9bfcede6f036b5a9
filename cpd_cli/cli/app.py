"""The ``cpd`` application: global options, the one error boundary (:func:`run`), the commands.

Every :class:`~cpd_cli.errors.CpdError` raised below, and every usage error of
click's, becomes one line on stderr and its exit code in :func:`run`; anything
else is a bug, reported in one line too unless ``--debug`` asks for the traceback.
"""

from __future__ import annotations

import difflib
import gc
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, NamedTuple, NoReturn

import click
import typer
from typer.core import TyperGroup

from cpd_cli import __version__, i18n
from cpd_cli.cli import context, helpformat
from cpd_cli.cli.context import Options
from cpd_cli.cli.output import (
    ask_for_ascii,
    closed_pipe,
    discard_stdout,
    end_quietly,
    prepare_streams,
)
from cpd_cli.errors import CpdError, ExitCode, UsageError
from cpd_cli.i18n import N_, N_plural, _, listed, ngettext


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


def run(args: Sequence[str] | None = None) -> int:
    """Run cpd on ``args`` (the words after ``cpd``; by default the command line's) and return the exit code.

    The one error boundary.  click runs the app with ``standalone_mode=False``,
    so that what it would print and exit on itself comes here instead: its
    usage errors and a prompt closed (:class:`click.Abort`), with cpd's own
    errors (:class:`~cpd_cli.errors.CpdError`), each said in one line on stderr
    with its exit code (README's table).  Anything else is a bug: one line too,
    exit 70, unless ``--debug`` asks for the traceback.
    """
    words = list(sys.argv[1:] if args is None else args)
    i18n.use(i18n.choose(words))  # cpd's, click's and Typer's words
    command = root()
    state = context.Run()
    try:
        # windows_expand_args: click's default expands `rel*`, `%VAR%` and `~` on Windows
        result = command.main(words, "cpd", standalone_mode=False, windows_expand_args=False, obj=state)
        if sys.stdout is not None:
            sys.stdout.flush()  # output that cannot be written fails here, where it can be said
    except CpdError as error:
        return failed(str(error), error.exit_code)
    except click.ClickException as error:  # usage errors: one line, with where to look
        where = usage_command(error, command, words)
        message = _("{message} (see '{command} --help')").format(message=punctuated(suggesting(error)), command=where)
        return failed(message, ExitCode(error.exit_code))
    except click.Abort:
        return failed(_("cancelled; nothing was changed"), ExitCode.CANCELLED)
    except KeyboardInterrupt:
        return failed(_(INTERRUPTED), ExitCode.INTERRUPTED)
    except Exception as error:
        if closed_pipe(error):  # the reader of stdout went away: not a bug
            end_quietly()
        if output_failed(error):
            output_failure(error, changed=state.changed)
        if state.options.debug:
            raise
        message = _("internal error: {kind}: {error} (run with --debug for the traceback)")
        return failed(message.format(kind=type(error).__name__, error=error), ExitCode.INTERNAL)
    if result == ExitCode.INTERRUPTED:  # Typer ends a run that Ctrl-C stopped with 130; no cpd command does
        return failed(_(INTERRUPTED), ExitCode.INTERRUPTED)
    return result if isinstance(result, int) else ExitCode.OK


INTERRUPTED = N_("interrupted; the ledger was not changed by this command")


def failed(message: str, code: ExitCode) -> int:
    """Say what went wrong in one line on stderr; the exit code to end with."""
    click.echo(_("cpd: error: {message}").format(message=message), err=True)
    return int(code)


def usage_command(error: click.ClickException, root: click.Command, words: list[str]) -> str:
    """The command whose ``--help`` to point at: the one the error names, else the one click could not read.

    click's option parser raises some usage errors ("Option '--title' requires an
    argument") without naming their command.  Then the words are read again, as
    completion reads them (``resilient_parsing``), one command after another,
    until one command's own words cannot be: that is the command, and the hint
    names ``cpd add paper --help``, not ``cpd --help``.
    """
    if not isinstance(error, click.UsageError):
        return "cpd"
    if error.ctx is not None:
        return error.ctx.command_path
    parent: click.Context | None = None
    command, name, rest = root, "cpd", words
    while True:
        try:
            ctx = command.make_context(name, list(rest), parent=parent, resilient_parsing=True)
        except click.UsageError:
            return f"{parent.command_path} {name}" if parent is not None else name
        # A group stops reading its options at its sub-command's name: the words after it are ctx.args.
        if not isinstance(command, click.Group) or not ctx.args:
            return ctx.command_path
        found_name, found, rest = command.resolve_command(ctx, list(rest[-len(ctx.args) - 1 :]))
        if found is None or found_name is None:
            return ctx.command_path
        parent, command, name = ctx, found, found_name


SUGGESTION = N_plural("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)")


def suggesting(error: click.ClickException) -> str:
    """click's message, with the names an unknown command or option may have meant, the likeliest first.

    click offers the close names sorted by name ("--date, --note, --title" for
    ``--tilte``), and none for a command of a lazily loaded group, whose commands
    it cannot see (``cpd stauts``); here they are ranked by likeness with difflib,
    as click finds them.
    """
    if isinstance(error, click.NoSuchOption):
        typed, known = error.option_name, list(error.possibilities or ())
    elif isinstance(error, click.NoSuchCommand):
        typed, known = error.command_name, list(error.possibilities or ())
        if not known and error.ctx is not None and isinstance(error.ctx.command, click.Group):
            known = error.ctx.command.list_commands(error.ctx)
    else:
        return error.format_message()
    ranked = difflib.get_close_matches(typed, known)
    if not ranked:
        return error.message
    names = listed(repr(name) for name in ranked)
    return error.message + " " + ngettext(*SUGGESTION, len(ranked)).format(possibility=names, possibilities=names)


def punctuated(message: str) -> str:
    """click's message with Chinese punctuation in Chinese: click ends some sentences with its
    own "." after a translated part, and joins a suggestion on with a space."""
    if i18n.language() != "zh":
        return message
    if message.endswith(".") and not message.endswith(".."):
        message = message[:-1] + "。"
    return message.replace("。 ", "。")


def fail(message: str, code: ExitCode) -> NoReturn:
    sys.exit(failed(message, code))


def output_failed(error: BaseException) -> bool:
    """Whether ``error`` is stdout refusing what cpd wrote (a full disk behind ``> file``, ``> /dev/full``).

    Every file cpd opens itself is the store's or the exporters', which turn
    their errors into :class:`CpdError`; an ``OSError`` naming no file that still
    reaches the boundary is a stream's.
    """
    return isinstance(error, OSError) and error.filename is None and error.errno is not None


def output_failure(error: BaseException, *, changed: bool) -> NoReturn:
    """Say that the output was lost, and whether the ledger changed all the same; exit 8."""
    discard_stdout()  # what is still waiting there would fail again at exit
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    if changed:
        message = _("cannot write the output ({reason}); the change was made all the same (cpd undo reverts it)")
    else:
        message = _("cannot write the output ({reason})")
    fail(message.format(reason=reason), ExitCode.OUTPUT)


def root() -> click.Command:
    """The app as click runs it, in the chosen language.

    Typer's completion (``add_completion=True``, whose Tab-press protocol the scripts
    of completions/ speak) also adds ``--install-completion`` and
    ``--show-completion``; Typer has no switch to leave them out, so they are
    hidden: ``cpd completion SHELL`` is cpd's way.
    """
    command = typer.main.get_command(app)
    for param in command.params:
        if isinstance(param, click.Option) and set(param.opts) & {"--install-completion", "--show-completion"}:
            param.hidden = True
    return localized(command)


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


app = typer.Typer(
    cls=CommandGroup,
    name="cpd",
    help=(
        "Keep your continuing-education ledger (继续教育学时) and see what public (公需) and "
        "professional (专业) hours remain this year under Jiangxi's rules (赣人社规〔2023〕2号).\n\n"
        "Example:  cpd status --year 2024"
    ),
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: Typer's Rich help would import markdown-it on every run
    add_completion=True,  # Typer's completion protocol, which the scripts in completions/ speak
    suggest_commands=False,  # click 8.2+ suggests already; typer would say it twice
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        click.echo(f"cpd {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    ledger: Annotated[
        str | None,
        typer.Option("--ledger", metavar="PATH", help="Ledger file. Default: $CPD_LEDGER, else the user data dir."),
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option("--rules", metavar="FILE", help="Use this rule pack file instead of the profile's pack."),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="zh|en",
            help="Language: zh or en. Default: $CPD_LANG, else the locale, else the system's display language.",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
    draw_ascii: Annotated[
        bool,
        typer.Option(
            "--ascii", help="Draw tables and bars with ASCII, for terminals that draw box lines wide. Or: CPD_ASCII=1."
        ),
    ] = False,
    draw_unicode: Annotated[
        bool,
        typer.Option(
            "--unicode",
            help="Draw tables and bars with box lines even in a Chinese Windows console, whose font draws "
            "them wide. Or: CPD_ASCII=0.",
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    if lang is not None and not i18n.is_language(lang):
        raise CpdError(_("--lang: {lang!r} is not zh or en").format(lang=lang))
    if draw_ascii and draw_unicode:
        raise UsageError(_("--ascii and --unicode ask for opposite things; give one"))
    ask_for_ascii(True if draw_ascii else False if draw_unicode else None)
    ctx.ensure_object(context.Run).options = Options(ledger=ledger, rules=rules, debug=debug)
    if ctx.invoked_subcommand is None:
        overview(ctx)


DAYS_TO = N_plural(
    "{year}: {totals} — {state}, {days} day to {deadline}", "{year}: {totals} — {state}, {days} days to {deadline}"
)


def overview(ctx: typer.Context) -> None:
    """``cpd`` alone: what it is, the commands to start with, and this year's line if there is a ledger."""
    click.echo(
        _("cpd — 继续教育学时台账: your continuing-education hours under Jiangxi's rules (赣人社规〔2023〕2号).")
    )
    path = context.options(ctx).path
    if path.exists():
        from cpd_cli.core.plan import ledger_year
        from cpd_cli.messages import hours, plural, totals_line

        loaded = context.load(ctx)
        today = context.today()
        result = ledger_year(loaded.ledger, loaded.pack, today.year, today=today)
        state = _("complete ✓") if result.complete else _("{hours} to go").format(hours=hours(result.remaining.total))
        days = (result.deadline - today).days
        totals = totals_line(result.credited, result.required)
        if days > 0:
            line = plural(DAYS_TO, days)
        elif days == 0:
            line = _("{year}: {totals} — {state}, deadline {deadline} is today")
        else:
            line = _("{year}: {totals} — {state}, deadline {deadline} passed")
        click.echo(line.format(year=result.year, totals=totals, state=state, days=days, deadline=result.deadline))
    else:
        click.echo(_("No ledger yet at {path}. See a sample year: cpd demo").format(path=path))
    click.echo("")
    click.echo("  cpd status              " + _("where this year stands, and how fast to go"))
    click.echo("  cpd add " + _("KIND") + " --title …  " + _("record an activity (cpd add --help lists the kinds)"))
    click.echo("  cpd export              " + _("the claim checklist for the platform"))
    click.echo("  cpd --help              " + _("every command"))


# ---------------------------------------------------------------- commands, loaded lazily
#
# Each command's module is imported, and its click command built, only when that
# command runs: building all of them (fourteen `add` kinds among them) cost more
# than the rest of `cpd status`.  The summaries here are what `cpd --help` lists;
# tests/test_help.py checks that each is the first line of the command's docstring.


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
        "cpd_cli.cli.rules", "rules", "Show the active rule pack: article, kind, subject, credit and cap of every rule."
    ),
    "help": Lazy(
        "cpd_cli.cli.helpcommand",
        "help_command",
        "Show the help of cpd or of one of its commands (the same as --help).",
    ),
    "ledger": Lazy(
        "cpd_cli.cli.ledger",
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
    import importlib

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


def main() -> NoReturn:
    """Console-script entry point: set up the process, run cpd, exit with its code."""
    if hasattr(signal, "SIGPIPE"):  # POSIX: when the reader of a pipe stops early (`cpd list | head`),
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # end quietly as other Unix tools do, not with code 1
    prepare_streams()  # each stream's encoding by where it goes; a code page shows what it can, never an error
    try:
        try:
            code = run()
        finally:
            # The process ends here and the OS takes its memory back at once, so the
            # interpreter's last garbage collection, which walks every object of Typer,
            # Click and Rich, is wasted work, and a large part of a short command.
            # Frozen objects are left out of it; files and atexit handlers are still
            # closed and run.
            gc.freeze()
            if sys.stdout is not None:  # None: started without a console (pythonw)
                sys.stdout.flush()  # a reader gone shows here, where it can end cpd quietly
    except OSError as error:  # Windows: a closed pipe is EINVAL, and there is no SIGPIPE
        if closed_pipe(error):
            end_quietly()
        if not output_failed(error):
            raise
        output_failure(error, changed=False)  # the command's own end flushed; this is the interpreter's text
    sys.exit(code)
