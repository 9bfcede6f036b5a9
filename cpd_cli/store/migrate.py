"""Schema evolution: each older ledger schema has one step to the next.

``STEPS[n]`` turns a schema-``n`` document into a schema-``n + 1`` one.  Reading
applies the steps in memory; the first change cpd writes saves the new schema,
after keeping the old file as ``<ledger>.schema-<n>.bak``.  Schema 1 is the
first, so there are no steps yet: this is the path the next schema will take.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cpd_cli.errors import LedgerError
from cpd_cli.i18n import _

Document = dict[str, Any]

STEPS: dict[int, Callable[[Document], Document]] = {}


def upgrade(document: Document, schema: int, target: int) -> Document:
    """``document`` brought from ``schema`` to ``target``, one step at a time."""
    for version in range(schema, target):
        step = STEPS.get(version)
        if step is None:
            raise LedgerError(
                _("schema {schema} is older than any this cpd can upgrade").format(schema=schema), where="schema"
            )
        document = step(dict(document))
        document["schema"] = version + 1
    return document
