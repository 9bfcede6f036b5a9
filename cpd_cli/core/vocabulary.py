"""The words a person sees and types for cpd's terms, each defined once.

A :class:`Term` is one value of the ledger (its ``id``: ``public``, ``declared``,
``self``) with its English word, its Chinese word, the provincial platform's
words where the platform has its own (公需课, 审核通过), and the other words a
person may type for it.  Subjects, statuses, routes and sectors are data here; the
platform's own words for statuses and routes are the pack's (``[platform]``).
Kinds and the values a kind's credit depends on (levels, roles, types) belong to
the rule pack: a kind is its rule (``kind``, ``name_en``, ``name_zh``), and
:func:`rule_choices` and :func:`choice_terms` make terms of a rule's values and
their Chinese labels (``rates``, ``labels``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from cpd_cli.core.rulemodel import PerItemBy
    from cpd_cli.core.rules import RulePack


class Term(NamedTuple):
    id: str  # the ledger's and the JSON's word
    en: str
    zh: str
    platform: tuple[str, ...] = ()  # the platform's words for it, the one it shows first
    aliases: tuple[str, ...] = ()  # other words a person may type
    short: str = ""  # a shorter Chinese word for tables, where there is one

    @property
    def label(self) -> str:
        """The Chinese word a table shows: the short one if there is one."""
        return self.short or self.zh

    @property
    def bilingual(self) -> str:
        """ "审核通过 approved": how exports, read by the platform's users, name it."""
        return f"{self.zh} {self.en}"

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every word that names this term, the id first."""
        words = (self.id, self.zh, self.short, *self.platform, *self.aliases)
        return tuple(dict.fromkeys(word for word in words if word))


SUBJECTS = (
    Term("public", "public", "公需科目", platform=("公需课",), short="公需"),
    Term("professional", "professional", "专业科目", platform=("专业课",), short="专业"),
)

# What 学时查询's 状态 words mean is the pack's ([platform.statuses]); a person may type the
# shipped pack's words for a status too.
STATUSES = (
    Term("planned", "planned", "计划中", aliases=("计划",)),
    Term("done", "done", "已完成", aliases=("完成", "待申报", "待核对")),
    Term("declared", "declared", "已申报", aliases=("待审核", "审核中", "待审")),
    Term("approved", "approved", "审核通过", aliases=("已通过", "通过")),
    Term("rejected", "rejected", "驳回", aliases=("审核不通过", "不通过", "退回", "未通过")),
)

# Who registers an activity's hours on the platform, in cpd's words (the platform's are the pack's).
ROUTES = (
    Term("organizer", "registered by the organiser", "承办单位登记"),
    Term("unit", "registered by your unit", "单位登记"),
    Term("self", "declare yourself", "个人申报"),
)

# What a done activity still needs, by its route: the status a checklist shows for it.
TO_DO = {
    "organizer": Term("to-check", "to check in 学时查询", "待核对"),
    "unit": Term("to-check", "to check in 学时查询", "待核对"),
    "self": Term("to-declare", "to declare", "待申报"),
}

SECTORS = (
    Term("higher-education", "higher education", "高等教育", aliases=("高校",)),
    Term("research", "research", "科研"),
    Term("engineering", "engineering", "工程"),
    Term("health", "health", "卫生", aliases=("医疗卫生",)),
    Term("k12", "K-12 education", "中小学教育", aliases=("中小学",)),
    Term("accounting", "accounting", "会计"),
    Term("news", "news", "新闻"),
    Term("publishing", "publishing", "出版"),
    Term("other", "other", "其他"),
)


def find(terms: Iterable[Term], text: str) -> Term | None:
    """The term ``text`` names (any of its accepted words, English in any case), or None."""
    wanted = text.strip()
    folded = wanted.lower()
    for candidate in terms:
        if wanted in candidate.accepted or folded in candidate.accepted:
            return candidate
    return None


def by_id(terms: Iterable[Term], term_id: str) -> Term:
    """The term with this id (which the caller knows to exist)."""
    return next(candidate for candidate in terms if candidate.id == term_id)


def sector(text: str) -> str | None:
    """The sector id ``text`` names (卫生 → ``health``), or None for one cpd does not know."""
    found = find(SECTORS, text)
    return found.id if found else None


def rule_choices(basis: PerItemBy) -> tuple[Term, ...]:
    """The values of the field a rule credits by (its levels, roles or types), each with its
    Chinese label from the pack; a value without one is its own word."""
    return tuple(Term(value, value, basis.labels.get(value, "")) for value in basis.rates)


def choice_terms(pack: RulePack, field: str, kind: str | None = None) -> tuple[Term, ...]:
    """The values of ``field`` that ``kind``'s rule rates, or any rule's without a kind."""
    found: dict[str, Term] = {}
    for rule in pack.rules:
        basis = rule.choice
        if basis is not None and basis.by == field and kind in (None, rule.kind):
            for choice in rule_choices(basis):
                found.setdefault(choice.id, choice)
    return tuple(found.values())


def choice_groups(pack: RulePack, field: str) -> list[tuple[tuple[str, ...], tuple[Term, ...]]]:
    """The kinds whose rules rate ``field``, grouped by the values they take: ((project, award), (national, …))."""
    groups: dict[tuple[Term, ...], list[str]] = {}
    for rule in pack.rules:
        basis = rule.choice
        if basis is not None and basis.by == field:
            groups.setdefault(rule_choices(basis), []).append(rule.kind)
    return [(tuple(kinds), choices) for choices, kinds in groups.items()]
