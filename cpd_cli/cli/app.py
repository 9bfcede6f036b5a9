"""The ``cpd`` application: global options, the one error boundary, the commands.

Every :class:`~cpd_cli.errors.CpdError` raised below becomes one line on stderr
and its exit code here; anything else is a bug, reported in one line too unless
``--debug`` asks for the traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from cpd_cli import __version__
from cpd_cli.cli import add as add_command
from cpd_cli.cli import change, check, export, records, undo
from cpd_cli.cli import rules as rules_command
from cpd_cli.cli import status as status_command
from cpd_cli.cli.context import Options
from cpd_cli.errors import CpdError, ExitCode


class CpdGroup(TyperGroup):
    """The top-level group: turns errors into one stderr line and an exit code."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as error:  # usage errors: one line, with where to look
            command = error.ctx.command_path if isinstance(error, click.UsageError) and error.ctx else "cpd"
            fail(f"{error.format_message()} (see '{command} --help')", ExitCode(error.exit_code))
        except click.exceptions.Abort:
            fail("cancelled; nothing was changed", ExitCode.CANCELLED)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CpdError as error:
            fail(str(error), error.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            fail("interrupted; the ledger was not changed by this command", ExitCode.INTERRUPTED)
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            fail(
                f"internal error: {type(error).__name__}: {error} (run with --debug for the traceback)",
                ExitCode.INTERNAL,
            )


def fail(message: str, code: ExitCode) -> None:
    click.echo(f"cpd: error: {message}", err=True)
    sys.exit(int(code))


app = typer.Typer(
    cls=CpdGroup,
    name="cpd",
    help=(
        "Keep your continuing-education ledger (继续教育学时) and see what public (公需) and "
        "professional (专业) hours remain this year under Jiangxi's rules (赣人社规〔2023〕2号).\n\n"
        "Example:  cpd status --year 2024"
    ),
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    add_completion=False,
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
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    ctx.obj = Options(ledger=ledger, rules=rules, debug=debug)
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


app.command("status")(status_command.status)
app.command("history")(status_command.history)
app.add_typer(
    add_command.build(), name="add", help="Record an activity: cpd add KIND …; each kind's --help quotes its rule."
)
app.command("list")(records.list_activities)
app.command("show")(records.show)
app.command("edit")(change.edit_command())
app.command("rm")(change.rm)
app.command("attach")(change.attach)
app.command("mark")(change.mark)
app.command("undo")(undo.undo)
app.command("export")(export.export)
app.command("rules")(rules_command.rules)
app.command("check")(check.check)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="cpd")
