"""Option types that parse a value the way people here write it, in cpd's own words.

click's ``ParamType`` is the documented place to turn a command-line word into a
value, and to say in the error what was expected: click's own number types name
themselves in English ("integer range"), a word no catalogue carries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click
from click.shell_completion import CompletionItem

from cpd_cli.core.dates import FIRST_YEAR, LAST_YEAR
from cpd_cli.core.fields import Field
from cpd_cli.core.typed import activity_id
from cpd_cli.i18n import _

if TYPE_CHECKING:  # generic from click 8.5 on; subscripting it at run time would fail on 8.4
    from cpd_cli.core.rules import Rule

    NumberType = click.ParamType[int, Any]
    AnyType = click.ParamType[Any, Any]
else:
    NumberType = AnyType = click.ParamType

CHINESE_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


class YearType(NumberType):
    """A calendar year: 2024, ２０２４ or 二〇二四, with or without a closing 年."""

    name = "year"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return _("YEAR")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().removesuffix("年").translate(CHINESE_DIGITS)
        if not (text.isdecimal() and FIRST_YEAR <= int(text) <= LAST_YEAR):  # "²" is a digit, not a number
            self.fail(
                _("{value!r} is not a year from {first} to {last}").format(
                    value=value, first=FIRST_YEAR, last=LAST_YEAR
                ),
                param,
                ctx,
            )
        return int(text)


class IdType(NumberType):
    """An activity's id as ``list`` shows it: 7, #7 or ７."""

    name = "id"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        number = activity_id(str(value))
        if number is None:
            self.fail(
                _("{value!r} is not an activity's id (a number, as cpd list shows it)").format(value=value), param, ctx
            )
        return number


class FieldParam(AnyType):
    """The option of an activity's field: its value taken, completed and named by the field's type
    (:mod:`cpd_cli.core.fieldtypes`), so the command line, the prompts and the ledger agree.

    A value that is not one is cpd's usage error, naming the option, as a prompt's answer is.
    ``rule`` is the kind's rule where the command knows it (``add KIND``); ``edit`` learns
    it from the activity, and takes a rated value (``--level``) in its body.
    """

    def __init__(self, field: Field, rule: Rule | None = None) -> None:
        self.field = field
        self.rule = rule
        self.name = field.type.name

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return _(self.field.type.metavar)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):  # a default, or a value converted already
            return value
        return self.field.type.parse(value, self.field.option, self.rule)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from cpd_cli.cli.complete import Tab

        offered = self.field.type.candidates(incomplete, Tab(ctx, self.rule.kind if self.rule else None))
        return [CompletionItem(value, help=help) for value, help in offered]
