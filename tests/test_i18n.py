"""Chinese and English: the catalog is complete, placeholders survive, the screens speak both."""

from __future__ import annotations

import os
import string
import sys
from pathlib import Path

import pytest

from cpd_cli import i18n
from tests.conftest import Cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import i18n as catalog_tool


def test_every_message_has_a_chinese_translation_and_the_mo_is_current() -> None:
    assert catalog_tool.problems() == []


def placeholders(text: str) -> list[tuple[str, str, str | None]]:
    return sorted(
        (name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text) if name is not None
    )


def test_translations_keep_their_placeholders() -> None:
    for message in catalog_tool.read_catalog():  # type: ignore[attr-defined]
        if isinstance(message.id, tuple):
            # ngettext's caller fills in both forms' placeholders, whichever form it gets back
            given = {name for form in message.id for name, _, _ in placeholders(form)}
            for translated in message.string:
                assert {name for name, _, _ in placeholders(translated)} <= given, message.id
        elif message.id:
            assert placeholders(message.id) == placeholders(message.string), message.id


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["--lang", "zh", "status"], {"CPD_LANG": "en", "LANG": "en_US.UTF-8"}, "zh"),
        (["--lang=en", "status"], {"CPD_LANG": "zh"}, "en"),
        (["status"], {"CPD_LANG": "zh_CN", "LANG": "en_US.UTF-8"}, "zh"),
        (["status"], {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        (["status"], {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
        (["status"], {"LANG": "zh_TW.UTF-8"}, "zh"),
        (["status"], {"LANG": "de_DE.UTF-8"}, "en"),
        (["status"], {}, "en"),
        (["add", "paper", "--title", "--lang", "--", "--lang", "zh"], {}, "en"),
    ],
)
def test_language_choice(argv: list[str], environ: dict[str, str], expected: str) -> None:
    assert i18n.choose(argv, environ, system_language=lambda: None) == expected


@pytest.mark.parametrize(
    ("argv", "environ", "system", "expected"),
    [
        (["status"], {}, "zh", "zh"),  # a Chinese Windows: no variable says anything
        (["status"], {}, "en", "en"),
        (["status"], {}, None, "en"),  # not Windows
        (["--lang", "en", "status"], {}, "zh", "en"),
        (["status"], {"CPD_LANG": "en"}, "zh", "en"),
        (["status"], {"LANG": "en_US.UTF-8"}, "zh", "en"),  # the locale variables speak first
        (["status"], {"LC_ALL": "C"}, "zh", "en"),
        (["status"], {"LANG": ""}, "zh", "zh"),  # an empty variable says nothing
        (["status"], {"CPD_LANG": "zh"}, "en", "zh"),
    ],
)
def test_the_system_display_language_comes_after_the_variables(
    argv: list[str], environ: dict[str, str], system: str | None, expected: str
) -> None:
    assert i18n.choose(argv, environ, system_language=lambda: system) == expected


@pytest.mark.skipif(sys.platform == "win32", reason="elsewhere only the variables name a language")
def test_only_windows_has_a_display_language_to_ask() -> None:
    assert i18n.display_language() is None


def test_with_no_variable_set_the_interface_speaks_the_system_language() -> None:
    """As on Windows, which sets none of the variables: Chinese there when its menus are Chinese."""
    import subprocess

    unset = ("CPD_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")
    env = {name: value for name, value in os.environ.items() if name not in unset}

    def help_text(*lang: str) -> bytes:
        command = [sys.executable, "-m", "cpd_cli", *lang, "--help"]
        return subprocess.run(command, env=env, capture_output=True, check=True).stdout

    chinese, english = help_text("--lang", "zh"), help_text("--lang", "en")
    assert chinese != english
    assert help_text() == (chinese if i18n.display_language() == "zh" else english)


def test_the_same_status_in_chinese_and_english(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("add", "paper", "--title", "论文", "--date", "2024-03-01")
    cli("add", "paper", "--title", "论文二", "--date", "2024-04-01")
    cli("add", "paper", "--title", "论文三", "--date", "2024-05-01")
    cli("add", "paper", "--title", "论文四", "--date", "2024-06-01")
    english = cli("status").stdout
    chinese = cli("--lang", "zh", "status").stdout
    assert "deadline 2024-12-31 · 32 days left" in english and "截止 2024-12-31 · 还剩 32 天" in chinese
    assert "9(1): cap of 30 学时 already reached in 2024" in english
    assert "9(1)：2024 年已达 30 学时上限" in chinese
    assert "Ways to close the gap:" in english and "补足差额的办法：" in chinese
    monkeypatch.setenv("CPD_LANG", "zh")
    assert cli("status").stdout == chinese
    monkeypatch.setenv("CPD_LANG", "en")
    assert cli("status").stdout == english


def test_chinese_table_columns_line_up(cli: Cli) -> None:
    """Rich measures wide characters: every row of the table has the same display width."""
    from rich.cells import cell_len

    cli("add", "paper", "--title", "深度学习在赣南脐橙病害识别中的应用研究", "--date", "2024-03-01")
    cli("add", "talk", "--title", "short", "--minutes", "45", "--date", "2024-04-01")
    lines = cli("--lang", "zh", "status").stdout.splitlines()
    dividers = "│┃"  # the header's are heavy, except on a legacy Windows console
    table = [line for line in lines if sum(map(line.count, dividers)) == 6]  # header and rows (caps has 2 columns)
    assert len(table) == 3
    positions = {tuple(cell_len(line[:index]) for index, char in enumerate(line) if char in dividers) for line in table}
    assert len(positions) == 1, positions


def test_errors_and_help_in_chinese(cli: Cli) -> None:
    result = cli("--lang", "zh", "show", "9")
    assert result.stderr.strip() == "cpd：错误：没有编号为 #9 的活动（见 'cpd list'）"
    result = cli("--lang", "zh", "add", "exam", "--title", "x", "--level", "expert")
    assert "不是以下之一" in result.stderr
    assert "显示本年度已认定的公需" in cli("--lang", "zh", "--help").stdout
    assert "示例：cpd status --year 2024 --explain" in cli("--lang", "zh", "status", "--help").stdout
    assert "年度。默认：今年。" in cli("--lang", "zh", "status", "--help").stdout
    paper = cli("--lang", "zh", "add", "paper", "--help").stdout
    assert "添加论文（译文），赣人社规〔2023〕2号 第9(1)条。" in paper and "paper or translation" not in paper


def test_click_and_typer_speak_chinese_too_and_english_after(cli: Cli) -> None:
    """Help headings and usage errors come from click and Typer; cpd's catalog carries them."""
    shown = cli("--lang", "zh", "show", "--help").stdout
    assert shown.startswith("用法：cpd show [选项] 编号")
    assert "参数：" in shown and "[必填]" in shown and "选项：" in shown and "显示本帮助并退出。" in shown
    assert "命令：" in cli("--lang", "zh", "--help").stdout
    errors = {
        ("list", "--stauts", "x"): "cpd：错误：没有选项 '--stauts'。是否想输入 '--status'？（见 'cpd list --help'）",
        ("show",): "cpd：错误：缺少参数 '编号'。（见 'cpd show --help'）",
        ("frob",): "cpd：错误：没有命令 'frob'。（见 'cpd --help'）",
        ("add", "papr"): "cpd：错误：没有命令 'papr'。是否想输入 'paper'？（见 'cpd add --help'）",
        ("status", "x"): "cpd：错误：多出了参数（x）（见 'cpd status --help'）",
        ("status", "--year", "99999"): "cpd：错误：'--year' / '-y' 的值无效：'99999' 不是 1900 至 2100 之间的年份"
        "（见 'cpd status --help'）",
    }
    for args, message in errors.items():
        result = cli("--lang", "zh", *args)
        assert (result.exit_code, result.stderr.strip()) == (2, message)
    # the same process, back in English: nothing of the Chinese stays behind
    assert "Show this message and exit." in cli("--lang", "en", "show", "--help").stdout
    result = cli("--lang", "en", "list", "--stauts", "x")
    assert (
        result.stderr.strip()
        == "cpd: error: No such option '--stauts'. Did you mean '--status'? (see 'cpd list --help')"
    )
    result = cli("--lang", "en", "add", "papr")  # said once: click suggests, and Typer's own suggestion is off
    assert result.stderr.strip() == "cpd: error: No such command 'papr'. Did you mean 'paper'? (see 'cpd add --help')"


def gettext_calls(package: str) -> set[str | tuple[str, str]]:
    """The messages ``package``'s source passes to gettext: ``_("…")`` and ``ngettext("…", "…", n)``."""
    import ast
    import importlib

    found: set[str | tuple[str, str]] = set()
    root = Path(importlib.import_module(package).__file__ or "").parent
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            if node.func.id in ("_", "gettext") and len(texts) == 1:
                found.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) == 2:
                found.add((texts[0], texts[1]))
    return found


def test_the_click_and_typer_messages_in_the_catalog_are_still_theirs() -> None:
    """A message click or Typer rewords would silently stay English: each listed one must be one they look up."""
    from cpd_cli.cli import clicktext

    theirs = gettext_calls("click") | gettext_calls("typer")
    assert "Show this message and exit." in theirs  # the scan itself finds their messages
    missing = [message for message in clicktext.MESSAGES if message not in theirs]
    assert missing == []


def test_click_and_typer_look_their_words_up_through_gettext() -> None:
    """The documented route: their ``_`` is gettext's own function, which reads the current domain."""
    import gettext
    import importlib

    from cpd_cli import i18n

    for name in ("click.core", "click.exceptions", "click.parser", "typer.core"):
        module = importlib.import_module(name)
        assert getattr(module, "_", gettext.gettext) is gettext.gettext, name
    i18n.use("zh")
    assert gettext.textdomain() == i18n.DOMAIN
    assert gettext.gettext("Show this message and exit.") == "显示本帮助并退出。"
    assert gettext.ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 2) == (
        "多出了参数（{args}）"
    )
    i18n.use("en")
    assert gettext.gettext("Show this message and exit.") == "Show this message and exit."


def test_ledger_errors_in_chinese(cli: Cli) -> None:
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text(
        '[[activity]]\nid = 2\nkind = "visit"\ntitle = "x"\ndate = 2024-01-01\nhours = "3"\n', encoding="utf-8"
    )
    result = cli("--lang", "zh", "status")
    assert result.stderr.strip().endswith("活动 #2，字段 'hours': 必须是数字，不能是 '3'")


def test_a_bad_lang_is_a_usage_error(cli: Cli) -> None:
    result = cli("--lang", "fr", "status")
    assert result.exit_code == 2 and "'fr' is not zh or en" in result.stderr


SNAPSHOT_LEDGER = """\
[[activity]]
id = 1
kind = "training"
title = "公需科目网络培训"
date = 2024-04-20
subject = "public"
hours = 20
[[activity]]
id = 2
kind = "conference"
title = "全国机器学习会议"
date = 2024-05-11
start = 2024-05-10
days = 2
[[activity]]
id = 3
kind = "exam"
title = "高级职称考试"
date = 2024-12-20
level = "senior"
status = "planned"
[[activity]]
id = 4
kind = "talk"
title = "学术报告"
date = 2024-06-01
minutes = 90
same_as = 2
"""


@pytest.mark.parametrize("language", ["en", "zh"])
def test_status_snapshot(cli: Cli, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    """The whole status screen, at 100 columns, in each language (tests/data/status-*.txt)."""
    from rich.console import Console

    # Rich leaves a legacy Windows console's last column free: one more makes it 100 there too.
    monkeypatch.setenv("COLUMNS", str(100 + Console().legacy_windows))
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text(SNAPSHOT_LEDGER, encoding="utf-8")
    text = cli("--lang", language, "status", "--year", "2024").stdout
    path = Path(__file__).parent / "data" / f"status-{language}.txt"
    if os.environ.get("CPD_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == boxes_drawn_here(path.read_text(encoding="utf-8"))


def boxes_drawn_here(text: str) -> str:
    """The golden text with the table boxes Rich draws on this machine: on a legacy Windows
    console (a Windows pipe is one), the lighter ones it puts for the heavy header."""
    from rich import box
    from rich.console import Console

    here = box.HEAVY_HEAD.substitute(Console().options, safe=True)
    return text.translate(str.maketrans(str(box.HEAVY_HEAD), str(here)))


def test_every_decision_reads_in_chinese_too() -> None:
    from cpd_cli.core.rules import load_embedded

    for rule in load_embedded("jiangxi-2023").rules:
        assert bool(rule.decision) == bool(rule.decision_zh), rule.kind


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--json"],
        ["history", "--json"],
        ["list", "--json"],
        ["show", "2", "--json"],
        ["check", "--json"],
        ["rules", "--json"],
        ["export", "--format", "json"],
    ],
)
def test_json_does_not_depend_on_the_language(cli: Cli, args: list[str]) -> None:
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    cli.ledger.write_text(SNAPSHOT_LEDGER, encoding="utf-8")
    english = cli("--lang", "en", *args)
    chinese = cli("--lang", "zh", *args)
    assert english.stdout == chinese.stdout and english.stdout.strip()
