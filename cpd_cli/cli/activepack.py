"""The rule pack a command line names, known before the commands that depend on it are built.

``cpd add KIND`` has one subcommand per kind of the pack, and ``cpd edit``'s
options list the pack's values, so the pack must be known while click is still
resolving the command: from ``--rules FILE``, else the ledger's ``[profile]
rules``, else the default pack.  Only the profile's one key is read here; the
command itself reads and checks the whole ledger when it runs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

from cpd_cli.core.rules import RulePack, load_embedded
from cpd_cli.errors import CpdError, RulesError
from cpd_cli.i18n import _


def active_pack(ctx: click.Context | None, *, quiet: bool = False) -> RulePack:
    """The pack ``ctx``'s command line and ledger name.

    A pack that cannot be read raises :class:`~cpd_cli.errors.RulesError`, as the
    command would; with ``quiet`` (completion, which must never fail) it is the
    default pack instead.  A ledger that cannot be read leaves the choice to the
    default pack: the command reports the ledger's error when it reads it.
    """
    params = ctx.find_root().params if ctx is not None else {}
    try:
        rules_file = params.get("rules")
        if rules_file is not None:
            from cpd_cli.store.ledger import load_pack

            return load_pack(Path(rules_file))
        return _profile_pack(params.get("ledger"))
    except CpdError:
        if quiet:
            return load_embedded()
        raise


def _profile_pack(ledger_option: Any) -> RulePack:
    from cpd_cli.store.paths import ledger_path

    path = ledger_path(ledger_option)
    rules = profile_rules(path)
    if rules is None:  # the common case: the default pack, and the store left unimported
        return load_embedded()
    from cpd_cli.core.model import Ledger, Profile
    from cpd_cli.store.ledger import pack_for

    try:
        return pack_for(Ledger(profile=Profile(rules=rules)))
    except RulesError as error:  # worded as reading the ledger words it
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

    Every Tab press builds ``add``, so the activities are not parsed for one key:
    cpd writes the top-level keys, then ``[profile]``, then the activities.  A file
    laid out otherwise by hand (``[profile]`` after an activity) is read whole.
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
