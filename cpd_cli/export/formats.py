"""The formats ``cpd export`` writes, and the format a file's name implies.

``Format`` is the ``--format`` option's type, so the option, its help and shell
completion offer the same list, in this order.  Each format's writers — one for
the claim checklist, one for the summary of a title application — are in
:mod:`cpd_cli.export.registry`, loaded only when a document is written.
"""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    MD = "md"
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"
    HTML = "html"
    ICS = "ics"


# "2024.csv" is a CSV; an extension not here (".txt") implies no format.
EXTENSIONS = {
    ".md": Format.MD,
    ".csv": Format.CSV,
    ".xlsx": Format.XLSX,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".json": Format.JSON,
    ".ics": Format.ICS,
}
