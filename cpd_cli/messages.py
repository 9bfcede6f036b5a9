"""The words cpd shows for the core's notes, warnings and rules, in one place.

Official terms (学时, 公需, 专业, article numbers) stay in Chinese beside the English.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from cpd_cli.core.evaluate import ActivityResult, Hours, Note, Step, Warning
from cpd_cli.core.model import Subject
from cpd_cli.core.plan import CapRoom, Pace, Suggestion
from cpd_cli.core.rules import Rule, RulePack, YearFacts

SUBJECT_LABEL = {Subject.PUBLIC: "公需 public", Subject.PROFESSIONAL: "专业 professional"}

REQUIREMENT_TEXT = {
    "passed": "assessment not passed (考核合格 required)",
    "core": "not a core journal (核心刊物 required)",
}


def hours(value: Decimal) -> str:
    """A 学时 figure as people write it: 10, 2.2 (never 10.0)."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():f}"


def note_text(note: Note) -> str:
    if note.code == "planned":
        return "planned: no credit until it is done"
    if note.code == "rejected":
        return "rejected on the platform: no credit"
    if note.code == "requirement":
        reason = REQUIREMENT_TEXT.get(note.field or "", f"{note.field} is false")
        return f"{note.article}: {reason}"
    if note.code == "same-content":
        return f"same content as #{note.other}, counted once there (Art. {note.article})"
    if note.code == "cap":
        assert note.cap is not None and note.kept is not None
        if note.kept == 0:
            return f"{note.article}: cap of {hours(note.cap)} 学时 already reached in {note.year}"
        eligible = f" of {hours(note.eligible)}" if note.eligible is not None else ""
        kept = hours(note.kept)
        return f"{note.article}: cap of {hours(note.cap)} 学时 reached in {note.year}: only {kept}{eligible} credited"
    return note.code


def warning_text(warning: Warning, year: int) -> str:
    if warning.code == "sector":
        return (
            f"Art. {warning.article}: the {warning.sector} sector has its own rules for professional subjects "
            "(专业科目); follow your regulator's guide — cpd applies the general rules"
        )
    if warning.code == "before-effective":
        return (
            f"{year} starts before {warning.pack} took effect on {warning.effective_from}; "
            f"its rules were applied to the whole year"
        )
    if warning.code == "same-content-other-year":
        return (
            f"#{warning.activity} is the same content as #{warning.other} of {warning.other_year}; "
            f"hours count in one year only (Art. {warning.article})"
        )
    return warning.code


def credit_text(rule: Rule, pack: RulePack) -> str:
    """How a rule credits, in a phrase: "10 学时 each", "2 × actual 学时"."""
    per_hour = f"{hours(pack.units.minutes_per_hour)} min = 1 学时, 1 day = {hours(pack.units.hours_per_day)}"
    if rule.basis == "time":
        return f"actual 学时 ({per_hour})"
    if rule.basis == "time-factor":
        return f"{hours(rule.factor or Decimal(1))} × actual 学时 ({per_hour})"
    if rule.basis == "per-item":
        return f"{hours(rule.rate or Decimal(0))} 学时 each"
    if rule.basis == "per-item-by":
        return ", ".join(
            f"{value}{' ' + rule.labels[value] if value in rule.labels else ''} {hours(rate)}"
            for value, rate in rule.rates.items()
        )
    if rule.basis == "points":
        return f"1 学时 per full {rule.points_per_hour:,} points of the year"
    return rule.basis


def cap_text(rule: Rule) -> str:
    return f"at most {hours(rule.cap)} 学时 a year" if rule.cap is not None else "no yearly cap"


def subject_text(rule: Rule) -> str:
    return "public or professional, as given" if rule.subject_is_given else SUBJECT_LABEL[Subject(rule.subject)]


def result_line(item: ActivityResult) -> str:
    """ "#7 paper: 10 学时 base, 0 credited: 9(1) cap of 30 学时 already reached in 2024"."""
    line = f"#{item.activity.id} {item.activity.kind}: {hours(item.base)} 学时 base, {hours(item.credited)} credited"
    if item.notes:
        line += ": " + "; ".join(note_text(note) for note in item.notes)
    return line


def _exact(value: Any) -> str:
    """A Fraction shown as people check it: 2.22… or 16."""
    if value.denominator == 1:
        return f"{value.numerator:,}"
    shown = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return f"{shown}…" if Fraction(shown) != value else shown


