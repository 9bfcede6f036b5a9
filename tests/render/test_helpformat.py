"""The help wrapper's column count against Rich's, which the tables use.

Help is laid out without importing Rich (``--help`` must stay quick), so
:mod:`cpd_cli.cli.helpformat` counts columns itself; the two must agree on the
text help is made of, or help and tables would disagree on what fits.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from cpd_cli.cli.helpformat import fill, width
from cpd_cli.cli.linebreak import pieces

HELP_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # ASCII as in options and examples
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # 汉字
        st.sampled_from("，。、；：！？（）“”‘’《》—…·×≤≥→✓✗"),
    ),
    max_size=80,
)


@given(HELP_TEXT)
def test_width_agrees_with_rich(text: str) -> None:
    assert width(text) == cell_len(text)


@given(HELP_TEXT, st.integers(min_value=20, max_value=100))
def test_filled_lines_fit(text: str, columns: int) -> None:
    longest_piece = max((cell_len(text[start:end].strip()) for start, end in pieces(text.strip())), default=0)
    for line in fill(text, columns):
        assert cell_len(line) <= max(columns, longest_piece)
