"""One vocabulary: every word cpd shows for a subject, status, route or choice is one it accepts."""

from __future__ import annotations

import re
import typing

import click
import pytest

from cpd_cli import i18n
from cpd_cli.cli import change, complete, packcommands
from cpd_cli.core import rulemodel, typed, vocabulary
from cpd_cli.core.evaluate import evaluate
from cpd_cli.core.fieldtypes import STATUS, SUBJECT
from cpd_cli.core.model import Status, Subject
from cpd_cli.core.rules import RulePack, load_embedded
from cpd_cli.errors import UsageError
from cpd_cli.export import checklist
from cpd_cli.messages import route_text, subject_label, subject_short
from tests.conftest import act

WORD = re.compile(r"[A-Za-z][A-Za-z-]*|[\u4e00-\u9fff]+")


def words(text: str) -> list[str]:
    """The words of a help text or message, without the joining ones."""
    return [word for word in WORD.findall(text) if word not in ("or", "Default", "TEXT", "not")]


def help_of(option: click.Option) -> str:
    return str(option.help)


PACKS = [load_embedded("jiangxi-2023"), load_embedded("national-2015")]


def test_the_vocabulary_names_every_value_of_the_model_and_the_pack() -> None:
    assert [term.id for term in vocabulary.STATUSES] == [status.value for status in Status]
    assert [term.id for term in vocabulary.SUBJECTS] == [subject.value for subject in Subject]
    assert [term.id for term in vocabulary.ROUTES] == list(rulemodel.ROUTES)
    assert set(vocabulary.TO_DO) == set(rulemodel.ROUTES)
    sectors = {term.id for term in vocabulary.SECTORS}
    for pack in PACKS:
        assert set(pack.own_rule_sectors) <= sectors


@pytest.mark.parametrize("terms", [vocabulary.STATUSES, vocabulary.SUBJECTS, vocabulary.SECTORS])
def test_no_word_names_two_terms(terms: tuple[vocabulary.Term, ...]) -> None:
    every = [word.lower() for term in terms for word in term.accepted]
    assert len(every) == len(set(every))


@pytest.mark.parametrize("status", vocabulary.STATUSES, ids=lambda term: term.id)
def test_every_word_of_a_status_is_accepted(status: vocabulary.Term) -> None:
    for word in (*status.accepted, status.en, status.id.upper(), f" {status.zh} "):
        assert STATUS.parse(word) is Status(status.id), word


@pytest.mark.parametrize("subject", vocabulary.SUBJECTS, ids=lambda term: term.id)
def test_every_word_of_a_subject_is_accepted(subject: vocabulary.Term) -> None:
    for word in (*subject.accepted, subject.en, subject.label):
        assert SUBJECT.parse(word) is Subject(subject.id), word


def test_the_platforms_status_words_are_accepted() -> None:
    assert STATUS.parse("审核通过") is Status.APPROVED
    for word in ("待审核", "审核中", "待审", "已申报"):
        assert STATUS.parse(word) is Status.DECLARED
    for word in ("驳回", "审核不通过", "不通过", "退回", "未通过"):
        assert STATUS.parse(word) is Status.REJECTED
    for word in ("计划", "计划中"):
        assert STATUS.parse(word) is Status.PLANNED
    assert STATUS.parse("通过") is Status.APPROVED  # what a person says of an approved claim
    refused = r"'过了' is not one of planned \(计划中\), done \(已完成\), .*rejected \(驳回\)"
    with pytest.raises(UsageError, match=refused):
        STATUS.parse("过了")


def test_sector_names_in_chinese() -> None:
    names = {"卫生": "health", "医疗卫生": "health", "中小学": "k12", "中小学教育": "k12", "会计": "accounting"}
    names |= {"新闻": "news", "出版": "publishing", "health": "health", "K12": "k12", "高校": "higher-education"}
    for name, sector in names.items():
        assert vocabulary.sector(name) == sector, name
    assert vocabulary.sector("牙科") is None


def test_completion_offers_only_words_the_parser_takes() -> None:
    for value, help in complete.statuses(""):
        assert STATUS.parse(value).value == value and STATUS.parse(help).value == value
    for value, help in complete.subjects(""):
        assert SUBJECT.parse(value).value == value and SUBJECT.parse(help).value == value
    pack = load_embedded()
    for rule in pack.rules:
        if rule.choice is not None:
            offered = complete.choices(rule.choice.by, rule.kind)("")
            assert [value for value, _ in offered] == list(rule.choice.rates)
            choices = vocabulary.rule_choices(rule.choice)
            for value, help in offered:
                assert typed.choice(value, "--x", choices) == value
                assert typed.choice(help, "--x", choices) == value


