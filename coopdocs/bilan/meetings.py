"""The bilan's figures of the steering bodies' meetings: the meetings held in the period, the
decisions they took, and the actions open or overdue at the period's end (guide, stage 14:
« rendre compte »; stage 13: « organiser les réunions de pilotage »)."""

from __future__ import annotations

import datetime as dt

from coopdocs.bilan.figures import MeetingFigures, MeetingHeld, OpenAction
from coopdocs.project.model import ProjectFile


def meeting_figures(project: ProjectFile, start: dt.date, end: dt.date) -> MeetingFigures:
    names = {p.id: p.short_name or p.name for p in project.partners}
    meetings = sorted(project.meetings, key=lambda m: (m.date, m.id))
    held = [
        MeetingHeld(
            id=m.id, body=m.body, date=m.date, place=m.place or "", minutes=m.has_minutes, decisions=list(m.decisions)
        )
        for m in meetings
        if start <= m.date <= end
    ]
    open_actions = [
        OpenAction(
            meeting=m.id,
            body=m.body,
            what=a.what,
            who=names[a.who],
            due=a.due,
            overdue=a.due < end,
            meeting_date=m.date,
        )
        for m in meetings
        if m.date <= end
        for a in m.actions
        if not a.done
    ]
    return MeetingFigures(held=held, open_actions=open_actions)
