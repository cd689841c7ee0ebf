"""The free texts of a French project that an English document would show in French: a partner
working in English gets its letters in English, the agreement is written in English for its
English-speaking signing parties (`agreement.languages`), the minutes for the members of a body
who work in English. `validate` warns at each text (coopdocs/project/warnings.py)."""

from __future__ import annotations

from coopdocs.messages import Phrase, chained
from coopdocs.project.model import ProjectFile
from coopdocs.project.naming import agreement_languages

Key = tuple[str | int, ...]
Found = list[tuple[Key, Phrase]]


def french_only_texts(project: ProjectFile) -> Found:
    """One warning per text given in French only, where an English document shows it, saying
    which documents would show it."""
    if project.project.language != "fr":
        return []
    readers: dict[Key, list[Phrase]] = {}
    for key, text, reader in _shown_in_english(project):
        if "en" not in getattr(text, "texts", {}) and reader not in readers.setdefault(key, []):
            readers[key].append(reader)
    return [(key, _french_only(who)) for key, who in readers.items()]


def _french_only(who: list[Phrase]) -> Phrase:
    """« texte en français seulement : … l'afficherai(en)t », the verb agreeing with its readers."""
    many = len(who) > 1 or who[0].key == "reader-partner"  # « les documents de … »
    return Phrase("french-only-many" if many else "french-only-one", {"who": chained(who, "reader-and")})


def _shown_in_english(project: ProjectFile) -> list[tuple[Key, object, Phrase]]:
    """(key, text, who reads it) for every text of every English document."""
    shown: list[tuple[Key, object, Phrase]] = []
    if "en" in agreement_languages(project):
        shown += [(key, text, Phrase("reader-agreement")) for key, text in _agreement_texts(project)]
    for p, partner in enumerate(project.partners):
        if partner.language == "en":
            reader = Phrase("reader-partner", {"id": partner.id})
            shown += [(key, text, reader) for key, text in _partner_texts(project, p)]
    for m, meeting in enumerate(project.meetings):
        if meeting.has_minutes and _english_member(project, str(meeting.body)):
            texts: list[tuple[Key, object]] = [
                (("meetings", m, "decisions", i), t) for i, t in enumerate(meeting.decisions)
            ]
            texts += [(("meetings", m, "actions", i, "what"), a.what) for i, a in enumerate(meeting.actions)]
            shown += [(key, text, Phrase("reader-minutes", {"id": meeting.id})) for key, text in texts]
    return shown


def _english_member(project: ProjectFile, body: str) -> bool:
    return any(
        body in {str(b.name), *getattr(b.name, "texts", {}).values()}
        and any(project.partner(m).language == "en" for m in b.members)
        for b in project.governance.bodies
    )


def _agreement_texts(project: ProjectFile) -> list[tuple[Key, object]]:
    """What the agreement shows of the project file: the project, every role, every work
    package, the governance, the governing law."""
    info = project.project
    texts: list[tuple[Key, object]] = [(("project", "title"), info.title), (("project", "summary"), info.summary)]
    texts.append((("project", "programme"), info.programme))
    texts += [(("project", "objectives", i), text) for i, text in enumerate(info.objectives)]
    if info.governing_law:
        texts.append((("project", "governing_law"), info.governing_law))
    texts += [(("partners", p, "role"), partner.role) for p, partner in enumerate(project.partners) if partner.role]
    for w, wp in enumerate(project.work_packages):
        texts.append((("work_packages", w, "title"), wp.title))
        texts += [(("work_packages", w, "deliverables", d, "title"), x.title) for d, x in enumerate(wp.deliverables)]
    for b, body in enumerate(project.governance.bodies):
        texts += [(("governance", "bodies", b, key), getattr(body, key)) for key in ("name", "role", "frequency")]
    g = project.governance
    texts += [(("governance", key), getattr(g, key)) for key in ("decision_rule", "working_language", "ip", "disputes")]
    return texts


def _partner_texts(project: ProjectFile, p: int) -> list[tuple[Key, object]]:
    """The free texts that the letters and forms of partner number `p` show: the project, its
    role, its work packages, its bodies and their meetings' agendas."""
    info, partner = project.project, project.partners[p]
    texts: list[tuple[Key, object]] = [(("project", "title"), info.title)]
    texts += [(("project", "objectives", i), text) for i, text in enumerate(info.objectives)]
    if partner.role:
        texts.append((("partners", p, "role"), partner.role))
    funded = {line.wp for line in project.budget.lines if line.partner == partner.id}
    texts += [
        (("work_packages", w, "title"), wp.title)
        for w, wp in enumerate(project.work_packages)
        if wp.lead == partner.id or wp.id in funded
    ]
    for b, body in enumerate(project.governance.bodies):
        if partner.id not in body.members:
            continue
        texts += [(("governance", "bodies", b, key), getattr(body, key)) for key in ("name", "frequency")]
        names = {str(body.name), *getattr(body.name, "texts", {}).values()}
        for m, meeting in enumerate(project.meetings):
            if str(meeting.body) in names:
                texts += [(("meetings", m, "agenda", i), t) for i, t in enumerate(meeting.agenda)]
    return texts
