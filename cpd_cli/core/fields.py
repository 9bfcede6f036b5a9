"""The fields of a ledger activity, in one table.

The store reads and writes them in this order, the command line offers an
option for each, validation checks their text and ``cpd edit --unset`` may
remove the unsettable ones; all of them take what they need from here.  A new
descriptive field (``detail``) is one line below: it is read, written, offered
as an option and checked without any other change.
"""

from __future__ import annotations

from typing import NamedTuple

from cpd_cli.core import fieldtypes as types
from cpd_cli.core.fieldtypes import FieldType
from cpd_cli.i18n import N_

MAX_TEXT = 10_000  # characters of a note, a descriptive field or a path


class Field(NamedTuple):
    name: str  # the ledger key, the Activity attribute (or key of Activity.details), and the option
    type: FieldType  # what it holds: how the ledger and the command line take it
    required: bool = False  # the ledger must have it
    unsettable: bool = False  # `cpd edit --unset NAME` removes it
    detail: bool = False  # descriptive, for the claim: kept in Activity.details, not read by the rules
    short: str = ""  # the option's one-letter form
    help: str = ""  # the option's help; empty where the command line writes its own
    longest: int = MAX_TEXT  # characters, for text
    multiline: bool = False  # text that may hold newlines and tabs

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


FIELDS = (
    Field("id", types.IDENTITY, required=True),
    Field("kind", types.KIND, required=True),
    Field("title", types.TITLE, required=True, short="-t", longest=500,  # the platform's 课程名称 is far shorter
          help=N_("Course / paper / project name (课程名称), as it will be declared.")),
    Field("date", types.DATE, required=True, short="-d",
          help=N_("Completion, grant or publication date; decides the year. Default: today.")),
    Field("start", types.DATE, unsettable=True, help=N_("First day, for activities that span days.")),
    Field("status", types.STATUS, help=N_("planned | done | declared | approved | rejected. Default: done.")),
    Field("subject", types.SUBJECT, short="-s", help=N_("public (公需) or professional (专业).")),
    Field("hours", types.Time("hours"), help=N_("学时, as the rules count them (see Credit above).")),
    Field("minutes", types.Time("minutes"), help=N_("Clock minutes, converted to 学时 by the rules.")),
    Field("days", types.Time("days"), help=N_("Days, converted to 学时 by the rules.")),
    Field("points", types.COUNT, help=N_("学习强国 points earned in this entry.")),
    Field("passed", types.FLAG),
    Field("core", types.FLAG),
    Field("level", types.Choice("level")),
    Field("role", types.Choice("role")),
    Field("type", types.Choice("type")),
    Field("same_as", types.LINK, unsettable=True,
          help=N_("Id of an activity with the same content (counted once, at its highest credit).")),
    Field("makeup_for", types.YEAR, unsettable=True,
          help=N_("Make-up study (补学) for this earlier year: it counts there, not in its date's year.")),
    Field("journal", types.TEXT, unsettable=True, detail=True, help=N_("Journal (刊物), for the claim.")),
    Field("organiser", types.TEXT, unsettable=True, detail=True, help=N_("Organiser (主办单位), for the claim.")),
    Field("place", types.TEXT, unsettable=True, detail=True, help=N_("Place (地点), for the claim.")),
    Field("number", types.TEXT, unsettable=True, detail=True,
          help=N_("Number (证书号、专利号、项目编号), for the claim.")),
    Field("note", types.TEXT, unsettable=True, multiline=True, help=N_("A free note.")),
    Field("evidence", types.PATHS, unsettable=True, short="-e", help=N_("Evidence file (佐证材料); repeat for more.")),
    Field("evidence_meta", types.RECORDS),
    Field("platform_hours", types.AMOUNT),  # these three are written by `cpd reconcile --apply`, from 学时查询
    Field("platform_status", types.STATUS),
    Field("platform_as_of", types.DATE),
)  # fmt: skip

# the [profile] table's keys, in order
PROFILE_FIELDS = ("name", "unit", "sector", "rules", "deadline", "since")

BY_NAME = {field.name: field for field in FIELDS}
DETAIL_FIELDS = tuple(field.name for field in FIELDS if field.detail)
UNSETTABLE = tuple(field.name for field in FIELDS if field.unsettable)
