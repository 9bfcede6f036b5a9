"""The words for a rule of the pack: how it credits, its cap, its subject, cpd's reading of it."""

from __future__ import annotations

from typing import assert_never

from cpd_cli.core.model import Subject
from cpd_cli.core.rulemodel import PerItem, PerItemBy, Points, Rule, RulePack, Time, TimeFactor
from cpd_cli.i18n import _, language, listed
from cpd_cli.messages.words import choice_word, hours, subject_label


def credit_text(rule: Rule, pack: RulePack) -> str:
    """How a rule credits, in a phrase: "10 学时 each", "2 × actual 学时"."""
    per_hour = _conversion_text(rule, pack)
    match rule.basis:
        case Time():
            return _("actual 学时 ({conversion})").format(conversion=per_hour) if per_hour else _("actual 学时")
        case TimeFactor(factor=factor):
            if not per_hour:
                return _("{factor} × actual 学时").format(factor=hours(factor))
            return _("{factor} × actual 学时 ({conversion})").format(factor=hours(factor), conversion=per_hour)
        case PerItem(rate=rate):
            return _("{rate} 学时 each").format(rate=hours(rate))
        case PerItemBy(rates=rates) as choice:
            return listed(f"{choice_word(choice, value)} {hours(rate)}" for value, rate in rates.items())
        case Points(per_hour=points):
            return _("1 学时 per full {points:,} points of the year").format(points=points)
        case _:
            assert_never(rule.basis)


def _conversion_text(rule: Rule, pack: RulePack) -> str:
    """How the time units a rule takes become 学时: "45 min = 1 学时, 1 day = 8"; empty for hours only."""
    minutes, day = hours(pack.units.minutes_per_hour), hours(pack.units.hours_per_day)
    if "minutes" in rule.units and "days" in rule.units:
        return _("{minutes} min = 1 学时, 1 day = {day}").format(minutes=minutes, day=day)
    if "minutes" in rule.units:
        return _("{minutes} min = 1 学时").format(minutes=minutes)
    if "days" in rule.units:
        return _("1 day = {day} 学时").format(day=day)
    return ""


def credit_text_short(rule: Rule, *, with_values: bool = False) -> str:
    match rule.basis:
        case Time():
            return _("actual 学时")
        case TimeFactor(factor=factor):
            return _("{factor} × actual 学时").format(factor=hours(factor))
        case PerItem(rate=rate):
            return _("{rate} each").format(rate=hours(rate))
        case PerItemBy(rates=rates) as choice:
            if with_values:
                words = {value: choice_word(choice, value) if language() == "zh" else value for value in rates}
                return listed(f"{words[value]} {hours(rate)}" for value, rate in rates.items())
            return _("{rates} each").format(rates="/".join(hours(rate) for rate in rates.values()))
        case Points(per_hour=points):
            return _("1 per {points:,} points").format(points=points)
        case _:
            assert_never(rule.basis)


def kind_gloss(rule: Rule) -> str:
    """A kind in a list of kinds: "9(1) 论文（译文） — paper in a core journal" (no English in Chinese)."""
    if language() == "zh":
        return f"{rule.article} {rule.name_zh}"
    return f"{rule.article} {rule.name_zh} — {rule.name_en}"


def kind_heading(rule: Rule, pack: RulePack) -> str:
    """The first line of ``cpd add KIND --help``."""
    if language() == "zh":
        return _("Add {name_zh}, {document} Art. {article}.").format(
            name_zh=rule.name_zh, document=pack.document, article=rule.article
        )
    return _("Add {name_en} ({name_zh}), {document} Art. {article}.").format(
        name_en=rule.name_en, name_zh=rule.name_zh, document=pack.document, article=rule.article
    )


def cap_text(rule: Rule) -> str:
    if rule.cap is None:
        return _("no yearly cap")
    return _("at most {cap} 学时 a year").format(cap=hours(rule.cap))


def subject_text(rule: Rule) -> str:
    return _("public or professional, as given") if rule.subject_is_given else subject_label(Subject(rule.subject))


def decision_text(rule: Rule) -> str | None:
    """How cpd reads the rule, in the chosen language when the pack has it."""
    if language() == "zh" and rule.decision_zh:
        return rule.decision_zh
    return rule.decision
