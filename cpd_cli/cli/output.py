"""How cpd's output reaches stdout and stderr, whatever the console's code page.

Two kinds of output, two rules:

- Machine formats (``--json``, ``cpd export``'s Markdown, CSV, HTML, JSON and
  calendar) go to stdout as UTF-8 bytes, line endings as the format has them,
  past the text layer (:func:`write_bytes`): a GBK console or ``PYTHONIOENCODING``
  does not change a file written with ``cpd export > 清单.md``, and Windows'
  text mode does not turn the CSV's ``\\r\\n`` into ``\\r\\r\\n``.
- Text for people is written in the terminal's encoding.  What it cannot show is
  replaced by something plain (``✓`` by ``√`` or ``[x]``, ``░`` by ``-``, a box
  line by ``-``, ``|`` or ``+``, anything else by ``?``) through the error
  handler :func:`use_plain_replacements` installs, never raised.  Where cpd draws
  its own glyphs, :func:`marks` and :func:`bar_glyphs` choose a set the encoding
  can show whole, so that a bar never mixes ``█`` with ``-``.

Drawing: tables and bars use box and block characters, which Unicode calls
"ambiguous" in width; a terminal set to draw those wide (PuTTY's and Xshell's
CJK setting, VTE's) breaks every row.  :func:`ascii_drawing` says when cpd
draws with ASCII instead: ``--ascii``, ``CPD_ASCII=1``, or an encoding that
cannot write the box characters.

A reader that stops early (``cpd list | head``) ends cpd quietly: on POSIX by
SIGPIPE, on Windows, where a closed pipe is ``OSError(EINVAL)``, by
:func:`closed_pipe` and :func:`end_quietly`.
"""

from __future__ import annotations

import codecs
import errno
import functools
import os
import sys
from typing import Any, NoReturn

ERRORS = "cpd-plain"  # the name of the error handler below
WINDOWS = sys.platform == "win32"
CLOSED_PIPE_EXIT = 141  # what a POSIX shell reports for a reader gone (128 + SIGPIPE)

# Stand-ins for what a legacy code page may lack, best first: the first the encoding can
# write is used, else "?".  Box-drawing lines are found by their Unicode names instead.
REPLACEMENTS: dict[str, tuple[str, ...]] = {
    "✓": ("√", "[x]"),
    "✔": ("√", "[x]"),
    "✗": ("×", "[ ]"),
    "✘": ("×", "[ ]"),
    "█": ("#",),
    "▓": ("#",),
    "▒": ("-",),
    "░": ("-",),
    "→": ("->",),
    "←": ("<-",),
    "÷": ("/",),
    "×": ("x",),
    "·": (".",),
    "…": ("...",),
    "—": ("-",),
    "–": ("-",),
    "“": ('"',),
    "”": ('"',),
    "‘": ("'",),
    "’": ("'",),
    "≤": ("<=",),
    "≥": (">=",),
}

# What cpd's tables and bars draw: if the output cannot write all of it, cpd draws with ASCII.
DRAWN = "━┃╇│─┼█░"
ASCII_VARIABLE = "CPD_ASCII"

MARKS = (("✓", "✗"), ("√", "×"), ("[x]", "[ ]"))  # (done, failed) pairs, best first
BARS = (("█", "░"), ("#", "-"))  # (filled, empty) pairs, best first


def encoding(stream: Any = None) -> str:
    """The encoding text written to ``stream`` (default: stdout) ends up in."""
    return getattr(sys.stdout if stream is None else stream, "encoding", None) or "utf-8"


def can_encode(text: str, name: str) -> bool:
    try:
        text.encode(name)
    except UnicodeEncodeError:
        return False
    except LookupError:  # an encoding Python does not know cannot be judged: assume it writes all
        return True
    return True


class _Drawing:
    asked = False  # --ascii


def ask_for_ascii(asked: bool = True) -> None:
    """``--ascii``: draw every table and bar with ASCII for the rest of the run."""
    _Drawing.asked = asked


def ascii_drawing(stream: Any = None) -> bool:
    """Whether tables and bars are drawn with ASCII: asked for (``--ascii``, ``CPD_ASCII=1``),
    or ``stream`` (default: stdout) cannot write the box and block characters."""
    if _Drawing.asked or os.environ.get(ASCII_VARIABLE, "").strip() not in ("", "0"):
        return True
    return not can_encode(DRAWN, encoding(stream))


