"""TOML in: a fast reader for the layout cpd writes, with tomllib behind it for everything else.

``tomllib`` spent most of ``cpd status`` on a 1,000-activity ledger (28 of
160 ms, bench/bench.py): it is a general parser written in Python.  The ledger
cpd writes uses a small part of TOML: ``[profile]``, ``[[activity]]``, one
``key = value`` per line, basic strings, integers, decimals, dates, booleans,
one-line arrays and inline tables, and arrays of inline tables one per line.
:func:`read` parses exactly that part and returns ``None`` for anything else —
a comment after a value, a literal string, a datetime, a dotted key, a stray
space — and :func:`loads` parses the text with ``tomllib`` instead, which also
words every syntax error.  The rule packs shipped with cpd are written in the
same subset, so a run that reads no hand-edited file never imports tomllib.

So it never has to be right about TOML in general, only to agree with tomllib
on what it accepts; ``tests/test_tomlread.py`` checks that on generated
ledgers and on random edits of them.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

# Anything TOML forbids outside strings, or that this reader does not take
# (control characters, carriage returns): tomllib decides.
_REFUSED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# The common line, in one match: a bare key and a plain string, date, integer or boolean.
_SIMPLE = re.compile(
    r'([A-Za-z0-9_-]+) = (?:"([^"\\]*)"|([0-9]{4}-[0-9]{2}-[0-9]{2})|(-?(?:0|[1-9][0-9]{0,17}))|(true|false))\Z'
)  # [0-9], never \d: that would take other scripts' digits, which TOML does not
_KEY_VALUE = re.compile(r"([A-Za-z0-9_-]+) = (.+)\Z")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPE = re.compile(r"\\(?:([btnfr\"\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ESCAPED = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
_WORD = re.compile(r"[0-9A-Za-z_+\-.:]+")
_INTEGER = re.compile(r"[+-]?(?:0|[1-9][0-9]*)\Z")
_DECIMAL = re.compile(r"[+-]?(?:0|[1-9][0-9]*)\.[0-9]+\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_LONGEST_NUMBER = 100  # digits; TOML's integers are 64-bit, and tomllib decides on anything odder
_DEEPEST = 40  # arrays and inline tables inside each other; deeper is tomllib's (and the codec refuses it)


class TOMLError(ValueError):
    """The text is not valid TOML; the message is tomllib's, with line and column."""


