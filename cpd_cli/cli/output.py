"""How cpd's output reaches stdout and stderr, whatever the console's code page.

Two kinds of output, two rules:

- Machine formats (``--json``, ``cpd export``'s JSON, calendar and HTML, and
  every export written to a file) go to stdout as UTF-8 bytes, line endings as the
  format has them, past the text layer (:func:`write_bytes`, :func:`write_document`):
  a GBK console or ``PYTHONIOENCODING`` does not change a file written with
  ``cpd export > 清单.md``, and Windows' text mode does not turn the CSV's
  ``\\r\\n`` into ``\\r\\r\\n``.  On Windows the Markdown and CSV exports to a
  console or a pipe are text for people: the console's code page.
- Text for people is written in the terminal's encoding.  What it cannot show is
  replaced by something plain (``✓`` by ``√`` or ``[x]``, ``░`` by ``-``, a box
  line by ``-``, ``|`` or ``+``, anything else by ``?``) through the error
  handler :func:`use_plain_replacements` installs, never raised.  Where cpd draws
  its own glyphs, :func:`marks` and :func:`bar_glyphs` choose a set the encoding
  can show whole, so that a bar never mixes ``█`` with ``-``.

Drawing: tables and bars use box and block characters, which Unicode calls
"ambiguous" in width; a terminal set to draw those wide (PuTTY's and Xshell's
CJK setting, VTE's, a Windows console in a Chinese, Japanese or Korean code
page with its default font) breaks every row.  :func:`ascii_drawing` is the one
place that says when cpd draws with ASCII instead.

On Windows what reaches a person depends on where stdout goes (:func:`destination`):
a console shows what its output code page and font can (Python writes it UTF-16,
but the glyphs are chosen from the code page, :func:`console_code_page`); a pipe
gets the console's code page; a file (``> name``) gets UTF-8, with a byte-order
mark for text (:func:`prepare_streams`, :func:`write_document`).  Elsewhere
everything is UTF-8 as the locale has it.

A reader that stops early (``cpd list | head``) ends cpd quietly: on POSIX by
SIGPIPE, on Windows, where a closed pipe is ``OSError(EINVAL)``, by
:func:`closed_pipe` and :func:`end_quietly`.
"""

from __future__ import annotations

import codecs
import errno
import functools
import os
import stat
import sys
from typing import Any, Literal, NoReturn

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

# What cpd's tables draw: if the output cannot write all of it, cpd draws with ASCII.  (Bars choose
# their own pair, :data:`BARS`: GBK has █ but not ░.)
DRAWN = "━┃╇│─┼"
ASCII_VARIABLE = "CPD_ASCII"
# Code pages whose console font (新宋体, MS Gothic, GulimChe...) draws box lines and blocks two columns
# wide; and the encodings of those and of the other Chinese, Japanese and Korean legacy locales, whose
# terminals draw them wide too.
CJK_CODE_PAGES = frozenset({936, 950, 932, 949})
CJK_ENCODINGS = frozenset(  # as codecs.lookup() names them (cp936 is gbk)
    {"gbk", "gb2312", "gb18030", "cp950", "big5", "big5hkscs", "cp932", "shift_jis", "euc_jp", "cp949", "euc_kr"}
)
UTF8_CODE_PAGE = 65001
BOM_FORMATS = frozenset({"md", "txt", "csv"})  # opened in Notepad, WPS, Excel: a file of them starts with a BOM
UTF8_FORMATS = frozenset({"json", "ics", "html"})  # UTF-8 wherever they go (RFC 8259, RFC 5545, html's charset)

MARKS = (("✓", "✗"), ("√", "×"), ("[x]", "[ ]"))  # (done, failed) pairs, best first
BARS = (("█", "░"), ("#", "-"))  # (filled, empty) pairs, best first


def encoding(stream: Any = None) -> str:
    """The encoding text written to ``stream`` (default: stdout) is shown in: a Windows console's
    output code page (Python writes a console UTF-16, but its font is the code page's), else the
    stream's own encoding."""
    stream = sys.stdout if stream is None else stream
    page = console_code_page(stream)
    if page is not None:
        return "utf-8" if page == UTF8_CODE_PAGE else f"cp{page}"
    return getattr(stream, "encoding", None) or "utf-8"


def console_code_page(stream: Any) -> int | None:
    """The output code page of the Windows console ``stream`` writes to; None if it is no console."""
    if not WINDOWS:  # (a test may pretend to be Windows, with _windows_console_code_page replaced)
        return None
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):  # no descriptor: a test's stream, or closed
        return None
    return _windows_console_code_page(descriptor)


