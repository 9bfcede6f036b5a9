"""Checks that a set of activities makes sense under a rule pack.

The store checks types (a date is a date); this module checks meaning: the kind
exists in the pack, the fields the kind's credit basis needs are there and only
those (a flag such as ``passed`` only where the kind's rule requires it), amounts
are possible, and ``same_as`` points at another activity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, assert_never

from cpd_cli.core.dates import EARLIEST_YEAR
from cpd_cli.core.fields import FIELDS
from cpd_cli.core.model import CHOICE_FIELDS, FLAG_FIELDS, Activity
from cpd_cli.core.rulemodel import PerItem, PerItemBy, Points, Time, TimeFactor
from cpd_cli.core.rules import Rule, RulePack
from cpd_cli.errors import LedgerError
from cpd_cli.i18n import _, listed

MINUTES_PER_DAY = Decimal(24 * 60)  # a physical limit, not a rule: "> 24 h in a day" is absurd
DAYS_WITHOUT_START = 366  # with no start date, an activity may span at most a year
MAX_POINTS = 1_000_000  # 学习强国 points in one entry beyond this are a typing error
TEXT_FIELDS = tuple(field for field in FIELDS if field.type.holds_text)  # lengths and characters checked


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # newline and tab allowed
_SURROGATES = re.compile("[\ud800-\udfff]")  # how Python keeps the bytes of an argument that is not UTF-8


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """The first control character in ``text`` (a terminal could act on it), or None."""
    found = (_CONTROL_BUT_LINES if multiline else _CONTROL).search(text)
    return found.group() if found else None


def raw_bytes(text: str) -> str:
    """The bytes a command-line argument that is not UTF-8 was given as, shown like b'\\xff'."""
    return repr(text.encode("utf-8", "surrogateescape"))


def where(activity_id: int, field: str | None = None) -> str:
    """ "activity #7, field 'hours'": where every error about one activity points."""
    if field:
        return _("activity #{id}, field {field!r}").format(id=activity_id, field=field)
    return _("activity #{id}").format(id=activity_id)


def problem(activity: Activity, field: str, message: str) -> LedgerError:
    """The error for one field of one activity."""
    return LedgerError(message, where=where(activity.id, field), field=field)


def validate_activities(activities: Iterable[Activity], pack: RulePack) -> None:
    """Raise :class:`LedgerError` naming the first activity and field that is wrong."""
    activities = list(activities)
    seen: set[int] = set()
    for activity in activities:
        if activity.id in seen:
            raise problem(activity, "id", _("id {id} is used by more than one activity").format(id=activity.id))
        seen.add(activity.id)
    rules = pack.by_kind()
    for activity in activities:
        validate_activity(activity, pack, known_ids=seen, rules=rules)


def validate_activity(
    activity: Activity, pack: RulePack, *, known_ids: set[int], rules: Mapping[str, Rule] | None = None
) -> None:
    """Check one activity; ``rules`` is ``pack.by_kind()``, given when checking many."""
    _check_text(activity)
    rule = rules.get(activity.kind) if rules is not None else pack.rule(activity.kind)
    if rule is None:
        raise problem(
            activity,
            "kind",
            _("unknown kind {kind!r} in rule pack {pack} (known: {known})").format(
                kind=activity.kind, pack=pack.id, known=listed(pack.kinds)
            ),
        )
    if activity.start is not None and activity.start > activity.date:
        raise problem(
            activity, "start", _("start {start} is after date {date}").format(start=activity.start, date=activity.date)
        )
    if rule.subject_is_given:
        if activity.subject is None:
            raise problem(
                activity, "subject", _("{kind} needs a subject: public or professional").format(kind=activity.kind)
            )
    elif activity.subject is not None and activity.subject != rule.subject:
        raise problem(
            activity,
            "subject",
            _("{kind} is always {subject} ({article}), not {given}").format(
                kind=activity.kind, subject=rule.subject, article=rule.article, given=activity.subject
            ),
        )
    _check_time(activity, rule, pack)
    for name in FLAG_FIELDS:  # present, true or false, on a kind whose rule does not use it (SPEC §8.1)
        if getattr(activity, name) is not None and name not in rule.requires:
            raise problem(
                activity,
                name,
                _("{kind} does not use {field} ({article}); remove it").format(
                    kind=activity.kind, field=name, article=rule.article
                ),
            )
    choice = rule.choice
    for name in CHOICE_FIELDS:
        value = getattr(activity, name)
        if choice is not None and name == choice.by:
            if value is None:
                raise problem(
                    activity,
                    name,
                    _("{kind} needs a {field}: one of {known}").format(
                        kind=activity.kind, field=name, known=listed(choice.rates)
                    ),
                )
            if value not in choice.rates:
                raise problem(
                    activity,
                    name,
                    _("unknown {field} {value!r} for {kind} (known: {known})").format(
                        field=name, value=value, kind=activity.kind, known=listed(choice.rates)
                    ),
                )
        elif value is not None:
            raise problem(activity, name, _("{kind} has no {field}").format(kind=activity.kind, field=name))
    match rule.basis:
        case Points():
            if activity.points is None:
                raise problem(activity, "points", _("{kind} needs points").format(kind=activity.kind))
            if not 0 <= activity.points <= MAX_POINTS:
                raise problem(activity, "points", _("points must be between 0 and {most:,}").format(most=MAX_POINTS))
        case Time() | TimeFactor() | PerItem() | PerItemBy():
            if activity.points is not None:
                raise problem(activity, "points", _("{kind} has no {field}").format(kind=activity.kind, field="points"))
        case _:
            assert_never(rule.basis)
    if activity.makeup_for is not None:
        _check_makeup(activity)
    if activity.same_as is not None:
        if activity.same_as == activity.id:
            raise problem(activity, "same_as", _("same_as names the activity itself"))
        if activity.same_as not in known_ids:
            raise problem(
                activity, "same_as", _("same_as names #{other}, which does not exist").format(other=activity.same_as)
            )


def _check_makeup(activity: Activity) -> None:
    """Make-up study (Art. 13) is for a year already over when it is done: one before the date's."""
    target, own = activity.makeup_for, activity.date.year
    assert target is not None
    if target >= own:
        raise problem(
            activity,
            "makeup_for",
            _("makes up {target}, but is dated {date}: make-up study must be for a year before {own}").format(
                target=target, date=activity.date, own=own
            ),
        )
    if target < EARLIEST_YEAR:
        raise problem(
            activity,
            "makeup_for",
            _("{target} is not a year that can be made up (from {earliest} on)").format(
                target=target, earliest=EARLIEST_YEAR
            ),
        )


