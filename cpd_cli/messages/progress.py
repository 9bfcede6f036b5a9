"""The words for where a year stands and what is left: pace, deadline, projection, make-up study,
ways to earn the rest and room under a cap.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import assert_never

from cpd_cli.core.evaluate import Hours
from cpd_cli.core.model import Subject
from cpd_cli.core.plan import CapRoom, Pace, Suggestion
from cpd_cli.core.rulemodel import PerItem, PerItemBy, Points, Rule, Time, TimeFactor, YearFacts
from cpd_cli.i18n import N_plural, _, language, listed
from cpd_cli.messages.credit import credit_text_short
from cpd_cli.messages.words import choice_word, hours, plural, subject_label


def pace_text(pace: Pace, remaining: Hours) -> str:
    if remaining.total == 0:
        return _("complete ✓")
    per = pace.per_week
    figures = {"total": hours(per.total), "public": hours(per.public), "professional": hours(per.professional)}
    if pace.days_left <= 0:  # no "for 0 days": the deadline is today
        return _("needed by today, the deadline: {total} 学时 (公需 {public}, 专业 {professional})").format(**figures)
    return plural(PACE, pace.days_left).format(days=pace.days_left, **figures)


DAYS_LEFT = N_plural("{days} day left", "{days} days left")


DEADLINE_DAYS_LEFT = N_plural("deadline {date} · {days} day left", "deadline {date} · {days} days left")


PACE = N_plural(
    "pace needed: {total} 学时 a week (公需 {public}, 专业 {professional}) for {days} day",
    "pace needed: {total} 学时 a week (公需 {public}, 专业 {professional}) for {days} days",
)


def deadline_text(deadline: date, year_end: date, today: date, *, complete: bool, makeup_article: str) -> str:
    """Where the year stands against its deadline: days left, today, passed.

    A unit's internal deadline before the year's end passes without ending the year:
    hours still count to ``year_end``, and 补学 is due only once the year is over.
    """
    days = (deadline - today).days
    if days > 0:
        return plural(DEADLINE_DAYS_LEFT, days).format(date=deadline, days=days)
    if days == 0:
        return _("deadline {date} · today").format(date=deadline)
    if today <= year_end:
        left = (year_end - today).days
        still = plural(DAYS_LEFT, left).format(days=left) if left > 0 else _("its last day")
        return _("your unit's deadline {date} has passed; the year still runs to {end} ({still})").format(
            date=deadline, end=year_end, still=still
        )
    line = _("deadline {date} passed").format(date=deadline)
    if not complete:
        article = _(" (Art. {article})").format(article=makeup_article) if makeup_article else ""
        line += _(" · make-up study (补学) is due{article}").format(article=article)
    return line


def projection_text(now: Hours, planned: Hours, remaining: Hours, *, complete: bool = False) -> str:
    """What the planned activities would bring: ``complete`` says the year is complete without them."""
    line = _("credited {now}, with planned {planned}").format(now=hours(now.total), planned=hours(planned.total))
    if complete:
        return line + _(" — complete already")
    if remaining.total == 0:
        return line + _(" — complete once they are done")
    short = []
    if remaining.public > 0:
        short.append(_("{hours} public").format(hours=hours(remaining.public)))
    if remaining.professional > 0:
        short.append(_("{hours} professional").format(hours=hours(remaining.professional)))
    if short:
        return line + _(" — still {short} short").format(short=_(" and ").join(short))
    return line + _(" — still {hours} short in total").format(hours=hours(remaining.total))


def makeup_text(subject: Subject, short: Decimal, year: int, this_year: int, article: str) -> str:
    """The one way left for a year that is over: make-up study (补学) this year, and the command to record it."""
    command = (
        f"cpd add training --title … --subject {subject.value} --hours {hours(short)} "
        f"--date {this_year}-MM-DD --makeup-for {year}"
    )
    text = _("{subject} {hours} short: make-up study (补学, Art. {article}) in {this_year}, recorded with {command}")
    return text.format(
        subject=subject_label(subject), hours=hours(short), article=article, this_year=this_year, command=command
    )


def room_text(room: CapRoom) -> str:
    """ "8 more 学时 ≈ 7,500 points", "2 more (10 each)", "full"."""
    rule = room.rule
    if room.full:
        return _("full")
    line = _("{room} more 学时").format(room=hours(room.room))
    if room.points is not None:
        line += _(" ≈ {points:,} more points").format(points=room.points)
    elif room.items is not None:
        match rule.basis:
            case PerItem(rate=rate):
                line += _(" = {items} more × {rate}").format(items=room.items, rate=hours(rate))
            case PerItemBy(rates=rates) as choice:
                top = max(rates, key=lambda value: rates[value])
                line += _(" = {items} more {value} ({rate} each)").format(
                    items=room.items, value=choice_word(choice, top), rate=hours(rates[top])
                )
            case Time() | TimeFactor() | Points():
                pass
            case _:
                assert_never(rule.basis)
    return line


def suggestion_text(suggestion: Suggestion, room: CapRoom | None) -> str:
    rule = suggestion.rule
    if language() == "zh":  # the Chinese name first, the word `cpd add` takes beside it
        line = f"{rule.article} {rule.name_zh}（{rule.kind}）：{credit_text_short(rule)}"
    else:
        line = f"{rule.article} {rule.kind} ({rule.name_zh}): {credit_text_short(rule)}"
    if room is not None:
        line += _("; room {room}").format(room=room_text(room))
    return line


def record_them_text(rules: list[Rule]) -> str:
    """The kinds credited for a result rather than time: worth recording if one has them."""
    if language() == "zh":  # as the ways above name a kind: its Chinese name first
        kinds = listed(f"{rule.article} {rule.name_zh}（{rule.kind}）" for rule in rules)
    else:
        kinds = listed(f"{rule.article} {rule.kind} ({rule.name_zh})" for rule in rules)
    return _("if you have done any of these, record them: {kinds}").format(kinds=kinds)


def platforms_text(facts: YearFacts) -> str:
    """The year's free public-subject courses, as the notice names them."""
    platforms = listed(_("{name} ({hotline})").format(name=p.name, hotline=p.hotline) for p in facts.public_platforms)
    return _("{year} 公需 courses, free online ({source}): {platforms}").format(
        year=facts.year, source=facts.source, platforms=platforms
    )
