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
SHARED_MODE = 0o644  # an export, made to be opened by other programs and people: less the umask, as any file
FOLDER_MODE = 0o700
LOCK_TIMEOUT_SECONDS = 30
HELD_RETRY_SECONDS = 1.0  # how long a replace or remove waits for another program to let go of the file
HELD_RETRY_STEP = 0.05
# Windows' answers when another program holds the file: ERROR_ACCESS_DENIED (what replacing a file
# that is open without FILE_SHARE_DELETE gives), ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
HELD_WINERRORS = (5, 32, 33)


def write(path: Path, data: bytes, mode: int = FILE_MODE) -> None:
    """Replace ``path`` by ``data`` in one step; raise :class:`WriteError`."""
    with replacing(path, mode) as handle:
        view = memoryview(data)
        while view:
            written = os.write(handle, view)
            view = view[written:]


@contextmanager
def replacing(path: Path, mode: int = FILE_MODE) -> Iterator[int]:
    """A descriptor to write what replaces ``path``, in one step, when the block ends.

    The file is a temporary one beside ``path`` (``tempfile.mkstemp`` makes it
    mode 0600 where modes exist; another ``mode``, such as :data:`SHARED_MODE`,
    is given less the umask), fsynced before the ``os.replace``, and the
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
            if mode != FILE_MODE and hasattr(os, "fchmod"):
                os.fchmod(handle, mode & ~_umask())
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


def _umask() -> int:
    """The process's umask; reading it means setting it, so it is set back at once."""
    current = os.umask(0o077)
    os.umask(current)
    return current


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
    path = Path()
    try:
        for path, data in changes:
            previous = _read_if_there(path)
            if data is None:
                remove(path)
            else:
                write(path, data)
            done.append((path, previous))
    except BaseException as failure:
        left = []
        for written, previous in reversed(done):
            try:
                if previous is None:
                    remove(written)
                else:
                    write(written, previous)
            except WriteError:  # the first failure is the one to report, and what it left behind
                left.append(written)
        cause = failure.__cause__
        if left and isinstance(failure, WriteError) and isinstance(cause, OSError):
            outcome = _("{path} was not changed, but {others} could not be put back as before").format(
                path=changes[-1][0], others=", ".join(str(other) for other in left)
            )
            raise WriteError(write_failure(path, cause, outcome)) from failure
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


def write_failure(path: Path, error: OSError, outcome: str | None = None) -> str:
    """The one-line message for a write to ``path`` that failed with ``error``; ``outcome`` says what
    that left (by default: nothing was changed)."""
    outcome = _("nothing was changed") if outcome is None else outcome
    if error.errno == errno.ENOSPC:
        return _("{path}: the disk is full; {outcome}").format(path=path, outcome=outcome)
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("{path}: not allowed to write here ({reason}); {outcome}").format(
            path=path, reason=error.strerror, outcome=outcome
        )
    return _("{path}: cannot write ({reason}); {outcome}").format(path=path, reason=error.strerror, outcome=outcome)


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


LOCK_NOTICE_SECONDS = 1.0  # a lock held longer than this is said, with who holds it


@contextmanager
def locked(path: Path, on_wait: Callable[[int | None], None] | None = None) -> Iterator[None]:
    """Hold the exclusive lock of the file at ``path`` (``<path>.lock`` beside it).

    The holder writes its process id into the lock file.  When the lock is still
    held after :data:`LOCK_NOTICE_SECONDS`, ``on_wait`` is called with the
    holder's id (None if it cannot be read), and the wait goes on up to
    :data:`LOCK_TIMEOUT_SECONDS` in all.  A lock file that cannot be created (a
    read-only folder, no inodes left) is a :class:`WriteError`.
    """
    from filelock import FileLock, Timeout

    ensure_folder(path.parent)
    place = lock_path(path)
    lock = FileLock(str(place), mode=FILE_MODE)
    try:
        try:
            lock.acquire(timeout=LOCK_NOTICE_SECONDS)
        except Timeout:
            if on_wait is not None:
                on_wait(lock_holder(place))
            lock.acquire(timeout=LOCK_TIMEOUT_SECONDS - LOCK_NOTICE_SECONDS)
    except Timeout:
        raise WriteError(
            _("{path}: another cpd has held the ledger for {seconds} s; try again").format(
                path=path, seconds=LOCK_TIMEOUT_SECONDS
            )
        ) from None
    except OSError as error:
        raise WriteError(
            _("{path}: cannot create the lock file ({reason}); nothing was changed").format(
                path=place, reason=error.strerror or error
            )
        ) from error
    try:
        _note_holder(place)
        yield
    finally:
        with contextlib.suppress(OSError):  # the lock goes with the process in any case
            lock.release()


# Where the holder's id is kept in the lock file: past its first byte, which Windows' lock covers
# (a locked byte can be neither read nor written, even by the holder through another handle).
HOLDER_AT = 1
HOLDER_WIDTH = 20  # a fixed width, so a shorter id overwrites a longer one whole


def lock_holder(place: Path) -> int | None:
    """The process id the lock file at ``place`` names, if it names one."""
    try:
        with open(place, "rb") as file:
            file.seek(HOLDER_AT)
            text = file.read(HOLDER_WIDTH).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _note_holder(place: Path) -> None:
    """Write this process's id into the lock file it holds, for one who waits to name it."""
    try:
        with open(place, "r+b", buffering=0) as file:
            file.seek(HOLDER_AT)
            file.write(f"{os.getpid():<{HOLDER_WIDTH}}".encode("ascii"))
    except OSError:
        pass  # the id is a courtesy to whoever waits; the lock holds without it


# ---------------------------------------------------------------- what a change may write


def target(path: Path) -> Path:
    """The file a change of ``path`` writes: a symbolic link's target, followed to the end.

    Replacing the link itself would leave its target (a synced folder's copy,
    say) behind, and two names of one file would take two different locks.
    """
    try:
        if not path.is_symlink():
            return path
    except OSError as error:  # a folder on the way that cannot be looked into
        raise WriteError(write_failure(path, error)) from error
    return Path(os.path.realpath(path))


def check_ours(path: Path) -> None:
    """Refuse, with :class:`WriteError`, to replace a file its owner made read-only or another user owns.

    Replacing it would silently undo the first and take the file from the second.
    """
    try:
        status = path.stat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise WriteError(write_failure(path, error)) from error
    owner = getattr(os, "geteuid", None)
    if owner is not None and status.st_uid != owner():
        raise WriteError(
            _("{path}: belongs to another user (uid {uid}); nothing was changed").format(path=path, uid=status.st_uid)
        )
    if not status.st_mode & stat.S_IWUSR:
        raise WriteError(
            _("{path}: the file is read-only; make it writable to change it; nothing was changed").format(path=path)
        )


_TEMPORARY = r"\.[a-z0-9_]{8}\.tmp"  # what tempfile.mkstemp adds after the prefix :func:`replacing` gives


def temporary_names(names: str) -> str:
    """The pattern of the temporary files :func:`replacing` makes while writing files named ``names``."""
    return r"\." + names + _TEMPORARY


def sweep_temporary(folder: Path, names: str) -> None:
    """Remove the temporary files a killed cpd left in ``folder`` while writing files whose names
    match the pattern ``names``.  Call it holding the lock: no other cpd is writing them then."""
    import re

    pattern = re.compile(temporary_names(names))
    try:
        found = os.listdir(folder)
    except OSError:
        return
    for name in found:
        if pattern.fullmatch(name):
            with contextlib.suppress(OSError):  # one that cannot go now goes next time
                (folder / name).unlink()
