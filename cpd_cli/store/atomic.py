"""The store's primitives: atomic writes, the ledger's lock, file and folder modes.

Every file cpd writes goes through :func:`replacing` (or :func:`write`, for bytes
in hand): the new content goes to a temporary file beside the target, is
fsynced, and replaces the target with one ``os.replace``, so a reader or a crash
sees the old file or the new one, never a mix.  Files are created mode 0600 and
folders 0700: a ledger says where a person worked and what they earned.  Any
``OSError`` becomes a :class:`~cpd_cli.errors.WriteError` saying that nothing
was changed.  :func:`write_together` writes several files as one change: if one
fails, those already written are put back.

On Windows a file another program holds open (an antivirus scan or the indexer
for a moment, Excel or WPS for as long as it shows the file) cannot be replaced
or removed: the step is retried for about a second, then the message says so.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from cpd_cli.errors import WriteError
from cpd_cli.i18n import _

FILE_MODE = 0o600  # what tempfile.mkstemp creates on POSIX; the lock file is given it too
FOLDER_MODE = 0o700
LOCK_TIMEOUT_SECONDS = 30
HELD_RETRY_SECONDS = 1.0  # how long a replace or remove waits for another program to let go of the file
HELD_RETRY_STEP = 0.05
# Windows' answers when another program holds the file: ERROR_ACCESS_DENIED (what replacing a file
# that is open without FILE_SHARE_DELETE gives), ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
HELD_WINERRORS = (5, 32, 33)


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
    folder is fsynced after it where the platform can.  A target another program
    holds is waited for (:func:`retrying_while_held`).  On any ``OSError`` the
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
        retrying_while_held(lambda: os.replace(temporary, path), path)
    except BaseException as error:
        with contextlib.suppress(OSError):  # already gone, or the disk refuses even that
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise WriteError(write_failure(path, error)) from error
        raise
    _fsync_folder(path.parent)


def remove(path: Path) -> None:
    """Remove the file at ``path`` if it is there; raise :class:`WriteError`."""
    try:
        retrying_while_held(lambda: path.unlink(missing_ok=True), path)
    except OSError as error:
        raise WriteError(write_failure(path, error)) from error


def write_together(changes: Sequence[tuple[Path, bytes | None]]) -> None:
    """Write each file (``None``: remove it) in order, as one change; raise :class:`WriteError`.

    If a step fails, or is interrupted, the files already written are put back as
    they were, so nothing was changed.  Put the file that matters last: the
    others (a backup, a journal entry) then never describe a change that did not
    happen.  A crash, which nothing can undo, leaves each file old or new.
    """
    done: list[tuple[Path, bytes | None]] = []
    try:
        for path, data in changes:
            previous = _read_if_there(path)
            if data is None:
                remove(path)
            else:
                write(path, data)
            done.append((path, previous))
    except BaseException:
        for path, previous in reversed(done):
            with contextlib.suppress(WriteError):  # the first failure is the one to report
                if previous is None:
                    remove(path)
                else:
                    write(path, previous)
        raise


def _read_if_there(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise WriteError(write_failure(path, error)) from error


def retrying_while_held(step: Callable[[], None], path: Path) -> None:
    """Run ``step``, again while another program holds ``path``, for up to :data:`HELD_RETRY_SECONDS`.

    Still held then: :class:`WriteError` saying so.  Other errors pass through.
    """
    deadline = time.monotonic() + HELD_RETRY_SECONDS
    while True:
        try:
            step()
            return
        except PermissionError as error:
            if not held(error, path):
                raise
            if time.monotonic() >= deadline:
                raise WriteError(held_message(path)) from error
        time.sleep(HELD_RETRY_STEP)


def held_message(path: Path) -> str:
    return _("{path} is open in another program (Excel, WPS?); close it and try again; nothing was changed").format(
        path=path
    )


def held(error: OSError, path: Path) -> bool:
    """Whether ``error`` says another program has ``path`` open (only Windows says so)."""
    if getattr(error, "winerror", None) not in HELD_WINERRORS:
        return False
    try:
        status = path.stat()
    except OSError:
        return True
    # A folder or a read-only file is refused with the same ERROR_ACCESS_DENIED, and for good.
    read_only = getattr(status, "st_file_attributes", 0) & stat.FILE_ATTRIBUTE_READONLY
    return not (stat.S_ISDIR(status.st_mode) or read_only)


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
    if sys.platform == "win32":
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
