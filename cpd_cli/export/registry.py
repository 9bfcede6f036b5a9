"""One writer per export format, serving both documents: the claim checklist and the summary.

A format that has no summary for a title application (a calendar) says so with
``dossier=None``; ``cpd export --since`` refuses it by that.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from cpd_cli.core.career import Career
from cpd_cli.core.model import Profile
from cpd_cli.export import dossier, writers, xlsx
from cpd_cli.export.calendar import calendar
from cpd_cli.export.checklist import Checklist
from cpd_cli.export.formats import Format

ChecklistWriter = Callable[[Checklist, date], str | bytes]  # the year's checklist, as of the day given
DossierWriter = Callable[[Career, Profile], str | bytes]  # the summary for a title application


class Writer(NamedTuple):
    checklist: ChecklistWriter
    dossier: DossierWriter | None


def _checklist_only(write: Callable[[Checklist], str | bytes]) -> ChecklistWriter:
    """A checklist writer for which the day does not matter (only the calendar's stamp needs it)."""
    return lambda checklist, _today: write(checklist)


WRITERS: dict[Format, Writer] = {
    Format.MD: Writer(_checklist_only(writers.markdown), dossier.markdown),
    Format.CSV: Writer(_checklist_only(writers.csv_text), dossier.csv_text),
    Format.XLSX: Writer(_checklist_only(xlsx.checklist_workbook), xlsx.dossier_workbook),
    Format.JSON: Writer(_checklist_only(writers.json_text), dossier.json_text),
    Format.HTML: Writer(_checklist_only(writers.html_text), dossier.html_text),
    Format.ICS: Writer(lambda checklist, today: calendar(checklist.result, today), None),
}
