"""What several test files share: ledgers, and how a one-line error is checked."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli


def status(cli: Cli, *args: str) -> dict:  # type: ignore[type-arg]
    result = cli("status", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def add(cli: Cli, *args: str) -> None:
    result = cli("add", *args)
    assert result.exit_code == 0, result.output


PAPER = '[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\n'


POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files: symlinks, modes, owners, /dev/full")


def write_ledger(cli: Cli, text: str) -> bytes:
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    cli.ledger.write_text(text, encoding="utf-8")
    return cli.ledger.read_bytes()


def one_line_error(result: Any, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return str(lines[0])


GOOD = """\
schema = 1
[profile]
name = "张三"
unit = "洪州学院"

[[activity]]
id = 1
kind = "paper"
title = "深度学习在赣南脐橙病害识别中的应用"
date = 2024-03-15
evidence = ["/tmp/paper.pdf"]

[[activity]]
id = 2
kind = "training"
title = "公需课"
date = 2024-04-01
subject = "public"
minutes = 100
"""


def write_file(path: Path, text: str) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()
