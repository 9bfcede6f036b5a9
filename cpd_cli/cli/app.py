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
from typing import Annotated, NoReturn

import click
import typer

from cpd_cli import __version__, i18n
from cpd_cli.cli import context
from cpd_cli.cli.commands import CommandGroup, localized
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


app = typer.Typer(
    cls=CommandGroup,
    name="cpd",
    help=(
        "Keep your continuing-education ledger (继续教育学时) and see what public (公需) and "
        "professional (专业) hours remain this year under the active rule pack's rules "
        "(by default Jiangxi's, 赣人社规〔2023〕2号; see cpd rules).\n\n"
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
    path = context.options(ctx).path
    loaded = context.load(ctx) if path.exists() else None
    if loaded is not None:
        pack = loaded.pack
    else:
        from cpd_cli.cli.activepack import active_pack

        pack = active_pack(ctx)
    click.echo(
        _("cpd — 继续教育学时台账: your continuing-education hours under {title} ({document}).").format(
            title=pack.title, document=pack.document
        )
    )
    if loaded is not None:
        from cpd_cli.core.plan import ledger_year
        from cpd_cli.messages import hours, plural, totals_line

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
