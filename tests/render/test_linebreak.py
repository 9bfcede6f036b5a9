"""Where lines break, for the tables, the help and the notes: Chinese at any character, by the 避头尾 rules."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from cpd_cli.cli.helpformat import fill
from cpd_cli.cli.linebreak import CJK_CLOSING, CJK_OPENING, line_starts, lines
from cpd_cli.cli.onepass import Column, Table, wrapped
from tests.conftest import Cli

MARKS = "，。、；：！？）」》“”（「《"
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("ab xyz-/.#()0123456789"),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40),  # 汉字
        st.sampled_from(MARKS),
    ),
    max_size=80,
)
MARK_RUN = re.compile(f"[{re.escape(MARKS)}]{{3,}}")


def spans(text: str, columns: int) -> list[str]:
    bounds = [0, *line_starts(text, columns), len(text)]
    return [text[start:end] for start, end in itertools.pairwise(bounds)]


@given(TEXT, st.integers(6, 60))
@example("第 1 门课程（江西专技在线）。", 8)
@example("（学）", 6)
def test_lines_fit_keep_the_text_and_obey_the_rules(text: str, columns: int) -> None:
    assume(not MARK_RUN.search(text))  # three marks in a row: no line can keep them all by the rules
    parts = spans(text, columns)
    assert "".join(parts) == text  # nothing lost, nothing added
    starts = line_starts(text, columns)
    assert starts == sorted(set(starts)) and all(0 < start < len(text) for start in starts)
    shown = lines(text, columns)
    assert shown == [part.rstrip() for part in parts]
    assert all(cell_len(line) <= columns for line in shown), shown
    assert not any(line[:1] in CJK_CLOSING for line in shown[1:] if line), shown
    assert not any(line[-1:] in CJK_OPENING for line in shown[:-1] if line), shown


def test_chinese_breaks_between_characters_not_only_at_spaces() -> None:
    # Broken only at spaces, this was "第 1" and then "门课程…" on a line of its own.
    assert lines("第 1 门课程的学时按实际学习时间计算", 12) == ["第 1 门课程", "的学时按实际", "学习时间计算"]
    assert lines("参加培训（江西专技在线），考核合格。", 10) == ["参加培训", "（江西专技", "在线），考", "核合格。"]


@given(st.text(alphabet="ab xyz-/.#0123456789()é　", max_size=60), st.integers(1, 30))
def test_text_without_chinese_breaks_as_rich_breaks_it(text: str, columns: int) -> None:
    """So that the tables draw what Rich draws wherever there is no Chinese (tests/render/test_onepass.py)."""
    console = Console(width=200)
    cell = Text(text)
    ours = [line.plain for line in wrapped(console, cell, columns, "left", "fold", False)]
    assert ours == [line.plain for line in cell.wrap(console, columns, justify="left", overflow="fold")]


def test_the_table_and_the_help_break_chinese_alike() -> None:
    title = "学术报告：视觉大模型在农业中的应用（江西专技在线）"
    table = Table.grid([Column(), Column(fold=True)], gap=1)
    table.add_row("·", title)
    console = Console(width=20, color_system=None, record=True)
    console.print(table)
    drawn = [line[2:].rstrip() for line in console.export_text().splitlines()]
    assert drawn == lines(title, 18) == fill(title, 18)
    assert not any(line[0] in CJK_CLOSING for line in drawn)


def test_show_folds_chinese_between_characters(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """show drew its fields with Rich's own grid, which broke Chinese only at spaces: "第 1" then "门…"."""
    monkeypatch.setenv("COLUMNS", "80")
    cli("add", "degree-course", "--title", "课程", "--date", "2024-05-01", "--subject", "professional")
    shown = cli("--lang", "zh", "show", "1").stdout.splitlines()
    step = next(index for index, line in enumerate(shown) if "合计上限" in line)
    # filled to the edge, not cut at a space: within two wide characters, as a closing mark takes the
    # character before it to the next line (避头尾) and Windows keeps the last column free
    assert "第 1 门，计入专业（按记录的科" in shown[step] and cell_len(shown[step]) >= 76
    assert all(cell_len(line) <= 80 for line in shown)
    assert not any(line.strip()[:1] in CJK_CLOSING for line in shown if line.strip())