@functools.cache  # built when first drawn with ASCII, not when cpd starts
def _ascii_stand_ins() -> dict[int, str]:
    """One ASCII character for each character of width "ambiguous" that tables and bars draw,
    or that titles often hold: one for one, so a table laid out for the one fits the other."""
    table = {code: plain(chr(code), "ascii") for code in range(0x2500, 0x2580)}  # box drawing: - | +
    table.update({code: "#" for code in range(0x2580, 0x2590)})  # blocks
    table.update({0x2591: "-", 0x2592: "-", 0x2593: "#"})  # shades
    for chars, stand_in in (("·•", "."), ("—–―", "-"), ("“”", '"'), ("‘’", "'"), ("×", "x"), ("→", ">"),
                            ("←", "<")):  # fmt: skip
        table.update({ord(char): stand_in for char in chars})
    return table


def ascii_text(text: str) -> str:
    """``text`` with what :func:`ascii_drawing` replaces, one character for one."""
    return text.translate(_ascii_stand_ins())


def _first(choices: tuple[tuple[str, str], ...], name: str) -> tuple[str, str]:
    return next((pair for pair in choices if can_encode("".join(pair), name)), choices[-1])


def marks(stream: Any = None) -> tuple[str, str]:
    """The done and failed marks (``✓``, ``✗``) as ``stream`` can show both."""
    return _first(MARKS, encoding(stream))


def bar_glyphs(name: str) -> tuple[str, str]:
    """The filled and empty cells of a bar, both in the encoding ``name``; ASCII when drawing so."""
    return BARS[-1] if ascii_drawing() else _first(BARS, name)


def plain(char: str, name: str) -> str:
    """What stands for ``char`` in the encoding ``name``, which cannot write it."""
    choices = REPLACEMENTS.get(char, ())
    if not choices and "\u2500" <= char <= "\u257f":  # box drawing
        import unicodedata  # only when a box line needs a stand-in

        words = set(unicodedata.name(char, "").split())
        across = bool(words & {"HORIZONTAL", "LEFT", "RIGHT"})
        down = bool(words & {"VERTICAL", "UP", "DOWN"})
        choices = ("-",) if across and not down else ("|",) if down and not across else ("+",)
    return next((choice for choice in choices if can_encode(choice, name)), "?")


def _replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(plain(char, error.encoding) for char in text), error.end


def use_plain_replacements() -> None:
    """Make stdout and stderr write what their encoding lacks as plain stand-ins, never raise."""
    codecs.register_error(ERRORS, _replace)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=ERRORS)


def write_bytes(text: str) -> None:
    """Write a machine format to stdout as UTF-8 bytes, its line endings untouched."""
    stream = sys.stdout
    binary = getattr(stream, "buffer", None)
    if binary is None:  # a text-only stream (a test's StringIO): it holds str, not bytes
        stream.write(text)
        stream.flush()
        return
    stream.flush()  # whatever text went before comes out first
    binary.write(text.encode("utf-8"))
    binary.flush()


def write_json(data: Any) -> None:
    """``--json`` output: the document and one line break, as UTF-8 bytes."""
    from cpd_cli.jsonutil import dumps

    write_bytes(dumps(data) + "\n")


def closed_pipe(error: BaseException) -> bool:
    """Whether ``error`` says the reader of stdout went away: EPIPE, or EINVAL on Windows."""
    if isinstance(error, BrokenPipeError):
        return True
    return WINDOWS and isinstance(error, OSError) and error.errno == errno.EINVAL


def end_quietly() -> NoReturn:
    """End cpd after its reader went away: nothing more on stdout, no message, exit 141.

    stdout is pointed at the null device first, as Python's documentation of
    SIGPIPE advises, so that the interpreter's own flush at exit, finding the
    output still waiting, does not fail again ("Exception ignored ...").
    """
    discard_stdout()
    sys.exit(CLOSED_PIPE_EXIT)


def discard_stdout() -> None:
    """Point stdout at the null device, so that what still waits to be written is dropped quietly."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file: nothing waits to be flushed to the pipe
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)
