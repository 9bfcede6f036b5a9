"""What a person types, read: times with their units, amounts, a vocabulary's words; and how
an error quotes a value.  The field types (:mod:`cpd_cli.core.fieldtypes`) take their values
through these, so the command line and the prompts read a value alike."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from cpd_cli.core import vocabulary
from cpd_cli.errors import UsageError
from cpd_cli.i18n import _, listed

# An amount (hours, minutes, days, the platform's hours) has at most this many digits before the
# point, in the ledger and on the command line; on the command line, at most this many after it.
MAX_AMOUNT_DIGITS = 12
MAX_AMOUNT_PLACES = 10

Candidates = list[tuple[str, str]]  # what a Tab press offers: (value, what it is)


TIME_UNITS = {  # the words an answer to the time prompt may end with, and the field each fills
    "": "hours",
    "h": "hours",
    "hour": "hours",
    "hours": "hours",
    "学时": "hours",
    "min": "minutes",
    "mins": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "分钟": "minutes",
    "分": "minutes",
    "d": "days",
    "day": "days",
    "days": "days",
    "天": "days",
    "日": "days",
}
TIME_ANSWER = re.compile(r"^\s*([0-9.]+)\s*([^\s0-9.]*)\s*$")


def time_answer(text: str) -> tuple[str, Decimal]:
    """An answer to the time prompt — ``6``, ``6 学时``, ``90 min``, ``2 days``, ``2天`` — as (field, amount)."""
    match = TIME_ANSWER.match(text)
    field = TIME_UNITS.get(match.group(2).lower()) if match else None
    if match is None or field is None:
        raise UsageError(
            _("{text!r} is not a time: give 学时 (6), minutes (90 min, 90分钟) or days (2 days, 2天)").format(text=text)
        )
    return field, amount(match.group(1), "--" + field)


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
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + trailing))


def choice(text: str, option: str, terms: Sequence[vocabulary.Term]) -> str:
    """The id of one of ``terms`` (a kind's levels, roles or types), given as a word it
    accepts or as the unique start of its Chinese word."""
    found = vocabulary.find(terms, text)
    if found is not None:
        return found.id
    wanted = text.strip()
    by_start = [term.id for term in terms if term.zh and term.zh.startswith(wanted)] if len(wanted) >= 2 else []
    if len(by_start) == 1:
        return by_start[0]
    known = listed(term_text(term) for term in terms)
    raise UsageError(_("{option}: {text!r} is not one of {known}").format(option=option, text=text, known=known))


def choices_text(terms: Sequence[vocabulary.Term]) -> str:
    """ "junior (初级) | intermediate (中级) | senior (高级)"."""
    return " | ".join(f"{term.id} ({term.zh})" if term.zh else term.id for term in terms)


def term_text(term: vocabulary.Term) -> str:
    """A word a value accepts, its Chinese beside it: "planned (计划中)", in Chinese "计划中（planned）"."""
    return _("{id} ({zh})").format(id=term.id, zh=term.zh) if term.zh else term.id


def words(terms: Iterable[vocabulary.Term], incomplete: str) -> Candidates:
    """The terms whose id starts with ``incomplete``, each with its Chinese word; when none
    does, every word a term is accepted as (已申报, 审核通过 …) that starts so, with its id.

    Only words the command accepts are offered, so whatever is completed is taken.
    """
    terms = list(terms)
    by_id = [(term.id, term.zh) for term in terms if term.id.startswith(incomplete.lower())]
    if by_id:
        return by_id
    return [(word, term.id) for term in terms for word in term.accepted[1:] if word.startswith(incomplete)]


def activity_id(text: str) -> int | None:
    """An activity's id as ``cpd list`` shows it and people type it: 7, #7 or ７; None if ``text`` is not one.

    ``str.isdecimal``, not ``isdigit``: "²" is a digit to Python but no number ``int`` reads.
    """
    digits = text.strip().removeprefix("#").removeprefix("＃")
    return int(digits) if digits.isdecimal() else None


def shown(value: Any) -> str:
    """A value as an error quotes it: its ``repr``, cut to 40 characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def whole(value: object) -> bool:
    """A whole number, not a bool (which Python counts as one)."""
    return isinstance(value, int) and not isinstance(value, bool)
