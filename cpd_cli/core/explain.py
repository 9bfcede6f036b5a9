"""What the evaluator says besides figures, one small record per kind.

- *notes*: why an activity earned less than its base;
- *steps*: how its credit was reached, one after another (``--explain``);
- *year warnings*: what a person must know about the whole year.

The renderers turn them into words (:mod:`cpd_cli.messages`).  They are
NamedTuples, like every record in cpd, so a tuple's equality applies: two
records of different kinds with equal fields compare equal; tell kinds apart
with ``match`` or ``isinstance``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal, NamedTuple, TypeAlias

# ---------------------------------------------------------------- notes: why an activity earned less


class PlannedNote(NamedTuple):
    """Planned: no credit until it is done."""


class RejectedNote(NamedTuple):
    """Rejected on the platform: no credit."""


class FutureNote(NamedTuple):
    """Dated after today (``today``): a plan, whatever its status, with no credit yet (SPEC §8.1)."""

    today: date


class RequirementNote(NamedTuple):
    """Rule ``article`` requires ``field`` (``passed``, ``core``), and it is false; ``words``:
    the Rules' own words for passing where the pack gives them (成绩合格 for an exam)."""

    article: str
    field: str
    words: str = ""


class SameContentNote(NamedTuple):
    """Same content as activity ``other``, which counts instead (rule ``article``)."""

    article: str
    other: int


class CapNote(NamedTuple):
    """Rule ``article``'s cap of ``cap`` for ``year`` left room for ``kept`` of the ``eligible`` amount."""

    article: str
    cap: Decimal
    kept: Decimal
    eligible: Decimal
    year: int


Note: TypeAlias = PlannedNote | FutureNote | RejectedNote | RequirementNote | SameContentNote | CapNote
StatusNote: TypeAlias = PlannedNote | FutureNote | RejectedNote | RequirementNote  # eligible for nothing


# ---------------------------------------------------------------- steps: how the credit was reached


class TimeStep(NamedTuple):
    """Time converted to 学时: ``amount`` of ``field``, × ``factor`` when the rule has one,
    is ``exact``, cut down to a whole number of ``step``: ``base``.

    ``per`` is the pack's minutes per 学时 for minutes, its 学时 per day for days.
    """

    article: str
    base: Decimal
    field: Literal["hours", "minutes", "days"]
    amount: Decimal
    per: Decimal | None
    factor: Decimal | None
    exact: Fraction
    step: Decimal


class RateStep(NamedTuple):
    """A fixed ``base`` per item."""

    article: str
    base: Decimal


class ChoiceStep(NamedTuple):
    """The ``base`` the rule gives ``choice`` of field ``by`` (a level, a role, a type);
    ``label``: the rule's Chinese name for the choice (发明专利 for a patent's invention)."""

    article: str
    base: Decimal
    by: str
    choice: str
    label: str = ""


class PointsStep(NamedTuple):
    """``points`` on their own, ``per_hour`` to one 学时: an entry that does not count toward the year."""

    article: str
    base: Decimal
    points: int
    per_hour: int


class YearPointsStep(NamedTuple):
    """``points`` added to the ``before`` points of the year: ``base`` is the whole hours completed by them."""

    article: str
    base: Decimal
    points: int
    per_hour: int
    before: int

    @property
    def after(self) -> int:
        return self.before + self.points


class BlockedStep(NamedTuple):
    """The activity is eligible for nothing, for the reason ``note`` gives."""

    note: StatusNote


class SameContentStep(NamedTuple):
    """Activity ``member`` of the same-content ``group``: ``winner`` counts with ``best``;
    ``member`` keeps ``eligible``."""

    article: str
    eligible: Decimal
    group: tuple[int, ...]
    member: int
    winner: int
    best: Decimal


class CapStep(NamedTuple):
    """Under a cap of ``cap`` a year, ``used`` by earlier activities, ``room`` left: ``kept`` of ``eligible``."""

    article: str
    kept: Decimal
    cap: Decimal
    used: Decimal
    room: Decimal
    eligible: Decimal


ShortfallReason: TypeAlias = Literal[
    "larger",  # the chosen subject was the more short
    "tie",  # both equally short (more than 0): public
    "only",  # only the chosen subject had items left
    "met",  # neither subject short any more: public first
]


class ShortfallCapStep(NamedTuple):
    """As :class:`CapStep`, for a cap that mixes subjects, filled one item at a time toward
    the subject more short: this item was the cap's ``turn``-th (from 1), after the items
    ``before`` (ids, in the cap's order, each with some credit); ``toward`` and ``reason``
    say why its subject's turn it was, with the shortfalls at that moment."""

    article: str
    kept: Decimal
    cap: Decimal
    used: Decimal
    room: Decimal
    eligible: Decimal
    shortfall_public: Decimal
    shortfall_professional: Decimal
    turn: int = 0
    before: tuple[int, ...] = ()
    toward: str = ""  # "public" or "professional"
    reason: ShortfallReason = "larger"


ConversionStep: TypeAlias = TimeStep | RateStep | ChoiceStep | PointsStep | YearPointsStep
Step: TypeAlias = ConversionStep | BlockedStep | SameContentStep | CapStep | ShortfallCapStep


# ---------------------------------------------------------------- warnings about the whole year


class SectorWarning(NamedTuple):
    """The person's ``sector`` has its own rules (rule ``article``); cpd applies the general ones."""

    article: str
    sector: str


class BeforeEffectiveWarning(NamedTuple):
    """The year starts before rule pack ``pack`` took effect on ``effective_from``."""

    pack: str
    effective_from: date


class SameContentOtherYearWarning(NamedTuple):
    """``activity`` of this year is the same content as ``other`` of ``other_year`` (rule ``article``)."""

    article: str
    activity: int
    other: int
    other_year: int


YearWarning: TypeAlias = SectorWarning | BeforeEffectiveWarning | SameContentOtherYearWarning
