"""The words for ``cpd check``'s findings, apart from the notes: only ``check`` loads the records."""

from __future__ import annotations

from typing import assert_never

from cpd_cli.core.findings import (
    ChangedEvidence,
    Finding,
    FutureNotPlanned,
    MissingEvidence,
    NoEvidence,
    PendingOnPlatform,
    PlatformDiffers,
    Rejected,
    SameContentOtherYear,
    StillPlanned,
)
from cpd_cli.i18n import _
from cpd_cli.messages.notes import unusable_state, warning_text
from cpd_cli.messages.words import hours, printable


def finding_text(finding: Finding) -> str:
    """One finding of ``cpd check``, the activity named by its id and its title."""
    match finding:
        case MissingEvidence(activity, title, path, unusable, reason) if unusable is not None:
            return _("#{id} {title}: evidence file {path} {state}").format(
                id=activity, title=printable(title), path=path, state=unusable_state(unusable, reason)
            )
        case MissingEvidence(activity, title, path):
            return _("#{id} {title}: evidence file missing: {path}").format(
                id=activity, title=printable(title), path=path
            )
        case ChangedEvidence(activity, title, path):
            return _("#{id} {title}: evidence file changed since it was attached: {path}").format(
                id=activity, title=printable(title), path=path
            )
        case NoEvidence(activity, title):
            return _("#{id} {title}: no evidence file; the platform asks for 佐证材料").format(
                id=activity, title=printable(title)
            )
        case SameContentOtherYear(warning, year):
            return warning_text(warning, year)
        case FutureNotPlanned(activity, title, dated):
            return _("#{id} {title}: dated {date}, in the future, but not planned").format(
                id=activity, title=printable(title), date=dated
            )
        case StillPlanned(activity, title, dated):
            return _(
                "#{id} {title}: dated {date} and still planned; mark it done (cpd mark {id} done) or remove it"
            ).format(id=activity, title=printable(title), date=dated)
        case Rejected(activity, title, seen) if seen is not None:
            return _(
                "#{id} {title}: rejected (驳回) on the platform on {date}; fix it and declare it again"
                " (cpd mark {id} declared)"
            ).format(id=activity, title=printable(title), date=seen)
        case Rejected(activity, title):
            return _("#{id} {title}: rejected (驳回); fix it and declare it again (cpd mark {id} declared)").format(
                id=activity, title=printable(title)
            )
        case PendingOnPlatform(activity, title, seen):
            return _(
                "#{id} {title}: still pending (待审核) on the platform on {date}; ask your unit to review it"
            ).format(id=activity, title=printable(title), date=seen)
        case PlatformDiffers(activity, title, platform, credited):
            return _("#{id} {title}: the platform shows {platform} 学时, cpd credits {cpd}").format(
                id=activity, title=printable(title), platform=hours(platform), cpd=hours(credited)
            )
        case _:
            assert_never(finding)
