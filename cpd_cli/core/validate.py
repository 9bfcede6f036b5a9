"""Checks that a set of activities makes sense under a rule pack.

The store checks types (a date is a date); this module checks meaning: the kind
exists in the pack, the fields the kind's credit basis needs are there and only
those, amounts are possible, and ``same_as`` points at another activity.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from cpd_cli.core.model import CHOICE_FIELDS, Activity
from cpd_cli.core.rules import RulePack
from cpd_cli.errors import LedgerError

MINUTES_PER_DAY = Decimal(24 * 60)  # a physical limit, not a rule: "> 24 h in a day" is absurd
DAYS_WITHOUT_START = 366  # with no start date, an activity may span at most a year
MAX_POINTS = 1_000_000  # 学习强国 points in one entry beyond this are a typing error
MAX_TITLE = 500  # characters; the platform's 课程名称 is far shorter
MAX_TEXT = 10_000  # a note, a descriptive field or a path
MULTILINE_FIELDS = ("note",)


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """The first control character in ``text`` (a terminal could act on it), or None."""
    for char in text:
        if (ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0) and not (multiline and char in "\n\t"):
            return char
    return None


def where(activity: Activity, field: str | None = None) -> str:
    return f"activity #{activity.id}" + (f", field {field!r}" if field else "")


def validate_activities(activities: Iterable[Activity], pack: RulePack) -> None:
    """Raise :class:`LedgerError` naming the first activity and field that is wrong."""
    activities = list(activities)
    seen: set[int] = set()
    for activity in activities:
        if activity.id in seen:
            raise LedgerError(f"id {activity.id} is used by more than one activity", where=where(activity, "id"))
        seen.add(activity.id)
    for activity in activities:
        validate_activity(activity, pack, known_ids=seen)


def validate_activity(activity: Activity, pack: RulePack, *, known_ids: set[int]) -> None:
    _check_text(activity)
    rule = pack.rule(activity.kind)
    if rule is None:
        raise LedgerError(
            f"unknown kind {activity.kind!r} in rule pack {pack.id} (known: {', '.join(pack.kinds)})",
            where=where(activity, "kind"),
        )
    if activity.start is not None and activity.start > activity.date:
        raise LedgerError(f"start {activity.start} is after date {activity.date}", where=where(activity, "start"))
    if rule.subject_is_given:
        if activity.subject is None:
            raise LedgerError(
                f"{activity.kind} needs a subject: public or professional", where=where(activity, "subject")
            )
    elif activity.subject is not None and activity.subject != rule.subject:
        raise LedgerError(
            f"{activity.kind} is always {rule.subject} ({rule.article}), not {activity.subject}",
            where=where(activity, "subject"),
        )
    _check_time(activity, rule.uses_time, pack)
    wanted_choice = rule.by if rule.basis == "per-item-by" else None
    for name in CHOICE_FIELDS:
        value = getattr(activity, name)
        if name == wanted_choice:
            if value is None:
                raise LedgerError(
                    f"{activity.kind} needs a {name}: one of {', '.join(rule.rates)}", where=where(activity, name)
                )
            if value not in rule.rates:
                raise LedgerError(
                    f"unknown {name} {value!r} for {activity.kind} (known: {', '.join(rule.rates)})",
                    where=where(activity, name),
                )
        elif value is not None:
            raise LedgerError(f"{activity.kind} has no {name}", where=where(activity, name))
    if rule.basis == "points":
        if activity.points is None:
            raise LedgerError(f"{activity.kind} needs points", where=where(activity, "points"))
        if not 0 <= activity.points <= MAX_POINTS:
            raise LedgerError(f"points must be between 0 and {MAX_POINTS:,}", where=where(activity, "points"))
    elif activity.points is not None:
        raise LedgerError(f"{activity.kind} has no points", where=where(activity, "points"))
    if activity.same_as is not None:
        if activity.same_as == activity.id:
            raise LedgerError("same_as names the activity itself", where=where(activity, "same_as"))
        if activity.same_as not in known_ids:
            raise LedgerError(
                f"same_as names #{activity.same_as}, which does not exist", where=where(activity, "same_as")
            )


def _check_text(activity: Activity) -> None:
    fields: list[tuple[str, str, int]] = [("title", activity.title, MAX_TITLE)]
    if activity.note is not None:
        fields.append(("note", activity.note, MAX_TEXT))
    fields += [(name, value, MAX_TEXT) for name, value in activity.details.items()]
    fields += [("evidence", path, MAX_TEXT) for path in activity.evidence]
    for name, value, limit in fields:
        if len(value) > limit:
            raise LedgerError(f"{len(value):,} characters is too long (at most {limit:,})", where=where(activity, name))
        bad = control_character(value, multiline=name in MULTILINE_FIELDS)
        if bad is not None:
            raise LedgerError(f"contains the control character U+{ord(bad):04X}", where=where(activity, name))


def _check_time(activity: Activity, uses_time: bool, pack: RulePack) -> None:
    given = activity.time_fields
    if not uses_time:
        if given:
            name = next(iter(given))
            raise LedgerError(f"{activity.kind} is not credited by time; remove {name}", where=where(activity, name))
        return
    if len(given) != 1:
        names = " and ".join(given) if given else "none"
        raise LedgerError(
            f"{activity.kind} needs exactly one of hours, minutes or days (given: {names})",
            where=where(activity, "hours" if not given else list(given)[1]),
        )
    ((name, amount),) = given.items()
    if amount <= 0:
        raise LedgerError(f"{name} must be more than 0", where=where(activity, name))
    span_days = (activity.date - activity.start).days + 1 if activity.start else DAYS_WITHOUT_START
    limit = {
        "minutes": MINUTES_PER_DAY * span_days,
        "hours": MINUTES_PER_DAY * span_days / pack.units.minutes_per_hour,
        "days": Decimal(span_days),
    }[name]
    if amount > limit:
        span = f"{span_days} day(s) from start to date" if activity.start else "a year"
        raise LedgerError(f"{amount} {name} do not fit in {span} (at most {limit:.4g})", where=where(activity, name))
