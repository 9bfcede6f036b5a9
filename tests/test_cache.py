"""The parsed-ledger cache: used only for the very bytes it was made from, never an error."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cpd_cli.errors import ExitCode
from cpd_cli.store import cache, codec
from cpd_cli.store import ledger as store
from cpd_cli.store.paths import ledger_cache_folder
from tests.conftest import Cli

PAPER = 'schema = 1\n[[activity]]\nid = 1\nkind = "paper"\ntitle = "{title}"\ndate = 2024-03-01\n'


def entries() -> list[Path]:
    folder = ledger_cache_folder()
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


def titles(cli: Cli) -> list[str]:
    result = cli("list", "--json")
    assert result.exit_code == 0, result.stderr
    return [row["title"] for row in json.loads(result.stdout)]


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a ledger can only come from the cache."""

    def refuse(text: str) -> None:
        raise AssertionError("parsed although the cache holds these bytes")

    monkeypatch.setattr(codec, "loads", refuse)


def test_a_second_read_of_the_same_bytes_comes_from_the_cache(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text(PAPER.format(title="first"), encoding="utf-8")
    parsed = store.load(cli.ledger)
    assert len(entries()) == 1
    assert str(entries()[0]).startswith(str(Path(os.environ["XDG_CACHE_HOME"])))  # the test's own folder
    no_parsing(monkeypatch)
    assert store.load(cli.ledger) == parsed
    assert titles(cli) == ["first"]


def test_a_hand_edit_is_read_even_with_the_same_size_and_time(cli: Cli) -> None:
    """Keyed by content: an edit that keeps size and modification time is still seen."""
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text(PAPER.format(title="aaaa"), encoding="utf-8")
    assert titles(cli) == ["aaaa"]
    stat = cli.ledger.stat()
    cli.ledger.write_text(PAPER.format(title="bbbb"), encoding="utf-8")
    os.utime(cli.ledger, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cli.ledger.stat().st_size == stat.st_size
    assert titles(cli) == ["bbbb"]


def test_a_broken_ledger_is_reported_every_time_even_after_a_good_one(cli: Cli) -> None:
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text(PAPER.format(title="good"), encoding="utf-8")
    assert titles(cli) == ["good"]
    before = entries()[0].read_bytes()
    cli.ledger.write_text(PAPER.format(title="bad").replace('kind = "paper"', 'kind = "poem"'), encoding="utf-8")
    for _ in range(2):
        result = cli("status")
        assert result.exit_code == ExitCode.LEDGER and "poem" in result.stderr
    assert entries()[0].read_bytes() == before  # an invalid ledger is never kept


@pytest.mark.parametrize(
    "damage",
    [b"", b"garbage", b"\0" * 32 + b"not a pickle", "keep the key, cut the pickle"],
)
def test_a_damaged_entry_is_a_miss(cli: Cli, damage: bytes | str) -> None:
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text(PAPER.format(title="kept"), encoding="utf-8")
    assert titles(cli) == ["kept"]
    entry = entries()[0]
    stored = entry.read_bytes()
    entry.write_bytes(stored[: len(stored) // 2] if isinstance(damage, str) else damage)
    assert titles(cli) == ["kept"]
    assert entry.read_bytes() == stored  # and it is written afresh


def test_a_cache_that_cannot_be_written_is_no_error(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text(PAPER.format(title="fine"), encoding="utf-8")
    result = cli("status")
    assert result.exit_code == 0 and result.stderr == ""
    assert titles(cli) == ["fine"]


def test_an_edited_rules_file_is_a_miss(cli: Cli, tmp_path: Path) -> None:
    from cpd_cli.core.rules import PACKS_FOLDER

    rules = tmp_path / "pack.toml"
    original = (PACKS_FOLDER / "national-2015.toml").read_text(encoding="utf-8")
    rules.write_text(original, encoding="utf-8")
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text('schema = 1\n[[activity]]\nid = 1\nkind = "training"\ntitle = "t"\ndate = 2024-03-01\n'
                          'subject = "professional"\nhours = 10\n', encoding="utf-8")  # fmt: skip
    first = store.load(cli.ledger, rules)
    assert first.pack.source == str(rules)
    edited = original.replace('document = "人力资源社会保障部令第25号"', 'document = "人力资源社会保障部令第26号"')
    assert edited != original
    rules.write_text(edited, encoding="utf-8")
    second = store.load(cli.ledger, rules)
    assert second.pack.document != first.pack.document and "26" in second.pack.document


def test_a_pack_from_the_users_folder_is_not_cached(cli: Cli) -> None:
    """Which file that is depends on the config dir, which the entry cannot see change."""
    from cpd_cli.core.rules import PACKS_FOLDER
    from cpd_cli.store.paths import user_packs_folder

    folder = user_packs_folder()
    folder.mkdir(parents=True)
    own = (
        (PACKS_FOLDER / "national-2015.toml")
        .read_text(encoding="utf-8")
        .replace('id = "national-2015"', 'id = "mine"', 1)
    )
    (folder / "mine.toml").write_text(own, encoding="utf-8")
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text('[profile]\nrules = "mine"\n', encoding="utf-8")
    assert store.load(cli.ledger).pack.id == "mine"
    assert entries() == []


def test_cpd_no_cache_keeps_nothing(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPD_NO_CACHE", "1")
    cli.ledger.parent.mkdir(parents=True)
    cli.ledger.write_text(PAPER.format(title="x"), encoding="utf-8")
    assert titles(cli) == ["x"]
    assert entries() == []


def test_an_edit_to_the_parsing_code_is_a_miss(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An editable install keeps its version number while its code changes."""
    for name in cache.PARSING_FILES:
        copy = tmp_path / "package" / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes((cache.PACKAGE / name).read_bytes())
    monkeypatch.setattr(cache, "PACKAGE", tmp_path / "package")
    raw = PAPER.format(title="x").encode()
    key = cache._key(raw, None)
    assert cache._key(raw, None) == key
    codec_file = tmp_path / "package" / "store" / "codec.py"
    stat = codec_file.stat()
    os.utime(codec_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1000))  # NTFS counts in 100 ns
    assert cache._key(raw, None) != key


def test_entries_are_kept_for_the_ledgers_written_last_and_killed_writes_are_swept(tmp_path: Path) -> None:
    paths = []
    for number in range(cache.MAX_ENTRIES + 4):
        path = tmp_path / f"ledger-{number}.toml"
        path.write_text(PAPER.format(title=f"t{number}"), encoding="utf-8")
        paths.append(path)
        store.load(path)
        entry = cache._entry_path(path)
        os.utime(entry, ns=(number * 10**9, number * 10**9))  # written in this order
    stale = ledger_cache_folder() / ".killed.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, ns=(0, 0))
    fresh = ledger_cache_folder() / ".writing.tmp"
    fresh.write_bytes(b"half")
    (tmp_path / "one-more.toml").write_text(PAPER.format(title="last"), encoding="utf-8")
    store.load(tmp_path / "one-more.toml")
    kept = set(entries())
    assert len(kept) == cache.MAX_ENTRIES
    assert cache._entry_path(tmp_path / "one-more.toml") in kept
    # 21 ledgers written in order: the last 16 are ledger-5 … ledger-19 and one-more.
    assert kept == {cache._entry_path(path) for path in paths[5:]} | {cache._entry_path(tmp_path / "one-more.toml")}
    assert not stale.exists() and fresh.exists()
