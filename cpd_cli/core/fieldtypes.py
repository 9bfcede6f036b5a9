"""What a field of an activity holds: one class per kind of value.

Each type owns everything about its value: how the ledger's TOML holds it
(:meth:`FieldType.read`, :meth:`FieldType.write`), how the command line and the
prompts take it (:meth:`FieldType.parse`, accepting the same words and units in
both), what a Tab press offers for it (:meth:`FieldType.candidates`) and what
help shows in its place (:attr:`FieldType.metavar`).  The field table
(:mod:`cpd_cli.core.fields`) names a type for each field; the store, the
validation and the command line ask the type rather than deciding by a code.

How a typed value is read (a time and its unit, an amount, a vocabulary's word) is in
:mod:`cpd_cli.core.typed`.  The types know nothing of click: :class:`cpd_cli.cli.paramtypes.FieldParam` is
the click ``ParamType`` that hands an option's value to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from cpd_cli.core import vocabulary
from cpd_cli.core.dates import parse_date
from cpd_cli.core.model import EvidenceRecord, Status, Subject
from cpd_cli.core.typed import (
    MAX_AMOUNT_DIGITS,
    TIME_ANSWER,
    TIME_UNITS,
    Candidates,
    activity_id,
    amount,
    choice,
    shown,
    term_text,
    whole,
    words,
)
from cpd_cli.errors import UsageError
from cpd_cli.i18n import N_, _, listed

if TYPE_CHECKING:
    from cpd_cli.core.rulemodel import Rule
    from cpd_cli.core.rules import RulePack


class Invalid(ValueError):
    """A ledger value of the wrong type; the store says which activity and field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Known(Protocol):
    """What a Tab press may look at: the active rule pack, the kind being recorded, the ledger's activities."""

    kind: str | None

    def pack(self) -> RulePack: ...

    def activities(self) -> Iterable[tuple[int, str]]:
        """Each activity's id and a line describing it, in id order; none if the ledger cannot be read."""
        ...


class FieldType:
    """A kind of value.  The base reads and writes TOML as it is, takes text as typed, offers nothing."""

    name: str = "text"  # what click calls the type
    metavar: str = N_("TEXT")  # what help shows in the value's place (translated when shown)
    holds_text = False  # validation checks the length and characters of its strings (:meth:`texts`)

    def read(self, value: Any, *, required: bool = False) -> Any:
        """The model's value of ``value`` as TOML holds it (never None); :class:`Invalid` if it cannot be."""
        return value

    def write(self, value: Any) -> Any:
        """The TOML value of the model's ``value``."""
        return value

    def parse(self, text: str, option: str, rule: Rule | None = None) -> Any:
        """The model's value of ``text`` as typed after ``option`` or at its prompt; a
        :class:`~cpd_cli.errors.UsageError` naming ``option`` if it is not one.  ``rule``
        is the kind's rule, where the value depends on it."""
        return text

    def candidates(self, incomplete: str, known: Known) -> Candidates:
        """What a Tab press offers after ``incomplete``."""
        return []

    def texts(self, value: Any) -> tuple[str, ...]:
        """The strings of ``value`` (never None) whose length and characters validation checks."""
        return ()


class Text(FieldType):
    """A string: a title, a note, a descriptive field."""

    holds_text = True

    def read(self, value: Any, *, required: bool = False) -> str:
        if not isinstance(value, str):
            raise Invalid(_("must be a string"))
        if required and not value.strip():
            raise Invalid(_("must not be empty"))
        return value

    def parse(self, text: str, option: str, rule: Rule | None = None) -> str:
        return text

    def texts(self, value: Any) -> tuple[str, ...]:
        return (value,)


class Required(Text):
    """A string that must say something (the title): given blank, it is refused."""

    def parse(self, text: str, option: str, rule: Rule | None = None) -> str:
        if not text.strip():
            raise UsageError(_("{option} must not be empty").format(option=option))
        return text.strip()


class Kind(Text):
    """A kind of the rule pack: checked against the pack by validation."""

    name = "kind"
    metavar = N_("KIND")
    holds_text = False  # a word of the pack's, checked against it

    def rule(self, text: str, pack: RulePack, option: str = "--kind") -> Rule:
        """The pack's rule for the kind ``text`` names."""
        rule = pack.rule(text)
        if rule is None:
            raise UsageError(
                _("{option}: unknown kind {kind!r} (known: {known})").format(
                    option=option, kind=text, known=listed(pack.kinds)
                )
            )
        return rule

    def candidates(self, incomplete: str, known: Known) -> Candidates:
        rules = known.pack().rules
        return [(rule.kind, f"{rule.article} {rule.name_zh}") for rule in rules if rule.kind.startswith(incomplete)]


