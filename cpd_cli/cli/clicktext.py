"""Click's and Typer's own words — help headings, usage errors — in cpd's language.

Click and Typer mark their messages for gettext but look them up in the
process-wide default domain, while cpd chooses its language itself (``--lang``,
``CPD_LANG``, then the locale) and keeps its catalog under its own domain.
:func:`speak` points the two names they call in each of their modules, ``_``
and ``ngettext``, at cpd's catalog.  The messages a cpd user can meet are listed
here so that the catalog carries them; a test checks that each is still in the
installed click or Typer, so a reworded message shows up as a failing test
rather than as English in a Chinese session.
"""

from __future__ import annotations

import sys

from cpd_cli import i18n
from cpd_cli.i18n import N_

MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "typer.core",
)

MESSAGES = (
    # help
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Arguments"),
    N_("Show this message and exit."),
    N_("required"),
    N_("default: {default}"),
    # usage errors
    N_("No such option {name!r}."),
    N_("Did you mean {possibility}?"),
    N_("(Did you mean one of: {possibilities}?)"),
    N_("No such command {name!r}."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Got unexpected extra argument ({args})"),
    N_("Got unexpected extra arguments ({args})"),
    N_("Option {name!r} requires an argument."),
    N_("Option {name!r} requires {nargs} arguments."),
    N_("Option {name!r} does not take a value."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
)


def speak() -> None:
    """Have click and Typer say their messages through cpd's catalog, in its chosen language."""
    for name in MODULES:
        module = sys.modules.get(name)
        if module is None:  # not imported by this command: nothing of it will speak
            continue
        if hasattr(module, "_"):
            module._ = i18n._  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]
