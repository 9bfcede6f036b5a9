"""The rule pack a command line names, known before the commands that depend on it are built.

``cpd add KIND`` has one subcommand per kind of the pack, and ``cpd edit``'s
options list the pack's values, so the pack must be known while click is still
resolving the command: from ``--rules FILE``, else the ledger's ``[profile]
rules`` (:func:`cpd_cli.store.ledgerpack.profile_pack`, which reads that one key),
else the default pack; the command itself reads and checks the whole ledger when
it runs.
"""

from __future__ import annotations

from pathlib import Path

import click

from cpd_cli.core.rules import RulePack, load_embedded
from cpd_cli.errors import CpdError


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
        from cpd_cli.store.ledgerpack import profile_pack
        from cpd_cli.store.paths import ledger_path

        return profile_pack(ledger_path(params.get("ledger")))
    except CpdError:
        if quiet:
            return load_embedded()
        raise
