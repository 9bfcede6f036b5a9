"""The words cpd shows for the core's notes, warnings and rules, in one place.

Official terms (学时, 公需, 专业, article numbers) stay in Chinese beside the English.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import assert_never

from cpd_cli.core.evaluate import ActivityResult, Hours
from cpd_cli.core.explain import (
    BeforeEffectiveWarning,
    BlockedStep,
    CapNote,
    CapStep,
    ChoiceStep,
    FutureNote,
    Note,
    PlannedNote,
    PointsStep,
    RateStep,
    RejectedNote,
    RequirementNote,
    SameContentNote,
    SameContentOtherYearWarning,
    SameContentStep,
    SectorWarning,
    ShortfallCapStep,
    Step,
    TimeStep,
    YearPointsStep,
    YearWarning,
)
from cpd_cli.core.findings import (
    ChangedEvidence,
    Finding,
    FutureNotPlanned,
    MissingEvidence,
    NoEvidence,
    PendingOnPlatform,
    PlatformDiffers,
    Rejected,
    SameContentOtherYear,
    StillPlanned,
)
from cpd_cli.core.model import Status, Subject
from cpd_cli.core.plan import CapRoom, Pace, Suggestion
from cpd_cli.core.rules import Rule, RulePack, YearFacts
from cpd_cli.core.vocabulary import ROUTES, SECTORS, STATUSES, SUBJECTS, by_id, find
from cpd_cli.i18n import N_, N_plural, _, language, listed, ngettext

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


def requirement_text(field: str | None, words: str = "") -> str:
    if field == "passed" and words:
        return _("not passed ({words} required)").format(words=words)
    if field == "passed":
        return _("assessment not passed (考核合格 required)")
    if field == "core":
        return _("not a core journal (核心刊物 required)")
    return _("{field} is false").format(field=field)


def hours(value: Decimal) -> str:
    """A 学时 figure as people write it: 10, 2.2 (never 10.0)."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():f}"


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


def sector_name(sector: str) -> str:
    """A sector as the reader's language names it: health, 卫生 in Chinese."""
    term = find(SECTORS, sector)
    if term is None:
        return sector
    return term.zh if language() == "zh" else term.en


def credit_text(rule: Rule, pack: RulePack) -> str:
    """How a rule credits, in a phrase: "10 学时 each", "2 × actual 学时"."""
    per_hour = _conversion_text(rule, pack)
    if rule.basis == "time":
        return _("actual 学时 ({conversion})").format(conversion=per_hour) if per_hour else _("actual 学时")
    if rule.basis == "time-factor":
        factor = hours(rule.factor or Decimal(1))
        if not per_hour:
            return _("{factor} × actual 学时").format(factor=factor)
        return _("{factor} × actual 学时 ({conversion})").format(factor=factor, conversion=per_hour)
    if rule.basis == "per-item":
        return _("{rate} 学时 each").format(rate=hours(rule.rate or Decimal(0)))
    if rule.basis == "per-item-by":
        return listed(f"{choice_word(rule, value)} {hours(rate)}" for value, rate in rule.rates.items())
    if rule.basis == "points":
        return _("1 学时 per full {points:,} points of the year").format(points=rule.points_per_hour)
    return rule.basis


def _conversion_text(rule: Rule, pack: RulePack) -> str:
    """How the time units a rule takes become 学时: "45 min = 1 学时, 1 day = 8"; empty for hours only."""
    minutes, day = hours(pack.units.minutes_per_hour), hours(pack.units.hours_per_day)
    if "minutes" in rule.units and "days" in rule.units:
        return _("{minutes} min = 1 学时, 1 day = {day}").format(minutes=minutes, day=day)
    if "minutes" in rule.units:
        return _("{minutes} min = 1 学时").format(minutes=minutes)
    if "days" in rule.units:
        return _("1 day = {day} 学时").format(day=day)
    return ""


def kind_gloss(rule: Rule) -> str:
    """A kind in a list of kinds: "9(1) 论文（译文） — paper in a core journal" (no English in Chinese)."""
    if language() == "zh":
        return f"{rule.article} {rule.name_zh}"
    return f"{rule.article} {rule.name_zh} — {rule.name_en}"


def kind_heading(rule: Rule, pack: RulePack) -> str:
    """The first line of ``cpd add KIND --help``."""
    if language() == "zh":
        return _("Add {name_zh}, {document} Art. {article}.").format(
            name_zh=rule.name_zh, document=pack.document, article=rule.article
        )
    return _("Add {name_en} ({name_zh}), {document} Art. {article}.").format(
        name_en=rule.name_en, name_zh=rule.name_zh, document=pack.document, article=rule.article
    )


def cap_text(rule: Rule) -> str:
    if rule.cap is None:
        return _("no yearly cap")
    return _("at most {cap} 学时 a year").format(cap=hours(rule.cap))


def subject_text(rule: Rule) -> str:
    return _("public or professional, as given") if rule.subject_is_given else subject_label(Subject(rule.subject))


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
        "only-met": _("{subject}: only its courses were left, and neither subject is short any more"),
        "larger": _("{subject}, the larger shortfall (public {public}, professional {professional} short)"),
        "tie": _("public, as both are equally short ({public}) and a tie goes to public"),
        "only": _("{subject}: only its courses were left (public {public}, professional {professional} short)"),
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


