"""``cpd reconcile``: the platform's 学时查询 table held against the ledger, and taken in with ``--apply``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cpd_cli.cli import complete, context
from cpd_cli.cli.output import write_json
from cpd_cli.cli.paramtypes import YearType
from cpd_cli.core.plan import ledger_year
from cpd_cli.core.platform import matching, reading
from cpd_cli.core.rulemodel import PlatformFacts
from cpd_cli.errors import UsageError
from cpd_cli.i18n import _, english, listed


def read_table(path: Path, platform: PlatformFacts | None = None) -> reading.PlatformTable:
    """The table in the file the person named, read by ``platform``'s column names and 状态 words
    (the active pack's); one clear line if it cannot be read.

    Read through the store's one bounded read: a FIFO, a device or a folder is refused
    before a byte is read, and no more than the limit and one byte are ever read.
    """
    from cpd_cli.core.platform.forms import too_large
    from cpd_cli.store.files import NotRegular, TooLarge, read_regular

    try:
        data = read_regular(path, reading.MAX_TABLE_BYTES)
    except TooLarge:
        raise too_large(str(path)) from None
    except (NotRegular, IsADirectoryError):
        raise reading.TableError(_("{path}: not a regular file").format(path=path)) from None
    except OSError as error:
        raise reading.TableError(_("{path}: cannot read: {reason}").format(path=path, reason=error.strerror)) from None
    return reading.read(data, str(path), platform)


def _links(values: list[str] | None) -> dict[int, int]:
    links: dict[int, int] = {}
    for value in values or []:
        row, equals, found = value.partition("=")
        if not (equals and row.strip().isdecimal() and found.strip().lstrip("#").isdecimal()):
            raise UsageError(_("--link {value}: give it as ROW=ID, e.g. --link 4=7").format(value=value))
        number = int(row)
        if number in links:
            raise UsageError(_("--link: row {row} is linked twice").format(row=number))
        links[number] = int(found.strip().lstrip("#"))
    return links


def reconcile(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            help="学时查询 saved from the browser (.html, .mhtml), copied as text (.txt), or a CSV; several at once.",
            show_default=False,
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            click_type=YearType(),
            help="The year to reconcile. Default: every year the files hold.",
            autocompletion=complete.years,
        ),
    ] = None,
    apply: Annotated[
        bool,
        typer.Option(
            "--apply",
            help="Take in the platform's statuses and figures and add the rows the ledger lacks (cpd undo reverts it).",
        ),
    ] = False,
    link: Annotated[
        list[str] | None,
        typer.Option("--link", metavar="ROW=ID", help="Row ROW is activity ID: match them (repeatable)."),
    ] = None,
    add: Annotated[
        list[int] | None,
        typer.Option("--add", metavar="ROW", help="Row ROW is a training of its own: record it (repeatable)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON (see README).")] = False,
) -> None:
    """Hold the platform's 学时查询 table against the ledger: what it approved, what it lacks, what it adds.

    Example:  cpd reconcile 学时查询.html --year 2024 --apply
    """
    from cpd_cli.cli import reconcileview
    from cpd_cli.cli.activepack import active_pack

    facts = active_pack(ctx).platform  # the table is read as the active pack's platform names its columns
    platform = reading.combine([read_table(path, facts) for path in files])
    years = matching.years_of(platform, year)
    links = _links(link)
    adds = set(add or [])
    if not apply:
        loaded = context.load(ctx)
        results = [ledger_year(loaded.ledger, loaded.pack, chosen, today=context.today()) for chosen in years]
        matching.check_choices(platform, results, links, adds)
        found = [matching.reconcile(platform, result, links, adds) for result in results]
        for each in found:
            matching.check_added(each)
        _show(found, as_json)
        if not as_json:
            typer.echo(reconcileview.hint_text())
        return
    with context.transaction(ctx) as tx:
        pack = tx.loaded.pack
        tx.check_room(len(platform.rows))
        ledger = tx.ledger
        results = [ledger_year(ledger, pack, chosen, today=context.today()) for chosen in years]
        matching.check_choices(platform, results, links, adds)
        found, applied = [], []
        for chosen in years:
            each = matching.reconcile(platform, ledger_year(ledger, pack, chosen, today=context.today()), links, adds)
            matching.check_added(each)
            ledger, done = matching.apply(ledger, each, pack, context.today())
            found.append(each)
            applied.append(done)
        if any(done.changed for done in applied):
            counts = [sum(len(getattr(done, name)) for done in applied) for name in ("updated", "added", "cleared")]
            tx.save(
                ledger,
                action="reconcile",
                summary=_("reconcile {year}: {updated} updated, {added} added, {cleared} cleared").format(
                    year=listed(map(str, years)), updated=counts[0], added=counts[1], cleared=counts[2]
                ),
            )
    _show(found, as_json)
    typer.echo(reconcileview.applied_text(applied), err=as_json)


def _show(found: list[matching.Reconciliation], as_json: bool) -> None:
    from cpd_cli.cli import reconcileview

    if as_json:
        with english():
            objects = [reconcileview.data(each) for each in found]
            write_json(objects[0] if len(objects) == 1 else objects)
    else:
        for each in found:
            reconcileview.report(each)
