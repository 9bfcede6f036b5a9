"""Shared fixtures.  Every test runs with the ledger and all user dirs in a temp folder."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from cpd_cli import i18n
from cpd_cli.cli import context
from cpd_cli.cli.app import run
from cpd_cli.core.model import Activity
from cpd_cli.core.rules import RulePack, load_embedded
from cpd_cli.store import codec

FIXED_TODAY = date(2024, 11, 29)

# No test has a wall-clock limit: the suite runs on shared, noisy machines and under Wine, where
# the same example can take ten times as long.  Hypothesis's per-example deadline and its
# "generation is slow" check are both clocks, so both are off for every property test.
settings.register_profile("cpd", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cpd")


# platformdirs' functions cpd uses, and the variable naming each one's folder in a test.
USER_FOLDERS = {
    "user_data_path": "XDG_DATA_HOME",
    "user_config_path": "XDG_CONFIG_HOME",
    "user_cache_path": "XDG_CACHE_HOME",
}


def _folder_named_by(variable: str) -> Callable[..., Path]:
    def user_path(appname: str | None = None, *args: Any, **kwargs: Any) -> Path:
        return Path(os.environ[variable], appname or "")

    return user_path


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test can reach the real user folders, on any platform, and the clock is fixed.

    platformdirs follows ``XDG_*`` on Linux only: on Windows it asks the shell for the known
    folders and on macOS it uses ``~/Library``.  So its functions are pointed at the ``XDG_*``
    folders everywhere, and the variables a child process's platformdirs reads on Windows
    (``WIN_PD_OVERRIDE_*``, then ``APPDATA``/``LOCALAPPDATA``) point into the temp folder too.
    """
    ledger = tmp_path / "data" / "ledger.toml"
    monkeypatch.setenv("CPD_LEDGER", str(ledger))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    for folder, variables in (("appdata-roaming", "APPDATA"), ("appdata-local", "LOCAL_APPDATA")):
        monkeypatch.setenv(variables.replace("_", ""), str(tmp_path / folder))
        monkeypatch.setenv(f"WIN_PD_OVERRIDE_{variables}", str(tmp_path / folder))
    for function, variable in USER_FOLDERS.items():
        monkeypatch.setattr(platformdirs, function, _folder_named_by(variable))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("CPD_LANG", "en")  # never the machine's locale; tests of Chinese ask for it
    i18n.use("en")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setattr(context, "today", lambda: FIXED_TODAY)
    yield ledger


@pytest.fixture
def ledger_path(isolated: Path) -> Path:
    return isolated


@pytest.fixture(scope="session")
def pack() -> RulePack:
    return load_embedded("jiangxi-2023")


def act(id: int, kind: str, when: str | date, **fields: Any) -> Activity:
    """An activity as the ledger would hold it (parsed by the real codec)."""
    when = date.fromisoformat(when) if isinstance(when, str) else when
    table = {"id": id, "kind": kind, "title": fields.pop("title", f"{kind} {id}"), "date": when, **fields}
    return codec.activity_from_table(table)


class Cli:
    """Runs cpd in-process with the ledger in the test's temp folder."""

    def __init__(self, ledger: Path):
        self.ledger = ledger

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return invoke(["--ledger", str(self.ledger), *args], input=input)


def invoke(args: Sequence[str], input: str | None = None) -> Result:
    """cpd run in-process through its error boundary (:func:`cpd_cli.cli.app.run`), as the ``cpd``
    command runs it, with click's test runner holding stdin, stdout and stderr."""
    runner = CliRunner()
    exception: BaseException | None = None
    exc_info: Any = None
    with runner.isolation(input=input) as (stdout, stderr, output):
        try:
            code = run(list(args))
        except SystemExit as exit:  # completion, and the quiet end of a closed pipe, exit themselves
            code = exit.code if isinstance(exit.code, int) else 0 if exit.code is None else 1
        except Exception as error:  # --debug lets a bug through
            exception, exc_info, code = error, sys.exc_info(), 1
        if code and exception is None:
            exception = SystemExit(code)
    return Result(runner, stdout.getvalue(), stderr.getvalue(), output.getvalue(), None, code, exception, exc_info)


@pytest.fixture
def cli(ledger_path: Path) -> Cli:
    return Cli(ledger_path)
