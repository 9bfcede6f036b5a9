"""Holding the platform's 学时查询 rows against the ledger's year, and what applying them changes.

A row and an activity can be paired only when they are of the same year and
the same subject.  Among those, titles decide (the platform often adds or drops
a suffix such as （江西专技在线）, and wraps long names with spaces), then dates
and hours break ties.  Pairs are taken best first, so each row matches at most
one activity and each activity at most one row.
"""

from __future__ import annotations

import heapq
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence, Set
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from typing import NamedTuple

from cpd_cli.core.edits import add, next_id, put
from cpd_cli.core.evaluate import ActivityResult, Hours, YearResult
from cpd_cli.core.model import Activity, Ledger, Status, Subject
from cpd_cli.core.platform import REGISTERED
from cpd_cli.core.platform.reading import PlatformRow, PlatformTable, TableError
from cpd_cli.core.rules import RulePack
from cpd_cli.core.validate import most_time
from cpd_cli.errors import RulesError, UsageError
from cpd_cli.i18n import _

MIN_SIMILARITY = 0.6  # titles less alike than this are different courses
MAX_COMPARED = 200  # characters of a folded title compared; a longer one (never a real course name) is cut
CANDIDATES = 8  # activities a row's title is compared with: those sharing the most pairs of characters
COMMON = 64  # a pair of characters in more titles than this says little about which is the one
_BRACKETS = {")": "(", "]": "[", "】": "【", "》": "《"}  # after NFKC: （） are ()
_QUOTES = str.maketrans("", "", "\"'“”‘’《》「」")


class Candidate(NamedTuple):
    """What matching reads of an activity."""

    id: int
    year: int
    subject: Subject
    title: str
    start: date | None
    date: date
    amounts: tuple[Decimal, ...]  # the figures the platform might show for it: credited, base


class Match(NamedTuple):
    row: PlatformRow
    item: ActivityResult


class Reconciliation(NamedTuple):
    """The platform's table for one year beside the ledger's year; nothing changed yet."""

    year: int
    source: str
    rows: int  # data rows of that year in the table
    platform: Hours  # 学时数 of the approved rows
    ledger: Hours  # what cpd credits
    matched: tuple[Match, ...]
    platform_only: tuple[PlatformRow, ...]
    ledger_only: tuple[ActivityResult, ...]
    lookalikes: tuple[tuple[PlatformRow, ActivityResult], ...] = ()
    added: frozenset[int] = frozenset()  # rows the person said to record though they look like an activity
    shown: tuple[Decimal | None, Decimal | None] = (None, None)  # 总学时 as the platform shows it: public, professional

    def on_platform(self, status: Status) -> Hours:
        """学时数 of the year's rows of that 状态."""
        rows = [pair.row for pair in self.matched] + list(self.platform_only)
        return Hours.summed((row.subject, row.hours) for row in rows if row.status is status)

    def credited_for(self, status: Status) -> Hours:
        """cpd's credit for the activities matched with the rows of that 状态: like beside like."""
        return Hours.summed(
            (pair.row.subject, pair.item.credited) for pair in self.matched if pair.row.status is status
        )

    @property
    def rows_sum(self) -> Hours:
        """学时数 of every row of the year, whatever its 状态 (beside the platform's 总学时)."""
        rows = [pair.row for pair in self.matched] + list(self.platform_only)
        return Hours.summed((row.subject, row.hours) for row in rows)

    @property
    def ledger_only_credited(self) -> Hours:
        return Hours.summed((item.subject, item.credited) for item in self.ledger_only)

    @property
    def unknown(self) -> tuple[PlatformRow, ...]:
        """The rows whose 状态 is a word cpd does not know (kept as pending)."""
        rows = [match.row for match in self.matched] + list(self.platform_only)
        return tuple(sorted((row for row in rows if not row.known), key=lambda row: row.row))

    @property
    def held(self) -> tuple[tuple[PlatformRow, ActivityResult], ...]:
        """The lookalikes ``--apply`` leaves out until the person links or adds them."""
        return tuple((row, item) for row, item in self.lookalikes if row.row not in self.added)


def lookalikes(
    rows: Sequence[PlatformRow], items: Sequence[ActivityResult]
) -> tuple[tuple[PlatformRow, ActivityResult], ...]:
    """A row only the platform has and an activity only the ledger has, of one subject and the same
    days: titled too differently to match, they may be one training, which ``--apply`` would then
    record twice (Art. 11: the same content counts once).  Found through an index of the days."""
    by_days: dict[tuple[Subject, date, date], list[ActivityResult]] = {}
    for item in items:
        activity = item.activity
        by_days.setdefault((item.subject, activity.start or activity.date, activity.date), []).append(item)
    return tuple(
        (row, item)
        for row in rows
        if row.start is not None and row.end is not None
        for item in by_days.get((row.subject, row.start, row.end), [])
    )


