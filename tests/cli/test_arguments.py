"""Command-line arguments that are not UTF-8 are refused in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cpd_cli.errors import ExitCode
from tests.conftest import Cli
from tests.helpers import PAPER, POSIX, one_line_error, write_ledger


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["add", "paper", "--title", "\udcff\udcfe", "--date", "2024-01-02"],
            "--title: is not UTF-8 text (b'\\xff\\xfe')",
        ),
        (["add", "paper", "--title", "t", "--note", "a\udcff", "--date", "2024-01-02"], "--note: is not UTF-8 text"),
        (["edit", "1", "--note", "\udce9t\udce9"], "--note: is not UTF-8 text (b'\\xe9t\\xe9')"),
        (["profile", "set", "name", "\udcff"], "the text given is not UTF-8 (b'\\xff'), so it cannot be saved"),
    ],
)
def test_bytes_that_are_not_utf8_on_the_command_line_are_refused(cli: Cli, args: list[str], message: str) -> None:
    """What a POSIX shell passes for `--title $'\\xff\\xfe'`: Python keeps such bytes as surrogates."""
    raw = write_ledger(cli, PAPER)
    line = one_line_error(cli(*args), ExitCode.USAGE)
    assert message in line
    assert cli.ledger.read_bytes() == raw


@POSIX
def test_bytes_that_are_not_utf8_in_a_real_argument_list(ledger_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cpd_cli",
            "--ledger",
            str(ledger_path),
            "add",
            "paper",
            "--title",
            b"\xff\xfe",
            "--date",
            "2024-01-02",
        ],
        capture_output=True,
    )
    assert result.returncode == ExitCode.USAGE and b"is not UTF-8 text" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and not ledger_path.exists()