@functools.cache  # a console does not change its code page under cpd
def _windows_console_code_page(descriptor: int) -> int | None:
    if sys.platform != "win32":
        return None
    import ctypes
    import msvcrt

    try:
        handle = msvcrt.get_osfhandle(descriptor)
    except OSError:
        return None
    kernel32 = ctypes.windll.kernel32
    mode = ctypes.c_ulong()
    if not kernel32.GetConsoleMode(ctypes.c_void_p(handle), ctypes.byref(mode)):
        return None  # a pipe, a file, NUL: no console mode
    page: int = kernel32.GetConsoleOutputCP()
    return page or None


def attached_code_page() -> int | None:
    """The output code page of the console cpd was started from (None without one, or off Windows):
    what a pipe is written in, so that ``| more`` and ``| findstr`` read it as the console does."""
    if sys.platform != "win32":
        return None
    import ctypes

    page: int = ctypes.windll.kernel32.GetConsoleOutputCP()
    return page or None


Destination = Literal["console", "pipe", "file"]


def destination(stream: Any = None) -> Destination:
    """Where ``stream`` (default: stdout) goes: a console or terminal, a pipe, or a file (``> name``).

    ``os.fstat`` asks Windows' GetFileType underneath: a disk file is a regular
    file, a pipe is a FIFO, a console or NUL a character device.
    """
    stream = sys.stdout if stream is None else stream
    try:
        descriptor = stream.fileno()
        mode = os.fstat(descriptor).st_mode
    except (AttributeError, OSError, ValueError):  # a test's stream: a pipe is what it stands for
        return "pipe"
    if stat.S_ISREG(mode):
        return "file"
    if WINDOWS:
        return "console" if console_code_page(stream) is not None else "pipe"
    return "console" if os.isatty(descriptor) else "pipe"


def can_encode(text: str, name: str) -> bool:
    try:
        text.encode(name)
    except UnicodeEncodeError:
        return False
    except LookupError:  # an encoding Python does not know cannot be judged: assume it writes all
        return True
    return True


class _Drawing:
    asked: bool | None = None  # --ascii (True), --unicode (False), neither (None)


def ask_for_ascii(asked: bool | None = True) -> None:
    """``--ascii`` (True) or ``--unicode`` (False) for the rest of the run; None: neither."""
    _Drawing.asked = asked


def asked_for_ascii() -> bool | None:
    """What the person asked for: ``--ascii`` or ``CPD_ASCII=1`` (True), ``--unicode`` or
    ``CPD_ASCII=0`` (False), nothing (None).  The option wins over the variable."""
    if _Drawing.asked is not None:
        return _Drawing.asked
    value = os.environ.get(ASCII_VARIABLE, "").strip()
    return None if not value else value != "0"


def ascii_drawing(stream: Any = None) -> bool:
    """Whether tables and bars are drawn with ASCII.

    Asked for (``--ascii``, ``CPD_ASCII=1``); or ``stream`` (default: stdout)
    cannot write the box characters; or, unless ``--unicode`` or ``CPD_ASCII=0``
    asks for them, what ``stream`` is shown in is a Chinese, Japanese or Korean
    legacy encoding (:func:`encoding`: a Windows console in code page 936, 950,
    932 or 949, a GBK pipe or locale), whose fonts draw them two columns wide.
    """
    asked = asked_for_ascii()
    if asked:
        return True
    name = encoding(stream)
    if not can_encode(DRAWN, name):
        return True
    return asked is None and _codec_name(name) in CJK_ENCODINGS


def _codec_name(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


@functools.cache  # built when first drawn with ASCII, not when cpd starts
def _ascii_stand_ins() -> dict[int, str]:
    """One ASCII character for each character of width "ambiguous" that tables and bars draw,
    or that titles often hold: one for one, so a table laid out for the one fits the other."""
    table = {code: plain(chr(code), "ascii") for code in range(0x2500, 0x2580)}  # box drawing: - | +
    table.update({code: "#" for code in range(0x2580, 0x2590)})  # blocks
    table.update({0x2591: "-", 0x2592: "-", 0x2593: "#"})  # shades
    for chars, stand_in in (("·•", "."), ("—–―", "-"), ("“”", '"'), ("‘’", "'"), ("×✗✘", "x"), ("✓✔√", "v"),
                            ("→", ">"), ("←", "<"), ("…", "~")):  # fmt: skip
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


@functools.cache  # once a run: codecs.register adds a search function each time
def register_codecs() -> None:
    """The errors handler :data:`ERRORS` and the console codecs (:func:`console_codec`)."""
    codecs.register_error(ERRORS, _replace)
    codecs.register(console_codec)


def use_plain_replacements() -> None:
    """Make stdout and stderr write what their encoding lacks as plain stand-ins, never raise."""
    register_codecs()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=ERRORS)


