"""The ledger's TOML layout: what cpd writes reads back to the same document."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpd_cli.store import codec
from tests.strategies import activity_lists

keys = st.text(min_size=1, max_size=12).filter(lambda k: k not in codec.ACTIVITY_KEYS and k not in codec.TOP_KEYS)
scalars = st.one_of(
    st.text(max_size=30),
    st.integers(-(2**63), 2**63 - 1),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1e6, max_value=1e6),
    st.booleans(),
    st.dates(date(1900, 1, 1), date(2100, 12, 31)),
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3), max_leaves=8
)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return Decimal(a) == Decimal(b)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return isinstance(b, list) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b and type(a) is type(b))


@settings(max_examples=150)
@given(activity_lists(max_size=5), st.dictionaries(keys, values, max_size=3), st.dictionaries(keys, values, max_size=3))
def test_round_trip_with_unknown_keys(activities, top_extra, activity_extra) -> None:  # type: ignore[no-untyped-def]
    from cpd_cli.core.model import Ledger

    ledger = Ledger(activities=tuple(a._replace(extra=activity_extra) for a in activities), extra=top_extra)
    text = codec.dumps(ledger)
    document = codec.to_document(ledger)
    assert same(document, tomllib.loads(text, parse_float=Decimal))
    assert codec.loads(text) == codec.loads(codec.dumps(codec.loads(text)))  # stable after one round


def test_layout_is_blocks_not_inline() -> None:
    ledger = codec.loads('[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\n')
    text = codec.dumps(ledger)
    assert '\n[[activity]]\nid = 1\nkind = "paper"\ntitle = "x"\ndate = 2024-01-01\n' in text


def test_unknown_keys_are_kept_and_the_shared_empty_default_is_read_only(tmp_path: Path) -> None:
    from cpd_cli.core.model import EMPTY
    from cpd_cli.store import ledger as store

    path = tmp_path / "ledger.toml"
    path.write_text(
        '[[activity]]\nid = 1\nkind = "paper"\ntitle = "p"\ndate = 2024-03-01\n'
        '[[activity]]\nid = 2\nkind = "paper"\ntitle = "q"\ndate = 2024-03-02\nfuture_key = [1, 2]\n',
        encoding="utf-8",
    )
    ledger = store.load(path).ledger
    assert ledger.activities[0].extra == {} and ledger.activities[0].details == {}
    assert ledger.activities[1].extra == {"future_key": [1, 2]}
    with pytest.raises(TypeError):
        EMPTY["x"] = 1  # type: ignore[index]
