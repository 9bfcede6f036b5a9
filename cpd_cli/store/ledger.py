"""The ledger file: read and validated as a whole, or written atomically.

Writing is a locked transaction: take the ledger's lock, read it again, change
it, keep the previous bytes in the undo journal and as ``<ledger>.bak``, then
replace the ledger atomically (:mod:`cpd_cli.store.atomic`).  A crash at any
point leaves either the old or the new file, never a mix; a write that fails
puts the journal and the ``.bak`` back as they were.  Nothing is written to a
ledger that could not be read and validated in full.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cpd_cli.core.model import Ledger
from cpd_cli.core.rules import DEFAULT_PACK, MAX_PACK_BYTES, RulePack, embedded_pack_ids, load_embedded, parse_pack
from cpd_cli.core.validate import raw_bytes, validate_activities
from cpd_cli.errors import LedgerError, RulesError, UsageError
from cpd_cli.i18n import _
from cpd_cli.store import atomic, codec, files

if TYPE_CHECKING:
    from cpd_cli.store import journal

MAX_LEDGER_BYTES = files.MAX_LEDGER_BYTES
_PACK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")  # no separator, no "..", no drive


class Loaded(NamedTuple):
    """A ledger read from ``path`` and checked under its rule pack."""

    path: Path
    ledger: Ledger
    pack: RulePack
    raw: bytes | None  # the file's bytes as read; None when there was no file


def read_bytes(path: Path) -> bytes | None:
    """The ledger file's bytes, or None when there is none; a file that is no ledger is refused unread."""
    try:
        return files.read_regular(path, MAX_LEDGER_BYTES)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise LedgerError(_("is a directory, not a ledger file"), path=str(path)) from None
    except files.NotRegular:  # a pipe would wait for a writer forever; a device is no ledger
        raise LedgerError(_("not a regular file, so not a ledger"), path=str(path)) from None
    except files.TooLarge as error:
        raise LedgerError(
            _("{size:,} bytes is too large for a ledger").format(size=error.size), path=str(path)
        ) from None
    except OSError as error:
        raise LedgerError(_("cannot read: {reason}").format(reason=error.strerror), path=str(path)) from error


def parse(path: Path, raw: bytes | None, rules_file: Path | None = None) -> Loaded:
    """Decode, parse and validate; every error names the file."""
    try:
        ledger = Ledger() if raw is None else codec.loads(decode(raw))
        if rules_file is not None:
            pack = load_pack(rules_file)
        else:
            try:
                pack = pack_for(ledger)
            except RulesError as error:
                raise RulesError(_("{path}: profile, field 'rules': {error}").format(path=path, error=error)) from error
        validate_activities(ledger.activities, pack)
    except LedgerError as error:
        raise error.with_path(str(path)) from error
    return Loaded(path, ledger, pack, raw)


# What a ledger that is not UTF-8 may be, tried in this order: the byte-order marks say UTF-16 for
# sure; GBK is what Notepad's "ANSI" writes on a Chinese Windows; GB18030 is GBK's superset.
BYTE_ORDER_MARKS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
LEGACY_ENCODINGS = ("gbk", "gb18030")
SAVE_AS_UTF8 = "记事本：文件 → 另存为 → 编码 UTF-8 → 保存"


