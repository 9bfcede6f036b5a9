"""Output in any code page: machine formats as UTF-8 bytes, text for people that never fails to
encode, and a reader that goes away ending cpd quietly."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cpd_cli.cli import app as app_module
from cpd_cli.cli import output
from tests.conftest import Cli

LEDGER = """\
schema = 1

[profile]
name = "张三"
unit = "洪州学院"

[[activity]]
id = 1
kind = "training"
title = "公需科目网络培训（江西专技在线）"
date = 2024-04-20
subject = "public"
hours = 24
status = "approved"

[[activity]]
id = 2
kind = "paper"
title = "深度学习在赣南脐橙病害识别中的应用"
date = 2024-06-01
evidence = ["{evidence}"]
"""


@pytest.fixture
def chinese_ledger(ledger_path: Path) -> Path:
    ledger_path.parent.mkdir(parents=True)
    evidence = ledger_path.parent / "paper.pdf"  # a GBK locale would name files in GBK
    evidence.write_bytes(b"%PDF-1.4 paper")
    ledger_path.write_text(LEDGER.replace("{evidence}", evidence.as_posix()), encoding="utf-8")
    return ledger_path


# ---------------------------------------------------------------- machine formats: the bytes


@pytest.mark.parametrize("format", ["md", "csv", "html", "json", "ics"])
def test_each_export_format_is_utf8_with_its_own_line_endings(cli: Cli, chinese_ledger: Path, format: str) -> None:
    data = cli("export", "--year", "2024", "--format", format).stdout_bytes
    text = data.decode("utf-8")  # strict: every byte is UTF-8
    assert b"\r\r\n" not in data
    # The BOM is for Excel/WPS only; on Windows a pipe's CSV is text in its code page, without one.
    assert data.startswith(b"\xef\xbb\xbf") == (format == "csv" and sys.platform != "win32")
    if format in ("csv", "ics"):  # both formats' own standards ask for CRLF
        assert data.count(b"\n") == data.count(b"\r\n") > 1
    else:
        assert b"\r" not in data
    assert ("继续教育学时截止" if format == "ics" else "深度学习在赣南脐橙病害识别中的应用") in text
    if format == "json":
        json.loads(text)


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--year", "2024", "--json"],
        ["status", "--all", "--json"],
        ["history", "--json"],
        ["list", "--json"],
        ["show", "2", "--json"],
        ["check", "--year", "2024", "--json"],
        ["rules", "--json"],
        ["profile", "--json"],
    ],
)
def test_every_json_output_is_utf8_bytes_with_one_line_break(cli: Cli, chinese_ledger: Path, args: list[str]) -> None:
    data = cli(*args).stdout_bytes
    assert data.endswith(b"}\n") or data.endswith(b"]\n")
    assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")
    json.loads(data.decode("utf-8"))


def test_add_json_is_utf8_bytes(cli: Cli) -> None:
    data = cli("add", "paper", "--title", "论文", "--date", "2024-03-01", "--json").stdout_bytes
    assert b"\r" not in data and json.loads(data.decode("utf-8"))["kind"] == "paper"


def test_bytes_pass_a_text_mode_stdout_untouched_and_after_the_text_before_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As on Windows: a text stream in GBK that turns every \\n into \\r\\n."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="gbk", newline="\r\n")
    monkeypatch.setattr(sys, "stdout", stream)
    stream.write("学时\n")  # still in the text layer's buffer
    output.write_bytes("a,b\r\n✓\n")
    assert raw.getvalue() == "学时\r\n".encode("gbk") + "a,b\r\n✓\n".encode()


# ---------------------------------------------------------------- text for people: stand-ins


def test_what_a_code_page_lacks_is_written_plain() -> None:
    output.use_plain_replacements()
    assert "✓ ✗ █░ ┃ 学时 😀".encode("gbk", output.ERRORS).decode("gbk") == "√ × █- ┃ 学时 ?"
    assert "✓ ✗ → 学 — ·".encode("cp1252", output.ERRORS).decode("cp1252") == "[x] × -> ? — ·"
    assert "┃━╇│┌┼╌".encode("cp1252", output.ERRORS) == b"|-+|++-"
    assert "✓ → 学".encode("ascii", output.ERRORS) == b"[x] -> ?"


def test_glyphs_come_in_sets_the_encoding_holds_whole() -> None:
    assert output.bar_glyphs("utf-8") == ("█", "░")
    assert output.bar_glyphs("gbk") == ("#", "-")  # GBK has █ but not ░: a bar never mixes them
    assert output.marks(io.TextIOWrapper(io.BytesIO(), encoding="utf-8")) == ("✓", "✗")
    assert output.marks(io.TextIOWrapper(io.BytesIO(), encoding="gbk")) == ("√", "×")
    assert output.marks(io.TextIOWrapper(io.BytesIO(), encoding="cp1252")) == ("[x]", "[ ]")


def cpd(*args: str, encoding: str, ledger: Path) -> subprocess.CompletedProcess[bytes]:
    """cpd in a child process whose stdout is a pipe in ``encoding``, as a console in that code
    page would give it (Windows with code page 936, or LANG=zh_CN.GBK)."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "CPD_LEDGER": str(ledger), "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    return subprocess.run([sys.executable, "-m", "cpd_cli", *args], env=env, capture_output=True, timeout=120)


