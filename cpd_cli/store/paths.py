"""Where cpd's files live (the ledger, the user's rule packs), resolved at run time.

The ledger: ``--ledger PATH`` > ``CPD_LEDGER`` > platformdirs' user data dir.  Never at import.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

LEDGER_ENV = "CPD_LEDGER"
APP_NAME = "cpd"


def ledger_path(option: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    if option:
        return Path(option).expanduser()
    if environ.get(LEDGER_ENV):
        return Path(environ[LEDGER_ENV]).expanduser()
    return data_folder() / "ledger.toml"


def data_folder() -> Path:
    """cpd's own folder in the user data dir: the default ledger, its backups and journal."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def in_data_folder(target: Path) -> bool:
    """Whether ``target``, symbolic links followed, is cpd's own data folder or inside it."""
    real = Path(os.path.normcase(os.path.realpath(target)))
    folder = Path(os.path.normcase(os.path.realpath(data_folder())))
    return real == folder or folder in real.parents


def user_packs_folder() -> Path:
    """Where a person may keep rule packs of their own: ``<user config dir>/packs``."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "packs"
