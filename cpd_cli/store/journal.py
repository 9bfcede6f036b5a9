"""The undo journal: the ledger's bytes before each change cpd made.

Each change leaves one JSON file in ``<ledger>.undo/``, numbered in order, with
the action, a one-line summary, the previous text of the ledger (or ``null`` when
there was no file) and the SHA-256 of the bytes the change wrote.  ``undo``
restores the newest entry's previous bytes exactly — but only if the ledger is
still what that change wrote, so a later hand edit is never thrown away
silently.  The newest :data:`KEEP` entries are kept.
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

    @property
    def before_sha256(self) -> str | None:
        return None if self.before is None else digest(self.before)


def folder(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + ".undo")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_entry(ledger: Path, before: bytes | None, after: bytes, *, action: str, summary: str) -> tuple[Path, bytes]:
    """The file and the content that remember ``before``, so the change that writes ``after`` can be undone.

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
        "before": None if before is None else before.decode("utf-8"),
        "after_sha256": digest(after),
    }
    return place / f"{number:08d}.json", json.dumps(entry, ensure_ascii=False).encode("utf-8")


def trim(ledger: Path) -> None:
    """Keep only the newest :data:`KEEP` entries; one that cannot go now goes next time."""
    place = folder(ledger)
    numbers = _numbers(place)
    for old in numbers[: max(0, len(numbers) - KEEP)]:
        with contextlib.suppress(OSError):
            (place / f"{old:08d}.json").unlink(missing_ok=True)


def entries(ledger: Path) -> list[Entry]:
    """The journal, newest last; unreadable entries are skipped."""
    place = folder(ledger)
    found = []
    for number in _numbers(place):
        file = place / f"{number:08d}.json"
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            before = data["before"]
            found.append(
                Entry(
                    file=file,
                    action=str(data["action"]),
                    summary=str(data["summary"]),
                    at=str(data["at"]),
                    before=None if before is None else str(before).encode("utf-8"),
                    after_sha256=str(data["after_sha256"]),
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found


def discard(entry: Entry) -> None:
    entry.file.unlink(missing_ok=True)


def _numbers(place: Path) -> list[int]:
    try:
        names = os.listdir(place)
    except OSError:
        return []
    return sorted(int(name[:-5]) for name in names if name.endswith(".json") and name[:-5].isdigit())
