"""A Tab press offers the ledger's ids and years from a light read: store.ledgerentries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.ledgers import write_ledger
from cpd_cli.core.model import Ledger
from cpd_cli.store import codec
from cpd_cli.store.ledgerentries import Entry, entries
from tests.conftest import Cli, invoke
from tests.strategies import activity_lists


def tab(monkeypatch: pytest.MonkeyPatch, *words: str, ledger: Path | None = None, typed: str = "") -> list[str]:
    """What bash's completion script (completions/cpd.bash) gets back on a Tab after ``cpd WORDS TYPED``."""
    monkeypatch.setenv("_CPD_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "\n".join(["cpd", *words, typed]))
    monkeypatch.setenv("COMP_CWORD", str(len(words) + 1))
    if ledger is not None:
        monkeypatch.setenv("CPD_LEDGER", str(ledger))
    result = invoke([])
    monkeypatch.delenv("_CPD_COMPLETE")
    assert result.exit_code == 0 and "Traceback" not in result.output
    return result.stdout.split()


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


ONE = '[[activity]]\nid = 4\nkind = "paper"\ntitle = "论文"\ndate = 2023-05-01\n'


# ---------------------------------------------------------------- the store function


def test_entries_of_a_ledger_cpd_wrote(cli: Cli) -> None:
    cli("add", "paper", "--title", "论文", "--date", "2023-05-01")
    cli("add", "training", "--title", "公需课", "--subject", "public", "--hours", "3", "--date", "2024-02-01")
    cli("add", "training", "--title", "补学", "--subject", "public", "--hours", "3", "--date", "2024-03-01",
        "--makeup-for", "2022")  # fmt: skip
    assert entries(cli.ledger) == (
        Entry(1, date(2023, 5, 1), "paper", "论文", 2023),
        Entry(2, date(2024, 2, 1), "training", "公需课", 2024),
        Entry(3, date(2024, 3, 1), "training", "补学", 2022),  # the year it makes up
    )


def test_no_ledger_yet_has_no_entries(tmp_path: Path) -> None:
    assert entries(tmp_path / "ledger.toml") == ()


def test_a_byte_order_mark_and_a_date_written_as_text_read_as_the_command_reads_them(tmp_path: Path) -> None:
    path = write(tmp_path / "ledger.toml", "\ufeff" + ONE.replace("2023-05-01", '"2023/5/1"'))
    assert entries(path) == (Entry(4, date(2023, 5, 1), "paper", "论文", 2023),)
    assert codec.loads(path.read_text(encoding="utf-8")).activities[0].date == date(2023, 5, 1)


def test_what_the_pack_would_refuse_is_left_to_the_command(tmp_path: Path) -> None:
    """An unknown kind or a wrong amount is not checked here: the ids are still offered, and the
    command, which reads the ledger in full, says what is wrong with it."""
    path = write(tmp_path / "ledger.toml", ONE.replace('"paper"', '"no-such-kind"') + "hours = -3\n")
    assert entries(path) == (Entry(4, date(2023, 5, 1), "no-such-kind", "论文", 2023),)


MALFORMED = {
    "not TOML": "not = [toml",
    "not UTF-8 (GBK)": ONE.encode("gbk"),
    "a newer format": "schema = 2\n" + ONE,
    "an older format no step upgrades": "schema = 0\n" + ONE,
    "a schema that is not a number": 'schema = "1"\n' + ONE,
    "activity not an array of tables": 'activity = "x"\n',
    "an activity that is not a table": "activity = [1]\n",
    "no id": ONE.replace("id = 4\n", ""),
    "an id of 0": ONE.replace("id = 4", "id = 0"),
    "an id that is true": ONE.replace("id = 4", "id = true"),
    "an id that is text": ONE.replace("id = 4", 'id = "4"'),
    "the same id twice": ONE + "\n" + ONE,
    "no date": ONE.replace("date = 2023-05-01\n", ""),
    "a date with a time": ONE.replace("2023-05-01", "2023-05-01T10:00:00"),
    "a date that is no date": ONE.replace("2023-05-01", '"2023-02-30"'),
    "an empty title": ONE.replace('"论文"', '"  "'),
    "a kind that is not text": ONE.replace('"paper"', "3"),
    "a make-up year that is not a number": ONE + 'makeup_for = "2022"\n',
    "a number of 5,000 digits": ONE + "points = " + "9" * 5000 + "\n",
    "arrays nested too deeply for the parser": ONE + "x = " + "[" * 5000 + "]" * 5000 + "\n",
}


@pytest.mark.parametrize("text", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_ledger_has_no_entries(tmp_path: Path, text: str | bytes) -> None:
    assert entries(write(tmp_path / "ledger.toml", text)) is None


def test_a_file_that_is_no_ledger_has_no_entries(tmp_path: Path) -> None:
    assert entries(tmp_path) is None  # a folder
    big = tmp_path / "big.toml"
    with big.open("wb") as file:
        file.truncate(16 * 1024 * 1024 + 1)  # past the store's limit: refused unread
    assert entries(big) is None


@given(activity_lists(max_size=12), st.text(min_size=1, max_size=30).filter(str.strip), st.integers(2015, 2024))
def test_entries_agree_with_the_full_read(activities: list, title: str, makeup_year: int) -> None:  # type: ignore[type-arg]
    """On any ledger cpd writes, the light read gives each activity's id, date, kind, title and
    year exactly as the command's reading (store.codec) does, in the same order."""
    import tempfile

    if activities:  # an odd title and a make-up year on the first, to reach every field read
        activities[0] = activities[0]._replace(title=title, makeup_for=makeup_year)
    text = codec.dumps(Ledger(activities=tuple(activities)))
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "ledger.toml", text)
        read = codec.loads(text).activities
        assert entries(path) == tuple(Entry(a.id, a.date, a.kind, a.title, a.year) for a in read)


# ---------------------------------------------------------------- what a Tab press offers


def test_tab_after_edit_offers_every_id_in_number_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = write_ledger(tmp_path / "ledger.toml", 120)
    assert tab(monkeypatch, "edit", ledger=ledger) == [str(n) for n in range(1, 121)]
    assert tab(monkeypatch, "show", ledger=ledger, typed="11") == ["11", *(str(n) for n in range(110, 120))]


def test_tab_offers_the_ids_of_the_ledger_the_command_line_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    named = write(tmp_path / "other.toml", ONE)
    write_ledger(tmp_path / "ledger.toml", 3)
    monkeypatch.setenv("CPD_LEDGER", str(tmp_path / "ledger.toml"))
    # bash's words are split as a shell splits them, where a backslash escapes: a Windows path as Git Bash has it
    assert tab(monkeypatch, "--ledger", named.as_posix(), "edit") == ["4"]
    assert tab(monkeypatch, "edit") == ["1", "2", "3"]


def test_tab_after_year_offers_the_years_latest_first_make_up_years_included(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "paper", "--title", "论文", "--date", "2023-05-01")
    cli("add", "training", "--title", "补学", "--subject", "public", "--hours", "3", "--date", "2024-03-01",
        "--makeup-for", "2021")  # fmt: skip
    assert tab(monkeypatch, "status", "--year") == ["2023", "2021"]
    assert tab(monkeypatch, "list", "--year") == ["2023", "2021"]


@pytest.mark.parametrize("text", [MALFORMED["not TOML"], MALFORMED["the same id twice"], MALFORMED["not UTF-8 (GBK)"]])
def test_a_malformed_ledger_offers_nothing_and_never_fails(
    ledger_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | bytes
) -> None:
    write(ledger_path, text)
    before = ledger_path.read_bytes()
    assert tab(monkeypatch, "edit") == []
    assert tab(monkeypatch, "status", "--year") == []
    assert ledger_path.read_bytes() == before  # a Tab press reads; it never writes
