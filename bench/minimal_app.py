"""The floor any Typer + Rich CLI pays: parse one command, print one Rich table.

With BENCH_FREEZE_AT_EXIT=1 it skips the interpreter's final collection as cpd's
entry point does, so the two can also be compared on equal terms.
"""

import gc
import os

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def status() -> None:
    table = Table("subject", "credited")
    table.add_row("public", "0")
    Console().print(table)


@app.command()
def other() -> None:
    """A second command, so Typer builds a group as cpd does."""


if __name__ == "__main__":
    try:
        app()
    finally:
        if os.environ.get("BENCH_FREEZE_AT_EXIT"):
            gc.freeze()
