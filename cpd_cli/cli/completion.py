"""``cpd completion SHELL``: the shell completion script, generated from the app itself.

The files in ``completions/`` are this command's output (a test keeps them so).
"""

from __future__ import annotations

from typing import Annotated

import typer

from cpd_cli.errors import UsageError

SHELLS = ("bash", "zsh", "fish", "powershell")
COMPLETE_VAR = "_CPD_COMPLETE"


def script(shell: str) -> str:
    from typer.completion import get_completion_script  # type: ignore[attr-defined]  # re-exported, not in __all__

    return get_completion_script(prog_name="cpd", complete_var=COMPLETE_VAR, shell=shell) + "\n"


def completion(
    shell: Annotated[str, typer.Argument(help=f"One of: {', '.join(SHELLS)}.", autocompletion=lambda: list(SHELLS))],
) -> None:
    """Print the completion script for a shell (see README for where to put it).

    Example:  cpd completion bash > ~/.local/share/bash-completion/completions/cpd
    """
    if shell not in SHELLS:
        raise UsageError(f"SHELL: {shell!r} is not one of {', '.join(SHELLS)}")
    typer.echo(script(shell), nl=False)
