"""The Word documents of a project: which exist, where they go, in which language, with what context.

`plan(project, …)` lists one Job per document; rendering and writing happen elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from coopdocs.documents._values import page_frame
from coopdocs.documents.agreement import agreement_context
from coopdocs.documents.context import Builder
from coopdocs.documents.covering import covering_context
from coopdocs.documents.guide_map import GuideMap
from coopdocs.documents.kind_contexts import (
    AmendmentExtra,
    MissionLetterExtra,
    PartnerLetterExtra,
    ProjectSheetExtra,
    SignatoryContext,
)
from coopdocs.project.model import Agent, Partner, ProjectFile
from coopdocs.words import label


@dataclass
class Job:
    """One document to write: its kind, output path (relative, POSIX), template and context."""

    kind: str
    path: str
    lang: str
    title: str
    sources: list[str]
    make_context: Callable[[], dict[str, Any]] = field(repr=False)

    @property
    def template(self) -> str:
        return f"{self.kind}.{self.lang}.docx"


def plan(
    project: ProjectFile,
    guide_map: GuideMap,
    when: dt.date | None,
    lang: str | None = None,
    only: tuple[str, ...] = (),
) -> list[Job]:
    """Every document of the project (or of the kinds in `only`), contexts built lazily.
    `when`: the signing date printed in the documents (None: a blank to fill by hand)."""
    planner = _Planner(project, guide_map, when, lang)
    default = project.project.language
    jobs = [
        *_agreement_jobs(planner, project),
        planner.job(
            "fiche-projet",
            "fiche-projet.docx",
            default,
            ["project", "partners", "budget", "work_packages", "milestones"],
            _project_sheet,
        ),
    ]
    for partner in project.partners:
        jobs += _partner_jobs(planner, project, partner)
    for agent in project.agents:
        employer = project.partner(agent.partner)
        jobs.append(
            planner.job(
                "lettre-mission",
                f"agents/{agent.id}/lettre-mission.docx",
                employer.language or default,
                [f"agents.{agent.id}", f"partners.{employer.id}"],
                partial(_mission_letter, agent=agent, employer=employer),
                signed_at=employer,
            )
        )
        for start in amendment_dates(agent):
            jobs.append(
                planner.job(
                    "avenant",
                    f"agents/{agent.id}/avenant_{start.isoformat()}.docx",
                    employer.language or default,
                    [f"agents.{agent.id}", f"partners.{employer.id}"],
                    partial(_amendment, agent=agent, employer=employer, start=start),
                    signed_at=employer,
                )
            )
    jobs += _meeting_jobs(planner, project)
    jobs += _evaluation_jobs(planner, project)
    return [j for j in jobs if not only or j.kind in only]


def _agreement_jobs(planner: _Planner, project: ProjectFile) -> list[Job]:
    """The agreement in the project's language (or --lang's), and in each other language of its
    signing parties (`agreement.languages`): `convention-partenariat.<lang>.docx`."""
    from coopdocs.project.naming import agreement_languages

    languages = agreement_languages(project)
    main = planner.lang or languages[0]
    sources = ["project", "partners", "budget", "governance", "work_packages", "agreement"]
    jobs = [planner.job("convention-partenariat", "convention-partenariat.docx", main, sources, agreement_context)]
    for lang in languages:
        if lang != main:
            path = f"convention-partenariat.{lang}.docx"
            jobs.append(planner.job("convention-partenariat", path, lang, sources, agreement_context, fixed=True))
    return jobs


def _evaluation_jobs(planner: _Planner, project: ProjectFile) -> list[Job]:
    """The evaluation plan (the team's and the steering bodies', in the project's language) when
    `evaluation` is given; the experience sheet when `capitalisation` is, in the project's
    language and in each other language of a partner (`fiche-experience.<lang>.docx`)."""
    from coopdocs.documents.evaluation import evaluation_context, experience_context

    default = project.project.language
    jobs = []
    if project.evaluation is not None:
        sources = ["evaluation", "indicators", "governance", "meetings"]
        jobs.append(planner.job("plan-evaluation", "suivi/plan-evaluation.docx", default, sources, evaluation_context))
    if project.capitalisation is not None:
        sources = ["capitalisation", "indicators", "partners", "work_packages"]
        path = "capitalisation/fiche-experience"
        jobs.append(planner.job("fiche-experience", f"{path}.docx", default, sources, experience_context))
        main = planner.lang or default
        others = dict.fromkeys(p.language for p in project.partners if p.language and p.language != main)
        for lang in others:
            jobs.append(
                planner.job("fiche-experience", f"{path}.{lang}.docx", lang, sources, experience_context, fixed=True)
            )
    return jobs


def partner_documents(project: ProjectFile, partner: Partner) -> tuple[str, ...]:
    """An associated partner (observer) gets a letter of support; a funded partner a letter of
    intent and a commitment form; the lead partner writes no letter of intent to itself."""
    if partner.observer:
        return ("lettre-soutien",)
    if partner.id == project.project.lead_partner:
        return ("fiche-engagement",)
    return ("lettre-intention", "fiche-engagement")


def _partner_jobs(planner: _Planner, project: ProjectFile, partner: Partner) -> list[Job]:
    """A partner's own letters and forms, in its language, and the covering letter that takes
    them (and its agents' letters) to it; the lead partner sends nothing to itself."""
    own, lang = partner_documents(project, partner), partner.language or project.project.language
    jobs = []
    for kind in own:
        letter = partial(_partner_letter, partner=partner)
        path = f"partenaires/{partner.id}/{kind}.docx"
        jobs.append(planner.job(kind, path, lang, [f"partners.{partner.id}"], letter, signed_at=partner))
    if partner.id != project.project.lead_partner:
        path = f"partenaires/{partner.id}/courrier-envoi.docx"
        extra = partial(covering_context, partner=partner, guide_map=planner.guide_map, own=own)
        jobs.append(planner.job("courrier-envoi", path, lang, [f"partners.{partner.id}", "agents", "budget"], extra))
    return jobs


def _meeting_jobs(planner: _Planner, project: ProjectFile) -> list[Job]:
    """Each meeting's invitation, in the project's language, and in English too when a member of
    the body works in English; its minutes, in the project's language and in each other language
    of the body's members, once decisions or actions are recorded (a meeting still to come has
    only its invitation)."""
    from coopdocs.documents.meeting_context import meeting_context, member_languages

    default = project.project.language
    jobs = []
    for meeting in project.meetings:
        folder, sources = f"reunions/{meeting.id}", [f"meetings.{meeting.id}", "governance"]
        extra = partial(meeting_context, meeting=meeting)
        jobs.append(planner.job("convocation", f"{folder}/convocation.docx", default, sources, extra))
        if "en" in member_languages(project, meeting) and (planner.lang or default) != "en":
            jobs.append(planner.job("convocation", f"{folder}/convocation.en.docx", "en", sources, extra, fixed=True))
        if meeting.has_minutes:
            jobs.append(planner.job("compte-rendu", f"{folder}/compte-rendu.docx", default, sources, extra))
            for lang in sorted(member_languages(project, meeting) - {planner.lang or default}):
                path = f"{folder}/compte-rendu.{lang}.docx"
                jobs.append(planner.job("compte-rendu", path, lang, sources, extra, fixed=True))
    return jobs


class _Planner:
    """Makes Jobs; one context Builder per language, shared by the documents in that language."""

    def __init__(self, project: ProjectFile, guide_map: GuideMap, when: dt.date | None, lang: str | None):
        self.project, self.guide_map, self.when, self.lang = project, guide_map, when, lang
        self.builders: dict[str, Builder] = {}

    def builder(self, language: str) -> Builder:
        if language not in self.builders:
            self.builders[language] = Builder(self.project, language, self.when)
        return self.builders[language]

    def job(
        self,
        kind: str,
        path: str,
        language: str,
        sources: list[str],
        extra: Callable[[Builder], Mapping[str, object]],
        fixed: bool = False,
        signed_at: Partner | None = None,
    ) -> Job:
        """`extra`: what the kind adds to the base (a `…Extra` of coopdocs.documents.kind_contexts).
        `fixed`: the document's language is part of what it is (an English copy), whatever --lang.
        `signed_at`: the partner that signs it in its own town, when its address gives one."""
        language = language if fixed else self.lang or language

        def make() -> dict[str, Any]:
            b = self.builder(language)
            return {**b.base(self.guide_map.get(kind, ()), signed_at), **extra(b)}

        title = f"{label('document', kind, language)} — {self.project.project.title}"
        return Job(kind, path, language, title, sources, make)


def _project_sheet(b: Builder) -> ProjectSheetExtra:
    return {**b.overview(), "milestones": b.milestones()}


def _partner_letter(b: Builder, partner: Partner) -> PartnerLetterExtra:
    return {"partner": b.partner(partner)}


def _mission_letter(b: Builder, agent: Agent, employer: Partner) -> MissionLetterExtra:
    return {"agent": b.agent(agent), "signatory": _signatory(b, agent), "employer": b.partner(employer)}


def _signatory(b: Builder, agent: Agent) -> SignatoryContext:
    """Who signs for the employer: `employer_signatory`, else the representative of the party."""
    from coopdocs.project.warnings import employer_signatory

    who = employer_signatory(b.project, agent)
    return {"name": who.name, "title": who.title} if who else {"name": "", "title": ""}


def amendment_dates(agent: Agent) -> list[dt.date]:
    """One dated amendment per change of the allocation (`allocation.changes`)."""
    return sorted({change.from_ for change in agent.allocation.changes})


def _amendment(b: Builder, agent: Agent, employer: Partner, start: dt.date) -> AmendmentExtra:
    """An amendment is signed like the mission letter, at the employer's, dated from its start."""
    return {**_mission_letter(b, agent, employer), "change": b.change(agent, start)}


__all__ = ["Job", "amendment_dates", "page_frame", "partner_documents", "plan"]