def room_text(room: CapRoom) -> str:
    """ "8 more 学时 ≈ 7,500 points", "2 more (10 each)", "full"."""
    rule = room.rule
    if room.full:
        return _("full")
    line = _("{room} more 学时").format(room=hours(room.room))
    if room.points is not None:
        line += _(" ≈ {points:,} more points").format(points=room.points)
    elif room.items is not None and rule.basis == "per-item":
        line += _(" = {items} more × {rate}").format(items=room.items, rate=hours(rule.rate or Decimal(0)))
    elif room.items is not None and rule.basis == "per-item-by":
        top = max(rule.rates, key=lambda value: rule.rates[value])
        line += _(" = {items} more {value} ({rate} each)").format(
            items=room.items, value=choice_word(rule, top), rate=hours(rule.rates[top])
        )
    return line


def plural(forms: tuple[str, str], count: int) -> str:
    """The form of a message for ``count``, in the chosen language ("1 day", "2 days")."""
    return ngettext(*forms, count)


DAYS_LEFT = N_plural("{days} day left", "{days} days left")
DEADLINE_DAYS_LEFT = N_plural("deadline {date} · {days} day left", "deadline {date} · {days} days left")
PACE = N_plural(
    "pace needed: {total} 学时 a week (公需 {public}, 专业 {professional}) for {days} day",
    "pace needed: {total} 学时 a week (公需 {public}, 专业 {professional}) for {days} days",
)


def choice_word(rule: Rule, value: str) -> str:
    """A level, role or type as people read it: 发明专利 in Chinese, "invention 发明专利" in English."""
    label = rule.labels.get(value)
    if label is None:
        return value
    return label if language() == "zh" else f"{value} {label}"


def pace_text(pace: Pace, remaining: Hours) -> str:
    if remaining.total == 0:
        return _("complete ✓")
    per = pace.per_week
    figures = {"total": hours(per.total), "public": hours(per.public), "professional": hours(per.professional)}
    if pace.days_left <= 0:  # no "for 0 days": the deadline is today
        return _("needed by today, the deadline: {total} 学时 (公需 {public}, 专业 {professional})").format(**figures)
    return plural(PACE, pace.days_left).format(days=pace.days_left, **figures)


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


def credit_text_short(rule: Rule, *, with_values: bool = False) -> str:
    if rule.uses_time:
        if rule.basis == "time":
            return _("actual 学时")
        return _("{factor} × actual 学时").format(factor=hours(rule.factor or Decimal(1)))
    if rule.basis == "per-item":
        return _("{rate} each").format(rate=hours(rule.rate or Decimal(0)))
    if rule.basis == "per-item-by":
        if with_values:
            words = {value: choice_word(rule, value) if language() == "zh" else value for value in rule.rates}
            return listed(f"{words[value]} {hours(rate)}" for value, rate in rule.rates.items())
        return _("{rates} each").format(rates="/".join(hours(rate) for rate in rule.rates.values()))
    return _("1 per {points:,} points").format(points=rule.points_per_hour)


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


def decision_text(rule: Rule) -> str | None:
    """How cpd reads the rule, in the chosen language when the pack has it."""
    if language() == "zh" and rule.decision_zh:
        return rule.decision_zh
    return rule.decision


def route_text(route: str) -> str:
    """Who registers the hours (Art. 12): "declare yourself (个人申报)", 个人申报 in Chinese."""
    word = by_id(ROUTES, route)
    return word.zh if language() == "zh" else f"{word.en} ({word.zh})"


def finding_text(finding: Finding) -> str:
    """One finding of ``cpd check``, the activity named by its id and its title."""
    match finding:
        case MissingEvidence(activity, title, path, unusable, reason) if unusable is not None:
            return _("#{id} {title}: evidence file {path} {state}").format(
                id=activity, title=printable(title), path=path, state=unusable_state(unusable, reason)
            )
        case MissingEvidence(activity, title, path):
            return _("#{id} {title}: evidence file missing: {path}").format(
                id=activity, title=printable(title), path=path
            )
        case ChangedEvidence(activity, title, path):
            return _("#{id} {title}: evidence file changed since it was attached: {path}").format(
                id=activity, title=printable(title), path=path
            )
        case NoEvidence(activity, title):
            return _("#{id} {title}: no evidence file; the platform asks for 佐证材料").format(
                id=activity, title=printable(title)
            )
        case SameContentOtherYear(warning, year):
            return warning_text(warning, year)
        case FutureNotPlanned(activity, title, dated):
            return _("#{id} {title}: dated {date}, in the future, but not planned").format(
                id=activity, title=printable(title), date=dated
            )
        case StillPlanned(activity, title, dated):
            return _(
                "#{id} {title}: dated {date} and still planned; mark it done (cpd mark {id} done) or remove it"
            ).format(id=activity, title=printable(title), date=dated)
        case Rejected(activity, title, seen) if seen is not None:
            return _(
                "#{id} {title}: rejected (驳回) on the platform on {date}; fix it and declare it again"
                " (cpd mark {id} declared)"
            ).format(id=activity, title=printable(title), date=seen)
        case Rejected(activity, title):
            return _("#{id} {title}: rejected (驳回); fix it and declare it again (cpd mark {id} declared)").format(
                id=activity, title=printable(title)
            )
        case PendingOnPlatform(activity, title, seen):
            return _(
                "#{id} {title}: still pending (待审核) on the platform on {date}; ask your unit to review it"
            ).format(id=activity, title=printable(title), date=seen)
        case PlatformDiffers(activity, title, platform, credited):
            return _("#{id} {title}: the platform shows {platform} 学时, cpd credits {cpd}").format(
                id=activity, title=printable(title), platform=hours(platform), cpd=hours(credited)
            )
        case _:
            assert_never(finding)
