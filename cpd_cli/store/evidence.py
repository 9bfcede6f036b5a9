"""Evidence files: fingerprinted when attached, checked later, never trusted.

A path in a ledger may point anywhere, or nowhere, or be a name no filesystem
here can encode; every function here answers instead of raising for those.
"""

from __future__ import annotations

import hashlib
import os
from types import ModuleType
from typing import NamedTuple

from cpd_cli.core.model import Activity, EvidenceRecord

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


def fingerprint(path: str) -> EvidenceRecord | None:
    """Size and SHA-256 of a regular file, or ``None`` if it cannot be read."""
    try:
        if not os.path.isfile(path):  # never open a FIFO or device: it could block
            return None
        digest = hashlib.sha256()
        size = 0
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except (OSError, ValueError):  # ValueError: a NUL in the path
        return None
    return EvidenceRecord(path=path, size=size, sha256=digest.hexdigest())


class EvidenceState(NamedTuple):
    path: str
    exists: bool
    recorded: EvidenceRecord | None
    matches: bool | None  # None when nothing was recorded to compare with

    @property
    def problem(self) -> str | None:
        """``missing``, ``changed`` (since it was attached) or None."""
        if not self.exists:
            return "missing"
        if self.matches is False:
            return "changed"
        return None


def check(activity: Activity) -> list[EvidenceState]:
    """Each evidence path of ``activity``: does it exist, is it what was attached?"""
    recorded = {record.path: record for record in activity.evidence_meta}
    states = []
    for path in activity.evidence:
        record = recorded.get(path)
        current = fingerprint(path)
        matches = None
        if record is not None and current is not None:
            matches = (current.size, current.sha256) == (record.size, record.sha256)
        states.append(EvidenceState(path, current is not None, record, matches))
    return states
