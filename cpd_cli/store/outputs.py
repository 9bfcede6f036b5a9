"""The files cpd writes for a person — an export, a bundle: where they may go, and writing them.

A target is refused, ``--force`` or not, if it is one of cpd's own files or not a
file at all; an existing file is replaced only with ``--force``.  Writing is
atomic, as the ledger's is, with the permissions any file a person makes gets.
"""

from __future__ import annotations

import stat
from pathlib import Path

from cpd_cli.errors import UsageError
from cpd_cli.i18n import _
from cpd_cli.store import atomic
from cpd_cli.store.ledger import is_own_file
from cpd_cli.store.paths import data_folder, in_data_folder


def check_target(target: Path, option: str, ledger: Path, *, force: bool) -> None:
    """Refuse ``target`` (named by ``option``) as an output, in one line, unless cpd may write it."""
    _refuse_unsafe(target, option, ledger)
    _check_place(target, option, force)


def write(target: Path, data: bytes) -> None:
    """``data`` to ``target``, atomically, readable by other programs and people (less the umask)."""
    atomic.write(target, data, atomic.SHARED_MODE)


def _refuse_unsafe(target: Path, option: str, ledger: Path) -> None:
    """Refuse, ``--force`` or not, an output that is one of cpd's own files or not a file at all.

    cpd's own files are the ledger, its ``.bak``, lock, temporary files and undo
    journal (links followed), and anything in cpd's default data folder; other
    files beside a ledger the person keeps elsewhere are theirs to write.  A
    device, pipe or socket is not replaced by a file (``-`` is stdout).  A folder
    on the way that cannot be looked into is named, not a crash.
    """
    try:
        status = target.stat()
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise UsageError(
            _("{option}: cannot look at {path} ({reason})").format(option=option, path=target, reason=error.strerror)
        ) from None
    if is_own_file(target, ledger):
        raise UsageError(
            _("{option}: {path} is one of cpd's own files (the ledger, its backup, lock or undo journal); "
              "choose another name").format(option=option, path=target)
        )  # fmt: skip
    if in_data_folder(target):
        raise UsageError(
            _("{option}: {path} is in cpd's own data folder {folder}; choose another place").format(
                option=option, path=target, folder=data_folder()
            )
        )
    if status is not None and not (stat.S_ISREG(status.st_mode) or stat.S_ISDIR(status.st_mode)):
        raise UsageError(
            _("{option}: {path} is not a regular file (a device, pipe or socket); use - for stdout").format(
                option=option, path=target
            )
        )


def _check_place(target: Path, option: str, force: bool) -> None:
    if target.is_dir():
        raise UsageError(_("{option}: {path} is a directory").format(option=option, path=target))
    if target.exists() and not force:
        raise UsageError(_("{option}: {path} exists; use --force to overwrite it").format(option=option, path=target))
    if not target.parent.is_dir():
        raise UsageError(_("{option}: no such folder: {path}").format(option=option, path=target.parent))
