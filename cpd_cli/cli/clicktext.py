"""Click's and Typer's own words — help headings, usage errors — that cpd's catalog carries.

Click and Typer mark their messages for gettext and look them up through
gettext's module-level functions; :func:`cpd_cli.i18n.use` makes cpd's catalog
the domain those functions read, in cpd's chosen language.  The messages a cpd
user can meet are listed here so that the catalog carries them; a test checks
that each is still a message of the installed click or Typer, so a reworded
message shows up as a failing test rather than as English in a Chinese session.
"""

from __future__ import annotations

from cpd_cli.i18n import N_, N_plural

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
    N_plural("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    N_("No such command {name!r}."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_plural("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    N_plural("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
    N_("Option {name!r} does not take a value."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    # prompts
    N_("Error: {message}"),
    N_("Error: invalid input"),
)

# The placeholders help shows for what is typed after a command or an option
# (``cpd [OPTIONS] COMMAND``, ``--title TEXT``): click's own, and cpd's ``metavar=``.
METAVARS = (
    N_("[OPTIONS]"),
    N_("[COMMAND] [ARGS]..."),
    N_("COMMAND [ARGS]..."),
    N_("COMMAND..."),
    N_("ARTICLE"),
    N_("DATE"),
    N_("ENCODING"),
    N_("FIELD"),
    N_("FILE"),
    N_("FILE.zip"),
    N_("FILE..."),
    N_("ID"),
    N_("INTEGER"),
    N_("KEY"),
    N_("KIND"),
    N_("LEVEL"),
    N_("N"),
    N_("PATH"),
    N_("PATH..."),
    N_("ROLE"),
    N_("ROW"),
    N_("ROW=ID"),
    N_("SHELL"),
    N_("STATUS"),
    N_("SUBJECT"),
    N_("TEXT"),
    N_("TYPE"),
    N_("VALUE"),
    N_("YEAR"),
)