def test_status_and_subject_help_list_the_vocabulary_and_each_word_parses() -> None:
    mark_help = typing.get_type_hints(change.mark, include_extras=True)["status"].__metadata__[0].help
    for text in (help_of(packcommands.option("status")), mark_help):
        shown = words(text)
        assert shown[:5] == [term.id for term in vocabulary.STATUSES], text
        assert all(STATUS.parse(word) for word in shown)
    for text in (help_of(packcommands.option("subject")),):
        shown = words(text)
        assert {SUBJECT.parse(word).value for word in shown} == {"public", "professional"}, text
    with pytest.raises(UsageError) as error:
        SUBJECT.parse("both")
    listed = words(str(error.value).split("is not", 1)[1])
    assert {SUBJECT.parse(word) for word in listed} == set(Subject)


@pytest.mark.parametrize("rule", [rule for rule in load_embedded().rules if rule.choice], ids=lambda rule: rule.kind)
def test_choice_help_and_errors_show_words_the_parser_takes(rule: rulemodel.Rule) -> None:
    basis = rule.choice
    assert basis is not None
    choices = vocabulary.rule_choices(basis)
    shown = words(help_of(packcommands.choice_option(basis.by, rule)))
    assert shown and all(typed.choice(word, "--x", choices) in basis.rates for word in shown)
    with pytest.raises(UsageError) as error:
        typed.choice("nothing", f"--{basis.by}", choices)
    listed = words(str(error.value).split("is not one of", 1)[1])
    assert {typed.choice(word, "--x", choices) for word in listed} == set(basis.rates)


@pytest.mark.parametrize("field", ["level", "role", "type"])
def test_edit_help_lists_every_kinds_choices(field: str) -> None:
    pack = load_embedded()
    text = help_of(packcommands.choice_option(field, None, pack))
    for part in text.rstrip(".").split("; "):
        kinds, known = part.split(": ")
        for kind in kinds.split(", "):
            rule = pack.rule(kind)
            assert rule is not None and rule.choice is not None and rule.choice.by == field
            choices = vocabulary.rule_choices(rule.choice)
            assert [typed.choice(word, "--x", choices) for word in words(known)][::2] == list(rule.choice.rates)
    assert {kind for kinds, _ in vocabulary.choice_groups(pack, field) for kind in kinds} == {
        rule.kind for rule in pack.rules if rule.choice is not None and rule.choice.by == field
    }


def test_checklist_and_messages_use_words_the_parser_takes(pack: RulePack) -> None:
    activities = [
        act(1, "training", "2024-03-01", subject="public", hours=6),
        act(2, "paper", "2024-03-02"),
        *(act(3 + i, "paper", "2024-04-01", status=status.value) for i, status in enumerate(Status)),
    ]
    result = evaluate(activities, pack, 2024)
    for item in result.activities:
        row = checklist.Row(item, ())
        assert SUBJECT.parse(row.subject) is item.subject
        zh = row.status.split(" ")[0]
        assert STATUS.parse(zh) is item.activity.status, row.status
        if item.activity.status is not Status.DONE:
            assert STATUS.parse(row.status.split(" ", 1)[1]) is item.activity.status
    assert (
        result.activities[0].subject is Subject.PUBLIC and checklist.Row(result.activities[0], ()).subject == "公需课"
    )
    for language in ("en", "zh"):
        i18n.use(language)
        try:
            for subject in Subject:
                assert all(SUBJECT.parse(word) is subject for word in words(subject_label(subject)))
                assert SUBJECT.parse(subject_short(subject)) is subject
        finally:
            i18n.use("en")


def test_words_shown_where_the_tables_once_disagreed(pack: RulePack) -> None:
    """The platform's word where it has one: a rejected claim is 驳回 everywhere; a planned one 计划中."""
    offered = dict(complete.statuses(""))
    assert offered == {
        "planned": "计划中",
        "done": "已完成",
        "declared": "已申报",
        "approved": "审核通过",
        "rejected": "驳回",
    }
    rejected = evaluate([act(1, "paper", "2024-03-02", status="rejected")], pack, 2024).activities[0]
    planned = evaluate([act(1, "paper", "2024-03-02", status="planned")], pack, 2024).activities[0]
    assert checklist.Row(rejected, ()).status == "驳回 rejected"
    assert checklist.Row(planned, ()).status == "计划中 planned"
    assert dict(complete.subjects("")) == {"public": "公需科目", "professional": "专业科目"}


def test_route_words() -> None:
    assert load_embedded().platform.routes == {"organizer": "承办单位登记", "unit": "单位登记", "self": "个人申报"}
    assert route_text("self") == "declare yourself (个人申报)"
    i18n.use("zh")
    try:
        assert [route_text(route) for route in rulemodel.ROUTES] == ["承办单位登记", "单位登记", "个人申报"]
    finally:
        i18n.use("en")


def test_done_shows_what_its_route_still_needs(pack: RulePack) -> None:
    result = evaluate(
        [act(1, "training", "2024-03-01", subject="public", hours=6), act(2, "paper", "2024-03-02")], pack, 2024
    )
    assert [checklist.Row(item, ()).status for item in result.activities] == [
        "待核对 to check in 学时查询",
        "待申报 to declare",
    ]
