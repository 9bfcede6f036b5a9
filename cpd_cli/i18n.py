"""Chinese and English: the standard gettext machinery, English source strings.

Every user-facing string is written in English in the code and passed through
:func:`_`; Chinese lives in the catalog ``locale/zh/LC_MESSAGES/cpd.po``
(compiled to ``cpd.mo``, which :mod:`gettext` reads).  Official terms — 公需,
专业, 学时, 折算学时申报, 学时查询, article numbers — stay in Chinese in both.

The language is chosen once, before anything is printed:
``--lang zh|en`` > ``CPD_LANG`` > the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG`` starting with ``zh``) > English.  ``tools/i18n.py`` extracts the
messages and compiles the catalog; a test fails when the two disagree.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "cpd"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("en", "zh")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    """``message`` in the chosen language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """``singular`` or ``plural`` by ``count``, in the chosen language.

    Both forms are entries of their own in the catalog (Chinese has one form, so
    each is translated whole), which keeps the catalog free of plural tables.
    """
    return _translation.gettext(singular if count == 1 else plural)


def N_(message: str) -> str:  # gettext's conventional name
    """Mark ``message`` for the catalog without translating it here."""
    return message


def language() -> str:
    return _language


def use(code: str) -> None:
    """Speak ``code`` (``en`` or ``zh``) from now on."""
    global _translation, _language
    _language = code if code in LANGUAGES else "en"
    if _language == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_language], fallback=True)


@contextmanager
def english() -> Iterator[None]:
    """English for a while: machine output (``--json``) never depends on the locale."""
    previous = _language
    use("en")
    try:
        yield
    finally:
        use(previous)


def choose(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language the command line, then the environment, asks for."""
    environ = os.environ if environ is None else environ
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(argv):
            return normalise(argv[index + 1])
        if word.startswith("--lang="):
            return normalise(word.split("=", 1)[1])
    if environ.get("CPD_LANG"):
        return normalise(environ["CPD_LANG"])
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def normalise(code: str) -> str:
    return "zh" if code.strip().lower().startswith("zh") else "en"


def is_language(code: str) -> bool:
    """Whether ``--lang`` may be given ``code``: zh or en, as a locale may spell them."""
    return code.strip().lower() in ("zh", "en", "zh_cn", "zh-cn", "en_us", "en-us")