class Choice(Kind):
    """A value a kind rates — its level, role or type — as an id of the pack's vocabulary."""

    def __init__(self, field: str):
        self.field = field
        self.name = field
        self.metavar = field.upper()

    def parse(self, text: str, option: str, rule: Rule | None = None) -> str:
        """The id of one of ``rule``'s values, given as a word it accepts or as the unique start of
        its Chinese word; as typed when the rule is not known yet or rates another field."""
        if rule is None or rule.choice is None or rule.choice.by != self.field:
            return text
        return choice(text, option, vocabulary.rule_choices(rule.choice))

    def candidates(self, incomplete: str, known: Known) -> Candidates:
        return words(vocabulary.choice_terms(known.pack(), self.field, known.kind), incomplete)


class Date(FieldType):
    name = "date"
    metavar = N_("DATE")

    def read(self, value: Any, *, required: bool = False) -> date:
        if isinstance(value, datetime):
            raise Invalid(_("must be a date like 2024-03-15, without a time"))
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            parsed = parse_date(value)
            if parsed is not None:
                return parsed
        raise Invalid(_("must be a date like 2024-03-15, not {value}").format(value=shown(value)))

    def parse(self, text: str, option: str, rule: Rule | None = None) -> date:
        parsed = parse_date(text)
        if parsed is None:
            raise UsageError(
                _("{option}: {text!r} is not a date (use 2024-03-15, 2024/3/15 or 20240315)").format(
                    option=option, text=text
                )
            )
        return parsed


class Words(FieldType):
    """One of a fixed set of words (a status, a subject), taken in English, Chinese or the platform's words."""

    enum: type[Status] | type[Subject]
    terms: tuple[vocabulary.Term, ...]

    def read(self, value: Any, *, required: bool = False) -> Any:
        try:
            return self.enum(value)
        except ValueError:
            raise Invalid(
                _("must be one of {known}, not {value}").format(known=", ".join(self.enum), value=shown(value))
            ) from None

    def write(self, value: Any) -> str:
        return str(value.value)

    def parse(self, text: str, option: str = "", rule: Rule | None = None) -> Any:
        """One of the words by its id, its Chinese word or one of the platform's (已申报, 审核通过, 公需课 …)."""
        found = vocabulary.find(self.terms, text)
        if found is None:
            raise UsageError(self.refusal(text, option or f"--{self.name}"))
        return self.enum(found.id)

    def refusal(self, text: str, option: str) -> str:
        return _("{option}: {text!r} is not one of {known}").format(
            option=option, text=text, known=listed(term_text(term) for term in self.terms)
        )

    def candidates(self, incomplete: str, known: Known | None = None) -> Candidates:
        return words(self.terms, incomplete)


class StatusType(Words):
    name = "status"
    metavar = N_("STATUS")
    enum = Status
    terms = vocabulary.STATUSES


class SubjectType(Words):
    name = "subject"
    metavar = N_("SUBJECT")
    enum = Subject
    terms = vocabulary.SUBJECTS

    def refusal(self, text: str, option: str) -> str:
        return _("{option}: {text!r} is not public (公需) or professional (专业)").format(option=option, text=text)


class Amount(FieldType):
    """A number ≥ 0 of hours as the platform records them; written as few digits as it needs."""

    name = "amount"
    metavar = N_("N")

    def read(self, value: Any, *, required: bool = False) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise Invalid(_("must be a number, not {value}").format(value=shown(value)))
        number = Decimal(value)
        if not number.is_finite():
            raise Invalid(_("must be a finite number, not {value}").format(value=value))
        if number < 0:
            raise Invalid(_("must not be negative ({value})").format(value=value))
        if number.adjusted() >= MAX_AMOUNT_DIGITS:
            raise Invalid(
                _("{value} is too large (at most {digits} digits before the point)").format(
                    value=number, digits=MAX_AMOUNT_DIGITS
                )
            )
        return number

    def write(self, value: Decimal) -> int | Decimal:
        """A whole amount as an int (TOML and JSON then show 6, not a decimal); others as they are."""
        return int(value) if value == value.to_integral_value() else value

    def parse(self, text: str, option: str, rule: Rule | None = None) -> Decimal:
        return amount(text, option)


