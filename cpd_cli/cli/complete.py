"""Values offered by shell completion: kinds, levels, types, roles, statuses, years, ids, articles.

Completion runs on every Tab press, so each function is quick and never raises:
a ledger it cannot read simply offers nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import click

from cpd_cli.core import vocabulary

if TYPE_CHECKING:
    from cpd_cli.store.ledgerentries import Entry

Candidates = list[tuple[str, str]]


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


def _words(terms: Iterable[vocabulary.Term], incomplete: str) -> Candidates:
    """The terms whose id starts with ``incomplete``, each with its Chinese word; when none
    does, every word a term is accepted as (已申报, 审核通过 …) that starts so, with its id.

    Only words the command accepts are offered, so whatever is completed is taken.
    """
    terms = list(terms)
    by_id = [(term.id, term.zh) for term in terms if term.id.startswith(incomplete.lower())]
    if by_id:
        return by_id
    return [(word, term.id) for term in terms for word in term.accepted[1:] if word.startswith(incomplete)]


def statuses(incomplete: str) -> Candidates:
    return _words(vocabulary.STATUSES, incomplete)


def subjects(incomplete: str) -> Candidates:
    return _words(vocabulary.SUBJECTS, incomplete)


def kinds(incomplete: str, ctx: click.Context | None = None) -> Candidates:
    return _starting([(rule.kind, f"{rule.article} {rule.name_zh}") for rule in _pack(ctx).rules], incomplete)


def choices(field: str, kind: str | None = None) -> Any:
    """Completion for --level, --type or --role: the values ``kind``'s rule rates (any rule's, without a kind)."""

    def complete(incomplete: str, ctx: click.Context | None = None) -> Candidates:
        return _words(vocabulary.choice_terms(_pack(ctx), field, kind), incomplete)

    return complete


def years(ctx: click.Context, incomplete: str) -> Candidates:
    latest_first = sorted({entry.year for entry in _entries(ctx)}, reverse=True)
    return _starting([(str(year), "") for year in latest_first], incomplete)


def ids(ctx: click.Context, incomplete: str) -> Candidates:
    by_number = sorted(_entries(ctx), key=lambda e: e.id)  # 9 before 10: the order the shell keeps (zsh too)
    return _starting([(str(e.id), f"{e.date} {e.kind} {e.title}"[:60]) for e in by_number], incomplete)


def articles(ctx: click.Context, incomplete: str) -> Candidates:
    """``rules --show``: the articles the active pack cites, each with its rule's name where it has one."""
    from cpd_cli.core.rules import cited_articles

    pack = _pack(ctx)
    names = {rule.article: rule.name_zh for rule in pack.rules}
    return _starting([(article, names.get(article, "")) for article in cited_articles(pack)], incomplete)
