"""The words cpd shows for the core's notes, warnings and rules, in one place, by topic.

Official terms (学时, 公需, 专业, article numbers) stay in Chinese beside the English.

- :mod:`~cpd_cli.messages.words`: the vocabulary's terms, 学时 figures, plurals, printable text;
- :mod:`~cpd_cli.messages.notes`: notes, warnings, knock-on effects, evidence;
- :mod:`~cpd_cli.messages.checkwords`: ``cpd check``'s findings;
- :mod:`~cpd_cli.messages.steps`: the lines of an ``--explain`` trace;
- :mod:`~cpd_cli.messages.credit`: how a rule of the pack credits, its cap and subject;
- :mod:`~cpd_cli.messages.progress`: pace, deadline, projection, make-up study, ways to earn the rest.

The names below are the ones the rest of cpd imports from ``cpd_cli.messages``.
"""

from __future__ import annotations

from cpd_cli.messages.credit import (
    cap_text,
    credit_text,
    credit_text_short,
    decision_text,
    kind_gloss,
    kind_heading,
    subject_text,
)
from cpd_cli.messages.notes import (
    evidence_text,
    knock_on_line,
    note_text,
    result_line,
    unusable_state,
    warning_text,
)
from cpd_cli.messages.progress import (
    deadline_text,
    makeup_text,
    pace_text,
    platforms_text,
    projection_text,
    record_them_text,
    room_text,
    suggestion_text,
)
from cpd_cli.messages.steps import step_text
from cpd_cli.messages.words import (
    hours,
    kind_word,
    plural,
    printable,
    route_text,
    sector_name,
    status_word,
    subject_label,
    subject_short,
    subject_word,
    totals_line,
)

__all__ = [
    "cap_text",
    "credit_text",
    "credit_text_short",
    "deadline_text",
    "decision_text",
    "evidence_text",
    "hours",
    "kind_gloss",
    "kind_heading",
    "kind_word",
    "knock_on_line",
    "makeup_text",
    "note_text",
    "pace_text",
    "platforms_text",
    "plural",
    "printable",
    "projection_text",
    "record_them_text",
    "result_line",
    "room_text",
    "route_text",
    "sector_name",
    "status_word",
    "step_text",
    "subject_label",
    "subject_short",
    "subject_text",
    "subject_word",
    "suggestion_text",
    "totals_line",
    "unusable_state",
    "warning_text",
]
