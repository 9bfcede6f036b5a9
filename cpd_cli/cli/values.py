"""Parsing what people type on the command line into the model's values.

Each parser raises :class:`~cpd_cli.errors.UsageError` naming the option, so a
bad value is one clear line and exit code 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from cpd_cli.core.dates import parse_date
from cpd_cli.core.model import Status, Subject
from cpd_cli.core.rules import Rule, RulePack
from cpd_cli.errors import UsageError
from cpd_cli.i18n import _

SUBJECT_ALIASES = {
    "public": Subject.PUBLIC, "公需": Subject.PUBLIC, "公需科目": Subject.PUBLIC, "公需课": Subject.PUBLIC,
    "professional": Subject.PROFESSIONAL, "专业": Subject.PROFESSIONAL, "专业科目": Subject.PROFESSIONAL,
    "专业课": Subject.PROFESSIONAL,
}  # fmt: skip
STATUS_ALIASES = {
    **{status.value: status for status in Status},
    "计划": Status.PLANNED, "已完成": Status.DONE, "完成": Status.DONE, "已申报": Status.DECLARED,
    "审核通过": Status.APPROVED, "已通过": Status.APPROVED, "驳回": Status.REJECTED, "未通过": Status.REJECTED,
}  # fmt: skip

MAX_AMOUNT_DIGITS = 12  # no real amount has more; refuses "1e999999" before any arithmetic


def date_value(text: str, option: str) -> date:
    parsed = parse_date(text)
    if parsed is None:
        raise UsageError(
            _("{option}: {text!r} is not a date (use 2024-03-15, 2024/3/15 or 20240315)").format(
                option=option, text=text
            )
        )
    return parsed


def amount(text: str, option: str) -> Decimal:
    """A positive, finite number of hours, minutes or days."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise UsageError(_("{option}: {text!r} is not a number").format(option=option, text=text)) from None
    if not value.is_finite() or value.adjusted() >= MAX_AMOUNT_DIGITS:
        raise UsageError(_("{option}: {text!r} is not a usable number").format(option=option, text=text))
    if value <= 0:
        raise UsageError(_("{option}: must be more than 0, not {text}").format(option=option, text=text))
    return value


def whole(text: str, option: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise UsageError(_("{option}: {text!r} is not a whole number").format(option=option, text=text)) from None
    if value < 0:
        raise UsageError(_("{option}: must not be negative ({text})").format(option=option, text=text))
    return value


def subject(text: str) -> Subject:
    found = SUBJECT_ALIASES.get(text.strip().lower())
    if found is None:
        raise UsageError(_("--subject: {text!r} is not public (公需) or professional (专业)").format(text=text))
    return found


def status(text: str, option: str = "--status") -> Status:
    found = STATUS_ALIASES.get(text.strip().lower())
    if found is None:
        raise UsageError(
            _("{option}: {text!r} is not one of {known}").format(option=option, text=text, known=", ".join(Status))
        )
    return found


def kind(text: str, pack: RulePack, option: str = "--kind") -> Rule:
    """The pack's rule for the kind ``text`` names."""
    rule = pack.rule(text)
    if rule is None:
        raise UsageError(
            _("{option}: unknown kind {kind!r} (known: {known})").format(
                option=option, kind=text, known=", ".join(pack.kinds)
            )
        )
    return rule


def choice(text: str, option: str, labels: Mapping[str, str], values: list[str]) -> str:
    """One of ``values``, given as itself, its Chinese label, or the label's unique start."""
    wanted = text.strip()
    if wanted.lower() in values:
        return wanted.lower()
    by_label = [value for value in values if labels.get(value) == wanted]
    if not by_label and len(wanted) >= 2:
        by_label = [value for value in values if labels.get(value, "").startswith(wanted)]
    if len(by_label) == 1:
        return by_label[0]
    known = ", ".join(f"{value} ({labels[value]})" if value in labels else value for value in values)
    raise UsageError(_("{option}: {text!r} is not one of {known}").format(option=option, text=text, known=known))
