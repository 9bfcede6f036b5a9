"""The rule pack as cpd holds it once read: rules as dated data with their legal text.

A pack is a TOML file (see ``packs/jiangxi-2023.toml``), read and checked by
:mod:`cpd_cli.core.rules`.  This module knows the *shape* of a pack and the
handful of generic credit bases — a tagged union (:data:`Basis`), one record per
basis carrying what that basis needs, which code branches on with ``match``;
every rate, cap and article number comes from the file.  It also finds what an article of the pack says (:func:`cited`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, NamedTuple, assert_never

from cpd_cli.core.model import EMPTY, TIME_FIELDS, Status, Subject

DEFAULT_PACK = "jiangxi-2023"

ROUTES = ("organizer", "unit", "self")
ALLOCATIONS = ("earliest", "shortfall")
GIVEN = "given"


# ---------------------------------------------------------------- credit bases


@dataclass(frozen=True, slots=True)
class Time:
    """Actual time, converted to 学时 by the pack's units (Art. 7)."""

    code: ClassVar[str] = "time"


@dataclass(frozen=True, slots=True)
class TimeFactor:
    """Actual time, converted to 学时, times a factor."""

    factor: Decimal
    code: ClassVar[str] = "time-factor"


@dataclass(frozen=True, slots=True)
class PerItem:
    """A fixed number of 学时 for each activity."""

    rate: Decimal
    code: ClassVar[str] = "per-item"


@dataclass(frozen=True, slots=True)
class PerItemBy:
    """学时 for each activity by the value of one of its choice fields (its level, role or type)."""

    by: str  # the choice field: "level", "role" or "type"
    rates: Mapping[str, Decimal]  # value → its 学时, in the pack's order
    labels: Mapping[str, str]  # value → its Chinese name, where the pack gives one
    code: ClassVar[str] = "per-item-by"


@dataclass(frozen=True, slots=True)
class Points:
    """One 学时 per full ``per_hour`` points of the year's running total."""

    per_hour: int
    code: ClassVar[str] = "points"


Basis = Time | TimeFactor | PerItem | PerItemBy | Points
BASES = tuple(basis.code for basis in (Time, TimeFactor, PerItem, PerItemBy, Points))  # the codes a pack writes


class Rule(NamedTuple):
    """How one kind of activity is credited, and the article that says so."""

    kind: str
    article: str
    name_zh: str
    name_en: str
    subject: str  # "public", "professional" or "given"
    basis: Basis
    route: str
    text: str
    cap: Decimal | None = None
    cap_allocation: str = "earliest"
    requires: tuple[str, ...] = ()  # the flags the kind uses, each of which must be true to earn
    units: tuple[str, ...] = TIME_FIELDS  # the time fields a time-based kind may be given in
    passing: str | None = None  # the article's words for passing, where they are not 考核合格
    suggest: bool = True  # offered among the ways to close a gap; false for hours the platform already holds
    decision: str | None = None
    decision_zh: str | None = None  # the same reading in Chinese, for the Chinese interface

    @property
    def subject_is_given(self) -> bool:
        return self.subject == GIVEN

    @property
    def uses_time(self) -> bool:
        match self.basis:
            case Time() | TimeFactor():
                return True
            case PerItem() | PerItemBy() | Points():
                return False
            case _:
                assert_never(self.basis)

    @property
    def choice(self) -> PerItemBy | None:
        """The basis when it rates a choice field (a level, role or type), else None."""
        match self.basis:
            case PerItemBy():
                return self.basis
            case Time() | TimeFactor() | PerItem() | Points():
                return None
            case _:
                assert_never(self.basis)


class Article(NamedTuple):
    """An article the pack applies to every kind (the requirement, units, validity, routes,
    make-up study, sectors), its words, and how cpd reads it."""

    article: str
    topic: str  # the pack's table: "requirement", "units", "validity", "routes", "makeup", "sectors"
    text: str
    decision: str = ""
    decision_zh: str = ""


class Requirement(NamedTuple):
    total: Decimal
    public: Decimal
    professional: Decimal
    article: str
    text: str

    def of(self, subject: Subject) -> Decimal:
        return self.public if subject is Subject.PUBLIC else self.professional


class Units(NamedTuple):
    minutes_per_hour: Decimal
    hours_per_day: Decimal
    round_down_to: Decimal
    article: str
    text: str
    decision: str


class WorkedCase(NamedTuple):
    """An example the pack carries: activities in, credits expected out."""

    name: str
    year: int
    activities: tuple[Mapping[str, Any], ...]
    credited: Mapping[int, Decimal]
    totals: Mapping[str, Decimal]


class Platform(NamedTuple):
    name: str
    hotline: str


