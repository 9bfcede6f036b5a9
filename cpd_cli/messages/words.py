"""The words for the vocabulary's terms, figures and ledger text: subjects, statuses, kinds, sectors,
routes, 学时 figures, plurals, and text made safe for a terminal.
"""

from __future__ import annotations

from decimal import Decimal

from cpd_cli.core.evaluate import Hours
from cpd_cli.core.model import Status, Subject
from cpd_cli.core.rulemodel import PerItemBy, Rule
from cpd_cli.core.vocabulary import ROUTES, SECTORS, STATUSES, SUBJECTS, by_id, find
from cpd_cli.i18n import language, ngettext

_SUBJECTS = {Subject(term.id): term for term in SUBJECTS}  # looked up for every row of a table


def subject_label(subject: Subject) -> str:
    """公需 public / 专业 professional (公需 / 专业 in Chinese)."""
    word = _SUBJECTS[subject]
    return word.label if language() == "zh" else f"{word.label} {word.en}"


def subject_short(subject: Subject) -> str:
    return _SUBJECTS[subject].label


def subject_word(subject: Subject) -> str:
    """The subject as a value reads: 专业科目 in Chinese, professional in English."""
    word = _SUBJECTS[subject]
    return word.zh if language() == "zh" else word.en


def status_word(status: Status) -> str:
    """A status as people read it: 已完成 in Chinese, done in English (the ledger's word)."""
    return by_id(STATUSES, status.value).zh if language() == "zh" else status.value


def kind_word(rule: Rule) -> str:
    """A kind as a value reads: 论文（译文） paper in Chinese (the word ``cpd add`` takes beside it)."""
    return f"{rule.name_zh} {rule.kind}" if language() == "zh" else f"{rule.kind} ({rule.name_zh})"


def hours(value: Decimal) -> str:
    """A 学时 figure as people write it: 10, 2.2 (never 10.0)."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():f}"


def sector_name(sector: str) -> str:
    """A sector as the reader's language names it: health, 卫生 in Chinese."""
    term = find(SECTORS, sector)
    if term is None:
        return sector
    return term.zh if language() == "zh" else term.en


def route_text(route: str) -> str:
    """Who registers the hours (Art. 12): "declare yourself (个人申报)", 个人申报 in Chinese."""
    word = by_id(ROUTES, route)
    return word.zh if language() == "zh" else f"{word.en} ({word.zh})"


def plural(forms: tuple[str, str], count: int) -> str:
    """The form of a message for ``count``, in the chosen language ("1 day", "2 days")."""
    return ngettext(*forms, count)


def choice_word(basis: PerItemBy, value: str) -> str:
    """A level, role or type as people read it: 发明专利 in Chinese, "invention 发明专利" in English."""
    label = basis.labels.get(value)
    if label is None:
        return value
    return label if language() == "zh" else f"{value} {label}"


# What ledger text never brings to a terminal: the C0 and C1 controls but the tab and the line
# break, and the bidirectional controls that make text show in another order (U+202E).
UNPRINTED = dict.fromkeys(
    [
        *(code for code in range(0x20) if chr(code) not in "\t\n"),
        *range(0x7F, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)


def printable(text: str) -> str:
    """``text`` safe for a terminal: control characters and bidirectional controls left out."""
    return text.translate(UNPRINTED)


def totals_line(credited: Hours, required: Hours) -> str:
    """ "公需 10/30 · 专业 0/60 · 合计 10/90"."""
    return (
        f"{subject_short(Subject.PUBLIC)} {hours(credited.public)}/{hours(required.public)} · "
        f"{subject_short(Subject.PROFESSIONAL)} {hours(credited.professional)}/{hours(required.professional)} · "
        f"合计 {hours(credited.total)}/{hours(required.total)}"
    )
