"""The undo journal: the ledger's bytes before each change cpd made.

Each change leaves one JSON file in ``<ledger>.undo/``, numbered in order, with
the action, a one-line summary, the previous text of the ledger (or ``null`` when
there was no file) and the SHA-256 of the bytes the change wrote.  ``undo``
restores the newest entry's previous bytes exactly — but only if the ledger is
still what that change wrote, so a later hand edit is never thrown away
silently.  The newest :data:`KEEP` entries are kept.

:func:`cpd_cli.store.ledger.undo` is the whole protocol of undoing.  Its steps
are ordered so that a crash at any instant leaves the version before the change in the ledger, the ``.bak`` or
the journal: the ``.bak`` takes the current ledger, the ledger takes the entry's
previous bytes, and only then does the entry go.  An entry left behind by a
crash before it went names the current ledger as its ``before``: the next undo
sees that the change is no longer there and passes over it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from cpd_cli.errors import WriteError
from cpd_cli.i18n import _
from cpd_cli.store import atomic

KEEP = 100


class Entry(NamedTuple):
    file: Path
    action: str
    summary: str
    at: str
    before: bytes | None
    after_sha256: str
    damaged: str | None = None  # why the entry cannot be trusted (unreadable, or edited since); None if sound
    encoding: str = "utf-8"  # of ``before``: another only before `cpd ledger --reencode` made it UTF-8

    @property
    def before_sha256(self) -> str | None:
        return None if self.before is None else digest(self.before)


def folder(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + ".undo")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_entry(
    ledger: Path, before: bytes | None, after: bytes, *, action: str, summary: str, encoding: str = "utf-8"
) -> tuple[Path, bytes]:
    """The file and the content that remember ``before`` (text in ``encoding``), so the change that
    writes ``after`` can be undone.

    The caller writes it together with the ledger (:func:`~cpd_cli.store.atomic.write_together`),
    then calls :func:`trim`.
    """
    place = folder(ledger)
    try:
        atomic.make_folder(place)
    except OSError as error:
        raise WriteError(
            _("{path}: cannot keep the undo journal ({reason}); nothing was changed").format(
                path=place, reason=error.strerror
            )
        ) from error
    numbers = _numbers(place)
    number = (numbers[-1] + 1) if numbers else 1
    entry = {
        "action": action,
        "summary": summary,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "before": None if before is None else before.decode(encoding),
        "before_sha256": None if before is None else digest(before),
        "after_sha256": digest(after),
    }
    if encoding != "utf-8":
        entry["encoding"] = encoding
    return place / f"{number:08d}.json", json.dumps(entry, ensure_ascii=False).encode("utf-8")


def sweep(ledger: Path) -> None:
    """Remove the temporary files a killed cpd left in the journal; call it holding the lock."""
    atomic.sweep_temporary(folder(ledger), r"[0-9]{8}\.json")


def trim(ledger: Path) -> None:
    """Keep only the newest :data:`KEEP` entries; one that cannot go now goes next time."""
    place = folder(ledger)
    numbers = _numbers(place)
    for old in numbers[: max(0, len(numbers) - KEEP)]:
        with contextlib.suppress(OSError):
            (place / f"{old:08d}.json").unlink(missing_ok=True)


def entries(ledger: Path) -> list[Entry]:
    """The journal, newest last; an entry that cannot be read, or whose text no longer matches its
    checksum, is returned with ``damaged`` saying so, never skipped: undo must not pass over it."""
    place = folder(ledger)
    found = []
    for number in _numbers(place):
        file = place / f"{number:08d}.json"
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            before = data["before"]
            encoding = str(data.get("encoding", "utf-8"))
            entry = Entry(
                file=file,
                action=str(data["action"]),
                summary=str(data["summary"]),
                at=str(data["at"]),
                before=None if before is None else str(before).encode(encoding),
                after_sha256=str(data["after_sha256"]),
                encoding=encoding,
            )
        except OSError as error:
            found.append(_damaged(file, str(error.strerror or error)))
            continue
        except (ValueError, KeyError, TypeError, AttributeError, LookupError) as error:
            found.append(_damaged(file, _("not a journal entry: {error}").format(error=_cut(str(error)))))
            continue
        recorded = data.get("before_sha256")  # entries from before this field was kept have none
        if recorded is not None and recorded != entry.before_sha256:
            entry = entry._replace(damaged=_("its ledger text does not match the checksum kept with it"))
        found.append(entry)
    return found


def _damaged(file: Path, reason: str) -> Entry:
    return Entry(file=file, action="", summary="", at="", before=None, after_sha256="", damaged=reason)


def _cut(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "…"


def _numbers(place: Path) -> list[int]:
    try:
        names = os.listdir(place)
    except OSError:
        return []
    return sorted(int(name[:-5]) for name in names if name.endswith(".json") and name[:-5].isdecimal())
