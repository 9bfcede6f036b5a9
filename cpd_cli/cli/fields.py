"""The options that describe an activity, shared by ``cpd add KIND`` and ``cpd edit``.

``add`` offers each kind only the options its rule uses; ``edit`` offers all of
them.  Values are parsed here (Chinese names accepted) into model fields.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Mapping
from typing import Annotated, Any, NamedTuple

import typer

from cpd_cli.cli import complete, values
from cpd_cli.core.model import TIME_FIELDS, Activity
from cpd_cli.core.rules import Rule, RulePack
from cpd_cli.core.validate import validate_activity
from cpd_cli.errors import LedgerError, UsageError
from cpd_cli.i18n import _
from cpd_cli.store import evidence as evidence_files
from cpd_cli.store.codec import DETAIL_FIELDS

KEYWORD = inspect.Parameter.KEYWORD_ONLY


class Spec(NamedTuple):
    """One option: its parameter name, its typer annotation, and its default."""

    name: str
    annotation: Any
    default: Any = None

    def parameter(self) -> inspect.Parameter:
        return inspect.Parameter(self.name, KEYWORD, annotation=self.annotation, default=self.default)


def text_option(flag: str, help: str, *short: str, metavar: str = "TEXT", complete: Any = None) -> Any:
    return Annotated[
        str | None,
        typer.Option(flag, *short, help=help, metavar=metavar, show_default=False, autocompletion=complete),
    ]


TITLE = Spec("title", text_option("--title", "Course / paper / project name (课程名称), as it will be declared.", "-t"))
DATE = Spec(
    "date",
    text_option(
        "--date", "Completion, grant or publication date; decides the year. Default: today.", "-d", metavar="DATE"
    ),
)
START = Spec("start", text_option("--start", "First day, for activities that span days.", metavar="DATE"))
EVIDENCE = Spec(
    "evidence",
    Annotated[
        list[str] | None,
        typer.Option(
            "--evidence", "-e", help="Evidence file (佐证材料); repeat for more.", metavar="PATH", show_default=False
        ),
    ],
)
ALLOW_MISSING = Spec(
    "allow_missing",
    Annotated[bool, typer.Option("--allow-missing", help="Record evidence paths that do not exist (yet).")],
    False,
)
SAME_AS = Spec(
    "same_as",
    Annotated[
        int | None,
        typer.Option(
            "--same-as",
            help="Id of an activity with the same content (counted once, at its highest credit).",
            metavar="ID",
            show_default=False,
            autocompletion=complete.ids,
        ),
    ],
)
STATUS = Spec(
    "status",
    text_option(
        "--status",
        "planned | done | declared | approved | rejected. Default: done.",
        metavar="STATUS",
        complete=complete.statuses,
    ),
)
NOTE = Spec("note", text_option("--note", "A free note."))
DETAILS = [
    Spec("journal", text_option("--journal", "Journal (刊物), for the claim.")),
    Spec("organiser", text_option("--organiser", "Organiser (主办单位), for the claim.")),
    Spec("place", text_option("--place", "Place (地点), for the claim.")),
    Spec("number", text_option("--number", "Number (证书号、专利号、项目编号), for the claim.")),
]
assert [spec.name for spec in DETAILS] == list(DETAIL_FIELDS)
AS_JSON = Spec("as_json", Annotated[bool, typer.Option("--json", help="Print the result as JSON.")], False)

SUBJECT = Spec(
    "subject",
    text_option(
        "--subject", "public (公需) or professional (专业).", "-s", metavar="SUBJECT", complete=complete.subjects
    ),
)
HOURS = Spec("hours", text_option("--hours", "学时, as the rules count them (see Credit above).", metavar="N"))
MINUTES = Spec("minutes", text_option("--minutes", "Clock minutes, converted to 学时 by the rules.", metavar="N"))
DAYS = Spec("days", text_option("--days", "Days, converted to 学时 by the rules.", metavar="N"))
POINTS = Spec("points", text_option("--points", "学习强国 points earned in this entry.", metavar="N"))
NOT_PASSED = Spec(
    "not_passed", Annotated[bool, typer.Option("--not-passed", help="The assessment was not passed (earns 0).")], False
)
NOT_CORE = Spec("not_core", Annotated[bool, typer.Option("--not-core", help="Not a core journal (earns 0).")], False)


def choice_spec(name: str, rule: Rule | None) -> Spec:
    if rule is not None:
        known = " | ".join(f"{value} ({rule.labels[value]})" if value in rule.labels else value for value in rule.rates)
    else:
        known = "exam: junior | intermediate | senior; project, award: national | provincial | municipal"
        if name == "role":
            known = "book: sole (独著) | edited (编著)"
        if name == "type":
            known = "patent: invention | utility | design | software"
    return Spec(
        name,
        text_option(
            f"--{name}", f"{known}.", metavar=name.upper(), complete=complete.choices(name, rule.kind if rule else None)
        ),
    )


COMMON = [TITLE, DATE, START, EVIDENCE, ALLOW_MISSING, SAME_AS, STATUS, NOTE, *DETAILS]


def kind_specs(rule: Rule) -> list[Spec]:
    """The options a kind's rule uses, in the order help shows them."""
    specs: list[Spec] = []
    if rule.subject_is_given:
        specs.append(SUBJECT)
    if rule.uses_time:
        specs += [HOURS, MINUTES, DAYS]
    if rule.basis == "per-item-by" and rule.by:
        specs.append(choice_spec(rule.by, rule))
    if rule.basis == "points":
        specs.append(POINTS)
    if "passed" in rule.requires:
        specs.append(NOT_PASSED)
    if "core" in rule.requires:
        specs.append(NOT_CORE)
    return specs


