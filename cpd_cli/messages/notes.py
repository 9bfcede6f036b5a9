"""The words for what the core says about an activity or a year: notes, warnings, a change's
knock-on effects and evidence files (``cpd check``'s findings are in :mod:`.checkwords`).
"""

from __future__ import annotations

from typing import assert_never

from cpd_cli.core.evaluate import ActivityResult
from cpd_cli.core.explain import (
    BeforeEffectiveWarning,
    CapNote,
    FutureNote,
    Note,
    PlannedNote,
    RejectedNote,
    RequirementNote,
    SameContentNote,
    SameContentOtherYearWarning,
    SectorWarning,
    YearWarning,
)
from cpd_cli.i18n import _
from cpd_cli.messages.words import hours, sector_name


def requirement_text(field: str | None, words: str = "") -> str:
    if field == "passed" and words:
        return _("not passed ({words} required)").format(words=words)
    if field == "passed":
        return _("assessment not passed (考核合格 required)")
    if field == "core":
        return _("not a core journal (核心刊物 required)")
    return _("{field} is false").format(field=field)


def note_text(note: Note) -> str:
    match note:
        case PlannedNote():
            return _("planned: no credit until it is done")
        case FutureNote(today):
            return _("dated after today ({today}): a plan, no credit until then").format(today=today)
        case RejectedNote():
            return _("rejected on the platform: no credit")
        case RequirementNote(article, field, words):
            return f"{article}: {requirement_text(field, words)}"
        case SameContentNote(article, other):
            return _("same content as #{other}, counted once there (Art. {article})").format(
                other=other, article=article
            )
        case CapNote(article, cap, kept, eligible, year) if kept == 0:
            return _("{article}: cap of {cap} 学时 already reached in {year}").format(
                article=article, cap=hours(cap), year=year
            )
        case CapNote(article, cap, kept, eligible, year):
            return _("{article}: cap of {cap} 学时 reached in {year}: only {kept} of {eligible} credited").format(
                article=article, cap=hours(cap), year=year, kept=hours(kept), eligible=hours(eligible)
            )
        case _:
            assert_never(note)


def warning_text(warning: YearWarning, year: int) -> str:
    match warning:
        case SectorWarning(article, sector):
            return _(
                "Art. {article}: the {sector} sector has its own rules for professional subjects (专业科目); "
                "follow your regulator's guide — cpd applies the general rules"
            ).format(article=article, sector=sector_name(sector))
        case BeforeEffectiveWarning(pack, effective_from):
            return _(
                "{year} starts before {pack} took effect on {date}; its rules were applied to the whole year"
            ).format(year=year, pack=pack, date=effective_from)
        case SameContentOtherYearWarning(article, activity, other, other_year):
            return _(
                "#{activity} is the same content as #{other} of {other_year}; hours count in one year only "
                "(Art. {article})"
            ).format(activity=activity, other=other, other_year=other_year, article=article)
        case _:
            assert_never(warning)


def knock_on_line(before: ActivityResult, after: ActivityResult) -> str:
    """ "#11 now 6 学时 (8(3) cap)": another activity whose credit a change moved, and why."""
    why = _("was {before}").format(before=hours(before.credited))
    for note in after.notes:
        match note:
            case CapNote(article=article):
                why = _("{article} cap").format(article=article)
            case SameContentNote(other=other):
                why = _("same content as #{other}").format(other=other)
    return _("#{id} now {credited} 学时 ({why})").format(id=after.activity.id, credited=hours(after.credited), why=why)


def result_line(item: ActivityResult) -> str:
    """ "#7 paper 2024-03-15: 10 学时 base, 0 credited: 9(1) cap of 30 学时 already reached in 2024"."""
    line = _("#{id} {kind} {date}: {base} 学时 base, {credited} credited").format(
        id=item.activity.id,
        kind=item.activity.kind,
        date=item.activity.date,
        base=hours(item.base),
        credited=hours(item.credited),
    )
    if item.activity.makeup_for is not None:
        line += _(", make-up study (补学) for {year}").format(year=item.activity.makeup_for)
    if item.notes:
        line += _(": {notes}").format(notes=_("; ").join(note_text(note) for note in item.notes))
    return line


def unusable_state(problem: str, reason: str = "") -> str:
    """Why a path is no evidence, to follow it: "is a folder, not a file", "cannot be read: …"."""
    if problem == "folder":
        return _("is a folder, not a file")
    if problem == "not-a-file":
        return _("is not a regular file (a pipe, device or socket)")
    if problem == "unreadable":
        return _("cannot be read: {reason}").format(reason=reason)
    return _("does not exist")


def evidence_text(problem: str | None, matches: bool | None, unusable: tuple[str, str] | None = None) -> str:
    """How an evidence file stands: missing (or why it is no file), changed, matching, or unchecked."""
    if unusable is not None and unusable[0] != "missing":
        return unusable_state(*unusable)
    if problem == "missing":
        return _("missing")
    if problem == "changed":
        return _("changed since it was attached")
    return _("matches the recorded hash") if matches else _("exists (no hash recorded)")
