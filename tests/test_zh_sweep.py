"""Every command and every help page, in Chinese, with no English word outside an allow-list.

The ledgers are the demo cpd ships and the platform fixture's ledger after a
reconcile, so that every view has something to show.  What may stay in Latin
letters: what a person types or reads back as it is (option names, the ledger's
ids of kinds, statuses, subjects, levels, roles and types, profile keys, shell
and format names, file names, environment variables, the rule pack's id), what
the person wrote (titles, journals, notes, paths), and the names of things that
are written so (JSON, UTF-8, SHA-256, Excel, WPS …).  The export's documents are
bilingual by design (中文 English side by side) and are not swept; what export
says on the terminal is.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cpd_cli.cli.commands import COMMANDS
from cpd_cli.cli.completion import SHELLS
from cpd_cli.core.fields import BY_NAME, PROFILE_FIELDS
from cpd_cli.core.model import Status, Subject
from cpd_cli.core.rules import load_embedded
from cpd_cli.core.vocabulary import SECTORS
from cpd_cli.store import codec
from tests.conftest import Cli

DEMO = Path(__file__).parent.parent / "cpd_cli" / "demo.toml"
PLATFORM = Path(__file__).parent / "data" / "platform"

WORD = re.compile(r"[A-Za-z]+")
# A token that is typed or read back as it is: an option, a path or file name, a variable.
VERBATIM = re.compile(
    r"--?[A-Za-z][\w-]*|\$?[A-Z][A-Z0-9]*_[A-Z0-9_]+|\$\w+|[\w.-]*[/\\][^\s，。、；：）]*|[\w-]*\.[A-Za-z0-9]+"
)
NAMES = {
    "cpd", "JSON", "UTF", "BOM", "SHA", "ASCII", "README", "Excel", "WPS", "shell", "echo",
    "md", "csv", "json", "html", "ics", "xlsx", "zip",  # the export formats
    "true", "false",  # a ledger's own words
    "zh", "en",  # --lang's values
    "Windows", "GBK", "gbk", "gb", "utf", "le",  # the system and the encodings a ledger may be saved in
}  # fmt: skip


def allowed_words(*ledgers: Path) -> set[str]:
    pack = load_embedded()
    words = set(NAMES) | set(SHELLS) | set(PROFILE_FIELDS) | {s.id for s in SECTORS} | set(BY_NAME)
    words |= {*COMMANDS, "set", "unset"}  # the command names
    words |= {status.value for status in Status} | {subject.value for subject in Subject}
    words |= {pack.id, "jiangxi"}
    for rule in pack.rules:
        words |= {rule.kind}
        if rule.choice is not None:
            words |= {*rule.choice.rates, *rule.choice.labels}
    for path in (DEMO, *ledgers):  # what the person wrote is shown as written
        words |= set(WORD.findall(" ".join(written(path))))
    return {part for word in words for part in WORD.findall(word)}


def written(path: Path) -> Iterator[str]:
    """The text a person wrote into a ledger (titles, notes, journals, paths) or a platform table."""
    if path.suffix != ".toml":
        yield path.read_text(encoding="utf-8")
        return
    ledger = codec.loads(path.read_text(encoding="utf-8"))
    yield from (value for value in ledger.profile if isinstance(value, str))
    for activity in ledger.activities:
        yield from (value for value in activity if isinstance(value, str))
        yield from activity.evidence
        yield from activity.details.values()


def english(text: str, allowed: set[str]) -> list[str]:
    found = []
    for line in text.splitlines():
        for word in WORD.findall(VERBATIM.sub(" ", line)):
            if word not in allowed and len(word) > 1:
                found.append(f"{word!r} in {line.strip()!r}")
    return found


def help_pages() -> Iterator[list[str]]:
    yield []
    for name in COMMANDS:
        yield [name]
    for rule in load_embedded().rules:
        yield ["add", rule.kind]
    yield from (["profile", "set"], ["profile", "unset"])


def runs(ledger: Path) -> Iterator[list[str]]:
    """Every command that shows something, on a ledger with activities numbered from 1."""
    ids = [activity.id for activity in codec.loads(ledger.read_text(encoding="utf-8")).activities]
    yield from ([], ["status", "--year", "2024"], ["status", "--year", "2024", "--explain"], ["status", "--all"])
    yield from (
        ["list"],
        ["list", "--year", "2024"],
        ["history"],
        ["check", "--year", "2024"],
        ["check", "--since", "2023"],
    )
    yield from (["profile"], ["rules"], ["demo"], ["demo", "--explain"])
    yield from (["show", str(activity_id)] for activity_id in ids)
    yield from (["rules", "--show", rule.article] for rule in load_embedded().rules)
    yield from (["reconcile", str(PLATFORM / "2024.html"), "--year", "2024"],)
    yield from (["export", "--year", "2024", "--output", str(ledger.parent / "out.md")],)
    # what goes wrong: the messages a person meets
    yield from (
        ["show", "999"],
        ["show", "x"],
        ["edit", "1", "--same-as", "x"],
        ["status", "--year", "abc"],
        ["list", "--tilte", "x"],
        ["stauts"],
        ["mark", "1", "maybe"],
    )
    yield from (["add", "paper"], ["add", "paper", "--title", "x", "--date", "yesterday"], ["profile", "set", "x", "y"])


@pytest.fixture(params=["demo", "reconciled"])
def ledger(request: Any, cli: Cli) -> Path:
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    if request.param == "demo":
        shutil.copy(DEMO, cli.ledger)
    else:
        shutil.copy(PLATFORM / "ledger.toml", cli.ledger)
        applied = cli("--lang", "zh", "reconcile", str(PLATFORM / "2024.html"), "--year", "2024", "--apply")
        assert applied.exit_code == 0, applied.output
    return cli.ledger


def test_every_help_page_is_chinese(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    allowed = allowed_words()
    found = []
    for words in help_pages():
        result = cli("--lang", "zh", *words, "--help")
        assert result.exit_code == 0, (words, result.output)
        found += [f"cpd {' '.join(words)} --help: {hit}" for hit in english(result.stdout, allowed)]
    assert found == [], "\n".join(found)


def test_every_command_speaks_chinese(cli: Cli, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    allowed = allowed_words(ledger, PLATFORM / "2024.txt")
    found = []
    for words in runs(ledger):
        result = cli("--lang", "zh", *words)
        assert result.exit_code != 70, (words, result.output)  # no internal error
        typed = allowed | set(WORD.findall(" ".join(words)))  # what was typed is said back as typed
        found += [f"cpd {' '.join(words)}: {hit}" for hit in english(result.stdout + result.stderr, typed)]
    changes = [["mark", "1", "declared"], ["undo"], ["attach", "1", "no-such.pdf", "--allow-missing"], ["undo"]]
    changes += [
        ["edit", "1", "--note", "备注"],
        ["undo"],
        ["rm", "1", "--yes"],
        ["undo"],
        ["profile", "set", "name", "张三"],
    ]
    for words in changes:
        result = cli("--lang", "zh", *words)
        found += [f"cpd {' '.join(words)}: {hit}" for hit in english(result.stdout + result.stderr, allowed)]
    assert found == [], "\n".join(found)