def with_signature(
    function: Callable[..., Any], specs: list[Spec], *, leading: list[inspect.Parameter]
) -> Callable[..., Any]:
    """Give ``function`` the typer parameters ``specs`` describe."""
    parameters = [*leading, *(spec.parameter() for spec in specs)]
    function.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    function.__annotations__ = {p.name: p.annotation for p in parameters}
    return function


# ---------------------------------------------------------------- parsing


def interactive() -> bool:
    return sys.stdin.isatty()


def require(given: str | None, option: str, question: str) -> str:
    """The value of a required option: given, asked for at a terminal, or an error."""
    if given is not None and given.strip():
        return given
    if interactive():
        answer: str = typer.prompt(question)
        if answer.strip():
            return answer
    raise UsageError(_("{option} is required").format(option=option))


def parse(options: Mapping[str, Any], rule: Rule | None, *, allow_missing: bool) -> dict[str, Any]:
    """The model fields that ``options`` set (only those given)."""
    fields: dict[str, Any] = {}
    if options.get("title") is not None:
        if not options["title"].strip():
            raise UsageError(_("--title must not be empty"))
        fields["title"] = options["title"].strip()
    for name in ("date", "start"):
        if options.get(name) is not None:
            fields[name] = values.date_value(options[name], f"--{name}")
    if options.get("status") is not None:
        fields["status"] = values.status(options["status"])
    if options.get("subject") is not None:
        fields["subject"] = values.subject(options["subject"])
    given_time = [name for name in TIME_FIELDS if options.get(name) is not None]
    if len(given_time) > 1:
        given = _(" and ").join("--" + name for name in given_time)
        raise UsageError(_("give one of --hours, --minutes or --days, not {given}").format(given=given))
    if given_time:
        name = given_time[0]
        fields.update(dict.fromkeys(TIME_FIELDS))
        fields[name] = values.amount(options[name], f"--{name}")
    if options.get("points") is not None:
        fields["points"] = values.whole(options["points"], "--points")
    for name in ("level", "role", "type"):
        if options.get(name) is not None:
            labels = rule.labels if rule is not None and rule.by == name else {}
            known = list(rule.rates) if rule is not None and rule.by == name else []
            fields[name] = values.choice(options[name], f"--{name}", labels, known) if known else options[name]
    for flag, field_name in (("not_passed", "passed"), ("not_core", "core")):
        if options.get(flag):
            fields[field_name] = False
    for flag in ("passed", "core"):
        if options.get(flag) is not None:
            fields[flag] = options[flag]
    if options.get("same_as") is not None:
        fields["same_as"] = options["same_as"]
    if options.get("note") is not None:
        fields["note"] = options["note"]
    details = {name: options[name] for name in DETAIL_FIELDS if options.get(name) is not None}
    if details:
        fields["details"] = details
    if options.get("evidence"):
        fields["evidence_new"] = attach(options["evidence"], allow_missing=allow_missing)
    return fields


def attach(paths: list[str], *, allow_missing: bool) -> list[tuple[str, Any]]:
    """Each path made absolute and fingerprinted; a missing one refused unless allowed."""
    found = []
    for given in paths:
        path = evidence_files.absolute(given)
        try:
            path.encode("utf-8")
        except UnicodeEncodeError:
            shown = given.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
            raise UsageError(
                _("--evidence: the file name {name} is not UTF-8 text; rename the file first").format(name=shown)
            ) from None
        record = evidence_files.fingerprint(path)
        if record is None and not allow_missing:
            raise UsageError(
                _("--evidence: no such file: {path} (use --allow-missing to record it anyway)").format(path=given)
            )
        found.append((path, record))
    return found


def with_evidence(activity: Activity, new: list[tuple[str, Any]]) -> Activity:
    """``activity`` with the new evidence paths added (re-attaching refreshes the hash)."""
    paths = list(activity.evidence)
    records = {r.path: r for r in activity.evidence_meta}
    for path, record in new:
        if path not in paths:
            paths.append(path)
        if record is not None:
            records[path] = record
        else:
            records.pop(path, None)
    return activity._replace(evidence=tuple(paths), evidence_meta=tuple(records[p] for p in paths if p in records))


def check_against_pack(activity: Activity, pack: RulePack, known_ids: set[int]) -> None:
    """Validate an activity built from options; errors name the option, exit 2."""
    try:
        validate_activity(activity, pack, known_ids=known_ids)
    except LedgerError as error:
        field = error.field or ""
        option = "" if field in ("", "kind") else field.replace("_", "-")
        raise UsageError(f"--{option}: {error.message}" if option else error.message) from None
