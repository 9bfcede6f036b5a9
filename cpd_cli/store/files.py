"""Reading a file cpd was pointed at: a regular file, and no more of it than a limit.

A pipe would keep a plain ``open`` waiting for a writer forever, a device such as
``/dev/zero`` would be read until memory runs out, and a file larger than any
ledger or pack is refused before it is read, so every file cpd reads is read
here: opened without blocking, checked to be a regular file, and read to at most
``limit + 1`` bytes (a file that grew after its size was looked at is refused
all the same).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_LEDGER_BYTES = 16 * 1024 * 1024  # 2,000 activities of 8 KiB each; a bigger file is refused before it is read


class NotRegular(OSError):
    """The path names a pipe, a device, a socket: nothing cpd reads."""


class TooLarge(OSError):
    """The file holds more than the limit; ``size`` is what was seen (at least limit + 1)."""

    def __init__(self, size: int):
        super().__init__(f"{size} bytes")
        self.size = size


_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def open_regular(path: Path | str) -> tuple[int, os.stat_result]:
    """A descriptor of the regular file at ``path``, opened without blocking, and its status.

    Raises ``IsADirectoryError`` for a folder, :class:`NotRegular` for a pipe, device or
    socket (checked on the open file, so one put in the file's place is caught), or the
    ``OSError`` opening met.
    """
    descriptor = os.open(path, _FLAGS)
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(status.st_mode):
            raise NotRegular(f"{path}: not a regular file")
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor, status


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, refused past ``limit``.

    Raises ``FileNotFoundError``, ``IsADirectoryError``, :class:`NotRegular`,
    :class:`TooLarge`, or the ``OSError`` reading met; never blocks on a pipe.
    """
    if stat.S_ISDIR(os.stat(path).st_mode):  # Windows refuses to open a folder with EACCES, not EISDIR
        raise IsADirectoryError(21, "Is a directory", str(path))
    descriptor, status = open_regular(path)
    try:
        if status.st_size > limit:
            raise TooLarge(status.st_size)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:
        raise TooLarge(len(data))
    return data
