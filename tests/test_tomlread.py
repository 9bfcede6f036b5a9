"""The fast TOML reader agrees with tomllib on everything it accepts, and declines the rest."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpd_cli import tomlread
from cpd_cli.core.rules import PACKS_FOLDER
from cpd_cli.store import codec
from tests.strategies import activity_lists


def typed(value: Any) -> Any:
    """``value`` with every type spelled out: 1 ≠ True ≠ Decimal(1), and '1.50' ≠ '1.5'."""
    if isinstance(value, dict):
        return ("dict", [(key, typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    if isinstance(value, Decimal):
        return ("Decimal", str(value))
    return (type(value).__name__, value)


def tomllib_or_none(text: str) -> Any:
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return None


def assert_agrees(text: str) -> None:
    """Whatever the fast reader accepts, tomllib reads the same; what tomllib refuses, it declines."""
    fast = tomlread.read(text)
    slow = tomllib_or_none(text)
    if fast is not None:
        assert slow is not None, f"accepted what tomllib refuses: {text!r}"
        assert typed(fast) == typed(slow), text


# ---------------------------------------------------------------- what cpd writes is read fast

scalars = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
    st.integers(-(2**63), 2**63 - 1),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**9), max_value=10**9),
    st.booleans(),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.from_regex(r"[a-z_][a-z0-9_-]{0,8}", fullmatch=True), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(
    activity_lists(max_size=8),
    st.dictionaries(st.sampled_from(["note", "organiser", "extra_key", "tags"]), values, max_size=2),
)
def test_written_ledgers_are_read_fast_and_the_same(activities: list[Any], extra: dict[str, Any]) -> None:
    from cpd_cli.core.model import Ledger

    document = codec.to_document(Ledger(activities=tuple(activities)))
    for table in document.get("activity", []):
        table.update(extra)
    text = codec.render_document(document)
    assert_agrees(text)
    if "E" not in repr(typed(extra)):  # tomli-w writes Decimal("1E-7") as 1E-7, which goes to tomllib
        assert tomlread.read(text) is not None, text


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.from_regex(r"[A-Za-z0-9_-]{1,10}", fullmatch=True), values, max_size=5))
def test_any_value_the_writer_can_write_agrees(document: dict[str, Any]) -> None:
    document = {key: value for key, value in document.items() if key not in ("profile", "activity")}
    try:
        text = codec.render_document(document)
    except (ValueError, TypeError):  # tomli-w refuses some values
        return
    assert_agrees(text)


def test_the_usual_ledger_takes_the_fast_path() -> None:
    text = (
        'schema = 1\nlast_id = 3\n\n[profile]\nname = "张三"\ndeadline = "12-15"\n\n'
        '[[activity]]\nid = 1\nkind = "training"\ntitle = "Say \\"hi\\" \\\\ 你好\\u00e9"\ndate = 2024-03-01\n'
        'subject = "public"\nhours = 12.5\npassed = false\nevidence = ["a.pdf", "证书/b.png"]\n'
        'evidence_meta = [\n    { path = "a.pdf", size = 10, sha256 = "ab" },\n    { path = "证书/b.png", size = 0, sha256 = "" },\n]\n'
        '\n[[activity]]\nid = 3\nkind = "xuexi"\ntitle = "学习强国"\ndate = 2024-12-31\npoints = 9000\n'
    )
    fast = tomlread.read(text)
    assert fast is not None
    assert typed(fast) == typed(tomllib.loads(text, parse_float=Decimal))
    assert fast["activity"][0]["hours"] == Decimal("12.5")
    assert fast["activity"][0]["evidence_meta"][1] == {"path": "证书/b.png", "size": 0, "sha256": ""}


@pytest.mark.parametrize("pack", sorted(PACKS_FOLDER.glob("*.toml")), ids=lambda p: p.stem)
def test_shipped_rule_packs_take_the_fast_path(pack: Any) -> None:
    text = pack.read_text(encoding="utf-8")
    fast = tomlread.read(text)
    assert fast is not None, "keep shipped packs in the subset (e.g. no comment after a value)"
    assert typed(fast) == typed(tomllib.loads(text, parse_float=Decimal))


# ---------------------------------------------------------------- the rest goes to tomllib


@pytest.mark.parametrize(
    "text",
    [
        'title = "x" # a comment after the value\n',
        "title = 'literal'\n",
        'title = """multi"""\n',
        "when = 2024-01-01T10:00:00\n",
        "when = 2024-01-01 10:00:00\n",
        "a.b = 1\n",
        '"quoted" = 1\n',
        "  indented = 1\n",
        "key=1\n",
        "n = 1_000\n",
        "n = 1e5\n",
        "n = inf\n",
        "n = 0x1F\n",
        "n = 007\n",
        "d = 2024-02-30\n",
        "d = \u0662\u0660\u0662\u0664-\u0660\u0661-\u0660\u0661\n",  # Arabic-Indic digits
        "n = \u0661\u0662\n",
        "[profile] # comment\n",
        "[a.b]\n",
        's = "tab\\e"\n',
        's = "\\uD800"\n',
        's = "line\r\nend"\n',
        "t = { a = 1, }\n",
        "x = [\n  1\n  2\n]\n",
        "x = [\n  1, # comment\n]\n",
        "x = [ 1,\n 2 ]\n",
    ],
)
def test_outside_the_subset_is_declined(text: str) -> None:
    assert tomlread.read(text) is None
    assert_agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "a = 1\na = 2\n",
        "[profile]\n[profile]\n",
        "profile = 1\n[profile]\n",
        "activity = []\n[[activity]]\n",
        "[[activity]]\n[activity]\n",
        "t = { a = 1, a = 2 }\n",
        "x = [\n  1,\n",
        's = "unterminated\n',
        "d = 2024-13-01\n",
        "n = " + "9" * 5000 + "\n",
        "x = " + "[" * 2000 + "]" * 2000 + "\n",
        "k = \x00\n",
    ],
)
def test_invalid_toml_is_never_accepted(text: str) -> None:
    assert tomlread.read(text) is None
    with pytest.raises((tomlread.TOMLError, ValueError, RecursionError)):
        tomlread.loads(text)


def test_loads_words_errors_as_tomllib_does() -> None:
    with pytest.raises(tomlread.TOMLError, match=r"line 2"):
        tomlread.loads("a = 1\nb = \n")


def test_dates_and_numbers_keep_their_types() -> None:
    document = tomlread.read('d = 2024-02-29\ni = -0\nf = +1.50\nb = true\nl = [1, 2.5, "x", [false]]\n')
    assert document == {
        "d": date(2024, 2, 29),
        "i": 0,
        "f": Decimal("1.50"),
        "b": True,
        "l": [1, Decimal("2.5"), "x", [False]],
    }
    assert str(document["f"]) == "1.50"


# ---------------------------------------------------------------- random edits of a written ledger

EDIT_CHARS = list("\"\\[]{}=,#. \n\t\r'0123456789-:+_eTtruefalsinxé学\x00\x7f")


@st.composite
def edited_ledgers(draw: st.DrawFn) -> str:
    from cpd_cli.core.model import Ledger

    text = codec.dumps(Ledger(activities=tuple(draw(activity_lists(max_size=3)))))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        char = draw(st.sampled_from(EDIT_CHARS))
        if action == "insert":
            text = text[:at] + char + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + char + text[at + 1 :]
    return text


@settings(max_examples=1500, deadline=None)
@given(edited_ledgers())
def test_random_edits_agree_or_are_declined(text: str) -> None:
    assert_agrees(text)


@pytest.mark.parametrize(
    ("line", "value"),
    [
        (r's = "a\\"', "a\\"),
        (r's = "a\"b"', 'a"b'),
        (r's = "\\\"x"', '\\"x'),
        (r's = "\"\""', '""'),
        (r's = ["a\\", "b\"", "c"]', ["a\\", 'b"', "c"]),
    ],
)
def test_a_string_ends_at_the_first_quote_no_backslash_escapes(line: str, value: Any) -> None:
    assert tomlread.read(line + "\n") == {"s": value} == tomllib.loads(line + "\n")


@pytest.mark.parametrize("line", [r's = "a\\\"', r's = "a\\\\\"', 's = "ab', r's = "a\"'])
def test_an_unterminated_string_is_declined(line: str) -> None:
    assert tomlread.read(line + "\n") is None
    assert tomllib_or_none(line + "\n") is None
