"""The rule pack a ledger's ``[profile]`` names, read without reading its activities
(:mod:`cpd_cli.store.ledgerpack`): wherever the ledger puts it, and always what reading the whole file finds;
and the ledger a Tab press reads, under the pack the command line names."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import tomli
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from cpd_cli.core.rules import PACKS_FOLDER
from cpd_cli.errors import RulesError
from cpd_cli.store.ledgerpack import profile_pack, profile_rules
from tests.conftest import Cli
from tests.test_newcomer import completions


@pytest.mark.parametrize(
    "text",
    [
        'schema = 1\n\n[profile]\nname = "张三"\nrules = "national-2015"\n\n[[activity]]\nid = 1\n',
        'schema = 1\n\n[[activity]]\nid = 1\nkind = "paper"\n\n[profile]\nrules = "national-2015"\n',
        'schema = 1\nprofile = { rules = "national-2015" }\n\n[[activity]]\nid = 1\n',
        '[profile] # mine\nrules = "national-2015"\n[[activity]]\nnote = """\n[profile]\nrules = "x"\n"""\n',
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])  # CRLF: a ledger saved by a Windows editor
def test_the_profiles_pack_is_found_wherever_the_ledger_puts_it(text: str, newline: str, tmp_path: Path) -> None:
    path = tmp_path / "ledger.toml"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    assert profile_rules(path) == "national-2015"


@pytest.mark.parametrize("text", ["", "schema = 1\n", "not [ toml", '[[activity]]\nid = 1\ntitle = "rules"\n'])
def test_no_profile_pack_is_none(text: str, tmp_path: Path) -> None:
    path = tmp_path / "ledger.toml"
    path.write_text(text, encoding="utf-8")
    assert profile_rules(path) is None
    assert profile_rules(tmp_path / "missing.toml") is None


TRICKY_TEXT = st.sampled_from(["rules", "[profile]", '\n[profile]\nrules = "x"\n', "\n[[activity]]\n", "规则", "a # b"])


@given(
    rules=st.one_of(st.none(), st.sampled_from(["national-2015", "jiangxi-2023"])),
    notes=st.lists(st.one_of(TRICKY_TEXT, st.text(max_size=20)), max_size=4),
    profile_last=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_reading_only_the_profile_agrees_with_reading_the_whole_ledger(
    rules: str | None, notes: list[str], profile_last: bool, newline: str
) -> None:
    """The profile-only read is a shortcut for a Tab press: it must find what tomli finds in the whole file."""
    profile = {"name": "张三", **({"rules": rules} if rules else {})}
    activities = "".join(
        f'[[activity]]\nid = {n}\nkind = "paper"\n' + tomli_w.dumps({"note": note}, multiline_strings=True) + "\n"
        for n, note in enumerate(notes, 1)
    )
    head = "schema = 1\n\n" + tomli_w.dumps({"profile": profile}) + "\n"
    text = ("schema = 1\n\n" + activities + tomli_w.dumps({"profile": profile})) if profile_last else head + activities
    text = text.replace("\n", newline)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.toml"
        path.write_bytes(text.encode("utf-8"))
        assert profile_rules(path) == tomli.loads(text).get("profile", {}).get("rules")


def test_the_pack_the_profile_names_is_loaded_and_an_unknown_one_named_with_the_ledger(tmp_path: Path) -> None:
    path = tmp_path / "ledger.toml"
    assert profile_pack(path).id == "jiangxi-2023"  # no ledger yet: the default pack
    path.write_text('[profile]\nrules = "national-2015"\n', encoding="utf-8")
    assert profile_pack(path).id == "national-2015"
    path.write_text('[profile]\nrules = "../elsewhere"\n', encoding="utf-8")
    with pytest.raises(RulesError, match=r"ledger\.toml: profile, field 'rules': '\.\./elsewhere' is not a rule pack"):
        profile_pack(path)


def test_a_tab_press_reads_the_ledger_under_the_pack_the_command_line_names(cli: Cli) -> None:
    """A ledger valid only under ``--rules FILE`` offers its ids with it and without: completion reads the ids
    without the pack's checks (store.ledgerentries), and the command says what is wrong."""
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    cli.ledger.write_text(
        '[profile]\nrules = "national-2015"\n\n[[activity]]\nid = 1\nkind = "paper"\ntitle = "论文"\n'
        "date = 2024-01-10\n",
        encoding="utf-8",
    )
    jiangxi = str(PACKS_FOLDER / "jiangxi-2023.toml")
    assert cli("--rules", jiangxi, "show", "1").exit_code == 0
    assert completions(["--ledger", str(cli.ledger), "--rules", jiangxi, "show"], "") == ["1"]
    assert completions(["--ledger", str(cli.ledger), "show"], "") == ["1"]  # no paper in national-2015: not checked
