"""The words for an ``--explain`` trace: one line per step, naming its article."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import assert_never

from cpd_cli.core.explain import (
    BlockedStep,
    CapStep,
    ChoiceStep,
    PointsStep,
    RateStep,
    SameContentStep,
    ShortfallCapStep,
    Step,
    TimeStep,
    YearPointsStep,
)
from cpd_cli.core.model import Subject
from cpd_cli.i18n import N_, _, language, listed
from cpd_cli.messages.notes import note_text
from cpd_cli.messages.words import hours, subject_label


def _exact(value: Fraction) -> str:
    """A Fraction shown as people check it: 2.22… or 16."""
    if value.denominator == 1:
        return f"{value.numerator:,}"
    shown = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return f"{shown}…" if Fraction(shown) != value else shown


def step_text(step: Step) -> str:
    """One line of an ``--explain`` trace, naming its article."""
    match step:
        case TimeStep():
            return _where(step.article) + _time_text(step)
        case RateStep(article, base):
            return _where(article) + _("{rate} 学时 per item").format(rate=hours(base))
        case ChoiceStep(article, base, by, choice, label):
            if language() == "zh":
                return _where(article) + f"{_(CHOICE_FIELDS.get(by, by))} {label or choice}：{hours(base)} 学时"
            return f"{_where(article)}{by} {choice}: {hours(base)} 学时"
        case PointsStep(article, base, points, per_hour):
            return _where(article) + _("{points:,} points ÷ {per:,} → {value}").format(
                points=points, per=per_hour, value=hours(base)
            )
        case YearPointsStep(article, base, points, per_hour, before):
            return _where(article) + _(
                "points this year {before:,} + {points:,} = {after:,}: {whole} whole hours, "
                "{earlier} before this entry → {value}"
            ).format(
                before=before,
                points=points,
                after=step.after,
                whole=step.after // per_hour,
                earlier=before // per_hour,
                value=hours(base),
            )
        case BlockedStep(note):
            return f"{note_text(note)} → 0"
        case SameContentStep(article, _eligible, group, member, winner, best):
            # The group is listed once, at the member that counts: each other member names only that
            # one, so a group of n explains itself in n lines of fixed length, not n lines of n ids.
            if winner != member:
                return _where(article) + _(
                    "same content as #{winner} (a group of {count}): #{winner} counts ({best}), this one 0"
                ).format(winner=winner, count=len(group), best=hours(best))
            members = listed(f"#{i}" for i in group)
            return _where(article) + _("same content as {group}: this one has the highest credit and counts").format(
                group=members
            )
        case CapStep(article, kept, cap, used, room, eligible):
            return _where(article) + _cap_text(cap, used, room, kept, eligible)
        case ShortfallCapStep():
            return _where(step.article) + _shortfall_cap_text(step)
        case _:
            assert_never(step)


CHOICE_FIELDS = {"level": N_("level"), "role": N_("role"), "type": N_("type")}


def _where(article: str) -> str:
    return _("Art. {article}: ").format(article=article) if article else ""


def _time_text(step: TimeStep) -> str:
    """ "2 × 70 min ÷ 45 = 3.11… → cut down to 0.1: 3.1"."""
    amount = hours(step.amount)
    if step.field == "minutes":
        assert step.per is not None
        sum_text = _("{amount} min ÷ {per}").format(amount=amount, per=hours(step.per))
    elif step.field == "days":
        assert step.per is not None
        sum_text = _("{amount} day(s) × {per}").format(amount=amount, per=hours(step.per))
    else:
        sum_text = _("{amount} 学时").format(amount=amount)
    if step.factor is not None:
        sum_text = f"{hours(step.factor)} × {sum_text}"
    cut = ""
    if step.exact != step.base:
        cut = _(" → cut down to {step}: {value}").format(step=hours(step.step), value=hours(step.base))
    return f"{sum_text} = {_exact(step.exact)}{cut}"


def _cap_text(cap: Decimal, used: Decimal, room: Decimal, kept: Decimal, eligible: Decimal) -> str:
    return _("cap {cap} a year: {used} used by earlier activities, {room} left → keeps {kept} of {eligible}").format(
        cap=hours(cap), used=hours(used), room=hours(room), kept=hours(kept), eligible=hours(eligible)
    )


def _shortfall_cap_text(step: ShortfallCapStep) -> str:
    """How a cap shared by both subjects treated one item: its turn, toward which shortfall, the figures."""
    kept_by = listed(f"#{i}" for i in step.before)
    if step.room <= 0 and not step.before:  # a cap of 0
        return _("cap {cap} a year for both subjects together, already full → 0 of {eligible}").format(
            cap=hours(step.cap), eligible=hours(step.eligible)
        )
    if step.room <= 0:
        return _("cap {cap} a year for both subjects together, already filled by {kept_by} → 0 of {eligible}").format(
            cap=hours(step.cap), kept_by=kept_by, eligible=hours(step.eligible)
        )
    figures = {
        "public": hours(step.shortfall_public),
        "professional": hours(step.shortfall_professional),
        "subject": subject_label(Subject(step.toward)),
    }
    reason: str = step.reason
    if reason == "only" and step.shortfall_public == step.shortfall_professional == 0:
        reason = "only-met"
    why = {
        "only-met": _(
            "{subject}, the subject recorded for it: no course of the other subject was left, "
            "and neither is short any more"
        ),
        "larger": _("{subject}, the larger shortfall (public {public}, professional {professional} short)"),
        "tie": _("public, as both are equally short ({public}) and a tie goes to public"),
        "only": _(
            "{subject}, the subject recorded for it: no course of the other subject was left "
            "(public {public}, professional {professional} short)"
        ),
        "met": _("public first, as neither subject is short any more"),
    }[reason].format(**figures)
    if step.before:
        before = _("after {kept_by}, {used} used, {room} left").format(
            kept_by=kept_by, used=hours(step.used), room=hours(step.room)
        )
    else:
        before = _("the first kept, {room} left").format(room=hours(step.room))
    return _(
        "cap {cap} a year for both subjects together; turn {turn}, toward {why}; {before} → keeps {kept} of {eligible}"
    ).format(
        cap=hours(step.cap),
        turn=step.turn,
        why=why,
        before=before,
        kept=hours(step.kept),
        eligible=hours(step.eligible),
    )
