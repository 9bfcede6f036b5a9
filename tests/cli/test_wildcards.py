"""Wildcards in evidence paths: expanded by cpd on every platform (cmd leaves them to the program),
each match recorded and said; a pattern matching nothing is an error; no other value is expanded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.fixture
def certificates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "证书"
    folder.mkdir()
    for name in ("b.pdf", "a.pdf", "c.jpg"):
        (folder / name).write_bytes(name.encode())
    (folder / "sub.pdf").mkdir()  # a folder that matches is no evidence file
    monkeypatch.chdir(tmp_path)
    return folder


def evidence(cli: Cli, id: int = 1) -> list[str]:
    shown: list[str] = json.loads(cli("show", str(id), "--json").stdout)["evidence"]
    return shown


def test_a_pattern_is_expanded_each_match_recorded_and_said(cli: Cli, certificates: Path) -> None:
    pattern = str(certificates / "*.pdf")
    result = cli("add", "paper", "--title", "论文*", "--date", "2024-03-15", "--evidence", pattern)
    assert result.exit_code == 0, result.output
    assert evidence(cli) == [str(certificates / "a.pdf"), str(certificates / "b.pdf")]
    assert f"{pattern}: 2 files: a.pdf, b.pdf" in result.stderr
    assert result.stdout.count("evidence: ") == 2
    assert json.loads(cli("show", "1", "--json").stdout)["title"] == "论文*"  # a title is never expanded


def test_attach_expands_a_relative_pattern_too(cli: Cli, certificates: Path) -> None:
    cli("add", "paper", "--title", "p", "--date", "2024-03-15")
    result = cli("attach", "1", "证书/?.*")
    assert result.exit_code == 0, result.output
    assert evidence(cli) == [str(certificates / name) for name in ("a.pdf", "b.pdf", "c.jpg")]
    assert "attach 3 files" in cli("undo").stdout


@pytest.mark.parametrize("allow", [[], ["--allow-missing"]])
def test_a_pattern_that_matches_nothing_is_refused(cli: Cli, certificates: Path, allow: list[str]) -> None:
    cli("add", "paper", "--title", "p", "--date", "2024-03-15")
    before = cli.ledger.read_bytes()
    result = cli("attach", "1", *allow, str(certificates / "*.png"))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "matches no file" in result.stderr and "expands the wildcards" in result.stderr
    assert "--allow-missing" not in result.stderr
    assert cli.ledger.read_bytes() == before
    assert cli("attach", "1", str(certificates / "sub.*")).exit_code == 2  # only a folder matches


def test_a_file_named_with_brackets_is_that_file(cli: Cli, certificates: Path) -> None:
    (certificates / "报告[1].pdf").write_bytes(b"x")
    (certificates / "报告1.pdf").write_bytes(b"y")
    cli("add", "paper", "--title", "p", "--date", "2024-03-15")
    assert cli("attach", "1", str(certificates / "报告[1].pdf")).exit_code == 0
    assert evidence(cli) == [str(certificates / "报告[1].pdf")]


def test_a_quoted_pattern_reaches_cpd_from_the_shell_and_is_expanded(tmp_path: Path) -> None:
    """A real process: on Windows click would expand it before cpd (cpd asks it not to); the
    pattern reaches cpd as typed everywhere, and cpd expands it."""
    (tmp_path / "rel.pdf").write_bytes(b"x")
    ledger = tmp_path / "ledger.toml"
    command = [sys.executable, "-m", "cpd_cli", "--ledger", str(ledger), "add", "paper", "--date", "2024-03-15"]
    done = subprocess.run([*command, "--title", "rel*", "--evidence", "rel*"], cwd=tmp_path, capture_output=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})  # fmt: skip
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    stored = tomllib.loads(ledger.read_text(encoding="utf-8"))["activity"][0]
    assert stored["title"] == "rel*" and stored["evidence"] == [str(tmp_path / "rel.pdf")]
