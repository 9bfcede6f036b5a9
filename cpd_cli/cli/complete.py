"""Values offered by shell completion: kinds, levels, types, roles, statuses, years, ids, articles.

Completion runs on every Tab press, so each function is quick and never raises:
a ledger it cannot read simply offers nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from cpd_cli.core import fieldtypes as types
from cpd_cli.core.fields import BY_NAME
from cpd_cli.core.typed import Candidates

if TYPE_CHECKING:
    from cpd_cli.store.ledgerentries import Entry


def _pack(ctx: click.Context | None) -> Any:
    """The pack the command line names (``--rules``, the profile), the default one if it cannot be read."""
    from cpd_cli.cli.activepack import active_pack

    return active_pack(ctx, quiet=True)


def _entries(ctx: click.Context) -> tuple[Entry, ...]:
    """The activities of the ledger the command line names (``--ledger``), as far as completion
    shows them; none if it cannot be read."""
    from cpd_cli.store.ledgerentries import entries
    from cpd_cli.store.paths import ledger_path

    return entries(ledger_path(ctx.find_root().params.get("ledger"))) or ()


def _starting(candidates: Candidates, incomplete: str) -> Candidates:
    return [(value, help) for value, help in candidates if value.startswith(incomplete)]


class Tab:
    """What a Tab press may look at (:class:`cpd_cli.core.fieldtypes.Known`), read from the command line
    typed so far: the rule pack it names, the kind it records, the activities of the ledger it names."""

    def __init__(self, ctx: click.Context | None, kind: str | None = None) -> None:
        self.ctx = ctx
        self.kind = kind

    def pack(self) -> Any:
        return _pack(self.ctx)

    def activities(self) -> list[tuple[int, str]]:
        found = _entries(self.ctx) if self.ctx is not None else ()
        by_number = sorted(found, key=lambda e: e.id)  # 9 before 10: the order the shell keeps (zsh too)
        return [(e.id, f"{e.date} {e.kind} {e.title}"[:60]) for e in by_number]


def statuses(incomplete: str) -> Candidates:
    return types.STATUS.candidates(incomplete)


def subjects(incomplete: str) -> Candidates:
    return types.SUBJECT.candidates(incomplete)


def kinds(incomplete: str, ctx: click.Context | None = None) -> Candidates:
    return types.KIND.candidates(incomplete, Tab(ctx))


def choices(field: str, kind: str | None = None) -> Any:
    """Completion for --level, --type or --role: the values ``kind``'s rule rates (any rule's, without a kind)."""

    def complete(incomplete: str, ctx: click.Context | None = None) -> Candidates:
        return BY_NAME[field].type.candidates(incomplete, Tab(ctx, kind))

    return complete


def years(ctx: click.Context, incomplete: str) -> Candidates:
    latest_first = sorted({entry.year for entry in _entries(ctx)}, reverse=True)
    return _starting([(str(year), "") for year in latest_first], incomplete)


def ids(ctx: click.Context, incomplete: str) -> Candidates:
    return types.LINK.candidates(incomplete, Tab(ctx))


def articles(ctx: click.Context, incomplete: str) -> Candidates:
    """``rules --show``: the articles the active pack cites, each with its rule's name where it has one."""
    from cpd_cli.core.rules import cited_articles

    pack = _pack(ctx)
    names = {rule.article: rule.name_zh for rule in pack.rules}
    return _starting([(article, names.get(article, "")) for article in cited_articles(pack)], incomplete)
