"""One table of activity fields: the store, the options, validation and `edit --unset` all follow it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cpd_cli.core.fields import BY_NAME, DETAIL_FIELDS, FIELDS, PROFILE_FIELDS, UNSETTABLE
from cpd_cli.core.fieldtypes import Paths
from cpd_cli.core.model import Activity, Profile
from cpd_cli.core.validate import validate_activity
from cpd_cli.errors import LedgerError
from cpd_cli.store import codec
from tests.conftest import Cli, act

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


@pytest.mark.parametrize(
    ("source", "written"),
    [
        (DATA / "year-2024.toml", DATA / "written-year-2024.toml"),
        (ROOT / "cpd_cli" / "demo.toml", DATA / "written-demo.toml"),
    ],
)
def test_the_ledger_is_written_exactly_as_before(source: Path, written: Path) -> None:
    """Key names, their order and the defaults left out are the ledger format: other tools read it."""
    expected = written.read_text(encoding="utf-8")
    assert codec.dumps(codec.loads(source.read_text(encoding="utf-8"))) == expected
    assert codec.dumps(codec.loads(expected)) == expected


def test_the_table_is_every_key_of_an_activity_in_the_order_written() -> None:
    assert tuple(field.name for field in FIELDS) == codec.ACTIVITY_KEYS
    attributes = set(Activity._fields) - {"details", "extra"}
    assert {field.name for field in FIELDS if not field.detail} == attributes
    assert codec.PROFILE_KEYS == PROFILE_FIELDS == tuple(name for name in Profile._fields if name != "extra")
    assert [field.name for field in FIELDS if field.required] == ["id", "kind", "title", "date"]


def test_defaults_are_left_out_and_the_rest_written_in_table_order() -> None:
    activity = act(3, "exam", "2024-05-01", level="junior", passed=False, status="done", note="n", journal="j")
    table = codec.activity_to_table(activity)
    assert list(table) == ["id", "kind", "title", "date", "passed", "level", "journal", "note"]
    assert table["passed"] is False and "status" not in table and "core" not in table


@pytest.mark.parametrize("name", DETAIL_FIELDS)
def test_a_detail_field_is_read_offered_and_checked(cli: Cli, name: str) -> None:
    result = cli("add", "paper", "--title", "论文", "--date", "2024-03-01", f"--{name}", "某某")
    assert result.exit_code == 0, result.output
    assert tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][0][name] == "某某"
    assert f"--{name}" in cli("edit", "--help").stdout
    bad = cli("edit", "1", f"--{name}", "a\x1bb")
    assert bad.exit_code == 2 and f"--{name}: contains the control character U+001B" in bad.stderr


@pytest.mark.parametrize("name", UNSETTABLE)
def test_every_unsettable_field_can_be_unset(cli: Cli, tmp_path: Path, name: str) -> None:
    proof = tmp_path / "proof.pdf"
    proof.write_text("x", encoding="utf-8")
    cli("add", "paper", "--title", "甲", "--date", "2024-03-01")
    given = {"start": "2024-02-01", "same_as": "1", "makeup_for": "2023", "evidence": str(proof)}.get(name, "某某")
    added = cli("add", "paper", "--title", "乙", "--date", "2024-03-02", f"--{name.replace('_', '-')}", given)
    assert added.exit_code == 0, added.output
    assert name in tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][1]
    result = cli("edit", "2", "--unset", name.replace("_", "-"))
    assert result.exit_code == 0, result.output
    written = tomllib.loads(cli.ledger.read_text(encoding="utf-8"))["activity"][1]
    assert name not in written and "evidence_meta" not in written
    assert ", ".join(UNSETTABLE) in " ".join(cli("edit", "--help").stdout.split())


def test_a_field_that_is_not_unsettable_is_refused(cli: Cli) -> None:
    assert UNSETTABLE == (
        "start",
        "same_as",
        "makeup_for",
        "journal",
        "organiser",
        "place",
        "number",
        "note",
        "evidence",
    )
    cli("add", "paper", "--title", "甲", "--date", "2024-03-01")
    result = cli("edit", "1", "--unset", "title")
    assert result.exit_code == 2 and f"(can: {', '.join(UNSETTABLE)})" in result.stderr


@pytest.mark.parametrize("field", [f for f in FIELDS if f.type.holds_text], ids=lambda f: f.name)
def test_validation_checks_every_text_field(pack, field) -> None:  # type: ignore[no-untyped-def]
    value = "x" * (field.longest + 1)
    if field.detail:
        activity = act(1, "paper", "2024-03-01", **{field.name: value})
    elif isinstance(field.type, Paths):
        activity = act(1, "paper", "2024-03-01", evidence=[value])
    else:
        activity = act(1, "paper", "2024-03-01", **{field.name: value})
    with pytest.raises(LedgerError) as error:
        validate_activity(activity, pack, known_ids={1})
    assert error.value.field == field.name and "too long" in error.value.message
    newline = act(
        1, "paper", "2024-03-01", **({field.name: ["a\nb"]} if isinstance(field.type, Paths) else {field.name: "a\nb"})
    )
    if field.multiline:
        validate_activity(newline, pack, known_ids={1})
    else:
        with pytest.raises(LedgerError, match="U\\+000A"):
            validate_activity(newline, pack, known_ids={1})


def test_every_option_help_is_a_translated_message() -> None:
    from tools.i18n import extract

    messages = set(extract())
    assert all(field.help in messages for field in FIELDS if field.help)
    assert BY_NAME["title"].option == "--title" and BY_NAME["same_as"].option == "--same-as"
