"""Help text laid out by the columns it takes on screen, so that Chinese fits too.

click wraps help by counting characters, but a Chinese character takes two
columns of a terminal: a line of help with Chinese in it ran well past the
terminal's edge.  :class:`HelpFormatter` is click's formatter with its three
wrapping methods measuring display columns instead; a line breaks where the
tables break one (:mod:`cpd_cli.cli.linebreak`): between words, or between two
Chinese characters, never before a closing mark (，。）) or after an opening one
(（“).  click's paragraph rules are kept: paragraphs are filled apart, keep their
indent, and one that starts with ``\\b`` is left as written.

The classes at the end give a command's contexts this formatter, through
click's ``Command.context_class`` and ``Context.formatter_class``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import click
from typer.core import TyperCommand

from cpd_cli.cli import linebreak
from cpd_cli.cli.linebreak import width
from cpd_cli.i18n import _, language

__all__ = ["Command", "Context", "Group", "HelpFormatter", "fill", "width", "wrap"]


def fill(text: str, columns: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` (one paragraph) as lines of at most ``columns`` columns, the first after ``first``,
    the others after ``rest`` (both as wide), broken where :func:`~cpd_cli.cli.linebreak.line_starts` says."""
    text = text.strip().replace("\t", " ").replace("\n", " ")
    lines = linebreak.lines(text, max(columns - width(first), 1))
    return [((first if number == 0 else rest) + line).rstrip() for number, line in enumerate(lines)]


def paragraphs(text: str) -> Iterator[tuple[int, bool, str]]:
    """click's paragraphs: (indent, kept as written, text)."""
    block: list[str] = []
    indent: int | None = None
    for line in [*text.splitlines(), ""]:
        if line:
            if indent is None:
                indent = len(line) - len(line.lstrip())
                line = line.lstrip()
            block.append(line)
            continue
        if block:
            if block[0].strip() == "\b":
                yield indent or 0, True, "\n".join(block[1:])
            else:
                yield indent or 0, False, " ".join(block)
        block, indent = [], None


def wrap(text: str, columns: int, first: str = "", rest: str = "") -> str:
    """click's ``wrap_text(preserve_paragraphs=True)``, measuring columns."""
    out = []
    for indent, kept, body in paragraphs(text):
        pad = " " * indent
        if kept:
            out.append("\n".join(rest + pad + line for line in body.splitlines()))
        else:
            out.append("\n".join(fill(body, columns, first + pad, rest + pad)))
    return "\n\n".join(out)


class HelpFormatter(click.HelpFormatter):
    """click's help formatter, wrapping by display columns, with one kind of colon per language."""

    def colon(self) -> str:
        return "：" if language() == "zh" else ":"

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            label = _("Usage:").rstrip(":：")
            prefix = label + self.colon() + ("" if language() == "zh" else " ")
        head = f"{prefix:>{self.current_indent}}{prog} "
        columns = self.width - self.current_indent
        if not args:
            self.write(head.rstrip(" ") + "\n")
        elif columns >= width(head) + 20:
            self.write("\n".join(fill(args, columns, head, " " * width(head))) + "\n")
        else:
            pad = " " * (max(self.current_indent, width(prefix)) + 4)
            self.write(head.rstrip(" ") + "\n" + "\n".join(fill(args, columns, pad, pad)) + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}{self.colon()}\n")

    def write_text(self, text: str) -> None:
        pad = " " * self.current_indent
        self.write(wrap(text, self.width, pad, pad) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((width(term) for term, _text in rows), default=0), col_max) + col_spacing
        left = " " * (first_col + self.current_indent)
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            if width(term) <= first_col - col_spacing:
                self.write(" " * (first_col - width(term)))
            else:
                self.write("\n" + left)
            lines = wrap(text, max(self.width - first_col - self.current_indent, 10)).splitlines()
            self.write("\n".join([lines[0], *(left + line if line else "" for line in lines[1:])]) + "\n")


class Context(click.Context):
    """click's context with cpd's help formatter, set as click documents it: ``formatter_class``."""

    formatter_class = HelpFormatter


class Command(TyperCommand):
    """A command whose help cpd's formatter lays out (click's ``context_class``); Typer's
    command class, which lists arguments under their own heading."""

    context_class = Context


class Group(click.Group):
    """A click group whose help cpd's formatter lays out."""

    context_class = Context
