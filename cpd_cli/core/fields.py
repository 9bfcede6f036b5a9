"""The fields of a ledger activity, in one table.

The store reads and writes them in this order, the command line offers an
option for each, validation checks their text and ``cpd edit --unset`` may
remove the unsettable ones; all of them take what they need from here.  A new
descriptive field (``detail``) is one line below: it is read, written, offered
as an option and checked without any other change.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from cpd_cli.i18n import N_

# What a field holds, which decides how the store reads it and the command line takes it.
Value = Literal[
    "id",  # the activity's own id
    "text",  # a string
    "word",  # a word of the rule pack's vocabulary: a kind, level, role or type
    "date",
    "status",
    "subject",
    "amount",  # a number ≥ 0 of hours, minutes or days
    "count",  # a whole number ≥ 0
    "link",  # another activity's id
    "year",  # a calendar year
    "flag",  # true or false
    "paths",  # a list of file paths
    "records",  # a list of {path, size, sha256} tables
]

MAX_TEXT = 10_000  # characters of a note, a descriptive field or a path


class Field(NamedTuple):
    name: str  # the ledger key, the Activity attribute (or key of Activity.details), and the option
    value: Value
    required: bool = False  # the ledger must have it
    unsettable: bool = False  # `cpd edit --unset NAME` removes it
    detail: bool = False  # descriptive, for the claim: kept in Activity.details, not read by the rules
    group: str = ""  # "time", "choice", "flag": fields the rules use together
    short: str = ""  # the option's one-letter form
    help: str = ""  # the option's help; empty where the command line writes its own
    longest: int = MAX_TEXT  # characters, for text
    multiline: bool = False  # text that may hold newlines and tabs

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


FIELDS = (
    Field("id", "id", required=True),
    Field("kind", "word", required=True),
    Field("title", "text", required=True, short="-t", longest=500,  # the platform's 课程名称 is far shorter
          help=N_("Course / paper / project name (课程名称), as it will be declared.")),
    Field("date", "date", required=True, short="-d",
          help=N_("Completion, grant or publication date; decides the year. Default: today.")),
    Field("start", "date", unsettable=True, help=N_("First day, for activities that span days.")),
    Field("status", "status", help=N_("planned | done | declared | approved | rejected. Default: done.")),
    Field("subject", "subject", short="-s", help=N_("public (公需) or professional (专业).")),
    Field("hours", "amount", group="time", help=N_("学时, as the rules count them (see Credit above).")),
    Field("minutes", "amount", group="time", help=N_("Clock minutes, converted to 学时 by the rules.")),
    Field("days", "amount", group="time", help=N_("Days, converted to 学时 by the rules.")),
    Field("points", "count", help=N_("学习强国 points earned in this entry.")),
    Field("passed", "flag", group="flag"),
    Field("core", "flag", group="flag"),
    Field("level", "word", group="choice"),
    Field("role", "word", group="choice"),
    Field("type", "word", group="choice"),
    Field("same_as", "link", unsettable=True,
          help=N_("Id of an activity with the same content (counted once, at its highest credit).")),
    Field("makeup_for", "year", unsettable=True,
          help=N_("Make-up study (补学) for this earlier year: it counts there, not in its date's year.")),
    Field("journal", "text", unsettable=True, detail=True, help=N_("Journal (刊物), for the claim.")),
    Field("organiser", "text", unsettable=True, detail=True, help=N_("Organiser (主办单位), for the claim.")),
    Field("place", "text", unsettable=True, detail=True, help=N_("Place (地点), for the claim.")),
    Field("number", "text", unsettable=True, detail=True,
          help=N_("Number (证书号、专利号、项目编号), for the claim.")),
    Field("note", "text", unsettable=True, multiline=True, help=N_("A free note.")),
    Field("evidence", "paths", unsettable=True, short="-e", help=N_("Evidence file (佐证材料); repeat for more.")),
    Field("evidence_meta", "records"),
    Field("platform_hours", "amount"),  # these three are written by `cpd reconcile --apply`, from 学时查询
    Field("platform_status", "status"),
    Field("platform_as_of", "date"),
)  # fmt: skip

# An amount (hours, minutes, days, the platform's hours) has at most this many digits before the
# point, in the ledger and on the command line; on the command line, at most this many after it.
MAX_AMOUNT_DIGITS = 12
MAX_AMOUNT_PLACES = 10

# the [profile] table's keys, in order
PROFILE_FIELDS = ("name", "unit", "sector", "rules", "deadline", "since")

BY_NAME = {field.name: field for field in FIELDS}
DETAIL_FIELDS = tuple(field.name for field in FIELDS if field.detail)
UNSETTABLE = tuple(field.name for field in FIELDS if field.unsettable)


def group(name: str) -> tuple[str, ...]:
    """The names of the fields of one group ("time": hours, minutes, days)."""
    return tuple(field.name for field in FIELDS if field.group == name)