class YearFacts(NamedTuple):
    """What one year's notice adds: public-subject topics and designated platforms."""

    year: int
    source: str
    public_note: str = ""
    public_topics: tuple[str, ...] = ()
    public_platforms: tuple[Platform, ...] = ()


class Columns(NamedTuple):
    """The names the platform's 学时查询 gives its columns, by what each holds."""

    year: str  # 年度
    subject: str  # 科目类型
    group_total: str  # 总学时
    course: str  # 课程名称
    hours: str  # 学时数
    start: str  # 开始时间
    end: str  # 结束时间
    unit: str  # 待审单位
    hours_state: str  # 学时状态
    state: str  # 状态
    actions: str  # 操作

    @property
    def required(self) -> tuple[str, ...]:
        """The columns a row cannot do without."""
        return (self.year, self.subject, self.course, self.hours, self.state)


class PlatformFacts(NamedTuple):
    """The platform a pack's hours are registered on: its name, its 学时查询 table, its words."""

    name: str
    columns: Columns
    statuses: Mapping[str, Status]  # a 状态 word → the status it means (approved, declared, rejected)
    routes: Mapping[str, str]  # a route → the platform's name for it
    declare_steps: tuple[str, ...]  # the platform's steps to declare hours yourself


class RulePack(NamedTuple):
    id: str
    title: str
    document: str
    effective_from: date
    deadline_month_day: tuple[int, int]
    requirement: Requirement
    units: Units
    rules: tuple[Rule, ...]
    platform: PlatformFacts
    own_rule_sectors: tuple[str, ...] = ()
    sectors_article: str = ""
    validity_article: str = ""
    validity_decision: str = ""
    makeup_article: str = ""
    allocation_decision: str = ""
    cases: tuple[WorkedCase, ...] = ()
    facts: Mapping[int, YearFacts] = EMPTY
    source: str = ""
    articles: tuple[Article, ...] = ()  # the general articles, in the pack's order

    def rule(self, kind: str) -> Rule | None:
        """The rule for ``kind``; loops over many activities use :meth:`by_kind` once instead."""
        return next((rule for rule in self.rules if rule.kind == kind), None)

    def by_kind(self) -> dict[str, Rule]:
        return {rule.kind: rule for rule in self.rules}

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(rule.kind for rule in self.rules)


ARTICLE_TABLES = ("requirement", "units", "validity", "routes", "makeup", "sectors")  # in the Rules' order


# ---------------------------------------------------------------- finding what an article says

_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _chinese_number(text: str) -> str:
    """十五 → 15, 八 → 8: the article numbers the Rules write in Chinese (below 100)."""
    if not text or any(char not in _DIGITS and char != "十" for char in text):
        return text
    tens, _ten, ones = text.partition("十")
    if not _ten:
        return str(_DIGITS[text]) if len(text) == 1 else text
    return str((_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0))


def article_id(text: str) -> str:
    """How a person may name an article, as the pack writes it: "Art. 9", "第九条", "8（1）" → 9, 9, 8(1)."""
    wanted = text.strip().replace("（", "(").replace("）", ")").replace(" ", "")
    lowered = wanted.lower()
    for prefix in ("art.", "art", "article"):
        if lowered.startswith(prefix) and lowered[len(prefix) :][:1].isdigit():
            wanted = wanted[len(prefix) :]
            break
    if wanted.startswith("第") and wanted.endswith("条"):
        wanted = wanted[1:-1]
    number, bracket, rest = wanted.partition("(")
    return _chinese_number(number) + (bracket + rest if bracket else "")


class Cited(NamedTuple):
    """What the pack holds under one article: its general articles and its kinds' rules."""

    articles: tuple[Article, ...]
    rules: tuple[Rule, ...]


def cited(pack: RulePack, text: str) -> Cited:
    """The pack's articles and rules that ``text`` names: an article ("11", "8(3)", "第十五条"),
    a kind ("paper"), or an article with items ("9": every rule of 9(1) … 9(5))."""
    wanted = article_id(text)
    articles = tuple(article for article in pack.articles if article.article == wanted)
    rules = tuple(
        rule
        for rule in pack.rules
        if rule.article == wanted or rule.kind == text.strip() or rule.article.startswith(f"{wanted}(")
    )
    return Cited(articles, rules)


def cited_articles(pack: RulePack) -> tuple[str, ...]:
    """Every article the pack cites, each once, in the Rules' order of numbers."""
    found = [article.article for article in pack.articles] + [rule.article for rule in pack.rules]
    found += [rule.article.partition("(")[0] for rule in pack.rules]

    def order(article: str) -> tuple[int, str]:
        number = article.partition("(")[0]
        return (int(number) if number.isdecimal() else 10**6, article)

    return tuple(sorted(dict.fromkeys(found), key=order))
