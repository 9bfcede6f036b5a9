"""``cpd completion SHELL``: the shell completion script, generated from the app itself.

The app is built with Typer's completion on, which registers Typer's shell
classes with click's completion registry; the script is what the registered
class for the shell says to source.  The files in ``completions/`` are this
command's output (a test keeps them so).
"""

from __future__ import annotations

from typing import Annotated

import click.shell_completion
import typer

from cpd_cli.errors import UsageError
from cpd_cli.i18n import _, listed

SHELLS = ("bash", "zsh", "fish", "powershell")
COMPLETE_VAR = "_CPD_COMPLETE"  # what Typer derives from the program's name; the scripts set it on a Tab press


def script(shell: str) -> str:
    from cpd_cli.cli.app import app

    command = typer.main.get_command(app)
    complete = click.shell_completion.get_completion_class(shell)
    if complete is None:
        raise UsageError(f"SHELL: {shell!r} is not one of {', '.join(SHELLS)}")
    source = complete(command, {}, "cpd", COMPLETE_VAR).source().strip() + "\n"
    return ZSH_FIRST_TAB.join(source.rsplit(ZSH_REGISTER, 1)) if shell == "zsh" else source


# Typer's zsh script only registers its function.  Put in a folder of $fpath, as
# zsh's own completions are, the file is autoloaded on the first Tab, and then
# registering is all it did: that Tab offered nothing.  click's own zsh script
# completes at once when autoloaded and registers when sourced; Typer has no
# option for it, so its script gets that ending here.
ZSH_REGISTER = "compdef _cpd_completion cpd\n"
ZSH_FIRST_TAB = """zstyle ':completion:*:*:cpd:*' sort false  # keep cpd's order: ids 9, 10, 11, not 10, 11, 9

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _cpd_completion "$@"  # autoloaded from $fpath on the first Tab: complete it now
else
  compdef _cpd_completion cpd  # sourced: register for the Tabs to come
fi
"""


def completion(
    shell: Annotated[
        str,
        typer.Argument(help=_("One of: {known}.").format(known=listed(SHELLS)), autocompletion=lambda: list(SHELLS)),
    ],
) -> None:
    """Print the completion script for a shell (see README for where to put it).

    Example:  cpd completion bash > ~/.local/share/bash-completion/completions/cpd
    """
    if shell not in SHELLS:
        raise UsageError(_("SHELL: {shell!r} is not one of {known}").format(shell=shell, known=listed(SHELLS)))
    typer.echo(script(shell), nl=False)
