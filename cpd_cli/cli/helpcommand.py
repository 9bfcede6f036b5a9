"""``cpd help [COMMAND]``: the help of cpd or of one of its commands, as ``--help`` shows it."""

from __future__ import annotations

from typing import Annotated

import click
import typer

from cpd_cli.errors import UsageError
from cpd_cli.i18n import _


def help_command(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="COMMAND...", help="The command, and its sub-command, as typed after cpd.", show_default=False
        ),
    ] = None,
) -> None:
    """Show the help of cpd or of one of its commands (the same as --help).

    Example:  cpd help add paper
    """
    parent = ctx.find_root()
    command = parent.command
    for word in words or []:
        if not isinstance(command, click.Group):
            raise UsageError(
                _("'{command}' has no sub-command {word!r}").format(command=parent.command_path, word=word)
            )
        sub = command.get_command(parent, word)
        if sub is None:
            raise click.NoSuchCommand(word, possibilities=command.list_commands(parent), ctx=parent)
        parent = sub.context_class(sub, info_name=word, parent=parent)
        command = sub
    click.echo(command.get_help(parent))
