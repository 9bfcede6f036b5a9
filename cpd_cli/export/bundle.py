"""The evidence bundle: the checklist (Markdown, CSV, and HTML to print) and every
section-1 evidence file in one zip.

Names inside the zip are built here, never taken from the ledger as they are:
``<id>-<kind>-<short title>/<id>-<kind>-<short title>.<ext>``, with path
separators, control characters and dot-runs removed, so nothing can land
outside the folder it is unpacked in, and with no invisible format character
(a bidirectional control such as U+202E would show ``…fdp.exe`` as
``…exe.pdf``).  Chinese names are kept (zipfile sets the
UTF-8 flag for them).  Only regular files are packed, each read once, hashed as
it is copied.  A missing or unreadable file, a folder or a pipe does not stop
the bundle: it is listed in ``manifest.json`` as missing, with its ``problem``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import unicodedata
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

from cpd_cli.export.checklist import Checklist, Row
from cpd_cli.export.writers import csv_text, html_text, markdown
from cpd_cli.store import atomic, evidence

SHORT_TITLE = 24
_SEPARATORS = re.compile(r'[\x00-\x1f\x7f-\x9f\u2028\u2029/\\:*?"<>|]+')
_INVISIBLE = {"Cf"}  # format characters: U+202E, U+200B, U+FEFF …


class Packed(NamedTuple):
    missing: tuple[tuple[str, evidence.Unusable], ...]  # each path not packed, and why
    files: int


def safe_part(text: str, limit: int = SHORT_TITLE) -> str:
    """A piece of a file name with nothing that could leave its folder.

    Format characters (bidirectional controls, zero-width ones) are left out;
    separators and control characters split the text; empty, ``.`` and ``..``
    parts are dropped; the rest is joined with ``_``.  No leading dot remains.
    """
    shown = "".join(char for char in text if unicodedata.category(char) not in _INVISIBLE)
    parts = [part for part in _SEPARATORS.split(shown) if part.strip(" .")]
    return "_".join(parts).strip(" .")[:limit].strip(" .") or "untitled"


def stem(row: Row) -> str:
    return f"{row.id}-{safe_part(row.item.activity.kind)}-{safe_part(row.course)}"


def extension(path: str) -> str:
    suffix = os.path.splitext(path)[1]
    return "." + safe_part(suffix.lstrip("."), 10).lower() if suffix.strip(".") else ""


def write(checklist: Checklist, target: Path) -> Packed:
    """Write the bundle to ``target`` atomically (see :func:`~cpd_cli.store.atomic.replacing`)."""
    manifest: list[dict[str, Any]] = []
    missing: list[tuple[str, evidence.Unusable]] = []
    with (
        atomic.replacing(target, atomic.SHARED_MODE) as handle,
        os.fdopen(handle, "wb", closefd=False) as file,
        zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr("checklist.md", markdown(checklist))
        archive.writestr("checklist.csv", csv_text(checklist).encode("utf-8"))
        archive.writestr("checklist.html", html_text(checklist))
        for row in checklist.declare:
            base = stem(row)
            for number, state in enumerate(row.evidence, 1):
                name = f"{base}/{base}{'' if number == 1 else f'-{number}'}{extension(state.path)}"
                entry: dict[str, Any] = {"activity": row.id, "original": state.path, "name": name}
                packed = _pack_file(archive, state.path, name)
                if isinstance(packed, evidence.Unusable):
                    missing.append((state.path, packed))
                    entry.update(status="missing")
                    if packed.problem != "missing":
                        entry.update(problem=packed.problem, **({"reason": packed.reason} if packed.reason else {}))
                else:
                    size, digest = packed
                    recorded = state.recorded
                    changed = recorded is not None and (recorded.size, recorded.sha256) != (size, digest)
                    entry.update(status="changed" if changed else "ok", size=size, sha256=digest)
                manifest.append(entry)
        archive.writestr(
            "manifest.json", json.dumps({"year": checklist.year, "files": manifest}, ensure_ascii=False, indent=2)
        )
    return Packed(tuple(missing), sum(1 for entry in manifest if entry["status"] != "missing"))


def _pack_file(archive: zipfile.ZipFile, path: str, name: str) -> tuple[int, str] | evidence.Unusable:
    """Copy one evidence file into the zip, hashing it as it is copied: each file is read once.

    Only a regular file is copied; why another is not is returned.
    """
    with evidence.opened(path) as found:
        if isinstance(found, evidence.Unusable):
            return found
        source, status = found
        info = zipfile.ZipInfo(name, date_time=time.localtime(max(status.st_mtime, 315532800))[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        digest = hashlib.sha256()
        size = 0
        with archive.open(info, "w", force_zip64=True) as sink:
            try:
                for chunk in evidence.chunks(source):
                    digest.update(chunk)
                    sink.write(chunk)
                    size += len(chunk)
            except OSError as error:  # what was copied stays; the manifest says it is not the file
                return evidence.Unusable("unreadable", error.strerror or str(error))
    if size != status.st_size:  # likewise
        return evidence.not_as_stated()
    return size, digest.hexdigest()