class _Refused(Exception):
    """This text is not in the subset: let tomllib read it."""


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads(text, parse_float=Decimal)``, by the fast reader where it can.

    Raises :class:`TOMLError` for invalid TOML (and ``RecursionError``, as tomllib
    does, for values nested thousands deep).
    """
    document = read(text)
    if document is not None:
        return document
    import tomllib

    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise TOMLError(str(error)) from error


def read(text: str) -> dict[str, Any] | None:
    """The document, as ``tomllib.loads(text, parse_float=Decimal)`` gives it; None if not in the subset."""
    if _REFUSED.search(text):
        return None
    try:
        return _read(text.split("\n"))
    except _Refused:
        return None


def _read(lines: list[str]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    current = document
    appended: set[str] = set()  # top-level keys made by [[key]], which further [[key]] extend
    index, count = 0, len(lines)
    while index < count:
        line = lines[index]
        index += 1
        if not line or line[0] == "#":
            continue
        simple = _SIMPLE.match(line)
        if simple:
            key, string, day, integer, flag = simple.groups()
            if key in current:
                raise _Refused
            if string is not None:
                current[key] = string
            elif day is not None:
                current[key] = _date(day)
            elif integer is not None:
                current[key] = int(integer)
            else:
                current[key] = flag == "true"
            continue
        if line[0] == "[":
            current = _header(line, document, appended)
            continue
        match = _KEY_VALUE.match(line)
        if not match:
            raise _Refused
        key, rest = match.groups()
        if key in current:
            raise _Refused
        if rest == "[":  # an array written one item a line, closed by "]" alone
            current[key], index = _multiline_array(lines, index)
            continue
        value, end = _value(rest, 0)
        if end != len(rest):
            raise _Refused
        current[key] = value
    return document


def _multiline_array(lines: list[str], index: int) -> tuple[list[Any], int]:
    """The items of ``key = [`` up to the line ``]``, and the index of the line after it."""
    items: list[Any] = []
    separated = True  # a comma ended the previous line, or there was none
    while index < len(lines):
        inner = lines[index].strip(" ")
        index += 1
        if inner == "]":
            return items, index
        if not inner:
            continue
        if not separated:
            raise _Refused
        values, separated = _items(inner)
        items += values
    raise _Refused


def _header(line: str, document: dict[str, Any], appended: set[str]) -> dict[str, Any]:
    if line.startswith("[[") and line.endswith("]]"):
        name = line[2:-2]
        if not _BARE_KEY.fullmatch(name):
            raise _Refused
        if name not in appended:
            if name in document:
                raise _Refused
            document[name] = []
            appended.add(name)
        table: dict[str, Any] = {}
        document[name].append(table)
        return table
    name = line[1:-1]
    if not line.endswith("]") or not _BARE_KEY.fullmatch(name) or name in document:
        raise _Refused
    table = document[name] = {}
    return table


def _items(inner: str) -> tuple[list[Any], bool]:
    """The values on one line inside a multi-line array, and whether a comma ends it."""
    values = []
    position, end = 0, len(inner)
    while position < end:
        value, position = _value(inner, position, 1)
        values.append(value)
        if position == end:
            return values, False
        if inner[position] != ",":
            raise _Refused
        position = _skip_spaces(inner, position + 1)
    return values, True


def _value(text: str, position: int, depth: int = 0) -> tuple[Any, int]:
    """The value starting at ``position``, and the position after it."""
    if position >= len(text) or depth > _DEEPEST:
        raise _Refused
    first = text[position]
    if first == '"':
        if text.startswith('"""', position):
            raise _Refused
        end = _closing_quote(text, position + 1)
        return _unescape(text[position + 1 : end]), end + 1
    if first == "[":
        return _array(text, position + 1, depth + 1)
    if first == "{":
        return _inline_table(text, position + 1, depth + 1)
    match = _WORD.match(text, position)
    if not match:
        raise _Refused
    word = match.group()
    if word == "true":
        return True, match.end()
    if word == "false":
        return False, match.end()
    if len(word) > _LONGEST_NUMBER:
        raise _Refused
    if _INTEGER.match(word):
        return int(word), match.end()
    if _DECIMAL.match(word):
        return Decimal(word), match.end()
    if _DATE.match(word):
        return _date(word), match.end()
    raise _Refused


def _array(text: str, position: int, depth: int) -> tuple[list[Any], int]:
    items: list[Any] = []
    position = _skip_spaces(text, position)
    while True:
        if position >= len(text):
            raise _Refused
        if text[position] == "]":
            return items, position + 1
        value, position = _value(text, position, depth)
        items.append(value)
        position = _skip_spaces(text, position)
        if position < len(text) and text[position] == ",":
            position = _skip_spaces(text, position + 1)
        elif position >= len(text) or text[position] != "]":
            raise _Refused


def _inline_table(text: str, position: int, depth: int) -> tuple[dict[str, Any], int]:
    table: dict[str, Any] = {}
    position = _skip_spaces(text, position)
    if text.startswith("}", position):
        return table, position + 1
    while True:
        key = _BARE_KEY.match(text, position)
        if not key or key.group() in table or not text.startswith(" = ", key.end()):
            raise _Refused
        value, position = _value(text, key.end() + 3, depth)
        table[key.group()] = value
        position = _skip_spaces(text, position)
        if text.startswith("}", position):
            return table, position + 1
        if not text.startswith(",", position):
            raise _Refused
        position = _skip_spaces(text, position + 1)


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] == " ":
        position += 1
    return position


def _closing_quote(text: str, start: int) -> int:
    """Where the basic string opened before ``start`` ends: the first quote no backslash escapes.

    ``str.find`` from escape to escape, never over the same text twice; a regular
    expression took seconds to fail on a 10 MB string with no end.
    """
    quote = text.find('"', start)
    position = start
    while quote >= 0:
        backslash = text.find("\\", position, quote)
        if backslash < 0:
            return quote
        position = backslash + 2  # past the escaped character, which _unescape checks
        if position > quote:
            quote = text.find('"', position)
    raise _Refused


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body
    return _ESCAPE.sub(_escaped, body)


def _escaped(match: re.Match[str]) -> str:
    simple, four, eight, other = match.groups()
    if simple is not None:
        return _ESCAPED[simple]
    if other is not None:
        raise _Refused  # not an escape TOML 1.0 knows: tomllib words the error
    code = int(four or eight, 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise _Refused
    return chr(code)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Refused from None
