"""The activity model: what a person did, as plain immutable data.

Every record in cpd is a :class:`~typing.NamedTuple`, not a frozen
dataclass: a frozen dataclass compiles its methods with ``exec`` when the class
is defined, which every command would pay for at start-up.  A NamedTuple is as
immutable and compares the same; change one with ``._replace(...)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple


class Subject(StrEnum):
    """The two subjects of continuing education (Art. 6)."""

    PUBLIC = "public"  # 公需科目
    PROFESSIONAL = "professional"  # 专业科目


class Status(StrEnum):
    """Where an activity stands: planned, done, declared on the platform, approved or rejected."""

    PLANNED = "planned"
    DONE = "done"
    DECLARED = "declared"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def credits(self) -> bool:
        """Whether an activity in this status earns hours now: done, declared or approved."""
        return self in CREDITING


CREDITING = frozenset({Status.DONE, Status.DECLARED, Status.APPROVED})


EMPTY: Mapping[Any, Any] = MappingProxyType({})  # the read-only empty mapping records share as a default

# The activity's fields the rules use together (the field table, core/fields.py, describes each)
TIME_FIELDS = ("hours", "minutes", "days")  # a kind's time, in one of these
CHOICE_FIELDS = ("level", "role", "type")  # what a kind rates
FLAG_FIELDS = ("passed", "core")  # what a kind requires


class EvidenceRecord(NamedTuple):
    """What cpd recorded of an evidence file when it was attached."""

    path: str
    size: int
    sha256: str
    mtime_ns: int | None = None  # the file's modification time when hashed; None in records made before it was kept


class Activity(NamedTuple):
    """One ledger entry.  Optional fields are ``None`` when not given.

    ``extra`` keeps keys this version does not know, so that writing the ledger
    back never drops what another tool or a newer cpd put there.
    """

    id: int
    kind: str
    title: str
    date: dt.date  # a field called `date` shadows the type inside the class
    start: dt.date | None = None
    status: Status = Status.DONE
    subject: Subject | None = None
    hours: Decimal | None = None
    minutes: Decimal | None = None
    days: Decimal | None = None
    points: int | None = None
    passed: bool | None = None  # absent (None) earns as passed; given, it must be a flag the kind's rule uses
    core: bool | None = None  # likewise: absent is a core journal
    level: str | None = None
    role: str | None = None
    type: str | None = None
    same_as: int | None = None
    makeup_for: int | None = None  # make-up study (补学) for this earlier year
    evidence: tuple[str, ...] = ()
    evidence_meta: tuple[EvidenceRecord, ...] = ()
    note: str | None = None
    details: Mapping[str, str] = EMPTY
    extra: Mapping[str, Any] = EMPTY
    platform_hours: Decimal | None = None  # what 学时查询 showed for it at the last reconcile
    platform_status: Status | None = None  # the platform's 状态 then
    platform_as_of: dt.date | None = None  # the day those two were taken from the platform

    @property
    def year(self) -> int:
        """The year the activity counts toward: the one it makes up, else its date's year."""
        return self.makeup_for if self.makeup_for is not None else self.date.year

    @property
    def is_makeup(self) -> bool:
        return self.makeup_for is not None

    @property
    def time_fields(self) -> dict[str, Decimal]:
        """The time amounts that are given: {'hours': …} etc."""
        given = {name: getattr(self, name) for name in TIME_FIELDS}
        return {name: value for name, value in given.items() if value is not None}

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        """Date order, then id: the order the rules allocate caps in."""
        return (self.date, self.id)


class Profile(NamedTuple):
    """Who keeps the ledger; every field optional.  Never an ID-card number."""

    name: str | None = None
    unit: str | None = None
    sector: str | None = None
    rules: str | None = None
    deadline: str | dt.date | None = None  # an internal deadline: "12-15" every year, or one date
    since: int | None = None  # the first year of the title-application window
    extra: Mapping[str, Any] = EMPTY


class Ledger(NamedTuple):
    """The whole ledger file, read."""

    schema: int = 1
    last_id: int = 0  # the highest id ever handed out, so ids are never reused
    profile: Profile = Profile()
    activities: tuple[Activity, ...] = ()
    extra: Mapping[str, Any] = EMPTY

    def years(self) -> list[int]:
        return sorted({activity.year for activity in self.activities})