def _check_text(activity: Activity) -> None:
    for field in TEXT_FIELDS:
        given: Any = activity.details.get(field.name) if field.detail else getattr(activity, field.name)
        for value in () if given is None else field.type.texts(given):
            if len(value) > field.longest:
                raise problem(
                    activity,
                    field.name,
                    _("{length:,} characters is too long (at most {most:,})").format(
                        length=len(value), most=field.longest
                    ),
                )
            undecodable = _SURROGATES.search(value)
            if undecodable is not None:  # bytes on a POSIX command line that are not UTF-8
                raise problem(activity, field.name, _("is not UTF-8 text ({bytes})").format(bytes=raw_bytes(value)))
            bad = control_character(value, multiline=field.multiline)
            if bad is not None:
                raise problem(
                    activity, field.name, _("contains the control character U+{code:04X}").format(code=ord(bad))
                )


def most_time(field: str, span_days: int, pack: RulePack) -> Decimal:
    """The most ``field`` (minutes, hours or days) that ``span_days`` days can hold, every minute counted."""
    return {
        "minutes": MINUTES_PER_DAY * span_days,
        "hours": MINUTES_PER_DAY * span_days / pack.units.minutes_per_hour,
        "days": Decimal(span_days),
    }[field]


def _check_time(activity: Activity, rule: Rule, pack: RulePack) -> None:
    given = activity.time_fields
    if not rule.uses_time:
        if given:
            name = next(iter(given))
            raise problem(
                activity,
                name,
                _("{kind} is not credited by time; remove {field}").format(kind=activity.kind, field=name),
            )
        return
    if len(given) != 1:
        names = _(" and ").join(given) if given else _("none")
        raise problem(
            activity,
            "hours" if not given else list(given)[1],
            _("{kind} needs exactly one of hours, minutes or days (given: {given})").format(
                kind=activity.kind, given=names
            ),
        )
    ((name, amount),) = given.items()
    if name not in rule.units:
        raise problem(
            activity,
            name,
            _("{kind} is counted in {units} ({article}), not {field}").format(
                kind=activity.kind, units=_(" or ").join(rule.units), article=rule.article, field=name
            ),
        )
    if amount <= 0:
        raise problem(activity, name, _("{field} must be more than 0").format(field=name))
    span_days = (activity.date - activity.start).days + 1 if activity.start else DAYS_WITHOUT_START
    limit = most_time(name, span_days, pack)
    if amount > limit:
        span = _("{days} day(s) from start to date").format(days=span_days) if activity.start else _("a year")
        raise problem(
            activity,
            name,
            _("{amount} {field} do not fit in {span} (at most {most:.4g})").format(
                amount=amount, field=name, span=span, most=limit
            ),
        )
