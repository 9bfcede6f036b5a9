"""A rule pack's ``[platform]`` table read whole: the platform's name, its 学时查询 columns, its words.

Every key is known or refused by name, as in the rest of the pack
(:mod:`cpd_cli.core.rules` reads the pack and calls :func:`read_platform`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from cpd_cli.core.model import Status
from cpd_cli.core.rulemodel import ROUTES, Columns, PlatformFacts
from cpd_cli.errors import RulesError
from cpd_cli.i18n import _, listed

PLATFORM_KEYS = frozenset({"name", "columns", "statuses", "routes", "declare_steps"})
PLATFORM_STATUSES = (Status.APPROVED, Status.DECLARED, Status.REJECTED)  # what a 状态 word may mean
MAX_WORD = 40  # a column name, a 状态 word or a step: a few characters on the platform's page


def column_name(text: str) -> str:
    """A column name as cpd compares it: wrapped text joined, full-width forms folded."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def read_platform(data: Mapping[str, Any], source: str) -> PlatformFacts:
    """The pack's ``[platform]``; the first thing wrong is named with its place."""
    table = _table(data, "platform", source, "top level")
    _known(table, PLATFORM_KEYS, source, "platform")
    columns = _table(table, "columns", source, "platform")
    _known(columns, frozenset(Columns._fields), source, "platform.columns")
    names = Columns(*(column_name(_word(columns, key, source, "platform.columns")) for key in Columns._fields))
    doubled = sorted({name for name in names if names.count(name) > 1})
    if doubled:
        raise _fail(source, "platform.columns", _("column {name!r} is named twice").format(name=doubled[0]))
    statuses = _table(table, "statuses", source, "platform")
    _known(statuses, frozenset(status.value for status in PLATFORM_STATUSES), source, "platform.statuses")
    words: dict[str, Status] = {}
    for status in PLATFORM_STATUSES:
        for word in _words(statuses, status.value, source, "platform.statuses"):
            if word in words:
                raise _fail(source, "platform.statuses", _("{word!r} is given twice").format(word=word))
            words[word] = status
    routes = _table(table, "routes", source, "platform")
    _known(routes, frozenset(ROUTES), source, "platform.routes")
    return PlatformFacts(
        name=_word(table, "name", source, "platform", most=100),
        columns=names,
        statuses=words,
        routes={route: _word(routes, route, source, "platform.routes") for route in ROUTES},
        declare_steps=_words(table, "declare_steps", source, "platform"),
    )


def _fail(source: str, where: str, message: str) -> RulesError:
    return RulesError(f"{source}: {where}: {message}")


def _known(table: Mapping[str, Any], known: frozenset[str], source: str, where: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise _fail(
            source,
            where,
            _("unknown field {field!r} (known: {known})").format(field=unknown[0], known=listed(sorted(known))),
        )


def _table(data: Mapping[str, Any], key: str, source: str, where: str) -> Mapping[str, Any]:
    if key not in data:
        raise _fail(source, where, _("missing {key!r}").format(key=key))
    if not isinstance(data[key], dict):
        raise _fail(source, where, _("{key!r} must be a table").format(key=key))
    return data[key]  # type: ignore[no-any-return]


def _word(table: Mapping[str, Any], key: str, source: str, where: str, most: int = MAX_WORD) -> str:
    if key not in table:
        raise _fail(source, where, _("missing {key!r}").format(key=key))
    value = table[key]
    if not isinstance(value, str) or not value.strip() or len(value) > most or not value.isprintable():
        raise _fail(
            source, where, _("{key!r} must be a word of 1 to {most} printable characters").format(key=key, most=most)
        )
    return value.strip()


def _words(table: Mapping[str, Any], key: str, source: str, where: str) -> tuple[str, ...]:
    value = table.get(key)
    if not isinstance(value, list) or not value:
        raise _fail(source, where, _("{key!r} must be a list of words").format(key=key))
    return tuple(_word({key: item}, key, source, where) for item in value)