class Time(Amount):
    """Hours, minutes or days: a number, or a number and its unit (``90 min``, ``90分钟``, ``2天``),
    as the time prompt takes an answer; a unit of another field is refused."""

    def __init__(self, unit: str):
        self.unit = unit

    def parse(self, text: str, option: str, rule: Rule | None = None) -> Decimal:
        match = TIME_ANSWER.match(text)
        if match is None or not match.group(2):
            return amount(text, option)  # a plain number, or what amount says is wrong with it
        unit = TIME_UNITS.get(match.group(2).lower())
        if unit is None:
            raise UsageError(
                _(
                    "--{field}: {text!r} is not a time: give 学时 (6), minutes (90 min, 90分钟) or days (2 days, 2天)"
                ).format(field=self.unit, text=text)
            )
        if unit != self.unit:
            raise UsageError(
                _("--{field}: {text!r} is in {unit}; give it as --{unit}").format(field=self.unit, text=text, unit=unit)
            )
        return amount(match.group(1), option)


class Count(FieldType):
    """A whole number ≥ 0 (学习强国 points); an id of another activity; a year."""

    name = "count"
    metavar = N_("N")

    def read(self, value: Any, *, required: bool = False) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(_("must be a whole number, not {value}").format(value=shown(value)))
        if value < 0:
            raise Invalid(_("must not be negative ({value})").format(value=value))
        return value

    def parse(self, text: str, option: str, rule: Rule | None = None) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise UsageError(_("{option}: {text!r} is not a whole number").format(option=option, text=text)) from None
        if value < 0:
            raise UsageError(_("{option}: must not be negative ({text})").format(option=option, text=text))
        return value


class Link(Count):
    """Another activity's id: 7, #7 or ７, as ``cpd list`` shows it."""

    name = "id"
    metavar = N_("ID")

    def parse(self, text: str, option: str, rule: Rule | None = None) -> int:
        number = activity_id(text)
        if number is None:
            raise UsageError(
                _("{option}: {text!r} is not an activity's id (a number, as cpd list shows it)").format(
                    option=option, text=text
                )
            )
        return number

    def candidates(self, incomplete: str, known: Known) -> Candidates:
        return [(str(number), line) for number, line in known.activities() if str(number).startswith(incomplete)]


class Year(Count):
    """A calendar year, four digits (2023, or 2023年); validation checks it is one that can be made up."""

    name = "year"
    metavar = N_("YEAR")

    def parse(self, text: str, option: str, rule: Rule | None = None) -> int:
        stripped = text.strip().removesuffix("年")
        if not (len(stripped) == 4 and stripped.isascii() and stripped.isdigit()):
            raise UsageError(_("{option}: {text!r} is not a year like 2023").format(option=option, text=text))
        return int(stripped)


class Flag(FieldType):
    """True or false; on the command line an option given or not (``--not-passed``, ``--passed/--not-passed``)."""

    name = "flag"

    def read(self, value: Any, *, required: bool = False) -> bool:
        if not isinstance(value, bool):
            raise Invalid(_("must be true or false, not {value}").format(value=shown(value)))
        return value


class Paths(FieldType):
    """A list of file paths; the command line takes one path an option, its files read when the command runs."""

    name = "paths"
    metavar = N_("PATH")
    holds_text = True

    def read(self, value: Any, *, required: bool = False) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise Invalid(_("must be a list of file paths"))
        return tuple(value)

    def write(self, value: tuple[str, ...]) -> list[str]:
        return list(value)

    def texts(self, value: Any) -> tuple[str, ...]:
        return tuple(value)


class Records(FieldType):
    """What was recorded of each evidence file: a list of {path, size, sha256[, mtime_ns]} tables."""

    name = "records"

    def read(self, value: Any, *, required: bool = False) -> tuple[EvidenceRecord, ...]:
        records = []
        for item in value if isinstance(value, list) else [None]:
            if not (
                isinstance(item, dict)
                and isinstance(item.get("path"), str)
                and isinstance(item.get("sha256"), str)
                and whole(item.get("size"))
                and (item.get("mtime_ns") is None or whole(item["mtime_ns"]))
            ):
                raise Invalid(_("must be a list of {{ path, size, sha256 }} tables").format())
            records.append(EvidenceRecord(item["path"], item["size"], item["sha256"], item.get("mtime_ns")))
        return tuple(records)

    def write(self, value: tuple[EvidenceRecord, ...]) -> list[dict[str, Any]]:
        return [
            {
                "path": r.path,
                "size": r.size,
                "sha256": r.sha256,
                **({} if r.mtime_ns is None else {"mtime_ns": r.mtime_ns}),
            }
            for r in value
        ]


class Identity(Count):
    """The activity's own id: a whole number ≥ 1, read first so that every other error can say whose it is."""

    name = "id"


# One of each, for the field table.
IDENTITY = Identity()
TEXT = Text()
TITLE = Required()
KIND = Kind()
DATE = Date()
STATUS = StatusType()
SUBJECT = SubjectType()
AMOUNT = Amount()
COUNT = Count()
LINK = Link()
YEAR = Year()
FLAG = Flag()
PATHS = Paths()
RECORDS = Records()
