"""``cpd export``: the claim checklist for the platform, and the evidence bundle."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import click
import typer

from cpd_cli.cli import context
from cpd_cli.cli.common import YearOption
from cpd_cli.cli.output import destination, document_bytes, write_bytes_raw, write_document
from cpd_cli.cli.paramtypes import YearType
from cpd_cli.errors import CpdError, ExitCode, UsageError
from cpd_cli.export.formats import EXTENSIONS, Format
from cpd_cli.i18n import N_plural, _, listed
from cpd_cli.messages import plural
from cpd_cli.store import outputs

if TYPE_CHECKING:  # generic from click 8.5 on; subscripting it at run time would fail on 8.4
    from cpd_cli.export.registry import DossierWriter

    ChoiceType = click.Choice[str]
else:
    ChoiceType = click.Choice


class MissingEvidence(CpdError):
    exit_code = ExitCode.PROBLEMS


class FormatChoice(ChoiceType):
    """``--format``: one of :class:`Format`, completed from it, refused in cpd's own words."""

    def __init__(self) -> None:
        super().__init__([format.value for format in Format])

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> Format:
        try:
            return Format(str(value))
        except ValueError:
            raise UsageError(
                _("--format: {format!r} is not one of {known}").format(format=value, known=listed(Format))
            ) from None


WROTE_BUNDLE = N_plural(
    "wrote {path}: checklist and {count} evidence file", "wrote {path}: checklist and {count} evidence files"
)
BUNDLE_MISSING = N_plural(
    "{count} evidence file missing, listed in the bundle's manifest.json: {paths}",
    "{count} evidence files missing, listed in the bundle's manifest.json: {paths}",
)


def export(
    ctx: typer.Context,
    year: YearOption = None,
    since: Annotated[
        int | None,
        typer.Option(
            "--since",
            click_type=YearType(),
            help="The summary for a title application (职称申报) instead: a row per year from YEAR to this one.",
            metavar="YEAR",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            click_type=FormatChoice(),
            help="md, csv (UTF-8 with BOM, for Excel/WPS), xlsx (a workbook), json, html (A4) or ics (calendar). "
            "Default: from --output's extension, else md.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to FILE instead of stdout; its extension chooses the format.", metavar="FILE"
        ),
    ] = None,
    bundle: Annotated[
        Path | None,
        typer.Option(
            "--bundle",
            help="Write a zip: the checklist (md, csv, html to print) and every evidence file to upload.",
            metavar="FILE.zip",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --output / --bundle files that exist.")] = False,
    needed: Annotated[
        bool,
        typer.Option("--needed", help="List only the claims needed to complete the year (the fewest that do)."),
    ] = False,
) -> None:
    """Export the year's claim checklist for 折算学时申报, in the platform's own column names.

    Example:  cpd export --year 2024 --format csv --output 2024.csv --bundle 2024.zip
    """
    from cpd_cli.core.claims import fewest_claims
    from cpd_cli.core.plan import ledger_year
    from cpd_cli.export import checklist as checklists
    from cpd_cli.export.registry import WRITERS

    format = chosen_format(format, output)
    writer = WRITERS[format]
    if format is Format.XLSX and output is None and destination() == "console":
        raise UsageError(_("--format xlsx: a workbook is not for the screen; give --output FILE.xlsx"))
    if since is not None:
        for given, option in (
            (year, "--year"),
            (bundle, "--bundle"),
            (writer.dossier is None or None, f"--format {format}"),
            (needed or None, "--needed"),
        ):
            if given is not None:
                raise UsageError(_("--since: the summary has one row per year; {option} does not apply").format(
                    option=option))  # fmt: skip
    if output is not None and str(output) == "-":
        output = None  # stdout
    for target, option in ((output, "--output"), (bundle, "--bundle")):
        if target is not None:
            outputs.check_target(target, option, context.options(ctx).path, force=force)
    if since is not None and writer.dossier is not None:
        _write(_dossier(ctx, since, writer.dossier), format, output)
        return
    loaded = context.load(ctx)
    profile = loaded.ledger.profile
    today = context.today()
    chosen = year or today.year
    result = ledger_year(loaded.ledger, loaded.pack, chosen, today=today)
    plan = fewest_claims(loaded.ledger.activities, loaded.pack, chosen, today=today, sector=profile.sector)
    checklist = checklists.build(result, profile, plan, needed_only=needed)
    text = writer.checklist(checklist, today)
    if output is not None or bundle is None:  # a bundle alone says on stderr what it wrote
        _write(text, format, output)
    if bundle is not None:
        from cpd_cli.export import bundle as bundles

        packed = bundles.write(checklist, bundle)
        typer.echo(plural(WROTE_BUNDLE, packed.files).format(path=bundle, count=packed.files), err=True)
        if packed.missing:
            from cpd_cli.messages import unusable_state

            raise MissingEvidence(
                plural(BUNDLE_MISSING, len(packed.missing)).format(
                    count=len(packed.missing),
                    paths=listed(
                        path if why.problem == "missing" else f"{path} ({unusable_state(why.problem, why.reason)})"
                        for path, why in packed.missing
                    ),
                )
            )


def _dossier(ctx: typer.Context, since: int, write: DossierWriter) -> str | bytes:
    from cpd_cli.core.career import career

    loaded = context.load(ctx)
    window = career(loaded.ledger, loaded.pack, context.today(), since=since)
    return write(window, loaded.ledger.profile)


def _write(document: str | bytes, format: str, output: Path | None) -> None:
    """The export to ``output`` or stdout, encoded as :func:`~cpd_cli.cli.output.write_document` says."""
    if output is None:
        if isinstance(document, bytes):
            write_bytes_raw(document)
        else:
            write_document(document, format)
    else:
        data = document if isinstance(document, bytes) else document_bytes(document, format)
        outputs.write(output, data)
        typer.echo(_("wrote {path}").format(path=output), err=True)


# ---------------------------------------------------------------- which format


def chosen_format(given: Format | None, output: Path | None) -> Format:
    """The export's format: ``--format``, else ``--output``'s extension, else Markdown.

    An extension cpd knows that names another format than ``--format`` is
    refused, so ``--format csv --output 2024.xlsx`` never writes a CSV under a
    workbook's name; an extension cpd does not know (``.txt``) takes any format.
    """
    implied = EXTENSIONS.get(output.suffix.lower()) if output is not None else None
    if given is None:
        return implied or Format.MD
    if implied is not None and implied != given:
        raise UsageError(
            _("--output: {path} is named as {implied}, but --format is {format}; give one that agrees").format(
                path=output, implied=implied, format=given
            )
        )
    return given
