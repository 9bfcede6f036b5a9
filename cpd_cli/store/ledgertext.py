"""The ledger written: a TOML document of known keys in a stable order, then text in cpd's layout.

Keys this version does not know, kept in ``extra`` when the ledger was read
(:mod:`cpd_cli.store.codec`), are written back unchanged after the known keys.
The format's version, and :func:`~cpd_cli.store.codec.dumps`, are the codec's.
"""

from __future__ import annotations

from typing import Any

from cpd_cli.core.fields import FIELDS, PROFILE_FIELDS
from cpd_cli.core.model import (
    Activity,
    Ledger,
)

ACTIVITY_KEYS = tuple(field.name for field in FIELDS)  # in the order they are written


PROFILE_KEYS = PROFILE_FIELDS


TOP_KEYS = ("schema", "last_id", "profile", "activity")


def document_of(ledger: Ledger, schema: int) -> dict[str, Any]:
    """The ledger as a TOML document in format version ``schema``: known keys in a stable order, unknown kept."""
    document: dict[str, Any] = {"schema": schema}
    if ledger.last_id:
        document["last_id"] = ledger.last_id
    document.update(ledger.extra)
    profile = {key: getattr(ledger.profile, key) for key in PROFILE_KEYS}
    profile = {key: value for key, value in profile.items() if value is not None}
    profile.update(ledger.profile.extra)
    if profile:
        document["profile"] = profile
    if ledger.activities:  # never `activity = []`: a hand-added [[activity]] would clash with it
        document["activity"] = [activity_to_table(activity) for activity in ledger.activities]
    return document


def activity_to_table(activity: Activity) -> dict[str, Any]:
    """The activity's TOML table: its fields in the table's order, those at their default left out."""
    table: dict[str, Any] = {}
    for field in FIELDS:
        value = activity.details.get(field.name) if field.detail else getattr(activity, field.name)
        if value is None or value == _DEFAULTS.get(field.name):
            continue
        table[field.name] = field.type.write(value)
    table.update(activity.extra)
    return table


_DEFAULTS = Activity._field_defaults  # status "done", passed and core true, no evidence: not written


HEADER = (  # the file says itself what a hand edit keeps: cpd writes the data back, not the comments
    "# cpd ledger — see `cpd --help`. "
    "Hand edits are fine (comments are not kept when cpd writes it); keep ids unique.\n"
)


def render_document(document: dict[str, Any]) -> str:
    lines = [HEADER.rstrip("\n")]
    tables = {key: value for key, value in document.items() if key in ("profile", "activity")}
    lines += [_line(key, value) for key, value in document.items() if key not in tables]
    if "profile" in tables:
        lines += ["", "[profile]", *(_line(key, value) for key, value in tables["profile"].items())]
    for table in tables.get("activity", []):
        lines += ["", "[[activity]]", *(_line(key, value) for key, value in table.items())]
    return "\n".join(lines) + "\n"


def _line(key: str, value: Any) -> str:
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        items = "".join(f"    {_literal(item)},\n" for item in value)
        return f"{_key(key)} = [\n{items}]"
    return f"{_key(key)} = {_literal(value)}"


def _key(key: str) -> str:
    import tomli_w

    return tomli_w.dumps({key: 0}).rsplit(" = ", 1)[0]


def _literal(value: Any) -> str:
    """One value on one line: inline tables and arrays for anything nested."""
    import tomli_w

    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_literal(v)}" for k, v in value.items()) + " }" if value else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_literal(item) for item in value) + "]"
    return tomli_w.dumps({"v": value}).removeprefix("v = ").removesuffix("\n")
