"""Where a line of text may break: between words, and between two Chinese characters.

One function, :func:`line_starts`, decides where every wrapped line of cpd
begins: in its tables (``cli/onepass.py``), its help (``cli/helpformat.py``) and
its notes, which are grids of that table.  Text without Chinese breaks as Rich
breaks it, after a run of spaces, a word longer than the line folded by
characters; ``tests/render/test_onepass.py`` holds the two side by side.  Chinese may also
break between any two characters, as Chinese is set, with the usual 避头尾 rules:
no closing mark (，。、）」》：；！？) starts a line and no opening mark (（「《)
ends one; a mark stays with the character it belongs to and moves with it.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable, Iterator

# Chinese marks, kept by the rules at a break of any kind: after a run of spaces too.
CJK_CLOSING = frozenset("，。、；：！？）」』》〉】〕〗”’…‥·％")
CJK_OPENING = frozenset("（「『《〈【〔〖“‘")
# Between Chinese and a narrow character the ASCII marks are kept with their text as well:
# "(继" and "育)" stay together.  Between two ASCII words they break as Rich breaks them.
CLOSING = CJK_CLOSING | frozenset(",.;:!?)]}%")
OPENING = CJK_OPENING | frozenset("([{")

Measure = Callable[[str], int]


def width(text: str) -> int:
    """The columns ``text`` takes: two for a wide (East Asian) character, none for a combining one."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text
    )


def wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def may_break_before(text: str, index: int) -> bool:
    """Whether a line may start at ``text[index]`` (0 < index < len(text))."""
    before, char = text[index - 1], text[index]
    if char.isspace():
        return False  # spaces stay at the end of the line they follow
    if before.isspace():
        last = index - 1
        while last >= 0 and text[last].isspace():
            last -= 1
        return last >= 0 and char not in CJK_CLOSING and text[last] not in CJK_OPENING
    if wide(before) or wide(char):
        return char not in CLOSING and before not in OPENING
    return False


def pieces(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each part of ``text`` no line may break inside, its trailing spaces with it."""
    start = 0
    for index in range(1, len(text)):
        if may_break_before(text, index):
            yield start, index
            start = index
    if text:
        yield start, len(text)


def line_starts(text: str, columns: int, measure: Measure = width) -> list[int]:
    """Where each line after the first begins when ``text`` is laid in lines of ``columns``.

    As Rich's ``Text.wrap`` with ``overflow="fold"``: a piece that does not fit goes
    to the next line, with the spaces after it; one wider than a line is folded
    (:func:`_chop`).  Text in a line is ``text[start:next_start]``, spaces included.
    """
    starts: list[int] = []
    used = 0
    for start, end in pieces(text):
        piece = text[start:end]
        size = measure(piece.rstrip())
        if columns - used >= size:
            used += measure(piece)
        elif size > columns:
            parts = _chop(piece, columns, measure)
            for number, part in enumerate(parts, 1):
                if start:
                    starts.append(start)
                if number == len(parts):
                    used = measure(part)
                else:
                    start += len(part)
        elif used and start:
            starts.append(start)
            used = measure(piece)
    return starts


def lines(text: str, columns: int, measure: Measure = width) -> list[str]:
    """``text`` in lines of at most ``columns`` (a piece wider than a line apart), spaces at the breaks dropped."""
    bounds = [0, *line_starts(text, columns, measure), len(text)]
    return [text[start:end].rstrip() for start, end in itertools.pairwise(bounds)]


def _chop(piece: str, columns: int, measure: Measure) -> list[str]:
    """A piece wider than a line, in parts that fit, as Rich's ``chop_cells`` folds a word;
    a cut that would put a Chinese closing mark first, or an opening mark last, moves one
    character back when it can."""
    parts: list[str] = []
    start, used = 0, 0
    for index, char in enumerate(piece):
        size = measure(char)
        if used + size > columns and index > start:
            cut = index
            while cut - 1 > start and (piece[cut] in CJK_CLOSING or piece[cut - 1] in CJK_OPENING):
                cut -= 1
            parts.append(piece[start:cut])
            start, used = cut, measure(piece[cut:index])
        used += size
    if used or start < len(piece):
        parts.append(piece[start:])
    return parts
