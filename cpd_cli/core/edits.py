"""Changes to a ledger as pure functions: a new :class:`Ledger` out, nothing written."""

from __future__ import annotations

from cpd_cli.core.model import Activity, Ledger
from cpd_cli.errors import NotFoundError
from cpd_cli.i18n import _


def next_id(ledger: Ledger) -> int:
    """A fresh id: above every id in use and every id ever handed out (``last_id``)."""
    return max([ledger.last_id, *(a.id for a in ledger.activities)], default=0) + 1


def find(ledger: Ledger, activity_id: int) -> Activity:
    for activity in ledger.activities:
        if activity.id == activity_id:
            return activity
    raise NotFoundError(_("no activity #{id} (see 'cpd list')").format(id=activity_id))


def add(ledger: Ledger, activity: Activity) -> Ledger:
    return ledger._replace(activities=(*ledger.activities, activity), last_id=max(ledger.last_id, activity.id))


def put(ledger: Ledger, activity: Activity) -> Ledger:
    """Replace the activity with the same id, keeping its place in the file."""
    find(ledger, activity.id)
    return ledger._replace(activities=tuple(activity if a.id == activity.id else a for a in ledger.activities))


def remove(ledger: Ledger, activity_id: int) -> tuple[Ledger, list[int]]:
    """Remove an activity; ``same_as`` links to it are cleared.  Returns the ids unlinked."""
    removed = find(ledger, activity_id)
    unlinked = [a.id for a in ledger.activities if a.same_as == removed.id]
    kept = tuple(
        a._replace(same_as=None) if a.same_as == removed.id else a for a in ledger.activities if a.id != removed.id
    )
    return ledger._replace(activities=kept, last_id=max(ledger.last_id, removed.id)), unlinked
