"""A ledger saved in another encoding (Notepad's ANSI is GBK on a Chinese Windows; its Unicode is
UTF-16): named by its first line that is not UTF-8, and converted with ``cpd ledger --reencode``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from cpd_cli.store import ledger as store
from tests.conftest import Cli

LEDGER = """schema = 1
# 我的台账

[profile]
name = "张三"

[[activity]]
id = 1
kind = "training"
title = "2024年公需科目网络培训"
subject = "public"
hours = 30
date = 2024-04-20
"""


def saved(cli: Cli, encoding: str, text: str = LEDGER) -> bytes:
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data  # Notepad's "Unicode" starts with its byte-order mark
    cli.ledger.write_bytes(data)
    return data


@pytest.mark.parametrize(
    ("encoding", "line", "named"), [("gbk", 2, "gbk"), ("gb18030", 2, "gbk"), ("utf-16-le", 1, "utf-16-le")]
)
def test_a_ledger_not_in_utf8_names_its_line_and_the_way_forward(
    cli: Cli, encoding: str, line: int, named: str
) -> None:
    data = saved(cli, encoding)
    result = cli("status")
    assert result.exit_code == 3 and len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert f"line {line} is not UTF-8 text" in result.stderr and "byte" not in result.stderr
    assert f"cpd ledger --reencode {named}" in result.stderr and "另存为" in result.stderr
    assert cli.ledger.read_bytes() == data


def test_bytes_no_encoding_reads_say_only_to_save_as_utf8(cli: Cli) -> None:
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_bytes(b'schema = 1\n[profile]\nname = "\x81\xff"\n')
    result = cli("status")
    assert result.exit_code == 3 and "line 3 is not UTF-8 text" in result.stderr
    assert "--reencode" not in result.stderr and "另存为" in result.stderr


@pytest.mark.parametrize("encoding", ["gbk", "GBK", "cp936", "utf-16-le"])
def test_reencode_converts_exactly_and_undo_gives_the_old_bytes_back(cli: Cli, encoding: str) -> None:
    data = saved(cli, "gbk" if encoding.lower() in ("gbk", "cp936") else encoding)
    result = cli("ledger", "--reencode", encoding)
    assert result.exit_code == 0, result.output
    assert "to UTF-8" in result.stdout and "cpd undo" in result.stdout
    assert cli.ledger.read_bytes() == LEDGER.encode("utf-8")  # the text as it was, comment and all; no mark
    shown = json.loads(cli("list", "--json").stdout)
    assert shown[0]["title"] == "2024年公需科目网络培训"
    assert cli.ledger.with_name(cli.ledger.name + ".bak").read_bytes() == data
    assert cli("undo").exit_code == 0
    assert cli.ledger.read_bytes() == data
    assert cli("status").exit_code == 3  # as it was before


def test_reencode_of_a_utf8_ledger_changes_nothing(cli: Cli) -> None:
    saved(cli, "utf-8")
    result = cli("ledger", "--reencode", "gbk")
    assert result.exit_code == 0 and "UTF-8 already; nothing was changed" in result.stdout
    assert cli("undo").exit_code != 0  # nothing was journaled


def test_reencode_with_the_wrong_encoding_is_refused(cli: Cli) -> None:
    data = saved(cli, "gbk")
    result = cli("ledger", "--reencode", "utf-16-le")  # decodes, but to no ledger
    assert result.exit_code == 3 and cli.ledger.read_bytes() == data
    result = cli("ledger", "--reencode", "ascii")
    assert result.exit_code == 3 and "line 2 is not ascii text either; nothing was changed" in result.stderr
    assert cli.ledger.read_bytes() == data


def test_reencode_of_an_unknown_encoding_is_a_usage_error(cli: Cli) -> None:
    saved(cli, "gbk")
    result = cli("ledger", "--reencode", "klingon")
    assert result.exit_code == 2 and "'klingon' is not an encoding" in result.stderr


def test_reencode_without_a_ledger(cli: Cli) -> None:
    result = cli("ledger", "--reencode", "gbk")
    assert result.exit_code == 3 and "no ledger file here to convert" in result.stderr


def test_ledger_says_where_and_what(cli: Cli) -> None:
    assert "no ledger yet" in cli("ledger").stdout
    saved(cli, "utf-8")
    assert cli("ledger").stdout.strip() == f"{cli.ledger}: UTF-8"
    saved(cli, "gbk")
    assert cli("ledger").exit_code == 3


def test_detection_is_one_function_of_the_store() -> None:
    assert store.encoding_of("学时".encode("gbk")) == "gbk"
    assert store.encoding_of("𠀀".encode("gb18030")) == "gb18030"  # beyond GBK
    assert store.encoding_of(b"\xfe\xff\x00a") == "utf-16-be"
    assert store.encoding_of(b"\x81\xff") is None
    assert store.decode("学时".encode()) == "学时"


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need a privilege on Windows")
def test_a_ledger_through_a_link_is_converted_at_its_target(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "synced" / "ledger.toml"
    target.parent.mkdir()
    target.write_bytes(LEDGER.encode("gbk"))
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.symlink_to(target)
    result = cli("ledger", "--reencode", "gbk")
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() == LEDGER.encode("utf-8") and cli.ledger.is_symlink()
