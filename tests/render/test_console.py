"""The console and the encoding rule on Windows, tested everywhere by standing in for Windows' answers.

What the console's probe (GetConsoleMode, GetConsoleOutputCP) would say is injected; where
stdout goes (a console, a pipe, a ``>`` file) is a real descriptor of each kind.  Under Wine
(tools/windows-tests.sh) the tests marked so ask Windows itself.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cpd_cli.cli import output
from tests.conftest import Cli
from tests.render.test_terminal import DRAWING, _year

WINDOWS = sys.platform == "win32"


@pytest.fixture
def chinese_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdout is a Windows console in code page 936, as a Chinese Windows opens it."""
    monkeypatch.setattr(output, "console_code_page", lambda stream: 936)


@pytest.mark.usefixtures("chinese_console")
def test_a_console_in_code_page_936_draws_ascii_by_default(cli: Cli) -> None:
    _year(cli)
    for args in (["status", "--year", "2024"], ["list"], ["history"], ["rules"]):
        out = cli(*args).stdout
        assert not DRAWING.search(out), (args, DRAWING.findall(out))
    status = cli("status", "--year", "2024").stdout
    assert "-+-" in status and "#" in status  # tables and bars, in ASCII
    assert "深度学习在赣南脐橙病害识别中的应用" in status


