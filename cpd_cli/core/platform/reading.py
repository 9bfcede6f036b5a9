"""Reading the platform's 学时查询 table from the file a person saved or pasted.

Every form a browser gives is read to the same rows:

- the saved page (``.html``), decoded by the charset it declares (one of
  :data:`TEXT_ENCODINGS`), else as UTF-8, else as GB18030 (GBK's superset); its
  ``<table>`` cells with ``rowspan`` filled into the rows they span, or, on a page
  whose grid is built of ``<div>``/``<span>`` cells, the rows of that grid;
- the single-file save (``.mhtml``), its HTML part read with :mod:`email`;
- text copied from the page: tab-separated lines where Chromium-family browsers
  leave out the grouped cells a ``rowspan`` covers (a line lacks a leading part of
  年度 / 科目类型 / 总学时) and Firefox, Excel and WPS keep them empty; or one
  cell per line;
- a CSV with the same columns.

**A line is read whole or the read stops.**  Each data line is tried against
every way its cells can sit under the columns (which grouped cells it lacks,
whether it has the 操作 cell), and each way is checked cell by cell: a year, a
subject word, numbers, dates, a 学时状态, a 状态.  Exactly one way must fit;
none, or more than one, stops the read with the file and line named.  A grouped
cell a line lacks is the group's above it, and a group cannot begin twice in a
year, so a lost 年度 cell is refused, not filed under the year above.

The limits (:data:`MAX_TABLE_BYTES`, :data:`MAX_CELLS`, :data:`MAX_ELEMENTS`)
bound what a file can make cpd do before anything is expanded.
"""

from collections.abc import Sequence

from cpd_cli.core.model import Subject
from cpd_cli.core.platform.align import Reader
from cpd_cli.core.platform.forms import lines_of
from cpd_cli.core.platform.rows import (
    MAX_CELLS,
    MAX_ELEMENTS,
    MAX_TABLE_BYTES,
    GroupTotal,
    PlatformRow,
    PlatformTable,
    TableError,
)
from cpd_cli.core.rulemodel import DEFAULT_PACK, PlatformFacts
from cpd_cli.core.rules import load_embedded

__all__ = [  # the table's model, re-exported for the commands that read a table
    "MAX_CELLS",
    "MAX_ELEMENTS",
    "MAX_TABLE_BYTES",
    "GroupTotal",
    "PlatformRow",
    "PlatformTable",
    "TableError",
    "combine",
    "read",
]


def read(data: bytes, source: str, platform: PlatformFacts | None = None) -> PlatformTable:
    """The 学时查询 table in ``data`` (a saved page, MHTML, copied text or CSV); ``source`` names it in errors.

    ``platform`` is the active pack's (its column names and 状态 words); without one, the
    shipped default pack's."""
    facts = platform or load_embedded(DEFAULT_PACK).platform
    rows, totals = Reader(source, facts).read(lines_of(data, source, facts.columns))
    return PlatformTable(source, tuple(rows), tuple(totals))


def combine(tables: Sequence[PlatformTable]) -> PlatformTable:
    """Several files as one table: rows numbered from 1 across them in the order given."""
    rows: list[PlatformRow] = []
    totals: dict[tuple[int, Subject], GroupTotal] = {}
    for table in tables:
        rows += [row._replace(row=len(rows) + at) for at, row in enumerate(table.rows, start=1)]
        for group in table.totals:
            totals.setdefault((group.year, group.subject), group)
    source = ", ".join(table.source for table in tables)
    return PlatformTable(source, tuple(rows), tuple(totals.values()))
