"""Parsing what people type on the command line into the model's values.

Each parser raises :class:`~cpd_cli.errors.UsageError` naming the option, so a
bad value is one clear line and exit code 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from cpd_cli.core.dates import parse_date
from cpd_cli.core.fields import MAX_AMOUNT_DIGITS, MAX_AMOUNT_PLACES
from cpd_cli.core.model import Status, Subject
from cpd_cli.core.rules import Rule, RulePack
from cpd_cli.core.vocabulary import STATUSES, SUBJECTS, Term, find
from cpd_cli.errors import UsageError
from cpd_cli.i18n import _, listed


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
    """A positive, finite number of hours, minutes or days, as few digits as it needs.

    At most :data:`MAX_AMOUNT_DIGITS` digits before the point and
    :data:`MAX_AMOUNT_PLACES` after it: "1e999999" and "1e-400" are refused here,
    naming the option, before any arithmetic and before the ledger would hold them.
    """
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise UsageError(_("{option}: {text!r} is not a number").format(option=option, text=text)) from None
    if value.is_finite() and value <= 0:
        raise UsageError(_("{option}: must be more than 0, not {text}").format(option=option, text=text))
    if not value.is_finite() or value.adjusted() >= MAX_AMOUNT_DIGITS or _places(value) > MAX_AMOUNT_PLACES:
        raise UsageError(
            _("{option}: {text!r} is not a usable number (at most {digits} digits before the point, {places} after it)")
            .format(option=option, text=text, digits=MAX_AMOUNT_DIGITS, places=MAX_AMOUNT_PLACES)
        )  # fmt: skip
    whole = value.to_integral_value()
    return whole if value == whole else value.normalize()  # "1.50000" is written 1.5


def _places(value: Decimal) -> int:
    """The digits finite ``value`` needs after the point (0 for 1.000); no context, so no rounding."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + trailing))


def whole(text: str, option: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise UsageError(_("{option}: {text!r} is not a whole number").format(option=option, text=text)) from None
    if value < 0:
        raise UsageError(_("{option}: must not be negative ({text})").format(option=option, text=text))
    return value


def year(text: str, option: str) -> int:
    """A calendar year, four digits: 2023."""
    stripped = text.strip().removesuffix("年")
    if not (len(stripped) == 4 and stripped.isascii() and stripped.isdigit()):
        raise UsageError(_("{option}: {text!r} is not a year like 2023").format(option=option, text=text))
    return int(stripped)


def subject(text: str) -> Subject:
    """public or professional, also as 公需, 公需科目, 公需课, 专业 …"""
    found = find(SUBJECTS, text)
    if found is None:
        raise UsageError(_("--subject: {text!r} is not public (公需) or professional (专业)").format(text=text))
    return Subject(found.id)


def status(text: str, option: str = "--status") -> Status:
    """A status by its id, its Chinese word or one of the platform's (已申报, 审核通过, 驳回 …)."""
    found = find(STATUSES, text)
    if found is None:
        raise UsageError(
            _("{option}: {text!r} is not one of {known}").format(
                option=option, text=text, known=listed(term_text(term) for term in STATUSES)
            )
        )
    return Status(found.id)


def term_text(term: Term) -> str:
    """A word a value accepts, its Chinese beside it: "planned (计划中)", in Chinese "计划中（planned）"."""
    return _("{id} ({zh})").format(id=term.id, zh=term.zh) if term.zh else term.id


def kind(text: str, pack: RulePack, option: str = "--kind") -> Rule:
    """The pack's rule for the kind ``text`` names."""
    rule = pack.rule(text)
    if rule is None:
        raise UsageError(
            _("{option}: unknown kind {kind!r} (known: {known})").format(
                option=option, kind=text, known=listed(pack.kinds)
            )
        )
    return rule


def choice(text: str, option: str, terms: Sequence[Term]) -> str:
    """The id of one of ``terms`` (a kind's levels, roles or types), given as a word it
    accepts or as the unique start of its Chinese word."""
    found = find(terms, text)
    if found is not None:
        return found.id
    wanted = text.strip()
    by_start = [term.id for term in terms if term.zh and term.zh.startswith(wanted)] if len(wanted) >= 2 else []
    if len(by_start) == 1:
        return by_start[0]
    known = listed(term_text(term) for term in terms)
    raise UsageError(_("{option}: {text!r} is not one of {known}").format(option=option, text=text, known=known))
