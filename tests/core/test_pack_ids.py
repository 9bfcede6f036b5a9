"""A pack's ids are names, its numbers bounded; the bundle's member names stay inside their folder."""

from __future__ import annotations

import json
import posixpath
import zipfile
from pathlib import Path

import pytest
import tomli
import tomli_w

from cpd_cli.core.rules import ID_PATTERN, PACKS_FOLDER, parse_pack
from cpd_cli.errors import ExitCode, RulesError
from tests.conftest import Cli
from tests.helpers import one_line_error, write_ledger


def test_a_profile_rules_id_cannot_reach_outside_the_packs_folder(cli: Cli, tmp_path: Path) -> None:
    import cpd_cli.core
    from cpd_cli.store.paths import user_packs_folder

    packs = user_packs_folder()
    outside = packs.parent.parent / "x.toml"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_text(
        (Path(cpd_cli.core.__file__).parent / "packs" / "jiangxi-2023.toml")
        .read_text(encoding="utf-8")
        .replace('id = "jiangxi-2023"', 'id = "../../x"', 1),
        encoding="utf-8",
    )
    for pack_id in ("../../x", str(outside.with_suffix("")), "a/b", "..", "x\\y"):
        write_ledger(cli, f"[profile]\nrules = {json.dumps(pack_id)}\n")
        line = one_line_error(cli("status"), ExitCode.RULES)
        assert "is not a rule pack id" in line, line


SHIPPED = (PACKS_FOLDER / "jiangxi-2023.toml").read_text(encoding="utf-8")


def with_first_kind(kind: str) -> str:
    data = tomli.loads(SHIPPED)
    data["rule"][0]["kind"] = kind
    data["case"] = []
    return tomli_w.dumps(data)


def test_every_shipped_id_is_a_slug() -> None:
    for path in PACKS_FOLDER.glob("*.toml"):
        pack = parse_pack(path.read_text(encoding="utf-8"), source=path.name)
        for rule in pack.rules:
            assert ID_PATTERN.fullmatch(rule.kind)
            assert all(ID_PATTERN.fullmatch(value) for value in (rule.choice.rates if rule.choice else ()))


@pytest.mark.parametrize(
    "kind", ["/../../../../x", "a/b", "..", "a\r\nb", "Paper", "x" * 41, "", "-x", "a--b", "课程", "a b", "C:x"]
)
def test_a_kind_that_is_not_a_slug_is_refused_on_one_line(kind: str) -> None:
    with pytest.raises(RulesError) as caught:
        parse_pack(with_first_kind(kind), source="p.toml")
    message = str(caught.value)
    assert "is not an id: lower-case letters and digits" in message
    assert "\n" not in message and "\r" not in message and message.startswith("p.toml: rule #1: kind ")


def test_a_rate_key_that_is_not_a_slug_is_refused() -> None:
    text = SHIPPED.replace("rates = { sole = 20, edited = 10 }", 'rates = { sole = 20, "../x" = 10 }')
    with pytest.raises(RulesError, match=r"rule 'book' rates: role '../x' is not an id"):
        parse_pack(text, source="p.toml")


def test_a_kind_with_a_line_break_names_the_pack_on_one_line(cli: Cli, tmp_path: Path) -> None:
    pack = tmp_path / "p.toml"
    pack.write_text(with_first_kind("a\nb"), encoding="utf-8")
    line = one_line_error(cli("--rules", str(pack), "status"), ExitCode.RULES)
    assert line.endswith("kind 'a\\nb' is not an id: lower-case letters and digits, joined by single '-' or '_', "
                         "starting with a letter, at most 40 characters")  # fmt: skip


@pytest.mark.parametrize("number", ["9" * 4301, "1e999999999", "1e200", "2000000", "0.00000000001"])
def test_a_number_out_of_bounds_in_a_pack_is_refused_not_a_crash(cli: Cli, tmp_path: Path, number: str) -> None:
    pack = tmp_path / "p.toml"
    pack.write_text(SHIPPED.replace("rates = { sole = 20,", f"rates = {{ sole = {number},"), encoding="utf-8")
    write_ledger(cli, '[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\n')
    for command in (
        ["status"],
        ["add", "paper", "--title", "y", "--date", "2024-01-02"],
        ["rules", "--validate", str(pack)],
    ):
        args = command if command[0] == "rules" else ["--rules", str(pack), *command]
        line = one_line_error(cli(*args), ExitCode.RULES)
        assert "p.toml" in line


def test_a_whole_number_of_4301_digits_in_the_profile_is_refused_by_every_command(cli: Cli) -> None:
    before = write_ledger(cli, "[profile]\nx = " + "9" * 4301 + "\n")
    for command in (
        ["status"],
        ["add", "paper", "--title", "y", "--date", "2024-01-02"],
        ["edit", "1", "--title", "z"],
    ):
        line = one_line_error(cli(*command), ExitCode.LEDGER)
        assert "a whole number has more than 100 digits (line 2)" in line
    assert cli.ledger.read_bytes() == before


def test_every_bundle_member_name_stays_inside_its_folder(cli: Cli, tmp_path: Path) -> None:
    evidence = tmp_path / "ev"
    evidence.mkdir()
    hostile = ["../../../../x.pdf", "..\\..\\y.pdf", "C:z.pdf", "/abs.pdf", ".hidden", "a\u202efdp.exe", "..."]
    made = []
    for number, name in enumerate(hostile):
        path = evidence / f"{number}-{name.replace('/', '_')}"
        path.write_bytes(b"x")
        made.append(str(path))
    titles = ["../../../../etc/passwd", "..\\..\\evil", "/root", "C:\\win", "a/../../b", "..a..", ". .."]
    lines = []
    for number, title in enumerate(titles, 1):
        lines.append(f'[[activity]]\nid = {number}\nkind = "paper"\ntitle = {tomli_w.dumps({"t": title})[4:]}'
                     f'date = 2024-01-0{number}\nevidence = {tomli_w.dumps({"e": made})[4:]}')  # fmt: skip
    write_ledger(cli, "\n".join(lines))
    target = tmp_path / "out" / "b.zip"
    target.parent.mkdir()
    result = cli("export", "--year", "2024", "--bundle", str(target))
    assert result.exit_code in (0, ExitCode.PROBLEMS), result.output
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert len(names) > 3
        for name in names:
            assert not name.startswith("/") and "\\" not in name and ":" not in name, name
            parts = name.split("/")
            assert len(parts) <= 2 and all(part not in ("", ".", "..") for part in parts), name
            assert posixpath.normpath(name) == name, name
            assert not any(ord(char) < 32 for char in name), name
        archive.extractall(tmp_path / "unpacked")
    unpacked = (tmp_path / "unpacked").resolve()
    for path in unpacked.rglob("*"):
        assert unpacked in path.resolve().parents
