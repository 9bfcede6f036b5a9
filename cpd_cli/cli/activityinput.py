"""The options that describe an activity, shared by ``cpd add KIND`` and ``cpd edit``.

``add`` offers each kind only the options its rule uses; ``edit`` offers all of
them.  Values are parsed here (Chinese names accepted) into model fields.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import IO, Any, TypeVar

import click
import typer

from cpd_cli.core.fields import BY_NAME, FIELDS
from cpd_cli.core.fieldtypes import Choice, Paths
from cpd_cli.core.model import FLAG_FIELDS, TIME_FIELDS, Activity, EvidenceRecord
from cpd_cli.core.rules import Rule, RulePack
from cpd_cli.core.validate import control_character, validate_activity, where
from cpd_cli.errors import CpdError, LedgerError, UsageError
from cpd_cli.i18n import N_plural, _, language, listed
from cpd_cli.messages import plural, unusable_state
from cpd_cli.store import evidence as evidence_files

T = TypeVar("T")


# ---------------------------------------------------------------- parsing


def interactive() -> bool:
    """Whether a person can answer a prompt: stdin is there, a terminal, and on Windows a console."""
    stdin = sys.stdin
    try:
        return stdin is not None and stdin.isatty() and console(stdin)
    except ValueError:  # closed
        return False


def console(stream: IO[str]) -> bool:
    """Whether the terminal ``stream`` is a console one can type at.

    On Windows ``isatty()`` is true of any character device, so of ``< NUL``
    too: only a console has a console mode.  Elsewhere a terminal is one.
    """
    if sys.platform != "win32":
        return True
    import ctypes
    import msvcrt

    try:
        handle = msvcrt.get_osfhandle(stream.fileno())
    except (OSError, ValueError):  # no descriptor, or no handle behind it
        return False
    mode = ctypes.c_ulong()
    return bool(ctypes.windll.kernel32.GetConsoleMode(ctypes.c_void_p(handle), ctypes.byref(mode)))


def require(given: T | None, option: str, question: str, parse: Callable[[str], T]) -> T:
    """The value of a required option: given, asked for at a terminal, or an error.

    At a terminal each answer is taken by ``parse`` (which raises a
    :class:`~cpd_cli.errors.CpdError` for a bad one) as it is typed, and asked for
    again, so a bad answer never costs what was typed at the other prompts.
    """
    if given is not None:
        return given
    if interactive():
        return ask(question, parse)
    raise UsageError(_("{option} is required").format(option=option))


def ask(question: str, parse: Callable[[str], T], *, default: str | None = None) -> T:
    """One answer typed at the terminal, taken by ``parse``; asked again until it takes it (and it is not empty)."""

    def taken(text: str) -> T:
        if not text.strip():
            raise click.UsageError(_("an answer is needed"))
        try:
            return parse(text.strip())
        except CpdError as error:
            raise click.UsageError(str(error)) from None

    answer: T = click.prompt(question, default=default, value_proc=taken, prompt_suffix=prompt_suffix())
    return answer


def answer_to(name: str, rule: Rule | None = None) -> Callable[[str], Any]:
    """How an answer to the prompt for the field ``name`` is taken: as its option's value is."""
    field = BY_NAME[name]
    return lambda text: field.type.parse(text, field.option, rule)


def prompt_suffix() -> str:
    """What ends a question: a colon of the language's kind."""
    return "：" if language() == "zh" else ": "


def model_fields(options: Mapping[str, Any], rule: Rule | None, *, allow_missing: bool) -> dict[str, Any]:
    """The model fields that ``options`` (their values taken by the fields' types) set, only those
    given, in the field table's order: one time field replaces the others, descriptive fields go in
    ``details``, a value the rule rates is taken by the rule, evidence files are read."""
    given_time = [name for name in TIME_FIELDS if options.get(name) is not None]
    if len(given_time) > 1:
        given = _(" and ").join("--" + name for name in given_time)
        raise UsageError(_("give one of --hours, --minutes or --days, not {given}").format(given=given))
    fields: dict[str, Any] = {}
    details: dict[str, str] = {}
    for field in FIELDS:
        name = field.name
        if name in FLAG_FIELDS:  # --not-passed (add) sets false; --passed/--not-passed (edit) either way
            if options.get(f"not_{name}"):
                fields[name] = False
            if options.get(name) is not None:
                fields[name] = options[name]
            continue
        value = options.get(name)
        if value is None or name in ("id", "kind", "evidence_meta"):
            continue
        if field.detail:
            details[name] = value
        elif name in TIME_FIELDS:
            fields.update(dict.fromkeys(TIME_FIELDS))  # one time field replaces the others
            fields[name] = value
        elif isinstance(field.type, Choice):
            fields[name] = field.type.parse(value, field.option, rule)  # edit learns the rule only now
        elif isinstance(field.type, Paths):
            if value:
                fields["evidence_new"] = attach(list(value), allow_missing=allow_missing)
        else:
            fields[name] = value
    if details:
        fields["details"] = details
    return fields