@pytest.mark.usefixtures("chinese_console")
@pytest.mark.parametrize("how", ["--unicode", "CPD_ASCII=0"])
def test_unicode_opts_back_in_to_box_lines(cli: Cli, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    _year(cli)
    options = [how] if how.startswith("--") else []
    if not options:
        monkeypatch.setenv(*how.split("="))
    out = cli(*options, "list").stdout
    assert "│" in out or "─" in out
    assert cli("list").stdout != out or options == []  # it lasts one run


def test_ascii_and_unicode_together_are_refused(cli: Cli) -> None:
    result = cli("--ascii", "--unicode", "list")
    assert result.exit_code == 2 and "--ascii and --unicode" in result.stderr


def test_the_option_wins_over_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPD_ASCII", "1")
    output.ask_for_ascii(False)
    try:
        assert output.asked_for_ascii() is False
    finally:
        output.ask_for_ascii(None)
    assert output.asked_for_ascii() is True


class Stream:
    def __init__(self, encoding: str) -> None:
        self.encoding = encoding


@pytest.mark.parametrize(
    ("page", "ascii_by_default", "marks"),
    [(936, True, ("√", "×")), (950, True, ("√", "×")), (932, True, ("√", "×")), (949, True, ("√", "×")),
     (65001, False, ("✓", "✗")), (1252, True, ("[x]", "[ ]"))],
)  # fmt: skip
def test_the_glyphs_follow_the_consoles_code_page_not_its_encoding(
    monkeypatch: pytest.MonkeyPatch, page: int, ascii_by_default: bool, marks: tuple[str, str]
) -> None:
    """Python writes a Windows console UTF-16 (its encoding says utf-8); the font is the code page's."""
    monkeypatch.setattr(output, "console_code_page", lambda stream: page)
    console = Stream("utf-8")
    assert output.ascii_drawing(console) is ascii_by_default
    assert output.marks(console) == marks
    output.ask_for_ascii(False)
    try:  # --unicode: box lines wherever the code page has them all (936, 949 and UTF-8 do)
        assert output.ascii_drawing(console) is (page not in (936, 949, 65001))
    finally:
        output.ask_for_ascii(None)


def test_off_windows_there_is_no_console_code_page() -> None:
    if WINDOWS:
        pytest.skip("Windows answers for itself: see the tests marked for it below")
    assert output.console_code_page(sys.__stdout__) is None
    assert output.attached_code_page() is None


# ---------------------------------------------------------------- ambiguous width


def test_ascii_drawing_replaces_every_ambiguous_width_glyph_cpd_draws_one_for_one() -> None:
    """What a CJK console draws two columns wide never reaches an ASCII table: each is one
    ASCII character, so the layout computed for the original still holds."""
    import unicodedata

    drawn = "━┃╇│─┼█░▒▓·—–“”‘’×√✓✗→←…"
    replaced = output.ascii_text(drawn)
    assert replaced.isascii() and len(replaced) == len(drawn)
    ambiguous = [char for char in drawn if unicodedata.east_asian_width(char) == "A"]
    assert ambiguous and not any(char in replaced for char in ambiguous)


# ---------------------------------------------------------------- where stdout goes


@pytest.fixture
def pretend_windows(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Windows' rule, with no console: GetConsoleMode fails on every descriptor given, and the
    console cpd was started from is in code page 936."""
    monkeypatch.setattr(output, "WINDOWS", True)
    monkeypatch.setattr(output, "console_code_page", lambda stream: None)
    monkeypatch.setattr(output, "attached_code_page", lambda: 936)
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    yield


def stdout_on(monkeypatch: pytest.MonkeyPatch, descriptor: int, encoding: str = "utf-8") -> io.TextIOWrapper:
    stream = io.TextIOWrapper(io.FileIO(descriptor, "w", closefd=False), encoding=encoding, newline="")
    monkeypatch.setattr(sys, "stdout", stream)
    return stream


def test_where_stdout_goes(tmp_path: Path) -> None:
    with (tmp_path / "out.txt").open("w") as file:
        assert output.destination(file) == "file"
    read, write = os.pipe()
    try:
        with os.fdopen(write, "w", closefd=False) as pipe:
            assert output.destination(pipe) == "pipe"
    finally:
        os.close(read)
        os.close(write)
    assert output.destination(io.StringIO()) == "pipe"  # no descriptor: written on, like a pipe


@pytest.mark.usefixtures("pretend_windows")
def test_a_pipe_gets_the_consoles_code_page(monkeypatch: pytest.MonkeyPatch) -> None:
    read, write = os.pipe()
    try:
        stream = stdout_on(monkeypatch, write, encoding="cp1252")  # what Python chose: the ANSI code page
        monkeypatch.setattr(sys, "stderr", stream)
        output.prepare_streams()
        assert codecs.lookup(stream.encoding).name == "gbk" and stream.errors == output.ERRORS
        stream.write("深度学习 ✓ ░\n")
        stream.flush()
        assert os.read(read, 100).decode("gbk") == "深度学习 √ -\n"  # strict: it is GBK; what GBK lacks, plain
    finally:
        os.close(read)
        os.close(write)


@pytest.mark.usefixtures("pretend_windows")
def test_a_file_gets_utf8_with_a_byte_order_mark(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "s.txt"
    with target.open("wb") as file:
        stream = stdout_on(monkeypatch, file.fileno(), encoding="cp936")
        monkeypatch.setattr(sys, "stderr", stream)
        output.prepare_streams()
        stream.write("公需 ✓\n")
        stream.write("专业\n")
        stream.flush()
    assert target.read_bytes() == codecs.BOM_UTF8 + "公需 ✓\n专业\n".encode()


@pytest.mark.usefixtures("pretend_windows")
def test_python_io_encoding_still_chooses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONIOENCODING", "utf-8")
    read, write = os.pipe()
    try:
        stream = stdout_on(monkeypatch, write, encoding="utf-8")
        output.prepare_streams()
        assert stream.encoding == "utf-8"
    finally:
        os.close(read)
        os.close(write)


def test_the_console_codec_keeps_what_the_code_page_has() -> None:
    output.use_plain_replacements()
    encoded = "学时 ✓ ━ ░ ß".encode(f"{output.CONSOLE_CODEC}cp936", output.ERRORS)
    assert encoded.decode("utf-8") == "学时 √ ━ - ?"
    stream = io.TextIOWrapper(io.BytesIO(), encoding=f"{output.CONSOLE_CODEC}cp936", errors=output.ERRORS)
    stream.write("公需 ✓")
    stream.flush()
    assert stream.buffer.getvalue().decode("utf-8") == "公需 √"  # type: ignore[attr-defined]


# ---------------------------------------------------------------- exports by where they go


DOCUMENT = "\ufeff年度,课程名称\r\n2024,深度学习 ✓\r\n"


def written(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, where: str, format: str, text: str = DOCUMENT) -> bytes:
    """What :func:`output.write_document` puts in a file (``> name``) or a pipe."""
    if where == "file":
        target = tmp_path / f"out.{format}"
        with target.open("wb") as file:
            stdout_on(monkeypatch, file.fileno(), encoding="gbk")
            sys.stdout.reconfigure(errors=output.ERRORS)  # type: ignore[union-attr]
            output.use_plain_replacements()
            output.write_document(text, format)
        return target.read_bytes()
    read, write = os.pipe()
    try:
        stream = stdout_on(monkeypatch, write, encoding="gbk")
        output.use_plain_replacements()
        stream.reconfigure(errors=output.ERRORS)
        output.write_document(text, format)
        os.close(write)
        chunks = []
        while chunk := os.read(read, 65536):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(read)
        with contextlib.suppress(OSError):  # closed already, to end the pipe
            os.close(write)


@pytest.mark.usefixtures("pretend_windows")
@pytest.mark.parametrize(
    ("format", "expected"),
    [
        ("md", codecs.BOM_UTF8 + DOCUMENT[1:].encode()),
        ("csv", codecs.BOM_UTF8 + DOCUMENT[1:].encode()),
        ("json", DOCUMENT[1:].encode()),
        ("ics", DOCUMENT[1:].encode()),
        ("html", DOCUMENT[1:].encode()),
    ],
)
def test_on_windows_a_file_gets_utf8_with_a_mark_for_md_and_csv(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, format: str, expected: bytes
) -> None:
    assert written(monkeypatch, tmp_path, "file", format) == expected


@pytest.mark.usefixtures("pretend_windows")
@pytest.mark.parametrize(
    ("format", "gbk"), [("md", True), ("csv", True), ("json", False), ("ics", False), ("html", False)]
)
def test_on_windows_a_pipe_gets_md_and_csv_in_the_code_page_and_json_in_utf8(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, format: str, gbk: bool
) -> None:
    data = written(monkeypatch, tmp_path, "pipe", format)
    if gbk:
        assert data.decode("gbk") == "年度,课程名称\r\n2024,深度学习 √\r\n"  # no mark, ✓ as GBK has it
    else:
        assert data == DOCUMENT[1:].encode()


@pytest.mark.parametrize(("format", "mark"), [("md", False), ("csv", True), ("json", False)])
def test_elsewhere_nothing_changes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, format: str, mark: bool) -> None:
    if WINDOWS:
        pytest.skip("the rule off Windows")
    for where in ("file", "pipe"):
        data = written(monkeypatch, tmp_path, where, format)
        assert data == (codecs.BOM_UTF8 if mark else b"") + DOCUMENT[1:].encode(), where


# ---------------------------------------------------------------- Windows itself (under Wine too)


# On Windows each child gets a console of its own, as cpd started from cmd has one (the test run
# itself may have none: Wine under a script starts it without), its stdout still the pipe given.
# CREATE_NO_WINDOW: a console without a window, which Wine can make with no display.
NEW_CONSOLE = {"creationflags": getattr(subprocess, "CREATE_NO_WINDOW", 0)}


def run_python(*args: str, stdout: Any = subprocess.PIPE, **env: str) -> subprocess.CompletedProcess[bytes]:
    environ = {**os.environ, "COLUMNS": "100", **env}
    for name in ("PYTHONIOENCODING", "PYTHONUTF8", "NO_COLOR", "CPD_ASCII"):
        environ.pop(name, None)
    return subprocess.run(
        [sys.executable, *args], env=environ, stdout=stdout, stderr=subprocess.PIPE, timeout=120, **NEW_CONSOLE
    )


def run_cpd(*args: str, ledger: Path, stdout: Any = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    return run_python("-m", "cpd_cli", *args, stdout=stdout, CPD_LEDGER=str(ledger))


CONSOLE_PROBE = """
import json
from cpd_cli.cli import output
with open("CONOUT$", "w") as console:
    print(json.dumps({"page": output.console_code_page(console), "attached": output.attached_code_page(),
                      "ascii": output.ascii_drawing(console), "encoding": output.encoding(console),
                      "marks": output.marks(console), "where": output.destination(console)}))
"""


LEDGER = """schema = 1
[[activity]]
id = 1
kind = "training"
title = "深度学习在赣南脐橙病害识别中的应用"
subject = "professional"
hours = 8
date = 2024-05-10
"""


@pytest.fixture
def chinese_ledger(ledger_path: Path) -> Path:
    ledger_path.parent.mkdir(parents=True)
    ledger_path.write_text(LEDGER, encoding="utf-8")
    return ledger_path


def console_facts() -> dict[str, Any]:
    """What cpd learns of a console of its own, asked in a child that has one."""
    import json

    done = run_python("-c", CONSOLE_PROBE)
    assert done.returncode == 0, done.stderr
    facts: dict[str, Any] = json.loads(done.stdout)
    return facts


@pytest.mark.skipif(not WINDOWS, reason="asks Windows (or Wine) for a console")
def test_windows_a_console_in_code_page_936_draws_ascii() -> None:
    facts = console_facts()
    page = facts["page"]
    assert page is not None and page == facts["attached"] and facts["where"] == "console"
    assert facts["ascii"] is (page in output.CJK_CODE_PAGES)
    if page == 936:  # a Chinese Windows (Wine under LC_ALL=zh_CN.UTF-8)
        assert facts["encoding"] == "cp936" and facts["marks"] == ["√", "×"]


@pytest.mark.skipif(not WINDOWS, reason="asks Windows (or Wine) for the console's code page")
def test_windows_a_pipe_is_in_the_consoles_code_page(chinese_ledger: Path) -> None:
    page = console_facts()["attached"]
    assert page is not None
    done = run_cpd("export", "--year", "2024", ledger=chinese_ledger)
    assert done.returncode == 0, done.stderr
    assert "深度学习在赣南脐橙病害识别中的应用" in done.stdout.decode(f"cp{page}")  # strict
    assert not done.stdout.startswith(codecs.BOM_UTF8)
    listed = run_cpd("list", ledger=chinese_ledger)
    assert "深度学习" in listed.stdout.decode(f"cp{page}")
    if page in output.CJK_CODE_PAGES:  # tables in ASCII: a pipe in 936 ends in that console
        assert not DRAWING.search(listed.stdout.decode(f"cp{page}")) and "-+-" in listed.stdout.decode(f"cp{page}")
    as_json = run_cpd("status", "--year", "2024", "--json", ledger=chinese_ledger)
    assert as_json.stdout.decode("utf-8").startswith("{")  # RFC 8259: UTF-8 wherever it goes


@pytest.mark.skipif(not WINDOWS, reason="asks Windows (or Wine) which handle is a file")
def test_windows_a_redirected_file_is_utf8_with_a_byte_order_mark(chinese_ledger: Path, tmp_path: Path) -> None:
    target = tmp_path / "清单.md"
    with target.open("wb") as file:
        done = run_cpd("export", "--year", "2024", ledger=chinese_ledger, stdout=file)
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and "深度学习在赣南脐橙病害识别中的应用" in data.decode("utf-8-sig")
    status = tmp_path / "s.txt"
    with status.open("wb") as file:
        run_cpd("status", "--year", "2024", ledger=chinese_ledger, stdout=file)
    assert status.read_bytes().startswith(codecs.BOM_UTF8) and "学时" in status.read_bytes().decode("utf-8-sig")


def test_a_console_is_written_what_its_code_page_has(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python writes a console UTF-8 bytes that become UTF-16; cpd gives it only what code page
    936 has, so the font never meets a character it lacks."""
    monkeypatch.setattr(output, "WINDOWS", True)
    monkeypatch.setattr(output, "console_code_page", lambda stream: 936)
    monkeypatch.setattr(output, "attached_code_page", lambda: 936)
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    read, write = os.pipe()
    try:
        stream = stdout_on(monkeypatch, write)
        monkeypatch.setattr(sys, "stderr", stream)
        output.prepare_streams()
        assert output.destination(stream) == "console"
        stream.write("已完成 ✓ ░ ß\n")
        stream.flush()
        assert os.read(read, 100).decode("utf-8") == "已完成 √ - ?\n"
    finally:
        os.close(read)
        os.close(write)


@pytest.mark.parametrize("width", [80, 12])  # cpd's layout, and Rich's where the columns have no room
def test_unicode_draws_box_lines_in_gbk_though_rich_judges_by_the_encodings_name(width: int) -> None:
    """Rich draws ASCII for any encoding not named utf-*; GBK has the lines, so --unicode gets them."""
    from rich.console import Console

    from cpd_cli.cli.onepass import Column, Table

    def drawn() -> str:
        stream = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
        table = Table([Column("编号"), Column("课程名称", fold=True)])
        table.add_row("1", "深度学习在赣南脐橙病害识别中的应用")
        Console(file=stream, width=width, color_system=None).print(table)
        stream.flush()
        return stream.buffer.getvalue().decode("gbk")  # type: ignore[attr-defined]

    assert "│" not in drawn() and "|" in drawn()  # GBK: ASCII by default
    output.ask_for_ascii(False)
    try:
        assert "│" in drawn()
    finally:
        output.ask_for_ascii(None)