PEOPLE = [
    ["status", "--year", "2024"],
    ["status", "--year", "2024", "--explain"],
    ["list"],
    ["show", "2"],
    ["history"],
    ["demo"],
    ["demo", "--explain"],
    ["rules"],
    ["profile"],
    ["--lang", "zh", "status", "--year", "2024"],
    ["--lang", "zh", "list"],
]


@pytest.mark.parametrize("args", PEOPLE, ids=" ".join)
def test_a_gbk_pipe_gets_text_in_gbk(chinese_ledger: Path, args: list[str]) -> None:
    done = cpd(*args, encoding="gbk", ledger=chinese_ledger)
    assert (done.returncode, done.stderr) == (0, b"")
    text = done.stdout.decode("gbk")  # strict
    assert "█" not in text  # without ░ a bar is all # and -
    if args[-1] != "history" and "demo" not in args:
        assert "学时" in text or "深度学习" in text or "jiangxi" in text or "洪州学院" in text


def gbk_locale() -> str | None:
    import locale

    for name in ("zh_CN.GBK", "zh_CN.gbk"):
        try:
            locale.setlocale(locale.LC_CTYPE, name)
        except locale.Error:
            continue
        finally:
            locale.setlocale(locale.LC_CTYPE, "")
        return name
    return None


