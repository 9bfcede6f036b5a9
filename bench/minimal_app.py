"""The floor any Typer + Rich CLI pays: parse one command, print one Rich table."""

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
    app()
