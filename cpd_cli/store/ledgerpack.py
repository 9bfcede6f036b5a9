"""The rule pack a ledger names in its ``[profile]``, read without reading its activities.

``cpd add KIND`` has one subcommand per kind of the pack, and every Tab press
builds it, so the pack must be known before the ledger is read in full: only the
top-level keys and ``[profile]`` are parsed here.  The command itself reads and
checks the whole ledger (:func:`cpd_cli.store.ledger.load`) when it runs.
"""

from __future__ import annotations

import re
from pathlib import Path

from cpd_cli.core.rules import RulePack, load_embedded
from cpd_cli.errors import RulesError
from cpd_cli.i18n import _


def profile_pack(path: Path) -> RulePack:
    """The pack the ledger at ``path`` names, the default pack when it names none or cannot be read.

    A pack it names that cannot be read raises :class:`~cpd_cli.errors.RulesError`, worded as
    reading the whole ledger words it.
    """
    rules = profile_rules(path)
    if rules is None:  # the common case: the default pack, and the rest of the store left unimported
        return load_embedded()
    from cpd_cli.core.model import Ledger, Profile
    from cpd_cli.store.ledger import pack_for

    try:
        return pack_for(Ledger(profile=Profile(rules=rules)))
    except RulesError as error:
        raise RulesError(_("{path}: profile, field 'rules': {error}").format(path=path, error=error)) from error


HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)  # a line that opens a table: [profile], [[activity]]
PROFILE = re.compile(r"^[ \t]*\[[ \t]*profile[ \t]*\][ \t]*(#[^\r\n]*)?\r?$", re.MULTILINE)  # LF or CRLF lines


def profile_rules(path: Path) -> str | None:
    """``[profile] rules`` of the ledger at ``path``; None when absent or unreadable."""
    from cpd_cli.store.files import MAX_LEDGER_BYTES, read_regular

    try:
        text = read_regular(path, MAX_LEDGER_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError):  # no ledger yet, or one the command will report on
        return None
    part = profile_part(text)
    if not part:
        return None
    import tomli

    try:
        data = tomli.loads(part)
    except (tomli.TOMLDecodeError, RecursionError, ValueError):  # ValueError: a number of 4,301 digits
        return None
    profile = data.get("profile")
    rules = profile.get("rules") if isinstance(profile, dict) else None
    return rules if isinstance(rules, str) else None


def profile_part(text: str) -> str:
    """The part of a ledger's text that holds its top-level keys and ``[profile]``.

    cpd writes the top-level keys, then ``[profile]``, then the activities, so the
    activities are not parsed for one key.  A file laid out otherwise by hand
    (``[profile]`` after an activity) is read whole.
    """
    if "rules" not in text:
        return ""
    headers = [match.start() for match in HEADER.finditer(text)]
    if not headers:
        return text
    first = PROFILE.match(text, headers[0])
    if first is not None:
        return text[: headers[1]] if len(headers) > 1 else text
    return text if PROFILE.search(text) else text[: headers[0]]
