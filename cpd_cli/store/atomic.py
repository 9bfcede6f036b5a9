"""The store's primitives: atomic writes, the ledger's lock, file and folder modes.

Every file cpd writes goes through :func:`replacing` (or :func:`write`, for bytes
in hand): the new content goes to a temporary file beside the target, is
fsynced, and replaces the target with one ``os.replace``, so a reader or a crash
sees the old file or the new one, never a mix.  Files are created mode 0600 and
folders 0700: a ledger says where a person worked and what they earned.  Any
``OSError`` becomes a :class:`~cpd_cli.errors.WriteError` saying that nothing
was changed.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cpd_cli.errors import WriteError
from cpd_cli.i18n import _

FILE_MODE = 0o600  # what tempfile.mkstemp creates on POSIX; the lock file is given it too
FOLDER_MODE = 0o700
LOCK_TIMEOUT_SECONDS = 30


def write(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one step; raise :class:`WriteError`."""
    with replacing(path) as handle:
        view = memoryview(data)
        while view:
            written = os.write(handle, view)
            view = view[written:]


@contextmanager
def replacing(path: Path) -> Iterator[int]:
    """A descriptor to write what replaces ``path``, in one step, when the block ends.

    The file is a temporary one beside ``path`` (``tempfile.mkstemp`` makes it
    mode 0600 where modes exist), fsynced before the ``os.replace``, and the
    folder is fsynced after it where the platform can.  On any ``OSError`` the
    temporary file is removed and :class:`WriteError` says what happened.
    """
    ensure_folder(path.parent)
    import tempfile  # imported when writing: reading commands never load it

    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise WriteError(write_failure(path, error)) from error
    try:
        try:
            yield handle
            os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):  # already gone, or the disk refuses even that
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise WriteError(write_failure(path, error)) from error
        raise
    _fsync_folder(path.parent)


def write_failure(path: Path, error: OSError) -> str:
    """The one-line message for a write to ``path`` that failed with ``error``."""
    if error.errno == errno.ENOSPC:
        return _("{path}: the disk is full; nothing was changed").format(path=path)
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("{path}: not allowed to write here ({reason}); nothing was changed").format(
            path=path, reason=error.strerror
        )
    return _("{path}: cannot write ({reason}); nothing was changed").format(path=path, reason=error.strerror)


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its parents, mode 0700, unless it exists; ``OSError`` if it cannot."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)


def ensure_folder(folder: Path) -> None:
    """:func:`make_folder`, failing with :class:`WriteError`."""
    try:
        make_folder(folder)
    except OSError as error:
        raise WriteError(
            _("{path}: cannot create the ledger's folder ({reason})").format(path=folder, reason=error.strerror)
        ) from error


def _fsync_folder(folder: Path) -> None:
    """Make the replace itself durable.  Windows cannot open a folder to fsync it."""
    if os.name == "nt":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some filesystems cannot fsync a directory; the replace is still atomic
    finally:
        os.close(descriptor)


# ---------------------------------------------------------------- the lock


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the exclusive lock of the file at ``path`` (``<path>.lock`` beside it)."""
    from filelock import FileLock, Timeout

    ensure_folder(path.parent)
    lock = FileLock(str(lock_path(path)), mode=FILE_MODE)
    try:
        with lock.acquire(timeout=LOCK_TIMEOUT_SECONDS):
            yield
    except Timeout:
        raise WriteError(
            _("{path}: another cpd has held the ledger for {seconds} s; try again").format(
                path=path, seconds=LOCK_TIMEOUT_SECONDS
            )
        ) from None
