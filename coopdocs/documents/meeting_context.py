"""What the meeting documents see (reunions/<id>/convocation.docx and compte-rendu.docx): pure
functions of the project, no I/O, like context.py.

The invitation is sent by the lead partner to every member of the body; the minutes say who came
and who sent apologies (the members not among the attendees), the agenda, the decisions, the
actions with who and when, and review the actions of earlier meetings still open on the meeting's
day. The chair who signs is the lead partner's representative.
"""

from __future__ import annotations

import datetime as dt

from coopdocs.documents.context import Builder
from coopdocs.documents.contexts import PartnerContext
from coopdocs.documents.kind_contexts import ActionContext, ChairContext, EarlierAction, MeetingExtra
from coopdocs.formats import spoken_time
from coopdocs.project.meeting import Meeting
from coopdocs.project.model import Body, ProjectFile, in_language
from coopdocs.words import label


def body_of(project: ProjectFile, meeting: Meeting) -> Body:
    """The body a meeting names, by its name in any language."""
    return project.governance.bodies[body_index(project, meeting)]


def body_index(project: ProjectFile, meeting: Meeting) -> int:
    wanted = {str(meeting.body), *getattr(meeting.body, "texts", {}).values()}
    return next(
        i
        for i, b in enumerate(project.governance.bodies)
        if wanted & {str(b.name), *getattr(b.name, "texts", {}).values()}
    )


def member_languages(project: ProjectFile, meeting: Meeting) -> set[str]:
    """The languages of the body's members (a partner without one uses the project's)."""
    default = project.project.language
    return {project.partner(m).language or default for m in body_of(project, meeting).members}


def meeting_context(b: Builder, meeting: Meeting) -> MeetingExtra:
    """`meeting` comes from the project as written; its texts and its body's are taken in the
    document's language."""
    project = b.project
    body = project.governance.bodies[body_index(b.source, meeting)]
    meeting = in_language(meeting, b.lang)
    members = [b.partner(project.partner(m)) for m in body.members]
    present = [m for m in members if m["id"] in meeting.attendees]
    excused = [m for m in members if m["id"] not in meeting.attendees] if meeting.attendees else []
    lead = b.partner(project.partner(project.project.lead_partner))
    return {
        "meeting": {
            "id": meeting.id,
            "body": body.name,
            "body_role": body.role.rstrip("."),
            "date": meeting.date,
            "time": spoken_time(meeting.time, b.lang),
            "place": meeting.place or "",
            "agenda": [{"number": n, "text": text} for n, text in enumerate(meeting.agenda, 1)],
            "members": members,
            "attendance_known": bool(meeting.attendees),
            "present": present,
            "present_text": ", ".join(m["short"] for m in present),
            "excused": excused,
            "excused_text": ", ".join(m["short"] for m in excused),
            "decisions": [{"number": n, "text": text} for n, text in enumerate(meeting.decisions, 1)],
            "actions": [_action(b, a.what, a.who, a.due) for a in meeting.actions],
            "earlier_actions": earlier_actions(b, meeting),
            "chair": chair(b, meeting, lead),
        }
    }


def chair(b: Builder, meeting: Meeting, lead: PartnerContext) -> ChairContext:
    """Who chairs and signs the minutes (`chair`, else the lead partner's representative), and the
    words above the signature: « La présidente de séance » for a woman, in French."""
    from coopdocs.french import civility

    who = meeting.chair
    name, title = (who.name, who.title) if who else (lead["representative"]["name"], lead["representative"]["title"])
    said = civility(title, who.civility if who else None)
    role = {"Madame": "chair_madame", "Monsieur": "chair_monsieur"}.get(said or "", "chair_neutral")
    return {"name": name, "title": title, "role": label("meeting", role, b.lang)}


def _action(b: Builder, what: str, who: str, due: dt.date) -> ActionContext:
    partner = b.project.partner(who)
    return {"what": what, "who": partner.short_name or partner.name, "due": due}


def earlier_actions(b: Builder, meeting: Meeting) -> list[EarlierAction]:
    """Actions of the meetings held before this one and not done: the meeting reviews them, late
    ones (due before the meeting's day) marked so."""
    rows: list[EarlierAction] = []
    for earlier in sorted(b.project.meetings, key=lambda m: m.date):
        if earlier.date >= meeting.date:
            continue
        for action in earlier.actions:
            if action.done:
                continue
            late = action.due < meeting.date
            rows.append(
                {
                    **_action(b, action.what, action.who, action.due),
                    "meeting_date": earlier.date,
                    "body": earlier.body,
                    "late": late,
                    "state": label("meeting", "late" if late else "open", b.lang),
                }
            )
    return rows
