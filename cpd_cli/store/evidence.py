"""Evidence files: fingerprinted when attached, checked later, never trusted.

A path in a ledger may point anywhere, or nowhere, or be a name no filesystem
here can encode; every function here answers instead of raising for those.  Only
a regular file is evidence: a folder, a pipe, a device or a file that cannot be
read is named as such (:class:`Unusable`), and never read.  The size and
modification time kept with each file's hash spare reading a file that has not
changed since it was attached.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import ModuleType
from typing import BinaryIO, NamedTuple

from cpd_cli.core.model import Activity, EvidenceRecord
from cpd_cli.i18n import _
from cpd_cli.store import files

CHUNK = 1 << 20


def absolute(path: str, paths: ModuleType = os.path) -> str:
    """The path made absolute and normalised, without resolving symlinks.

    ``paths`` is the platform's path module (``ntpath`` or ``posixpath``).
    """
    return str(paths.abspath(paths.expanduser(path)))


def same_file(path: str, paths: ModuleType = os.path) -> str:
    """What every spelling of the file at ``path`` has in common, by the platform's rules.

    On Windows case does not count and ``/`` is ``\\``, so ``C:/Certs/A.pdf``
    and ``c:\\certs\\a.pdf`` are one file; on POSIX only ``.``, ``..`` and
    doubled separators are folded.
    """
    return str(paths.normcase(paths.normpath(path)))


class Unusable(NamedTuple):
    """Why the file at a path cannot be evidence: ``missing``, ``folder``, ``not-a-file`` (a pipe,
    a device, a socket) or ``unreadable`` (``reason`` says why, as the system put it)."""

    problem: str
    reason: str = ""


def examine(path: str) -> os.stat_result | Unusable:
    """The status of the regular file at ``path`` (links followed), or why there is none; no byte read."""
    try:
        status = os.stat(path)
    except (FileNotFoundError, NotADirectoryError, ValueError):  # ValueError: a NUL in the path
        return Unusable("missing")
    except OSError as error:
        return Unusable("unreadable", error.strerror or str(error))
    if stat.S_ISDIR(status.st_mode):
        return Unusable("folder")
    if not stat.S_ISREG(status.st_mode):
        return Unusable("not-a-file")
    return status


def unchanged(record: EvidenceRecord, status: os.stat_result) -> bool:
    """Whether the file ``status`` describes still has the size and modification time ``record`` kept."""
    return record.mtime_ns is not None and (record.size, record.mtime_ns) == (status.st_size, status.st_mtime_ns)


@contextmanager
def opened(path: str) -> Iterator[tuple[BinaryIO, os.stat_result] | Unusable]:
    """The regular file at ``path`` open for reading with its status, or why it cannot be.

    Opened without blocking, so a pipe put in the file's place is refused, not waited on.
    """
    found = examine(path)
    if isinstance(found, Unusable):
        yield found
        return
    try:
        descriptor, status = files.open_regular(path)
    except FileNotFoundError:
        yield Unusable("missing")
        return
    except IsADirectoryError:  # replaced between the look and the open
        yield Unusable("folder")
        return
    except files.NotRegular:
        yield Unusable("not-a-file")
        return
    except OSError as error:
        yield Unusable("unreadable", error.strerror or str(error))
        return
    with os.fdopen(descriptor, "rb") as handle:
        yield handle, status


def unusable(path: str) -> Unusable | None:
    """Why the file at ``path`` is no evidence (opened, not read), or None if it is a file cpd can read."""
    with opened(path) as found:
        return found if isinstance(found, Unusable) else None


def chunks(handle: BinaryIO) -> Iterator[bytes]:
    """The file's bytes, a chunk at a time; an error while reading is :class:`OSError` as usual."""
    while chunk := handle.read(CHUNK):
        yield chunk


def fingerprint(path: str, known: EvidenceRecord | None = None) -> EvidenceRecord | Unusable:
    """Size, SHA-256 and modification time of the regular file at ``path``, or why there are none.

    ``known``, the record kept when the file was attached, is returned as it is,
    without reading the file, while the file has the size and modification time
    it recorded.
    """
    with opened(path) as found:
        if isinstance(found, Unusable):
            return found
        handle, status = found
        if known is not None and unchanged(known, status):
            return known
        digest = hashlib.sha256()
        size = 0
        try:
            for chunk in chunks(handle):
                digest.update(chunk)
                size += len(chunk)
        except OSError as error:
            return Unusable("unreadable", error.strerror or str(error))
    if size != status.st_size:
        return not_as_stated()
    return EvidenceRecord(path=path, size=size, sha256=digest.hexdigest(), mtime_ns=status.st_mtime_ns)


def not_as_stated() -> Unusable:
    """A file that did not hold the size its folder entry gave: one being written while it was read,
    or a special file that only looks regular (``/proc/self/environ`` says 0 bytes and holds more)."""
    return Unusable("unreadable", _("it did not hold the size it gave (a special file, or one being written)"))


REHASH: ContextVar[bool] = ContextVar("rehash", default=False)  # True: never trust size and time (check --rehash)


@contextmanager
def rehashing(on: bool = True) -> Iterator[None]:
    """Within it, :func:`check` hashes every file in full, unchanged size and time or not."""
    token = REHASH.set(on)
    try:
        yield
    finally:
        REHASH.reset(token)


class EvidenceState(NamedTuple):
    path: str
    exists: bool  # a regular file cpd could read
    recorded: EvidenceRecord | None
    matches: bool | None  # None when nothing was recorded to compare with
    unusable: Unusable | None = None  # why it does not exist as evidence

    @property
    def problem(self) -> str | None:
        """``missing`` (or not a file cpd can read), ``changed`` (since it was attached) or None."""
        if not self.exists:
            return "missing"
        if self.matches is False:
            return "changed"
        return None


def check(activity: Activity) -> list[EvidenceState]:
    """Each evidence path of ``activity``: is it a file cpd can read, is it what was attached?

    A file with the size and modification time recorded when it was attached is
    taken as unchanged without reading it, unless within :func:`rehashing`.
    """
    recorded = {record.path: record for record in activity.evidence_meta}
    trusted = not REHASH.get()
    states = []
    for path in activity.evidence:
        record = recorded.get(path)
        current = fingerprint(path, record if trusted else None)
        if isinstance(current, Unusable):
            states.append(EvidenceState(path, False, record, None, current))
            continue
        matches = None if record is None else (current.size, current.sha256) == (record.size, record.sha256)
        states.append(EvidenceState(path, True, record, matches))
    return states
