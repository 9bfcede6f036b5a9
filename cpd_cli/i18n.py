"""Chinese and English: the standard gettext machinery, English source strings.

Every user-facing string is written in English in the code and passed through
:func:`_`; Chinese lives in the catalog ``locale/zh/LC_MESSAGES/cpd.po``
(compiled to ``cpd.mo``, which :mod:`gettext` reads).  Official terms — 公需,
专业, 学时, 折算学时申报, 学时查询, article numbers — stay in Chinese in both.

The language is chosen once, before anything is printed:
``--lang zh|en`` > ``CPD_LANG`` > the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG`` starting with ``zh``) > the language Windows shows its menus in (Windows
sets none of those variables) > English.  ``tools/i18n.py`` extracts the
messages and compiles the catalog; a test fails when the two disagree.

Click and Typer translate their own words (help headings, usage errors) with
gettext's module-level ``gettext``/``ngettext``: the process-wide current domain,
in the language the environment names.  :func:`use` makes cpd's catalog that
domain and names cpd's choice in ``LANGUAGE``, the variable gettext reads first —
the one public way to tell those functions the language.  cpd's own :func:`_`
keeps the translation :func:`use` loaded instead, because those functions look
the catalog file up again on every call.
"""

from __future__ import annotations

import gettext
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
    """The form of a message for ``count`` ("1 day", "2 days"), in the chosen language."""
    return _translation.ngettext(singular, plural, count)


def N_(message: str) -> str:  # gettext's conventional name
    """Mark ``message`` for the catalog without translating it here."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message that has a plural form (``ngettext``'s two arguments) for the catalog."""
    return singular, plural


def listed(items: Iterable[str]) -> str:
    """Items named in a sentence, joined as the language joins them: "a, b, c" or "甲、乙、丙"."""
    return _(", ").join(items)


def language() -> str:
    return _language


def use(code: str) -> None:
    """Speak ``code`` (``en`` or ``zh``) from now on, and have click and Typer speak it too."""
    global _translation, _language
    _language = code if code in LANGUAGES else "en"
    if _language == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_language], fallback=True)
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = _language  # English has no catalog: gettext then returns the message itself


@contextmanager
def english() -> Iterator[None]:
    """English for a while: machine output (``--json``) never depends on the locale."""
    previous = _language
    use("en")
    try:
        yield
    finally:
        use(previous)


def choose(
    argv: Sequence[str],
    environ: Mapping[str, str] | None = None,
    system_language: Callable[[], str | None] | None = None,
) -> str:
    """The language the command line, then the environment, then the system asks for.

    ``system_language`` answers for the system, ``zh``, ``en`` or None
    (default: :func:`display_language`).
    """
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
    return (system_language or display_language)() or "en"


LANG_CHINESE = 0x04  # the primary language of every Chinese LANGID: zh-CN 0x0804, zh-TW 0x0404, ...


def display_language() -> str | None:
    """The language Windows shows its own menus in, as ``zh`` or ``en``; None elsewhere.

    The standard library has no public way to ask: ``locale.getlocale()`` and the
    deprecated ``locale.getdefaultlocale()`` answer with the regional format
    (dates, numbers), which a person may set apart from the display language.
    """
    if sys.platform != "win32":
        return None
    import ctypes

    langid: int = ctypes.windll.kernel32.GetUserDefaultUILanguage()
    return "zh" if langid & 0x3FF == LANG_CHINESE else "en"


def normalise(code: str) -> str:
    return "zh" if code.strip().lower().startswith("zh") else "en"


def is_language(code: str) -> bool:
    """Whether ``--lang`` may be given ``code``: zh or en, as a locale may spell them."""
    return code.strip().lower() in ("zh", "en", "zh_cn", "zh-cn", "en_us", "en-us")