# ---------------------------------------------------------------- titles


def fold(title: str) -> str:
    """A title as compared: full-width forms folded, spaces and quotation marks dropped, lower case."""
    return "".join(unicodedata.normalize("NFKC", title).split()).translate(_QUOTES).lower()


def without_suffix(folded: str) -> str:
    """A folded title without a trailing bracketed name such as (江西专技在线); a numbering
    such as (三) is part of the title and stays."""
    closer = folded[-1:] if folded else ""
    opener = _BRACKETS.get(closer)
    if opener is None:
        return folded
    at = folded.rfind(opener)
    if at <= 0 or len(folded) - at - 2 < 2:
        return folded
    return folded[:at]


class Title(NamedTuple):
    """A title as compared: folded and cut to :data:`MAX_COMPARED`, without its suffix, and the
    pairs of characters of that stem (what finds the activities worth comparing with)."""

    whole: str
    stem: str
    pairs: frozenset[str]

    @classmethod
    def of(cls, title: str) -> Title:
        whole = fold(title[: MAX_COMPARED * 4])[:MAX_COMPARED]  # a runaway title is cut before folding
        stem = without_suffix(whole)
        pairs = frozenset(stem[at : at + 2] for at in range(len(stem) - 1)) or frozenset({stem})
        return cls(whole, stem, pairs)


def alike(x: Title, y: Title) -> float:
    """How alike two titles are, 0 to 1, the better of the whole titles and the titles without suffix."""
    if x.stem == y.stem:
        return 1.0
    best = SequenceMatcher(None, x.whole, y.whole, autojunk=False).ratio()
    if (x.stem, y.stem) != (x.whole, y.whole):
        best = max(best, SequenceMatcher(None, x.stem, y.stem, autojunk=False).ratio())
    return best


def similarity(a: str, b: str) -> float:
    """How alike two titles are, 0 to 1 (see :func:`alike`)."""
    return alike(Title.of(a), Title.of(b))


# ---------------------------------------------------------------- matching


def _dates_agree(row: PlatformRow, candidate: Candidate) -> int:
    return (row.end is not None and row.end == candidate.date) + (
        row.start is not None and row.start == (candidate.start or candidate.date)
    )


def _compared(
    rows: Sequence[PlatformRow], candidates: Sequence[Candidate], titles: Sequence[Title]
) -> Iterator[tuple[PlatformRow, Title, int]]:
    """For each row, the few candidates its title is compared with (indexes into ``candidates``).

    Candidates are indexed by the pairs of characters of their titles; a row is compared
    with the :data:`CANDIDATES` that share the most pairs with it (then whose dates agree),
    and with every one of the same title but for a suffix, so the cost grows with the
    rows, not with rows × activities, unless the titles are all one.  A pair found in more than
    :data:`COMMON` titles says little and is used only when a row shares no rarer one.
    """
    index: dict[str, list[int]] = {}
    same: dict[str, list[int]] = {}  # titles alike but for their suffix are always compared
    for at, title in enumerate(titles):
        same.setdefault(title.stem, []).append(at)
        for pair in title.pairs:
            index.setdefault(pair, []).append(at)
    for row in rows:
        title = Title.of(row.title)
        postings = [index[pair] for pair in title.pairs if pair in index]
        rare = [posting for posting in postings if len(posting) <= COMMON]
        shared: Counter[int] = Counter()
        for posting in rare or sorted(postings, key=len)[:1]:
            shared.update(posting)
        best = heapq.nsmallest(CANDIDATES, shared, key=lambda at: (-shared[at], -_dates_agree(row, candidates[at]), at))
        for at in dict.fromkeys([*best, *same.get(title.stem, [])]):
            yield row, title, at


