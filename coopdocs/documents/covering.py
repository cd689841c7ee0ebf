"""The covering letter (`partenaires/<id>/courrier-envoi.docx`): it travels with the documents
the lead partner sends to a partner, says what each one asks of it, and carries the guide's
points for the person who signs them. Signed documents then hold only what is signed."""

from __future__ import annotations

from coopdocs.documents.context import Builder
from coopdocs.documents.guide_map import GuideMap
from coopdocs.documents.kind_contexts import CoveringExtra, SentDocument
from coopdocs.kinds import EXPENSES, TIMESHEETS
from coopdocs.project import staff
from coopdocs.project.model import Partner, ProjectFile
from coopdocs.words import label


def sent_documents(project: ProjectFile, partner: Partner, own: tuple[str, ...]) -> list[tuple[str, str]]:
    """(document kind, who it is about) of everything sent to `partner`, in the order it acts on
    them: the agreement, its own letters and forms, each agent's mission letter and amendments,
    then the forms it keeps filling."""
    agents = [a for a in project.agents if a.partner == partner.id]
    sent = [("convention-partenariat", ""), *((kind, "") for kind in own)]
    for agent in agents:
        sent.append(("lettre-mission", agent.name))
        sent += [("avenant", agent.name) for _ in agent.allocation.changes]
    if any(line.partner == partner.id for line in project.budget.lines) and not partner.observer:
        sent.append((EXPENSES, ""))
    if any(staff.keeps_timesheets(project, a) for a in agents):
        sent.append((TIMESHEETS, ""))
    return sent


def covering_context(b: Builder, partner: Partner, guide_map: GuideMap, own: tuple[str, ...]) -> CoveringExtra:
    """The partner (addressee), and each document sent: its title, what it asks, its points."""
    documents: list[SentDocument] = []
    seen_points: set[str] = set()
    for kind, who in sent_documents(b.source, partner, own):
        points = [p for p in b.guide(guide_map.get(kind, ()))["points"] if p["id"] not in seen_points]
        if partner.observer and kind == "convention-partenariat":
            points = []  # an observer signs only the article on associated partners
        seen_points |= {p["id"] for p in points}
        title = label("document", kind, b.lang) + (f" — {who}" if who else "")
        ask = label("covering", kind, b.lang).format(name=who)
        documents.append({"title": title, "ask": ask, "points": points})
    return {"partner": b.partner(partner), "documents": documents}
