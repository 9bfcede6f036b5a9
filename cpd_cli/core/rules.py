"""Reading a rule pack: TOML in, a checked :class:`~cpd_cli.core.rulemodel.RulePack` out.

Every key of the file is known or refused by name, every number bounded, every
article cited where it is used; the first thing wrong is named with its place.
The packs cpd ships are read once per process (:func:`load_embedded`).  The
model itself lives in :mod:`cpd_cli.core.rulemodel`; the names of it that the
rest of cpd imports from here are re-exported below.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import tomli

from cpd_cli.core.dates import FIRST_YEAR, LAST_YEAR, parse_month_day
from cpd_cli.core.model import CHOICE_FIELDS, FLAG_FIELDS, TIME_FIELDS, Subject
from cpd_cli.core.platform.facts import read_platform
from cpd_cli.core.rulemodel import (
    ALLOCATIONS,
    ARTICLE_TABLES,
    BASES,
    DEFAULT_PACK,
    GIVEN,
    ROUTES,
    Article,
    Basis,
    PerItem,
    PerItemBy,
    Platform,
    Points,
    Requirement,
    Rule,
    RulePack,
    Time,
    TimeFactor,
    Units,
    WorkedCase,
    YearFacts,
    cited,
    cited_articles,
)
from cpd_cli.errors import RulesError
from cpd_cli.i18n import _, listed

__all__ = [  # what cpd imports from here: the reading, and the model's names it has always found here
    "DEFAULT_PACK",
    "ID_PATTERN",
    "MAX_PACK_BYTES",
    "PACKS_FOLDER",
    "Rule",
    "RulePack",
    "cited",
    "cited_articles",
    "embedded_pack_ids",
    "load_embedded",
    "parse_pack",
]

# The keys a [[rule]] table may hold: those of every basis, then those of one basis.
# Any other key is a misspelling (``requries``, ``rate`` for ``rates``), refused by name.
RULE_KEYS = frozenset(
    {"kind", "article", "name_zh", "name_en", "subject", "basis", "route", "text", "cap", "cap_allocation"}
    | {"requires", "passing", "suggest", "decision", "decision_zh", "note"}
)
BASIS_KEYS = {
    "time": frozenset({"units"}),
    "time-factor": frozenset({"units", "factor"}),
    "per-item": frozenset({"rate"}),
    "per-item-by": frozenset({"by", "rates", "labels"}),
    "points": frozenset({"points_per_hour"}),
}
REQUIREMENT_KEYS = frozenset({"article", "total", "public", "professional", "text", "decision", "decision_zh"})
UNITS_KEYS = frozenset(
    {"article", "minutes_per_hour", "hours_per_day", "round_down_to", "text", "decision", "decision_zh"}
)

# ---------------------------------------------------------------- loading


PACKS_FOLDER = Path(__file__).with_name("packs")  # installed as plain files (package data)
# The ids a pack gives its kinds and the values of level, role and type: names typed on a command
# line, written to the ledger and used in file names inside the evidence bundle, so plain slugs.
ID_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")
MAX_ID = 40
MAX_NUMBER = Decimal(1_000_000)  # a credit, cap, rate or factor beyond this is no rule's
MAX_PLACES = 10  # decimal places of a pack's number
MAX_PACK_BYTES = 1024 * 1024  # thirty times the shipped pack; a bigger file is refused before it is read
EMBEDDED = "embedded:"  # how a shipped pack's source reads: "embedded:jiangxi-2023"


def embedded_pack_ids() -> list[str]:
    return sorted(entry.stem for entry in PACKS_FOLDER.glob("*.toml"))


def load_embedded(pack_id: str = DEFAULT_PACK) -> RulePack:
    """The pack shipped inside cpd with this id (parsed once per process)."""
    if pack_id not in embedded_pack_ids():
        known = listed(embedded_pack_ids())
        raise RulesError(_("unknown rule pack {pack!r} (known: {known})").format(pack=pack_id, known=known))
    return _parse_embedded(pack_id)


@cache
def _parse_embedded(pack_id: str) -> RulePack:
    text = (PACKS_FOLDER / f"{pack_id}.toml").read_text(encoding="utf-8")
    return parse_pack(text, source=f"{EMBEDDED}{pack_id}")


def parse_pack(text: str, *, source: str) -> RulePack:
    try:
        data = tomli.loads(text, parse_float=Decimal)
    except tomli.TOMLDecodeError as error:  # its message says where: "(at line 3, column 7)"
        raise RulesError(_("{path}: not valid TOML: {error}").format(path=source, error=error)) from error
    except RecursionError:
        raise RulesError(_("{path}: not a rule pack: values nested too deeply").format(path=source)) from None
    except ValueError:  # Python's own limit on the digits of a whole number, met while parsing
        raise RulesError(_("{path}: not a rule pack: a number has too many digits").format(path=source)) from None
    return _PackReader(data, source).pack()


class _PackReader:
    """Reads a parsed pack, naming the place of the first thing wrong."""

    def __init__(self, data: dict[str, Any], source: str):
        self.data = data
        self.source = source

    def fail(self, where: str, message: str) -> RulesError:
        return RulesError(f"{self.source}: {where}: {message}")

    def get(self, table: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
        if key not in table:
            raise self.fail(where, _("missing {key!r}").format(key=key))
        value = table[key]
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            raise self.fail(where, _("{key!r} has the wrong type").format(key=key))
        return value

    def number(self, table: Mapping[str, Any], key: str, where: str) -> Decimal:
        value = Decimal(self.get(table, key, (int, Decimal), where))
        if not value.is_finite() or value < 0:
            raise self.fail(where, _("{key!r} must be a number ≥ 0").format(key=key))
        if value > MAX_NUMBER or -int(value.as_tuple().exponent) > MAX_PLACES:
            raise self.fail(
                where,
                _("{key!r} must be at most {most:,} with at most {places} decimal places").format(
                    key=key, most=MAX_NUMBER, places=MAX_PLACES
                ),
            )
        return value

    def slug(self, value: str, what: str, where: str) -> str:
        """An id the pack gives a kind or a value: a name, never text that could leave a folder or a line."""
        if len(value) > MAX_ID or not ID_PATTERN.fullmatch(value):
            raise self.fail(
                where,
                _(
                    "{what} {value} is not an id: lower-case letters and digits, "
                    "joined by single '-' or '_', starting with a letter, at most {most} characters"
                ).format(what=what, value=ascii(value[: MAX_ID + 10]), most=MAX_ID),
            )
        return value

    def pack(self) -> RulePack:
        data = self.data
        requirement = self.get(data, "requirement", dict, "top level")
        units = self.get(data, "units", dict, "top level")
        rules = tuple(self.rule(entry, index) for index, entry in enumerate(self.get(data, "rule", list, "top level")))
        if not rules:
            raise self.fail("rule", _("a pack needs at least one [[rule]]"))
        kinds = [rule.kind for rule in rules]
        duplicated = sorted({kind for kind in kinds if kinds.count(kind) > 1})
        if duplicated:
            raise self.fail("rule", _("kind {kind!r} has more than one rule").format(kind=duplicated[0]))
        deadline = str(self.get(data, "deadline", str, "top level"))
        month_day = parse_month_day(deadline)
        if month_day is None:
            raise self.fail("deadline", _("{value!r} is not a month-day like 12-31").format(value=deadline))
        self.known_keys(requirement, REQUIREMENT_KEYS, "requirement")
        self.known_keys(units, UNITS_KEYS, "units")
        sectors = self.table(data, "sectors")
        validity = self.table(data, "validity")
        pack = RulePack(
            id=self.get(data, "id", str, "top level"),
            title=self.get(data, "title", str, "top level"),
            document=self.get(data, "document", str, "top level"),
            effective_from=self.day(data, "effective_from", "top level"),
            deadline_month_day=month_day,
            requirement=Requirement(
                total=self.number(requirement, "total", "requirement"),
                public=self.number(requirement, "public", "requirement"),
                professional=self.number(requirement, "professional", "requirement"),
                article=self.get(requirement, "article", str, "requirement"),
                text=self.get(requirement, "text", str, "requirement"),
            ),
            units=Units(
                minutes_per_hour=self.positive(units, "minutes_per_hour", "units"),
                hours_per_day=self.positive(units, "hours_per_day", "units"),
                round_down_to=self.positive(units, "round_down_to", "units"),
                article=self.get(units, "article", str, "units"),
                text=self.get(units, "text", str, "units"),
                decision=self.optional_text(units, "decision", "units") or "",
            ),
            rules=rules,
            platform=read_platform(data, self.source),
            own_rule_sectors=self.strings(sectors, "own_rules", "sectors"),
            sectors_article=self.optional_text(sectors, "article", "sectors") or "",
            validity_article=self.optional_text(validity, "article", "validity") or "",
            validity_decision=self.optional_text(validity, "decision", "validity") or "",
            makeup_article=self.optional_text(self.table(data, "makeup"), "article", "makeup") or "",
            allocation_decision=self.optional_text(self.table(data, "allocation"), "decision", "allocation") or "",
            source=self.source,
            articles=self.articles(),
        )
        self.check_requirement(pack.requirement)
        cases = tuple(self.case(entry, index) for index, entry in enumerate(self.entries(data, "case")))
        facts = [self.facts(entry, index) for index, entry in enumerate(self.entries(data, "facts"))]
        return pack._replace(cases=cases, facts={f.year: f for f in facts})

    def day(self, table: Mapping[str, Any], key: str, where: str) -> date:
        value = self.get(table, key, date, where)
        if isinstance(value, datetime):
            raise self.fail(where, _("{key!r} must be a date like 2023-07-01, without a time").format(key=key))
        return value  # type: ignore[no-any-return]

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        """An optional table of the pack: empty when absent, an error when not a table."""
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail("top level", _("{key!r} must be a table").format(key=key))
        return value

    def known_keys(self, table: Mapping[str, Any], known: frozenset[str], where: str) -> None:
        unknown = sorted(set(table) - known)
        if unknown:
            raise self.fail(
                where,
                _("unknown field {field!r} (known: {known})").format(field=unknown[0], known=listed(sorted(known))),
            )

    def check_requirement(self, requirement: Requirement) -> None:
        """The subjects' minimums must fit in the total, or no year could be planned to them."""
        if requirement.public + requirement.professional > requirement.total:
            raise self.fail(
                "requirement",
                _("public {public} + professional {professional} is more than total {total}").format(
                    public=requirement.public, professional=requirement.professional, total=requirement.total
                ),
            )

    def articles(self) -> tuple[Article, ...]:
        """The general articles: the tables that say something of every kind, with their decisions."""
        found = []
        for topic in ARTICLE_TABLES:
            table = self.table(self.data, topic)
            article = self.optional_text(table, "article", topic)
            if not article or not article.strip():
                continue
            text = self.optional_text(table, "text", topic) or ""
            if not text and topic == "routes":  # no words of its own: what each route's entry says
                text = "；".join(str(table[route]) for route in ROUTES if isinstance(table.get(route), str))
            found.append(
                Article(
                    article=article,
                    topic=topic,
                    text=text,
                    decision=self.optional_text(table, "decision", topic) or "",
                    decision_zh=self.optional_text(table, "decision_zh", topic) or "",
                )
            )
        return tuple(found)

    def facts(self, entry: Any, index: int) -> YearFacts:
        where = f"facts #{index + 1}"
        if not isinstance(entry, dict):
            raise self.fail(where, _("must be a table"))
        platforms = []
        for item in self.entries(entry, "public_platforms"):
            if not isinstance(item, dict):
                raise self.fail(where, _("public_platforms must be tables of name and hotline"))
            platforms.append(Platform(self.get(item, "name", str, where), self.get(item, "hotline", str, where)))
        topics = entry.get("public_topics", [])
        if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
            raise self.fail(where, _("public_topics must be a list of strings"))
        return YearFacts(
            year=self.year(entry, where),
            source=self.get(entry, "source", str, where),
            public_note=self.optional_text(entry, "public_note", where) or "",
            public_topics=tuple(topics),
            public_platforms=tuple(platforms),
        )

    def positive(self, table: Mapping[str, Any], key: str, where: str) -> Decimal:
        value = self.number(table, key, where)
        if value == 0:
            raise self.fail(where, _("{key!r} must be more than 0").format(key=key))
        return value

    def rule(self, entry: Any, index: int) -> Rule:
        where = f"rule #{index + 1}"
        if not isinstance(entry, dict):
            raise self.fail(where, _("must be a table"))
        kind = self.slug(self.get(entry, "kind", str, where), "kind", where)
        where = f"rule {kind!r}"
        basis = self.get(entry, "basis", str, where)
        if basis not in BASES:
            raise self.fail(
                where, _("unknown basis {basis!r} (known: {known})").format(basis=basis, known=listed(BASES))
            )
        self.known_keys(entry, RULE_KEYS | BASIS_KEYS[basis], where)
        subject = self.get(entry, "subject", str, where)
        if subject not in (GIVEN, *Subject):
            raise self.fail(where, _("unknown subject {value!r}").format(value=subject))
        route = self.get(entry, "route", str, where)
        if route not in ROUTES:
            raise self.fail(where, _("unknown route {value!r}").format(value=route))
        allocation = str(entry.get("cap_allocation", "earliest"))
        if allocation not in ALLOCATIONS:
            raise self.fail(where, _("unknown cap_allocation {value!r}").format(value=allocation))
        article = self.get(entry, "article", str, where)
        if not article.strip():
            raise self.fail(where, _("missing article"))
        rule = Rule(
            kind=kind,
            article=article,
            name_zh=self.get(entry, "name_zh", str, where),
            name_en=self.get(entry, "name_en", str, where),
            subject=subject,
            basis=Time(),  # its parameters are read below, after the checks of every rule
            route=route,
            text=self.get(entry, "text", str, where),
            cap=self.number(entry, "cap", where) if "cap" in entry else None,
            cap_allocation=allocation,
            requires=self.names(entry, "requires", FLAG_FIELDS, where, default=()),
            units=self.names(entry, "units", TIME_FIELDS, where, default=TIME_FIELDS),
            passing=self.optional_text(entry, "passing", where),
            suggest=self.get(entry, "suggest", bool, where) if "suggest" in entry else True,
            decision=self.optional_text(entry, "decision", where),
            decision_zh=self.optional_text(entry, "decision_zh", where),
        )
        if allocation == "shortfall" and (rule.cap is None or not rule.subject_is_given):
            raise self.fail(
                where, _("cap_allocation 'shortfall' splits a cap between subjects: it needs a cap and subject 'given'")
            )
        return rule._replace(basis=self.basis(entry, basis, where))

    def basis(self, entry: Mapping[str, Any], code: str, where: str) -> Basis:
        """The credit basis ``code`` names, with the parameters it needs read from the rule's table."""
        if code == PerItem.code:
            return PerItem(self.number(entry, "rate", where))
        if code == PerItemBy.code:
            rates = self.get(entry, "rates", dict, where)
            if not rates:
                raise self.fail(where, _("'rates' is empty"))
            by = self.get(entry, "by", str, where)
            if by not in CHOICE_FIELDS:
                raise self.fail(
                    where,
                    _("'by' names {field!r}, not a field cpd records (known: {known})").format(
                        field=by, known=listed(CHOICE_FIELDS)
                    ),
                )
            for key in rates:
                self.slug(key, by, f"{where} rates")
            return PerItemBy(
                by=by,
                rates={str(key): self.number(rates, key, f"{where} rates") for key in rates},
                labels=self.labels(entry, rates, where),
            )
        if code == Points.code:
            per_hour = self.number(entry, "points_per_hour", where)
            if per_hour == 0 or per_hour != int(per_hour):
                raise self.fail(where, _("'points_per_hour' must be a whole number > 0"))
            return Points(int(per_hour))
        if code == TimeFactor.code:
            return TimeFactor(self.positive(entry, "factor", where))
        return Time()

    def names(
        self, entry: Mapping[str, Any], key: str, known: tuple[str, ...], where: str, *, default: tuple[str, ...]
    ) -> tuple[str, ...]:
        """A list of field names (``requires``, ``units``), each one the evaluator knows."""
        if key not in entry:
            return default
        names = self.get(entry, key, list, where)
        for name in names:
            if name not in known:
                raise self.fail(
                    where,
                    _("{key!r} names {field!r}, not a field cpd records (known: {known})").format(
                        key=key, field=name, known=listed(known)
                    ),
                )
        if not names and key == "units":
            raise self.fail(where, _("'units' is empty"))
        return tuple(dict.fromkeys(names))

    def year(self, entry: Mapping[str, Any], where: str) -> int:
        value: int = self.get(entry, "year", int, where)
        if not FIRST_YEAR <= value <= LAST_YEAR:
            raise self.fail(where, _("'year' must be from {first} to {last}").format(first=FIRST_YEAR, last=LAST_YEAR))
        return value

    def entries(self, data: Mapping[str, Any], key: str) -> list[Any]:
        """An optional array of tables ([[case]], [[facts]]): each entry is checked where it is read."""
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail("top level", _("{key!r} must be an array of tables").format(key=key))
        return value

    def strings(self, table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(where, _("{key!r} must be a list of strings").format(key=key))
        return tuple(value)

    def optional_text(self, entry: Mapping[str, Any], key: str, where: str) -> str | None:
        return self.get(entry, key, str, where) if key in entry else None

    def labels(self, entry: Mapping[str, Any], rates: Mapping[str, Any], where: str) -> dict[str, str]:
        labels = entry.get("labels", {})
        if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
            raise self.fail(where, _("'labels' must map values to names"))
        unknown = sorted(set(labels) - set(rates))
        if unknown:
            raise self.fail(where, _("'labels' names {value!r}, which has no rate").format(value=unknown[0]))
        return {str(key): value for key, value in labels.items()}

    def case(self, entry: Any, index: int) -> WorkedCase:
        where = f"case #{index + 1}"
        if not isinstance(entry, dict):
            raise self.fail(where, _("must be a table"))
        credited = self.get(entry, "credited", dict, where)
        totals = self.get(entry, "totals", dict, where)
        activities = self.get(entry, "activities", list, where)
        if not all(isinstance(item, dict) for item in activities):
            raise self.fail(where, _("'activities' must be a list of tables"))
        if not all(key.isdecimal() for key in credited):
            raise self.fail(where, _("'credited' must map activity ids to 学时"))
        unknown = sorted(set(totals) - {"public", "professional", "total"})
        if unknown:
            message = _("'totals' names {key!r}, not public, professional or total")
            raise self.fail(where, message.format(key=unknown[0]))
        return WorkedCase(
            name=self.get(entry, "name", str, where),
            year=self.year(entry, where),
            activities=tuple(activities),
            credited={int(key): self.number(credited, key, f"{where} credited") for key in credited},
            totals={key: self.number(totals, key, f"{where} totals") for key in totals},
        )
