"""``cpd profile``: who keeps the ledger — name, unit, sector, rule pack, internal deadline.

No ID-card number is ever asked for or stored: the platform needs it to log in,
cpd never does.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cpd_cli.cli import context
from cpd_cli.cli.linebreak import width
from cpd_cli.cli.output import write_json
from cpd_cli.core.fields import PROFILE_FIELDS
from cpd_cli.core.vocabulary import SECTORS
from cpd_cli.errors import UsageError
from cpd_cli.i18n import N_, _, language, listed
from cpd_cli.messages import printable

KEYS = PROFILE_FIELDS

group = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    invoke_without_command=True,
    help="Show or set your profile: name, unit, sector, rule pack, internal deadline.\n\n"
    "Example:  cpd profile set unit 洪州学院",
)


def _complete_key(incomplete: str) -> list[str]:
    """The keys, and in Chinese the names profile shows them by, that start with ``incomplete``."""
    words = [*KEYS, *(_(LABELS[key]) for key in KEYS)] if language() == "zh" else list(KEYS)
    return [word for word in words if word.startswith(incomplete)]


@group.callback()
def show(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")] = False,
) -> None:
    """Show or set your profile: name, unit, sector, rule pack, internal deadline."""
    if ctx.invoked_subcommand is not None:
        return
    loaded = context.load(ctx)
    profile = loaded.ledger.profile
    values = {key: getattr(profile, key) for key in KEYS}
    if as_json:
        write_json({key: value if isinstance(value, int | None) else str(value) for key, value in values.items()})
        return
    shown = {key: printable(str(value)) if value is not None else "—" for key, value in values.items()}
    if profile.rules is None:  # the pack in use all the same: the default one, or the one --rules names
        shown["rules"] = _("{pack} (the default)").format(pack=loaded.pack.id)
    if context.options(ctx).rules is not None:
        shown["rules"] = _("{pack} (from --rules)").format(pack=loaded.pack.id)
    rows = [(label(key), text) for key, text in shown.items()]
    rows.append((label("ledger"), printable(str(loaded.path))))
    column = max(width(name) for name, _text in rows) + 2
    for name, text in rows:
        typer.echo(name + " " * (column - width(name)) + text)
    if all(value is None for value in values.values()):
        typer.echo(_("Set one with: cpd profile set unit 洪州学院"))


LABELS = {  # what the profile's keys are called in Chinese; in English the keys `profile set` takes
    "name": N_("the person's name"),
    "unit": N_("unit"),
    "sector": N_("sector"),
    "rules": N_("rules"),
    "deadline": N_("deadline"),
    "since": N_("first year of the title-application window"),
    "ledger": N_("ledger"),
}


def label(key: str) -> str:
    return _(LABELS[key]) if key in LABELS and language() == "zh" else key


@group.command("set")
def set_value(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help=_("One of: {known}.").format(known=listed(KEYS)), autocompletion=_complete_key)
    ],
    value: Annotated[str, typer.Argument(help="The new value.")],
) -> None:
    """Set one profile field.

    Example:  cpd profile set deadline 12-15
    """
    _change(ctx, key, value.strip())


@group.command("unset")
def unset_value(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help=_("One of: {known}.").format(known=listed(KEYS)), autocompletion=_complete_key)
    ],
) -> None:
    """Remove one profile field.

    Example:  cpd profile unset deadline
    """
    _change(ctx, key, None)


def _since(value: str) -> int:
    """The first year of the title-application window: a year from 1990 to this one."""
    from cpd_cli.core.career import since_problem
    from cpd_cli.core.fieldtypes import YEAR

    since = YEAR.parse(value, "VALUE")
    problem = since_problem(since, context.today())
    if problem:
        raise UsageError(_("VALUE: {problem}").format(problem=problem))
    return since


def key_named(word: str) -> str:
    """The profile key ``word`` names: the key itself, or what ``cpd profile`` calls it (姓名 → name)."""
    by_label = {_(LABELS[key]): key for key in KEYS}
    return by_label.get(word.strip(), word)


def _change(ctx: typer.Context, key: str, value: str | None) -> None:
    key = key_named(key)
    if key not in KEYS:
        hint = (
            _(" (cpd never stores an ID-card number)")
            if key.lower() in ("id", "idcard", "id-card", "身份证", "身份证号")
            else ""
        )
        raise UsageError(_("KEY: {key!r} is not one of {known}").format(key=key, known=listed(KEYS)) + hint)
    if value == "":
        raise UsageError(_("VALUE must not be empty (use cpd profile unset KEY)"))
    if key == "sector" and value is not None:
        from cpd_cli.core.vocabulary import sector

        value = sector(value) or value  # 卫生 → health; a sector cpd does not know is kept as typed
    if key == "deadline" and value is not None:
        from cpd_cli.core.dates import is_deadline

        if not is_deadline(value):
            raise UsageError(_("VALUE: {value!r} is not a month-day like 12-15 or a date").format(value=value))
    since = _since(value) if key == "since" and value is not None else None
    with context.transaction(ctx) as tx:
        ledger = tx.ledger
        if key == "rules" and value is not None:
            from cpd_cli.store.ledger import pack_for

            pack_for(ledger._replace(profile=ledger.profile._replace(rules=value)))  # refuses an unknown pack
        changes: dict[str, Any] = {key: since if since is not None else value}
        profile = ledger.profile._replace(**changes)
        tx.save(
            ledger._replace(profile=profile),
            action="profile",
            summary=_("profile {key} = {value}").format(key=key, value=value or "—"),
        )
    typer.echo(f"{key} = {printable(str(value)) if value is not None else '—'}")
    if key == "sector" and value is not None:
        from cpd_cli.messages import sector_name

        own = tx.loaded.pack.own_rule_sectors
        if value in own:
            typer.echo(
                _(
                    "note: {sector} has its own rules for professional subjects (Art. {article}); "
                    "follow your regulator's guide"
                ).format(sector=sector_name(value), article=tx.loaded.pack.sectors_article),
                err=True,
            )
        elif value not in (sector.id for sector in SECTORS):
            typer.echo(_("note: sectors cpd knows: {known}").format(known=listed(s.id for s in SECTORS)), err=True)