def match(rows: Sequence[PlatformRow], candidates: Sequence[Candidate]) -> list[tuple[PlatformRow, Candidate]]:
    """Pairs of a row and an activity of the same year and subject, best first, one-to-one.

    A pair ranks by title similarity (to two places, so a near tie is a tie), then
    by how many of its dates agree, then by whether the hours agree; then by row
    and id, so the result never depends on the order of equal pairs.  Titles are
    compared only within a small set of likely candidates (:func:`_compared`).
    """
    groups: dict[tuple[int, Subject], list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault((candidate.year, candidate.subject), []).append(candidate)
    by_group: dict[tuple[int, Subject], list[PlatformRow]] = {}
    for row in rows:
        by_group.setdefault((row.year, row.subject), []).append(row)
    scored = []
    for key, group_rows in by_group.items():
        group = groups.get(key, [])
        titles = [Title.of(candidate.title) for candidate in group]
        for row, title, at in _compared(group_rows, group, titles):
            candidate = group[at]
            likeness = alike(title, titles[at])
            if likeness < MIN_SIMILARITY:
                continue
            hours = row.hours in candidate.amounts
            scored.append(
                ((-round(likeness, 2), -_dates_agree(row, candidate), -hours, row.row, candidate.id), row, candidate)
            )
    scored.sort(key=lambda entry: entry[0])
    taken_rows: set[int] = set()
    taken_ids: set[int] = set()
    pairs = []
    for _rank, row, candidate in scored:
        if row.row in taken_rows or candidate.id in taken_ids:
            continue
        taken_rows.add(row.row)
        taken_ids.add(candidate.id)
        pairs.append((row, candidate))
    return sorted(pairs, key=lambda pair: pair[0].row)


def candidate(item: ActivityResult) -> Candidate:
    activity = item.activity
    amounts = (item.credited, item.base)
    return Candidate(activity.id, activity.year, item.subject, activity.title, activity.start, activity.date, amounts)


def year_of(table: PlatformTable, year: int | None) -> int:
    """The year to reconcile: ``year`` if the table has it, else the table's one year."""
    years = table.years
    if not years:
        raise TableError(_("{path}: the 学时查询 table has no rows").format(path=table.source))
    if year is None:
        if len(years) > 1:
            raise TableError(
                _("{path}: the table holds the years {years}; choose one with --year").format(
                    path=table.source, years=", ".join(map(str, years))
                )
            )
        return years[0]
    if year not in years:
        raise TableError(
            _("{path}: the table is of {years}, not {year}").format(
                path=table.source, years=", ".join(map(str, years)), year=year
            )
        )
    return year


def years_of(table: PlatformTable, year: int | None) -> list[int]:
    """The years to reconcile: ``year`` if the table has it, else every year the table holds."""
    if year is None:
        years = table.years
        if not years:
            raise TableError(_("{path}: the 学时查询 table has no rows").format(path=table.source))
        return years
    return [year_of(table, year)]


def reconcile(
    table: PlatformTable,
    result: YearResult,
    links: Mapping[int, int] | None = None,
    adds: Set[int] = frozenset(),
) -> Reconciliation:
    """The table's rows of ``result``'s year beside that year's activities (planned ones left out).

    ``links`` pairs rows with activities as the person said (``--link ROW=ID``), before any
    matching; ``adds`` are rows the person said are trainings of their own (``--add ROW``).
    """
    rows = [row for row in table.rows if row.year == result.year]
    items = [item for item in result.activities if item.activity.status is not Status.PLANNED]
    by_id = {item.activity.id: item for item in items}
    by_row = {row.row: row for row in rows}
    linked = [(by_row[row], by_id[found]) for row, found in (links or {}).items() if row in by_row]
    linked_rows = {row.row for row, _item in linked}
    linked_ids = {item.activity.id for _row, item in linked}
    pairs = match(
        [row for row in rows if row.row not in linked_rows],
        [candidate(item) for item in items if item.activity.id not in linked_ids],
    )
    matched = sorted([*linked, *((row, by_id[found.id]) for row, found in pairs)], key=lambda pair: pair[0].row)
    matched_rows = {row.row for row, _item in matched}
    matched_ids = {item.activity.id for _row, item in matched}
    platform_only = tuple(row for row in rows if row.row not in matched_rows)
    ledger_only = tuple(item for item in items if item.activity.id not in matched_ids)
    return Reconciliation(
        year=result.year,
        source=table.source,
        rows=len(rows),
        platform=Hours.summed((row.subject, row.hours) for row in rows if row.status is Status.APPROVED),
        ledger=result.credited,
        matched=tuple(Match(row, item) for row, item in matched),
        platform_only=platform_only,
        ledger_only=ledger_only,
        lookalikes=lookalikes(platform_only, ledger_only),
        added=frozenset(row for row in adds if row in by_row),
        shown=(table.total(result.year, Subject.PUBLIC), table.total(result.year, Subject.PROFESSIONAL)),
    )


def check_choices(
    table: PlatformTable, results: Sequence[YearResult], links: Mapping[int, int], adds: Set[int]
) -> None:
    """Refuse a ``--link`` or ``--add`` that names no row or activity of the years reconciled."""
    rows = {row.row: row for row in table.rows if row.year in {result.year for result in results}}
    activities = {
        item.activity.id: item for result in results for item in result.activities
        if item.activity.status is not Status.PLANNED
    }  # fmt: skip
    for row, found in links.items():
        if row not in rows:
            raise UsageError(
                _("--link {row}={id}: there is no row {row} in the years reconciled").format(row=row, id=found)
            )
        if found not in activities:
            raise UsageError(
                _("--link {row}={id}: there is no activity #{id} in {year}").format(
                    row=row, id=found, year=rows[row].year
                )
            )
        if activities[found].activity.year != rows[row].year:
            raise UsageError(
                _("--link {row}={id}: row {row} is of {year}, #{id} of {other}").format(
                    row=row, id=found, year=rows[row].year, other=activities[found].activity.year
                )
            )
    ids = list(links.values())
    twice = next((found for found in ids if ids.count(found) > 1), None)
    if twice is not None:
        raise UsageError(_("--link: activity #{id} is linked to two rows").format(id=twice))
    for row in adds:
        if row not in rows:
            raise UsageError(_("--add {row}: there is no row {row} in the years reconciled").format(row=row))
        if row in links:
            raise UsageError(_("--add {row}: row {row} is also linked with --link").format(row=row))


def check_added(found: Reconciliation) -> None:
    """Refuse ``--add`` of a row that matched an activity: it is no training of its own."""
    matched = {pair.row.row: pair.item.activity.id for pair in found.matched}
    for row in sorted(found.added):
        if row in matched:
            raise UsageError(
                _("--add {row}: row {row} matches #{id}; it is not a training the ledger lacks").format(
                    row=row, id=matched[row]
                )
            )


# ---------------------------------------------------------------- applying


class Applied(NamedTuple):
    updated: tuple[int, ...]  # matched activities whose status or platform figure changed
    added: tuple[int, ...]  # the platform-only rows, now activities of kind `registered`
    cleared: tuple[int, ...]  # activities the platform showed before and no longer shows
    skipped: tuple[int, ...]  # platform-only rows of 0 学时: nothing to record (their row numbers)
    held: tuple[int, ...] = ()  # lookalike rows left for the person to link or add

    @property
    def changed(self) -> bool:
        return bool(self.updated or self.added or self.cleared)


def apply(ledger: Ledger, found: Reconciliation, pack: RulePack, today: date) -> tuple[Ledger, Applied]:
    """The ledger with the platform's record taken in; a table already taken in changes nothing."""
    current = {activity.id: activity for activity in ledger.activities}
    updated, cleared = [], []
    for pair in found.matched:
        old = current[pair.item.activity.id]
        row = pair.row
        if (old.status, old.platform_hours, old.platform_status) != (row.status, row.hours, row.status):
            taken = old._replace(status=row.status, platform_hours=row.hours, platform_status=row.status)
            ledger = put(ledger, taken._replace(platform_as_of=today))
            updated.append(old.id)
    for item in found.ledger_only:
        old = current[item.activity.id]
        if old.platform_hours is not None or old.platform_status is not None or old.platform_as_of is not None:
            ledger = put(ledger, old._replace(platform_hours=None, platform_status=None, platform_as_of=None))
            cleared.append(old.id)
    held = {row.row for row, _item in found.held}
    to_add = [row for row in found.platform_only if row.hours > 0 and row.row not in held]
    if to_add and pack.rule(REGISTERED) is None:
        raise RulesError(
            _("rule pack {pack} has no kind {kind!r}: the rows only the platform has cannot be added").format(
                pack=pack.id, kind=REGISTERED
            )
        )
    added = []
    for row in to_add:
        activity = registered(row, next_id(ledger), pack, today)
        ledger = add(ledger, activity)
        added.append(activity.id)
    skipped = tuple(row.row for row in found.platform_only if row.hours <= 0)
    return ledger, Applied(tuple(updated), tuple(added), tuple(cleared), skipped, tuple(sorted(held)))


def registered(row: PlatformRow, activity_id: int, pack: RulePack, today: date) -> Activity:
    """A platform-only row as an activity: hours, subject, status and dates as the platform has them."""
    when = row.date if row.date is not None and row.date.year == row.year else date(row.year, 1, 1)
    start = row.start if row.start is not None and row.start < when else None
    # more 学时 than the days could hold (a typing slip on the platform): keep the day only
    if start is not None and row.hours > most_time("hours", (when - start).days + 1, pack):
        start = None
    return Activity(
        id=activity_id,
        kind=REGISTERED,
        title=row.title,
        date=when,
        start=start,
        status=row.status,
        subject=row.subject,
        hours=row.hours,
        platform_hours=row.hours,
        platform_status=row.status,
        platform_as_of=today,
    )