def prepare_streams() -> None:
    """Set stdout's and stderr's encoding by where they go, then :func:`use_plain_replacements`.

    On Windows, unless ``PYTHONIOENCODING`` chooses: a pipe is written in the
    console's output code page (Python would use the ANSI one, and ``chcp``
    would not count); a file (``cpd status > s.txt``) in UTF-8 with a
    byte-order mark, as Notepad, WPS and Excel read it.  A console needs
    nothing (Python writes it UTF-16).  Elsewhere the locale decides, as ever.
    """
    register_codecs()
    if WINDOWS and not os.environ.get("PYTHONIOENCODING"):
        for stream in (sys.stdout, sys.stderr):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is None:
                continue
            where = destination(stream)
            page = attached_code_page()
            if where == "pipe" and page is not None:
                reconfigure(encoding="utf-8" if page == UTF8_CODE_PAGE else f"cp{page}")
            elif where == "console" and page not in (None, UTF8_CODE_PAGE):
                reconfigure(encoding=f"{CONSOLE_CODEC}cp{page}")
            elif where == "file":
                reconfigure(encoding="utf-8-sig")  # the mark only at the start of the file
    use_plain_replacements()


CONSOLE_CODEC = "cpd_console_"  # + a code page: UTF-8 holding only what that code page holds


def console_codec(name: str) -> codecs.CodecInfo | None:
    """``cpd_console_cp936``: UTF-8 (what Python's Windows console layer takes) of the text as
    code page 936 has it, what it lacks replaced by the errors handler; so a console shows what
    its code page and font can, as a pipe would.  A codec search function (``codecs.register``)."""
    if not name.startswith(CONSOLE_CODEC):
        return None
    page = name.removeprefix(CONSOLE_CODEC)
    codecs.lookup(page)  # a code page Python does not know: LookupError, as for any unknown encoding
    utf8 = codecs.lookup("utf-8")

    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        return text.encode(page, errors).decode(page).encode("utf-8"), len(text)

    class Encoder(codecs.IncrementalEncoder):
        def encode(self, text: str, final: bool = False) -> bytes:
            return encode(text, self.errors)[0]

    return codecs.CodecInfo(
        encode,
        utf8.decode,
        incrementalencoder=Encoder,
        incrementaldecoder=utf8.incrementaldecoder,
        name=name,
    )


def write_bytes(text: str) -> None:
    """Write a machine format to stdout as UTF-8 bytes, its line endings untouched."""
    write_bytes_raw(text.encode("utf-8"))


def document_bytes(text: str, format: str) -> bytes:
    """A document as it is written to a file: UTF-8, with a byte-order mark for CSV everywhere
    and, on Windows, for Markdown and text too (Notepad, WPS and Excel read it so); never for
    JSON, calendars or HTML (which declares its charset)."""
    body = text.removeprefix("\ufeff").encode("utf-8")
    mark = format == "csv" or (WINDOWS and format in BOM_FORMATS)
    return codecs.BOM_UTF8 + body if mark else body


def write_document(text: str, format: str) -> None:
    """An export written to stdout, by where stdout goes.

    A file (``> 清单.md``) gets :func:`document_bytes`.  On Windows a console or a
    pipe gets Markdown and CSV as text in its code page (what it lacks replaced,
    never an error), so ``| more`` shows it; JSON, calendars and HTML stay UTF-8
    bytes.  Elsewhere a console or pipe gets UTF-8 bytes (the CSV with its mark).
    """
    if destination() == "file":
        write_bytes_raw(document_bytes(text, format))
    elif WINDOWS and format not in UTF8_FORMATS:
        stream = sys.stdout  # its encoding and errors handler; not its text mode, which would double the CSV's \r
        name, errors = getattr(stream, "encoding", None) or "utf-8", getattr(stream, "errors", None) or ERRORS
        write_bytes_raw(text.removeprefix("\ufeff").encode(name, errors), encoding=name)
    else:
        write_bytes(text if format == "csv" else text.removeprefix("\ufeff"))


def write_bytes_raw(data: bytes, encoding: str = "utf-8") -> None:
    """``data`` (text in ``encoding``, or a binary file) to stdout's bytes, after any text written before it."""
    stream = sys.stdout
    binary = getattr(stream, "buffer", None)
    if binary is None:  # a text-only stream (a test's StringIO): it holds str, not bytes
        stream.write(data.decode(encoding))
        stream.flush()
        return
    stream.flush()  # whatever text went before comes out first
    binary.write(data)
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