def decode(raw: bytes) -> str:
    """A ledger's text, which must be UTF-8 (a byte-order mark allowed).

    Anything else is refused naming the first line that is not UTF-8 and what
    the file reads as instead (UTF-16 by its byte-order mark, else GBK or
    GB18030 where the whole file decodes so), with the way forward: ``cpd
    ledger --reencode``, or Notepad's 另存为 UTF-8.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        found = encoding_of(raw)
        if found is None:
            message = _("line {line} is not UTF-8 text; save the file as UTF-8 ({steps})")
        else:
            message = _(
                "line {line} is not UTF-8 text: the file reads as {encoding} (Notepad's ANSI or Unicode); "
                "convert it with 'cpd ledger --reencode {encoding}' (cpd undo reverts it), or {steps}"
            )
        raise LedgerError(message.format(line=line, encoding=found, steps=SAVE_AS_UTF8)) from error


def encoding_of(raw: bytes) -> str | None:
    """The encoding ``raw`` decodes in whole: UTF-16 by its byte-order mark, else GBK, else GB18030."""
    for mark, name in BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            return name
    for name in LEGACY_ENCODINGS:
        try:
            raw.decode(name)
        except UnicodeDecodeError:
            continue
        return name
    return None


def load(path: Path, rules_file: Path | None = None) -> Loaded:
    """Read and validate the ledger at ``path``; a missing file is an empty ledger."""
    return parse(path, read_bytes(path), rules_file)


def load_pack(path: Path) -> RulePack:
    """A pack from a file the person named (``--rules``, or ``packs/<id>.toml``), read as a ledger is."""
    try:
        text = files.read_regular(path, MAX_PACK_BYTES).decode("utf-8")
    except files.NotRegular:
        raise RulesError(_("{path}: not a regular file, so not a rule pack").format(path=path)) from None
    except files.TooLarge as error:
        raise RulesError(
            _("{path}: {size:,} bytes is too large for a rule pack").format(path=path, size=error.size)
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise RulesError(_("{path}: cannot read rule pack: {error}").format(path=path, error=error)) from error
    return parse_pack(text, source=str(path))


def pack_for(ledger: Ledger) -> RulePack:
    """The pack the profile names: embedded, else ``packs/<id>.toml`` in the user config dir."""
    pack_id = ledger.profile.rules or DEFAULT_PACK
    if pack_id in embedded_pack_ids():
        return load_embedded(pack_id)
    if not _PACK_ID.fullmatch(pack_id):  # a name, never a path: "../../x" must not reach outside the packs folder
        raise RulesError(
            _("{id!r} is not a rule pack id (letters, digits, '.', '-' and '_', as in jiangxi-2023)").format(id=pack_id)
        )
    from cpd_cli.store.paths import user_packs_folder

    candidate = user_packs_folder() / f"{pack_id}.toml"
    if candidate.is_file():
        pack = load_pack(candidate)
        if pack.id != pack_id:
            raise RulesError(
                _("{path}: declares id {found!r}, not {wanted!r}").format(path=candidate, found=pack.id, wanted=pack_id)
            )
        return pack
    return load_embedded(pack_id)  # raises: unknown pack, naming the known ones


# ---------------------------------------------------------------- writing


class Transaction:
    """A locked read-modify-write of the ledger; see :func:`transaction`."""

    def __init__(self, loaded: Loaded):
        self.loaded = loaded
        self.saved: Ledger | None = None
        self.unchanged = False  # a save was asked for what the ledger already holds: nothing was written

    @property
    def ledger(self) -> Ledger:
        return self.loaded.ledger

    def save(self, ledger: Ledger, *, action: str, summary: str) -> None:
        """Validate ``ledger`` and write it in place of the old one.

        A ledger equal to the one read is no change: nothing is written, no
        journal entry is made and the ``.bak`` keeps the version before the last
        real change, so the next ``undo`` takes back that change.
        """
        validate_activities(ledger.activities, self.loaded.pack)
        if ledger == self.loaded.ledger and self.loaded.raw is not None:
            self.unchanged = True
            return
        write_change(self.loaded, encoded(ledger), action=action, summary=summary)
        self.saved = ledger

    def check_room(self, activities: int) -> None:
        """Refuse, before any work, to add ``activities`` that could not fit in a ledger cpd reads back."""
        least = len(self.loaded.raw or b"") + activities * LEAST_ACTIVITY_BYTES
        if least > MAX_LEDGER_BYTES:
            raise UsageError(
                _(
                    "{count:,} more activities would make the ledger over {most:,} bytes, "
                    "more than cpd reads; nothing was changed"
                ).format(count=activities, most=MAX_LEDGER_BYTES)
            )


LEAST_ACTIVITY_BYTES = len('[[activity]]\nid = 1\nkind = ""\ntitle = ""\ndate = 2024-01-01\n')  # the shortest


def encoded(ledger: Ledger) -> bytes:
    """The file's bytes for ``ledger``, refused unless the reader takes them back as they are.

    Checked before anything touches the disk, against the reader's own limits
    (size, nesting, string lengths), so no change writes a ledger that the next
    command, ``undo`` included, would refuse.
    """
    try:
        data = codec.dumps(ledger).encode("utf-8")
    except UnicodeEncodeError as error:  # bytes given on a POSIX command line that are not UTF-8
        raise UsageError(
            _("the text given is not UTF-8 ({bytes}), so it cannot be saved; nothing was changed").format(
                bytes=raw_bytes(error.object[error.start : error.end])
            )
        ) from None
    if len(data) > MAX_LEDGER_BYTES:
        raise UsageError(
            _(
                "the change would make the ledger {size:,} bytes, more than the {most:,} cpd reads; nothing was changed"
            ).format(size=len(data), most=MAX_LEDGER_BYTES)
        )
    try:
        codec.loads(data.decode("utf-8"))  # what we write must read back
    except LedgerError as error:
        raise UsageError(
            _("the change would make a ledger cpd cannot read back ({error}); nothing was changed").format(error=error)
        ) from None
    return data


def is_own_file(target: Path, path: Path) -> bool:
    """Whether ``target``, symbolic links followed, is one of the files kept for the ledger at ``path``.

    They are the ledger, its ``.bak`` (and the backups a schema upgrade made), its
    lock, the temporary files of any of them, and the undo journal with all it
    holds: a file written over one of them would be written where the record of
    a career is kept, with no journal entry to take it back.  Other files beside
    the ledger are the person's own.  The ledger is taken both as ``path`` names
    it and as its link resolves, since a change writes to the link's target.
    """
    real = _comparable(os.path.realpath(target))
    for ledger in {_comparable(os.path.abspath(path)), _comparable(os.path.realpath(path))}:
        journal = ledger.with_name(ledger.name + ".undo")
        if real == journal or journal in real.parents:
            return True
        names = _backed_up(ledger.name)
        own = re.compile(rf"{names}|{re.escape(ledger.name)}\.lock|{atomic.temporary_names(names)}")
        if real.parent == ledger.parent and own.fullmatch(real.name):
            return True
    return False


def _backed_up(name: str) -> str:
    """The pattern of the names of the ledger called ``name`` and of its backups."""
    return re.escape(name) + r"(?:\.bak|\.schema-[0-9]+\.bak)?"


def _comparable(path: str) -> Path:
    """``path`` as the file system compares names: without case on Windows."""
    return Path(os.path.normcase(path))


def write_change(loaded: Loaded, data: bytes, *, action: str, summary: str, encoding: str = "utf-8") -> None:
    """Write ``data`` in place of ``loaded``'s file, with its journal entry and ``.bak`` (the
    previous bytes, text in ``encoding``), all or nothing.  Hold the lock (:func:`changing`)."""
    path = loaded.path
    from cpd_cli.store import journal  # hashlib and json: only when writing

    changes: list[tuple[Path, bytes | None]] = [
        journal.new_entry(path, loaded.raw, data, action=action, summary=summary, encoding=encoding)
    ]
    if loaded.raw is not None:
        changes.append((backup_path(path), loaded.raw))
        if loaded.ledger.schema < codec.SCHEMA:  # the first write in a newer schema
            changes.append((path.with_name(f"{path.name}.schema-{loaded.ledger.schema}.bak"), loaded.raw))
    changes.append((path, data))  # last: until it lands, nothing else has changed either
    atomic.write_together(changes)
    journal.trim(path)


def reencode(
    path: Path,
    encoding: str,
    rules_file: Path | None = None,
    on_wait: Callable[[int | None], None] | None = None,
) -> Path | None:
    """Rewrite the ledger at ``path``, text in ``encoding``, as UTF-8, changing nothing else; None
    if it is UTF-8 already; else the file written (a link's target).  Journaled like any change:
    ``cpd undo`` puts the old bytes back.

    The text must decode in whole (else the first line that does not is named),
    decode back to the very same bytes (so undo is exact), and be a ledger cpd
    reads and validates in full.  A byte-order mark is left out of the UTF-8.
    """
    with changing(path, on_wait) as real:
        raw = read_bytes(real)
        if raw is None:
            raise LedgerError(_("no ledger file here to convert"), path=str(real))
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return None
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            raise LedgerError(
                _("line {line} is not {encoding} text either; nothing was changed").format(
                    line=line, encoding=encoding
                ),
                path=str(real),
            ) from error
        if text.encode(encoding) != raw:  # e.g. UTF-16 without its mark: undo could not give it back
            raise LedgerError(
                _("{encoding} does not read this file back to the same bytes; nothing was changed").format(
                    encoding=encoding
                ),
                path=str(real),
            )
        data = text.removeprefix("\ufeff").encode("utf-8")
        loaded = parse(real, data, rules_file)._replace(raw=raw)  # a ledger in full, or refused as any other
        summary = _("reencode from {encoding}").format(encoding=encoding)
        write_change(loaded, data, action="reencode", summary=summary, encoding=encoding)
        return real


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


@contextmanager
def transaction(
    path: Path, rules_file: Path | None = None, on_wait: Callable[[int | None], None] | None = None
) -> Iterator[Transaction]:
    """Lock, read and validate the ledger; yield it to change and ``save``.

    A symbolic link is followed: the change is written to, and locked at, its
    target.  ``on_wait`` is told when another cpd holds the lock
    (:func:`~cpd_cli.store.atomic.locked`).
    """
    with changing(path, on_wait) as real:
        yield Transaction(load(real, rules_file))


@contextmanager
def changing(path: Path, on_wait: Callable[[int | None], None] | None = None) -> Iterator[Path]:
    """Hold the lock of the file a change of ``path`` writes, and yield that file.

    It is the link's target if ``path`` is a symbolic link; a file read-only or
    another user's is refused before anything is written, and the temporary
    files a killed cpd left beside it and in its journal are removed.
    """
    real = atomic.target(path)
    with atomic.locked(real, on_wait):
        atomic.check_ours(real)
        from cpd_cli.store import journal

        atomic.sweep_temporary(real.parent, _backed_up(real.name))
        journal.sweep(real)
        yield real


# ---------------------------------------------------------------- undoing


class NothingToUndo(UsageError):
    """No change of cpd's to undo, or the ledger changed since and undo was not forced."""


def undo(
    path: Path,
    *,
    force: bool = False,
    rules_file: Path | None = None,
    on_wait: Callable[[int | None], None] | None = None,
) -> journal.Entry:
    """Put back the ledger at ``path`` as it was before cpd's newest change; return that change's entry.

    The ledger must still be what that change wrote, unless ``force`` (a later
    hand edit is then kept in ``.bak``).  An entry of a change that never reached
    the ledger, or that was undone by a run killed before it removed the entry,
    is removed and passed over.  A damaged entry stops undo: passing over it
    would undo an older change instead.  ``rules_file`` is the pack the restored
    ledger is checked under; ``on_wait`` is told when another cpd holds the lock.
    """
    from cpd_cli.store import journal

    with changing(path, on_wait=on_wait) as real:
        current = read_bytes(real)
        current_sha = None if current is None else journal.digest(current)
        for entry in reversed(journal.entries(real)):
            _refuse_damaged(entry)
            if current_sha != entry.after_sha256 and current_sha == entry.before_sha256:
                atomic.remove(entry.file)  # never reached the ledger, or already undone: nothing to take back
                continue
            if current_sha != entry.after_sha256 and not force:
                raise NothingToUndo(
                    _(
                        "{path}: the ledger changed since cpd's last change ({summary}), by hand or another tool; "
                        "undo would throw that away — use --force to undo anyway"
                    ).format(path=real, summary=entry.summary)
                )
            _check_before(entry, real, rules_file)
            changes: list[tuple[Path, bytes | None]] = []
            if current is not None and current != entry.before:
                changes.append((backup_path(real), current))
            changes.append((real, entry.before))  # None: there was no ledger before that change
            changes.append((entry.file, None))  # last: until the ledger holds its bytes, the entry keeps them
            atomic.write_together(changes)
            return entry
    raise NothingToUndo(_("nothing to undo"))


def _refuse_damaged(entry: journal.Entry) -> None:
    if entry.damaged is not None:
        raise LedgerError(
            _(
                "the undo journal's entry is damaged ({reason}); nothing was changed (remove it to undo older changes)"
            ).format(reason=entry.damaged),
            path=str(entry.file),
        )


def _check_before(entry: journal.Entry, path: Path, rules_file: Path | None) -> None:
    """Refuse to write back a ledger that could not be read and validated in full."""
    if entry.before is None:
        return
    try:
        if len(entry.before) > MAX_LEDGER_BYTES:
            raise LedgerError(
                _("{size:,} bytes is too large for a ledger").format(size=len(entry.before)), path=str(path)
            )
        # the text before `cpd ledger --reencode` is read as that command read it
        before = entry.before if entry.encoding == "utf-8" else entry.before.decode(entry.encoding).encode("utf-8")
        parse(path, before, rules_file)
    except (LedgerError, RulesError) as error:
        raise LedgerError(
            _("the undo journal's entry does not hold a valid ledger ({error}); nothing was changed").format(
                error=error
            ),
            path=str(entry.file),
        ) from error
