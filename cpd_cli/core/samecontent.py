"""The evaluation's same-content stage (Art. 11): activities joined by ``same_as`` count once a year.

Groups are formed over the whole ledger; of a group's members in the year, the
one with the highest eligible credit counts, and members in other years are
named in a warning.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from cpd_cli.core.explain import (
    SameContentNote,
    SameContentOtherYearWarning,
    SameContentStep,
)
from cpd_cli.core.model import Activity
from cpd_cli.core.results import ZERO, Work
from cpd_cli.core.rulemodel import RulePack


def same_content_groups(activities: Iterable[Activity]) -> dict[int, tuple[int, ...]]:
    """Each linked activity's group: the ids joined to it by ``same_as``, transitively,
    over every activity given (all years, every status), in id order."""
    parent: dict[int, int] = {}  # union-find over the linked ids

    def root(node: int) -> int:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for activity in activities:
        if activity.same_as is not None:
            parent[root(activity.id)] = root(activity.same_as)
    if not parent:
        return {}
    members: dict[int, list[int]] = defaultdict(list)
    for node in list(parent):
        members[root(node)].append(node)
    return {node: tuple(sorted(group)) for group in members.values() for node in group}


def keep_the_best_of_same_content(work: list[Work], groups: dict[int, tuple[int, ...]], pack: RulePack) -> None:
    """Groups of activities joined by ``same_as`` (transitively, over the whole ledger) count once a year.

    Of a group's members in this year that earn now, the one with the highest
    eligible credit keeps it, the lowest id on a tie; the others are eligible for
    nothing.  Members of other years, and blocked members, do not compete.
    ``groups`` is :func:`same_content_groups` of the whole ledger.
    """
    in_year: dict[tuple[int, ...], list[Work]] = defaultdict(list)
    for item in work:
        group = groups.get(item.activity.id)
        if group is not None:
            in_year[group].append(item)
    for group, members in in_year.items():
        competing = [m for m in members if not m.blocked]
        if len(competing) < 2:  # alone in its year: nothing to choose between
            continue
        winner = max(competing, key=lambda m: (m.eligible, -m.activity.id))
        for member in competing:
            if member is not winner:
                member.eligible = ZERO
                member.notes += (SameContentNote(pack.validity_article, winner.activity.id),)
            if member.trace is not None:
                step = SameContentStep(
                    pack.validity_article,
                    member.eligible,
                    group=group,
                    member=member.activity.id,
                    winner=winner.activity.id,
                    best=winner.eligible,
                )
                member.trace.append(step)


def same_content_in_other_years(
    work: list[Work], groups: dict[int, tuple[int, ...]], everything: list[Activity], pack: RulePack
) -> list[SameContentOtherYearWarning]:
    """For each group with members in this year and in others: one warning per other-year member,
    naming the member of this year that counts (or, when none does, the lowest id)."""
    by_id = {activity.id: activity for activity in everything if activity.id in groups}
    this_year = {item.activity.id: item for item in work}
    warnings = []
    for group in dict.fromkeys(groups[i] for i in this_year if i in groups):
        mine = [this_year[i] for i in group if i in this_year]
        theirs = [by_id[i] for i in group if i not in this_year and i in by_id]
        if not theirs:
            continue
        counting = [m for m in mine if m.eligible > 0]
        shown = counting[0] if counting else mine[0]
        warnings += [
            SameContentOtherYearWarning(pack.validity_article, shown.activity.id, other.id, other.year)
            for other in theirs
        ]
    return warnings