def step_text(step: Step) -> str:
    """One line of an ``--explain`` trace, naming its article."""
    d = step.detail
    where = f"Art. {step.article}: " if step.article else ""
    if step.code == "convert":
        if "field" in d:
            amount = hours(d["amount"])
            if d["field"] == "minutes":
                sum_text = f"{amount} min ÷ {hours(d['per_hour'])}"
            elif d["field"] == "days":
                sum_text = f"{amount} day(s) × {hours(d['per_day'])}"
            else:
                sum_text = f"{amount} 学时"
            if "factor" in d:
                sum_text = f"{hours(d['factor'])} × {sum_text}"
            exact = Fraction(*d["exact"])
            cut = f" → cut down to {hours(d['step'])}: {hours(step.value)}" if exact != step.value else ""
            return f"{where}{sum_text} = {_exact(exact)}{cut}"
        if "rate" in d and "by" not in d:
            return f"{where}{hours(d['rate'])} 学时 per item"
        if "by" in d:
            return f"{where}{d['by']} {d['choice']}: {hours(step.value)} 学时"
        if "before" in d:
            per = d["per_hour"]
            return (
                f"{where}points this year {d['before']:,} + {d['points']:,} = {d['after']:,}: "
                f"{d['after'] // per} whole hours, {d['before'] // per} before this entry → {hours(step.value)}"
            )
        return f"{where}{d['points']:,} points ÷ {d['per_hour']:,} → {hours(step.value)}"
    if step.code in ("status", "requirement"):
        return f"{note_text(d['note'])} → 0"
    if step.code == "same-content":
        group = ", ".join(f"#{i}" for i in d["group"])
        if d["winner"] != d["self"]:
            return f"{where}same content as {group}: #{d['winner']} counts ({hours(d['best'])}), this one 0"
        return f"{where}same content as {group}: this one has the highest credit and counts"
    if step.code == "cap":
        line = (
            f"{where}cap {hours(d['cap'])} a year: {hours(d['used'])} used by earlier activities, "
            f"{hours(d['room'])} left → keeps {hours(step.value)} of {hours(d['eligible'])}"
        )
        if "shortfall_public" in d:
            line += (
                f" (filled toward the larger shortfall: public {hours(d['shortfall_public'])}, "
                f"professional {hours(d['shortfall_professional'])})"
            )
        return line
    return step.code


def room_text(room: CapRoom) -> str:
    """ "8 more 学时 ≈ 7,500 points", "2 more (10 each)", "full"."""
    rule = room.rule
    if room.full:
        return "full"
    line = f"{hours(room.room)} more 学时"
    if room.points is not None:
        line += f" ≈ {room.points:,} more points"
    elif room.items is not None and rule.basis == "per-item":
        line += f" = {room.items} more × {hours(rule.rate or Decimal(0))}"
    elif room.items is not None and rule.basis == "per-item-by":
        top = max(rule.rates, key=lambda value: rule.rates[value])
        label = f" {rule.labels[top]}" if top in rule.labels else ""
        line += f" = {room.items} more {top}{label} ({hours(rule.rates[top])} each)"
    return line


def pace_text(pace: Pace, remaining: Hours) -> str:
    if remaining.total == 0:
        return "complete ✓"
    per = pace.per_week
    return (
        f"pace needed: {hours(per.total)} 学时 a week "
        f"(公需 {hours(per.public)}, 专业 {hours(per.professional)}) for {pace.days_left} days"
    )


def projection_text(now: Hours, planned: Hours, remaining: Hours) -> str:
    line = f"credited {hours(now.total)}, with planned {hours(planned.total)}"
    short = [
        f"{hours(v)} {n}" for n, v in (("public", remaining.public), ("professional", remaining.professional)) if v > 0
    ]
    if remaining.total == 0:
        return line + " — complete"
    if short:
        return line + " — still " + " and ".join(short) + " short"
    return line + f" — still {hours(remaining.total)} short in total"


def suggestion_text(suggestion: Suggestion, room: CapRoom | None) -> str:
    rule = suggestion.rule
    line = f"{rule.article} {rule.kind} ({rule.name_zh}): {credit_text_short(rule)}"
    if room is not None:
        line += f"; room {room_text(room)}"
    return line


def platforms_text(facts: YearFacts) -> str:
    """The year's free public-subject courses, as the notice names them."""
    platforms = ", ".join(f"{p.name} ({p.hotline})" for p in facts.public_platforms)
    return f"{facts.year} 公需 courses, free online ({facts.source}): {platforms}"


def credit_text_short(rule: Rule, *, with_values: bool = False) -> str:
    if rule.uses_time:
        return "actual 学时" if rule.basis == "time" else f"{hours(rule.factor or Decimal(1))} × actual 学时"
    if rule.basis == "per-item":
        return f"{hours(rule.rate or Decimal(0))} each"
    if rule.basis == "per-item-by":
        if with_values:
            return ", ".join(f"{value} {hours(rate)}" for value, rate in rule.rates.items())
        return "/".join(hours(rate) for rate in rule.rates.values()) + " each"
    return f"1 per {rule.points_per_hour:,} points"


def printable(text: str) -> str:
    """``text`` safe for a terminal: control characters shown as escapes, never sent."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char in "\n" else f"\\x{ord(char):02x}" for char in text)


def totals_line(credited: Hours, required: Hours) -> str:
    """ "公需 10/30 · 专业 0/60 · 合计 10/90"."""
    return (
        f"公需 {hours(credited.public)}/{hours(required.public)} · "
        f"专业 {hours(credited.professional)}/{hours(required.professional)} · "
        f"合计 {hours(credited.total)}/{hours(required.total)}"
    )