@pytest.mark.skipif(sys.platform == "win32" or gbk_locale() is None, reason="a POSIX system with a zh_CN.GBK locale")
def test_a_gbk_locale_is_a_gbk_pipe(chinese_ledger: Path) -> None:
    """LANG=zh_CN.GBK, as a Chinese Linux terminal may have it, and no PYTHONIOENCODING."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "PYTHONIO", "PYTHONUTF8"))}
    env.update(LC_ALL=str(gbk_locale()), LANG="zh_CN.GBK", CPD_LEDGER=str(chinese_ledger))
    people, machine = (
        subprocess.run([sys.executable, "-m", "cpd_cli", *args], env=env, capture_output=True, timeout=120)
        for args in (["status", "--year", "2024"], ["export", "--year", "2024"])
    )
    assert (people.returncode, people.stderr, machine.returncode, machine.stderr) == (0, b"", 0, b"")
    assert "学时" in people.stdout.decode("gbk") and "█" not in people.stdout.decode("gbk")
    assert machine.stdout == cpd("export", "--year", "2024", encoding="utf-8", ledger=chinese_ledger).stdout


def test_a_gbk_pipe_gets_check_marks_it_can_show(chinese_ledger: Path) -> None:
    done = cpd("check", "--year", "2024", encoding="gbk", ledger=chinese_ledger)
    assert done.returncode in (0, 1) and done.stderr == b""  # 1: the year is short, as in UTF-8
    assert done.returncode == cpd("check", "--year", "2024", encoding="utf-8", ledger=chinese_ledger).returncode
    lines = done.stdout.decode("gbk").splitlines()
    assert lines and all(line[:1] in ("√", "×") for line in lines)


@pytest.mark.parametrize("format", ["md", "csv", "html", "json", "ics"])
def test_a_gbk_pipe_gets_the_same_utf8_export(chinese_ledger: Path, format: str) -> None:
    """Off Windows every export is UTF-8 whatever the pipe's encoding; on Windows the Markdown and
    CSV going to a pipe are text for people, in its code page (JSON, HTML, calendars stay UTF-8)."""
    args = ("export", "--year", "2024", "--format", format)
    gbk, utf8 = (cpd(*args, encoding=encoding, ledger=chinese_ledger) for encoding in ("gbk", "utf-8"))
    assert (gbk.returncode, gbk.stderr) == (0, b"")
    if sys.platform == "win32" and format in ("md", "csv"):
        shown, written = gbk.stdout.decode("gbk"), utf8.stdout.decode("utf-8-sig")  # strict both
        assert shown == written.translate(str.maketrans("✓✗", "√×"))  # as GBK has them
        assert b"\r\r\n" not in gbk.stdout
    else:
        assert gbk.stdout == utf8.stdout and gbk.stdout.decode("utf-8")


@pytest.mark.parametrize("args", [["status", "--json"], ["list", "--json"], ["show", "2", "--json"]])
def test_a_gbk_pipe_gets_the_same_utf8_json(chinese_ledger: Path, args: list[str]) -> None:
    gbk, utf8 = (cpd(*args, encoding=encoding, ledger=chinese_ledger) for encoding in ("gbk", "utf-8"))
    assert (gbk.returncode, gbk.stderr) == (0, b"")
    assert gbk.stdout == utf8.stdout and json.loads(gbk.stdout.decode("utf-8"))


def test_the_bundle_does_not_depend_on_the_console(chinese_ledger: Path, tmp_path: Path) -> None:
    bundles = []
    for encoding in ("gbk", "utf-8"):
        target = tmp_path / f"{encoding}.zip"
        done = cpd("export", "--year", "2024", "--bundle", str(target), encoding=encoding, ledger=chinese_ledger)
        assert done.returncode == 0, done.stderr
        assert done.stdout == b""  # the checklist is in the zip; stdout gets nothing
        assert target.name in done.stderr.decode(encoding)  # "wrote …", in the console's code page
        import zipfile

        with zipfile.ZipFile(target) as archive:
            bundles.append({name: archive.read(name) for name in archive.namelist() if name != "manifest.json"})
    assert bundles[0] == bundles[1] and any("深度学习" in name for name in bundles[0])


def test_an_english_windows_code_page_shows_chinese_titles_as_question_marks(chinese_ledger: Path) -> None:
    done = cpd("list", encoding="cp1252", ledger=chinese_ledger)
    assert (done.returncode, done.stderr) == (0, b"")
    text = done.stdout.decode("cp1252")
    assert "?" in text and "training" in text and "paper" in text


def test_an_error_message_in_a_code_page_without_its_characters(chinese_ledger: Path) -> None:
    done = cpd("--lang", "zh", "show", "9", encoding="cp1252", ledger=chinese_ledger)
    assert done.returncode == 4
    assert done.stderr.decode("cp1252").startswith("cpd") and b"Traceback" not in done.stderr


# ---------------------------------------------------------------- a reader that goes away


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE") or shutil.which("bash") is None, reason="POSIX shell pipes")
def test_head_ends_cpd_list_with_the_shells_141(ledger_path: Path) -> None:
    from bench.ledgers import write_ledger

    ledger_path.parent.mkdir(parents=True)
    write_ledger(ledger_path, 1000)  # far more than a pipe holds
    env = {**os.environ, "CPD_LEDGER": str(ledger_path)}
    line = f'{sys.executable} -m cpd_cli list | head -1; echo "status ${{PIPESTATUS[0]}}" >&2'
    done = subprocess.run(["bash", "-c", line], env=env, capture_output=True, timeout=120)
    assert len(done.stdout.splitlines()) == 1
    assert done.stderr == b"status 141\n"  # and nothing else: no traceback, no "Exception ignored"


@pytest.mark.skipif(sys.platform != "win32", reason="Windows pipes: a closed one is EINVAL")
def test_a_reader_that_stops_early_on_windows_ends_cpd_with_141(ledger_path: Path) -> None:
    from bench.ledgers import write_ledger

    ledger_path.parent.mkdir(parents=True)
    write_ledger(ledger_path, 1000)  # far more than a pipe holds
    env = {**os.environ, "CPD_LEDGER": str(ledger_path)}
    command = [sys.executable, "-m", "cpd_cli", "list"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # what `more` or `head` does after its lines
        error = process.stderr.read()
        assert process.wait(timeout=120) == output.CLOSED_PIPE_EXIT
    assert error == b""  # no traceback, no "Exception ignored"


class ClosedPipe(io.RawIOBase):
    """A Windows pipe whose reader went away: every write fails with EINVAL."""

    def __init__(self, descriptor: int):
        self.descriptor = descriptor

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OSError(errno.EINVAL, "Invalid argument")

    def fileno(self) -> int:
        return self.descriptor


def run_main(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *args: str) -> tuple[int, str, Path]:
    """main() as Windows runs it, stdout a closed pipe: the exit code, stderr, and the file
    standing for the pipe's descriptor."""
    monkeypatch.setattr(output, "WINDOWS", True)
    monkeypatch.setattr(output, "destination", lambda stream=None: "pipe")  # the file stands for a pipe
    monkeypatch.setattr(signal, "signal", lambda *arguments: None)  # leave pytest's own signals be
    pipe = tmp_path / "pipe"
    descriptor = os.open(pipe, os.O_WRONLY | os.O_CREAT)
    stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BufferedWriter(ClosedPipe(descriptor)), encoding="gbk"))
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setattr(sys, "argv", ["cpd", *args])
    try:
        with pytest.raises(SystemExit) as ended:
            app_module.main()
        os.write(descriptor, b"after")  # the descriptor now leads to the null device
    finally:
        os.close(descriptor)
    stderr.flush()
    assert isinstance(stderr.buffer, io.BytesIO)
    return ended.value.code, stderr.buffer.getvalue().decode("utf-8"), pipe  # type: ignore[return-value]


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["status", "--year", "2024"], ["--help"]])
def test_a_closed_pipe_on_windows_ends_quietly_with_141(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, chinese_ledger: Path, args: list[str]
) -> None:
    code, stderr, pipe = run_main(monkeypatch, tmp_path, *args)
    assert (code, stderr) == (141, "")  # not 70, no traceback, no message
    assert pipe.read_bytes() == b""


def test_a_closed_pipe_found_by_the_last_flush_ends_quietly_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def unflushed(args: object = None) -> int:
        sys.stdout.write("still in the buffer\n")
        return 0

    monkeypatch.setattr(app_module, "run", unflushed)
    code, stderr, _pipe = run_main(monkeypatch, tmp_path)
    assert (code, stderr) == (141, "")


def test_another_write_error_is_not_taken_for_a_closed_pipe() -> None:
    assert output.closed_pipe(BrokenPipeError())
    assert not output.closed_pipe(OSError(errno.ENOSPC, "No space left on device"))
    assert output.closed_pipe(OSError(errno.EINVAL, "Invalid argument")) == (sys.platform == "win32")
