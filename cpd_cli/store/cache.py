"""A ledger, parsed and validated, kept in the user cache dir so it is not parsed twice.

Reading and validating 1,000 activities takes about 11 ms; loading them from
here takes about 2.  An entry is keyed by content, never by times or sizes: it is
used only when the BLAKE2b digest of the bytes read now (with cpd's version,
Python's, the parsing modules' files and the ``--rules`` file named) equals the
digest it was saved under, and the rule pack it was validated against still has
the same bytes.  Only ledgers that read and validated cleanly are kept, so a
broken ledger is parsed, and reported, every time.  Anything wrong with the
cache itself (absent, unreadable, damaged, written by another version, a
read-only disk) is a miss and never an error.  One file a ledger, replaced
atomically when the ledger changes, kept for the 16 ledgers whose entries were
written last; ``CPD_NO_CACHE=1`` turns it off.

The files are pickles, as in the caches of pytest and mypy: whoever can write
the user's cache dir can already run code as that user.
"""

from __future__ import annotations

import os
import pickle
import sys
import time
from pathlib import Path
from typing import NamedTuple

from cpd_cli import __version__
from cpd_cli.core.model import Ledger
from cpd_cli.core.rules import RulePack, embedded_file
from cpd_cli.store.paths import ledger_cache_folder

try:  # CPython's own BLAKE2: hashlib would load OpenSSL first, 3 ms of every run
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b

NO_CACHE_ENV = "CPD_NO_CACHE"
FORMAT = b"cpd-ledger-cache 1"
# The files that turn bytes into a Ledger and check it: an edit to one of them (an
# editable install keeps its version number) makes every entry a miss.
PARSING_FILES = (
    "tomlread.py",
    "store/codec.py",
    "store/migrate.py",
    "store/cache.py",
    "core/dates.py",
    "core/model.py",
    "core/rules.py",
    "core/validate.py",
)
PACKAGE = Path(__file__).resolve().parent.parent
DIGEST_SIZE = 32
MAX_ENTRIES = 16  # a person has a ledger or two; a script or a test run may read hundreds
STALE_TEMPORARY_NS = 3600 * 10**9  # a write that old was killed before it could finish


class Entry(NamedTuple):
    pack_digest: bytes
    ledger: Ledger
    pack: RulePack


def enabled() -> bool:
    return not os.environ.get(NO_CACHE_ENV)


def load(path: Path, raw: bytes, rules_file: Path | None) -> tuple[Ledger, RulePack] | None:
    """What parsing and validating ``raw`` gave last time, or None."""
    if not enabled():
        return None
    try:
        stored = _entry_path(path).read_bytes()
        if stored[:DIGEST_SIZE] != _key(raw, rules_file):
            return None
        entry = pickle.loads(stored[DIGEST_SIZE:])
        if not isinstance(entry, Entry) or entry.pack_digest != _pack_digest(entry.pack, rules_file):
            return None
        return entry.ledger, entry.pack
    except Exception:  # a damaged entry can fail to unpickle in any way; it is only a miss
        return None


def save(path: Path, raw: bytes, rules_file: Path | None, ledger: Ledger, pack: RulePack) -> None:
    """Keep what ``raw`` parsed and validated to; silently nothing where the cache cannot be written."""
    if not enabled():
        return
    try:
        pack_digest = _pack_digest(pack, rules_file)
        if pack_digest is None:
            return
        data = _key(raw, rules_file) + pickle.dumps(Entry(pack_digest, ledger, pack), pickle.HIGHEST_PROTOCOL)
        from cpd_cli.store.ledger import write_atomic  # imported here: the ledger module imports this one

        target = _entry_path(path)
        write_atomic(target, data, durable=False)
        _prune(target.parent)
    except Exception:  # the command has done its work; a cache it cannot keep is no reason to fail
        return


def _prune(folder: Path) -> None:
    """Keep the entries of the ``MAX_ENTRIES`` ledgers saved last; drop what a killed write left."""
    entries = []
    with os.scandir(folder) as scan:
        for entry in scan:
            age = entry.stat().st_mtime_ns
            if entry.name.endswith(".pickle"):
                entries.append((age, entry.path))
            elif entry.name.endswith(".tmp") and age < time.time_ns() - STALE_TEMPORARY_NS:
                os.unlink(entry.path)
    for _age, stale in sorted(entries, reverse=True)[MAX_ENTRIES:]:
        os.unlink(stale)


def _entry_path(ledger_path: Path) -> Path:
    name = blake2b(os.path.abspath(ledger_path).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    return ledger_cache_folder() / f"{name}.pickle"


def _key(raw: bytes, rules_file: Path | None) -> bytes:
    digest = blake2b(FORMAT, digest_size=DIGEST_SIZE)
    parts = [__version__, sys.version, os.path.abspath(rules_file) if rules_file else ""]
    for name in PARSING_FILES:
        stat = os.stat(PACKAGE / name)
        parts.append(f"{name}:{stat.st_mtime_ns}:{stat.st_size}")
    digest.update("\0".join(parts).encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    digest.update(raw)
    return digest.digest()


def _pack_digest(pack: RulePack, rules_file: Path | None) -> bytes | None:
    """The digest of the file the pack was read from; None for a pack from the user's packs folder."""
    source = embedded_file(pack) or rules_file
    if source is None:
        return None  # found by id in the user's folder: which file that is can change without this one changing
    return blake2b(source.read_bytes(), digest_size=DIGEST_SIZE).digest()
