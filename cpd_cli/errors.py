"""The one exception family for "the input is wrong", and the exit codes it maps to.

Any layer raises a :class:`CpdError` subclass; the CLI boundary turns it into one
line on stderr and the subclass's exit code.  The codes are documented in the
README ("Exit codes") and named only here.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of ``cpd``."""

    OK = 0
    PROBLEMS = 1  # reserved for checks that find problems
    USAGE = 2  # bad command line: unknown option, bad value (also click's code)
    LEDGER = 3  # the ledger file cannot be read or is invalid
    NOT_FOUND = 4  # no activity with that id
    WRITE = 5  # the ledger could not be written (disk full, permissions, lock)
    RULES = 6  # a rule pack is invalid or unknown
    CANCELLED = 7  # the user said no at a prompt, or closed it
    OUTPUT = 8  # stdout refused the output (a full disk behind `>`); a change the command made stays
    INTERNAL = 70  # a bug in cpd (EX_SOFTWARE); the message asks for --debug
    INTERRUPTED = 130  # Ctrl-C


class CpdError(Exception):
    """Something the user can fix: shown as one line, never as a traceback."""

    exit_code: ExitCode = ExitCode.USAGE


class UsageError(CpdError):
    """A value given on the command line is not acceptable."""

    exit_code = ExitCode.USAGE


class LedgerError(CpdError):
    """The ledger cannot be read, or says something that cannot be right.

    ``where`` is the place inside the file: ``line 3, column 7`` for syntax,
    ``activity #7, field 'hours'`` for content.  The file name is added by the
    store, which knows it.
    """

    exit_code = ExitCode.LEDGER

    def __init__(self, message: str, *, where: str | None = None, path: str | None = None, field: str | None = None):
        self.message = message
        self.where = where
        self.path = path
        self.field = field  # the ledger field at fault, for callers that map it to an option
        super().__init__(str(self))

    def with_path(self, path: str) -> LedgerError:
        return type(self)(self.message, where=self.where, path=path, field=self.field)

    def __str__(self) -> str:
        place = ": ".join(part for part in (self.path, self.where) if part)
        return f"{place}: {self.message}" if place else self.message


class NotFoundError(CpdError):
    """No activity with the id the user named."""

    exit_code = ExitCode.NOT_FOUND


class WriteError(CpdError):
    """The ledger could not be written; the previous file is untouched."""

    exit_code = ExitCode.WRITE


class RulesError(CpdError):
    """A rule pack is unknown or malformed."""

    exit_code = ExitCode.RULES