WILDCARDS = re.compile(r"[*?\[]")  # what glob expands


def expand(paths: list[str], option: str = "--evidence") -> list[str]:
    """Evidence paths with each wildcard pattern (``*``, ``?``, ``[...]``) replaced by the files it
    matches, in name order, on every platform: cmd leaves ``D:\\证书\\*.pdf`` to the program, and a
    quoted pattern reaches cpd from any shell.  A path that names a file as it is (``报告[1].pdf``)
    is that file.  A pattern that matches no file is refused: it is never recorded as a path."""
    import glob

    found: list[str] = []
    for given in paths:
        if not WILDCARDS.search(given) or os.path.isfile(given):
            found.append(given)
            continue
        matches = sorted(match for match in glob.glob(given) if os.path.isfile(match))
        if not matches:
            raise UsageError(
                _(
                    "{option}: {pattern} matches no file (cpd expands the wildcards * ? [ ] of evidence paths "
                    "itself); nothing was recorded"
                ).format(option=option, pattern=_shown(given))
            )
        typer.echo(
            plural(MATCHED, len(matches)).format(
                pattern=_shown(given), count=len(matches), names=listed(os.path.basename(m) for m in matches)
            ),
            err=True,
        )
        found += matches
    return found


MATCHED = N_plural("{pattern}: {count} file: {names}", "{pattern}: {count} files: {names}")


def attach(paths: list[str], *, allow_missing: bool, option: str = "--evidence") -> list[tuple[str, Any]]:
    """Each path, a pattern expanded (:func:`expand`), made absolute and fingerprinted; a missing
    one refused unless allowed.

    A file name is refused as the argument ``option`` names (exit 2) before the
    ledger could hold something it would refuse on reading.
    """
    found: list[tuple[str, EvidenceRecord | None]] = []
    for given in paths:  # a name cpd could not store is refused before it is taken as a pattern
        _check_name(given, given, option)
    for given in expand(paths, option):
        path = evidence_files.absolute(given)
        _check_name(path, given, option)
        if len(path) > BY_NAME["evidence"].longest:
            raise UsageError(
                _("{option}: the file name is {length:,} characters long (at most {most:,})").format(
                    option=option, length=len(path), most=BY_NAME["evidence"].longest
                )
            )
        record = evidence_files.fingerprint(path)
        if isinstance(record, evidence_files.Unusable):
            if record.problem != "missing":
                raise UsageError(
                    _("{option}: {path} {state}").format(
                        option=option, path=_shown(given), state=unusable_state(record.problem, record.reason)
                    )
                )
            if not allow_missing:
                raise UsageError(
                    _("{option}: no such file: {path} (use --allow-missing to record it anyway)").format(
                        option=option, path=_shown(given)
                    )
                )
            found.append((path, None))
        else:
            found.append((path, record))
    return found


def _check_name(path: str, given: str, option: str) -> None:
    """Refuse a file name the ledger could not hold: not UTF-8, or with a control character."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(
            _("{option}: the file name {name} is not UTF-8 text; rename the file first").format(
                option=option, name=_shown(given)
            )
        ) from None
    bad = control_character(path)
    if bad is not None:
        raise UsageError(
            _("{option}: the file name {name} contains the control character U+{code:04X}").format(
                option=option, name=_shown(given), code=ord(bad)
            )
        )


def _shown(name: str) -> str:
    """A file name with its undecodable bytes and unprintable characters spelled out (``\\x1b``)."""
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in name)


def with_evidence(activity: Activity, new: list[tuple[str, Any]], paths: ModuleType = os.path) -> Activity:
    """``activity`` with the new evidence paths added (re-attaching refreshes the hash).

    A path that names a file already attached, spelled differently (on Windows:
    another case, ``/`` for ``\\``), is that file: the first spelling is kept.
    ``paths`` is the platform's path module.
    """
    evidence = list(activity.evidence)
    records = {r.path: r for r in activity.evidence_meta}
    spelling: dict[str, str] = {}
    for path in evidence:
        spelling.setdefault(evidence_files.same_file(path, paths), path)
    for given, record in new:
        path = spelling.setdefault(evidence_files.same_file(given, paths), given)
        if path not in evidence:
            evidence.append(path)
        if record is not None:
            records[path] = record._replace(path=path)
        else:
            records.pop(path, None)
    return activity._replace(
        evidence=tuple(evidence), evidence_meta=tuple(records[p] for p in evidence if p in records)
    )


def check_against_pack(activity: Activity, pack: RulePack, known_ids: set[int]) -> None:
    """Validate an activity built from options; errors name the option, exit 2."""
    try:
        validate_activity(activity, pack, known_ids=known_ids)
    except LedgerError as error:
        field = error.field or ""
        option = "" if field in ("", "kind") else field.replace("_", "-")
        message = (
            _("{option}: {message}").format(option=f"--{option}", message=error.message) if option else error.message
        )
        if field in FLAG_FIELDS:  # a flag the kind does not use: say which activity, as a ledger's error does
            message = f"{where(activity.id, field)}: {message}"
        raise UsageError(message) from None
