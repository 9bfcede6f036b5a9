"""A career, not a year: every year of the title-application window, and where each stands.

A title application (职称申报) or a post appointment looks at every year since
the person's current title; an incomplete year delays it unless it was made up
(补学, Art. 13).  The window runs from ``since`` (the option, else ``[profile]
since``, else the ledger's first year) to this year, and holds every year in
it, those with nothing recorded included: an empty year is the one that blocks
an application.

Nothing here reads the clock: ``today`` is an argument.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import NamedTuple

from cpd_cli.core.dates import EARLIEST_YEAR
from cpd_cli.core.evaluate import Hours, YearResult
from cpd_cli.core.model import Ledger
from cpd_cli.core.plan import ledger_year, year_is_over
from cpd_cli.core.rules import RulePack
from cpd_cli.errors import LedgerError, UsageError
from cpd_cli.i18n import _


class YearState(StrEnum):
    """Where a year of the window stands; the JSON carries these codes."""

    COMPLETE = "complete"
    COMPLETE_WITH_MAKEUP = "complete-with-makeup"  # reached only thanks to make-up study
    INCOMPLETE = "incomplete"  # its deadline passed, requirement not met: make-up study is due
    IN_PROGRESS = "in-progress"  # its deadline has not passed yet

    @property
    def complete(self) -> bool:
        return self in (YearState.COMPLETE, YearState.COMPLETE_WITH_MAKEUP)


class CareerYear(NamedTuple):
    result: YearResult
    state: YearState

    @property
    def year(self) -> int:
        return self.result.year

    @property
    def makeup(self) -> Hours:
        """What make-up activities credited to the year."""
        return self.result.makeup_credited


class Career(NamedTuple):
    """Every year from ``since`` to ``until`` (this year), oldest first."""

    since: int
    until: int
    years: tuple[CareerYear, ...]
    makeup_article: str  # the pack's article on make-up study, "" when it names none

    @property
    def closed(self) -> tuple[CareerYear, ...]:
        """The years whose deadline has passed."""
        return tuple(year for year in self.years if year.state is not YearState.IN_PROGRESS)

    @property
    def incomplete(self) -> tuple[CareerYear, ...]:
        """The years that need make-up study."""
        return tuple(year for year in self.years if year.state is YearState.INCOMPLETE)

    @property
    def in_progress(self) -> tuple[CareerYear, ...]:
        return tuple(year for year in self.years if year.state is YearState.IN_PROGRESS)


def state_of(result: YearResult, today: date) -> YearState:
    if result.complete:
        return YearState.COMPLETE if result.complete_without_makeup else YearState.COMPLETE_WITH_MAKEUP
    # make-up study is due once the year is over (Art. 13), not at a unit's earlier internal date
    return YearState.INCOMPLETE if year_is_over(result, today) else YearState.IN_PROGRESS


def first_year(ledger: Ledger, since: int | None, today: date) -> int:
    """Where the window opens: ``since`` given (an option), else the profile's, else the ledger's first year.

    A ``since`` after this year or before the earliest is refused: given, as a
    usage error; in the profile, as a ledger error naming the field.
    """
    if since is not None:
        problem = since_problem(since, today)
        if problem:
            raise UsageError(_("--since: {problem}").format(problem=problem))
        return since
    if ledger.profile.since is not None:
        problem = since_problem(ledger.profile.since, today)
        if problem:
            raise LedgerError(problem, where=_("profile, field {field!r}").format(field="since"), field="since")
        return ledger.profile.since
    years = ledger.years()
    return min(years[0], today.year) if years else today.year


def since_problem(since: int, today: date) -> str | None:
    """What is wrong with ``since`` as the window's first year, or None."""
    if since > today.year:
        return _("{year} is in the future (this year is {today})").format(year=since, today=today.year)
    if since < EARLIEST_YEAR:
        return _("{year} is before {earliest}").format(year=since, earliest=EARLIEST_YEAR)
    return None


def career(ledger: Ledger, pack: RulePack, today: date, *, since: int | None = None) -> Career:
    """Every year of the window evaluated, with its state."""
    start = first_year(ledger, since, today)
    years = []
    for year in range(start, today.year + 1):
        result = ledger_year(ledger, pack, year, today=today)
        years.append(CareerYear(result, state_of(result, today)))
    return Career(start, today.year, tuple(years), pack.makeup_article)
