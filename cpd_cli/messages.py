"""The words cpd shows for the core's notes, warnings and rules, in one place.

Official terms (学时, 公需, 专业, article numbers) stay in Chinese beside the English.
"""

from __future__ import annotations

from decimal import Decimal

from cpd_cli.core.evaluate import ActivityResult, Note, Warning
from cpd_cli.core.model import Subject
from cpd_cli.core.rules import Rule, RulePack

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
