"""The time sheet's life on the command line: `sheet sign|approve|return`, `signatures`.

Each command calls one function of `coopdocs.forms.sheet_life`; a refusal is a CoopdocsError
(exit 1, nothing written).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coopdocs.cli import OUTPUT_DIR, PROJECT_FILE, F, file_option, flag_option, main, project_command, say
from coopdocs.errors import CoopdocsError
from coopdocs.french import of_person
from coopdocs.words import help_language, t

if TYPE_CHECKING:
    from coopdocs.forms.sheet_life import Evidence
    from coopdocs.project.model import Agent, ProjectFile

MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


def sheet_arguments(command: F) -> F:
    """AGENT AAAA-MM PROJET.yaml: the month's sheet a transition is about."""
    for argument in reversed(
        (
            click.argument("agent_id", metavar="AGENT"),
            click.argument("month", metavar="AAAA-MM"),
            click.argument("project_file", type=PROJECT_FILE),
        )
    ):
        command = argument(command)
    return command


SIGNED_PDF = file_option(
    "--pdf",
    "pdf",
    fr="PDF de la feuille signé électroniquement (signature vérifiée, gardée dans signes/).",
    en="The sheet's PDF, signed electronically (signature verified, kept in signes/).",
)
BY = click.option(
    "--by",
    metavar="NOM",
    help=t(
        "Sans certificat : le nom de la personne, enregistré comme une déclaration.",
        "Without a certificate: the person's name, recorded as a declaration.",
    ),
)


@main.group(
    help=t(
        "La vie d'une feuille de temps mensuelle : signée par l'agent, approuvée ou renvoyée par son ou sa responsable.",
        "A monthly time sheet's life: signed by the agent, approved or sent back by the supervisor.",
    )
)
def sheet() -> None:
    pass


def _context(project_file: Path, out_dir: Path | None, agent_id: str, month: str) -> tuple[ProjectFile, Agent, Path]:
    from coopdocs.messages import did_you_mean, known_ids
    from coopdocs.pipeline import default_out_dir
    from coopdocs.project import load_project
    from coopdocs.project.staff import keeps_timesheets

    if not MONTH.match(month):
        raise CoopdocsError(say("not-a-month", month=month))
    project = load_project(project_file)
    hourly = [a for a in project.agents if keeps_timesheets(project, a)]
    agent = next((a for a in hourly if a.id == agent_id), None)
    if agent is None:
        ids = [a.id for a in hourly]
        suggestion, known = did_you_mean(agent_id, ids, "error"), known_ids(ids, group="error")
        raise CoopdocsError(
            say("not-a-sheet-agent", file=str(project_file), agent=agent_id, suggestion=suggestion, known=known)
        )
    return project, agent, out_dir or default_out_dir(project)


def _evidence(
    project: ProjectFile,
    project_file: Path,
    out_dir: Path,
    pdf: Path | None,
    by: str | None,
    role: str,
    agent: Agent,
    month: str,
) -> tuple[str, Evidence, bytes]:
    """(who, evidence, signed PDF): a verified PDF signature of the expected person, or a
    declaration (no PDF)."""
    from coopdocs.forms.sheet_life import Evidence

    if pdf is not None and by:
        raise CoopdocsError(say("pdf-or-by"))
    if pdf is not None:
        from coopdocs.signing import sheet_signature

        return sheet_signature(project, project_file, out_dir, pdf, agent, month, role)
    if not by or not by.strip():
        raise CoopdocsError(say("by-or-pdf-needed"))
    return " ".join(by.split()), Evidence(), b""


def _keep(out_dir: Path, evidence: Evidence, data: bytes) -> None:
    if data:
        from coopdocs.signing import keep_signed

        keep_signed(out_dir, evidence, data)


@sheet.command(
    "sign",
    help=t(
        "L'agent signe le mois : un PDF signé par l'agent (vérifié), ou une déclaration au nom tapé.",
        "The agent signs the month: a PDF signed by the agent (verified), or a declaration in the name typed.",
    ),
)
@sheet_arguments
@SIGNED_PDF
@BY
@OUTPUT_DIR
def sign(agent_id: str, month: str, project_file: Path, pdf: Path | None, by: str | None, out_dir: Path | None) -> None:
    from coopdocs.forms import sheet_life as life

    project, agent, folder = _context(project_file, out_dir, agent_id, month)
    who, evidence, data = _evidence(project, project_file, folder, pdf, by, "agent", agent, month)
    life.sign(folder, project, agent, month, who, evidence)
    _keep(folder, evidence, data)
    how = say("how-verified" if evidence.kind == life.PDF else "how-declared-signed")
    supervisor = of_person(agent.supervisor.name) if help_language() == "fr" else agent.supervisor.name
    click.echo(say("signed", agent=agent.name, month=month, how=how, who=who, supervisor=supervisor))


@sheet.command(
    "approve",
    help=t(
        "Le ou la responsable approuve un mois signé (refusé sur une anomalie bloquante, refusé à l'agent).",
        "The supervisor approves a signed month (refused on a blocking anomaly, refused to the agent).",
    ),
)
@sheet_arguments
@SIGNED_PDF
@BY
@OUTPUT_DIR
def approve(
    agent_id: str, month: str, project_file: Path, pdf: Path | None, by: str | None, out_dir: Path | None
) -> None:
    from coopdocs.forms import sheet_life as life

    project, agent, folder = _context(project_file, out_dir, agent_id, month)
    who, evidence, data = _evidence(project, project_file, folder, pdf, by, "responsable", agent, month)
    _, to_check = life.approve(folder, project, agent, month, who, evidence)
    _keep(folder, evidence, data)
    how = say("how-verified" if evidence.kind == life.PDF else "how-declared")
    click.echo(say("approved", agent=agent.name, month=month, how=how, who=who))
    for point in to_check:
        click.echo(say("to-check", point=point), err=True)


@sheet.command(
    "return",
    help=t(
        "Le ou la responsable renvoie un mois signé ou approuvé à l'agent, avec un motif.",
        "The supervisor sends a signed or approved month back to the agent, with a reason.",
    ),
)
@sheet_arguments
@click.option("--reason", required=True, metavar="TEXTE", help=t("Ce qu'il faut corriger.", "What to correct."))
@click.option(
    "--by",
    metavar="NOM",
    help=t("Qui renvoie (défaut : le ou la responsable).", "Who sends it back (default: the supervisor)."),
)
@OUTPUT_DIR
def return_(agent_id: str, month: str, project_file: Path, reason: str, by: str | None, out_dir: Path | None) -> None:
    from coopdocs.forms import sheet_life as life

    project, agent, folder = _context(project_file, out_dir, agent_id, month)
    life.return_sheet(folder, project, agent, month, by or agent.supervisor.name, reason)
    click.echo(say("returned", agent=agent.name, month=month, reason=reason.strip()))


@project_command(
    "Chaque mois signé : signataires attendus, état, qui a signé, quand, comment c'est vérifié.",
    "Every signed month: signatories expected, state, signer, time, how it was verified.",
)
@OUTPUT_DIR
@flag_option("--json", "as_json", fr="Sortie en JSON, pour un script.", en="JSON output, for a script.")
def signatures(project_file: Path, out_dir: Path | None, as_json: bool) -> None:
    from coopdocs.forms.sheet_signatures import signature_rows
    from coopdocs.pipeline import default_out_dir
    from coopdocs.project import load_project
    from coopdocs.signing.documents import signed_documents

    project = load_project(project_file)
    folder = out_dir or default_out_dir(project)
    documents = signed_documents(project, project_file, folder)
    rows = signature_rows(project, folder)
    if as_json:
        click.echo(json.dumps({"documents": documents + rows}, ensure_ascii=False, indent=2))
        return
    for document in documents:
        click.echo(_document_line(document))
    for row in rows:
        click.echo(_line(row))
    if not rows and not documents:
        click.echo(say("nothing-signed"))


def _document_line(row: dict[str, Any]) -> str:
    expected = ", ".join(f"{e['name']} ({e['role']})" for e in row["expected"]) or say("no-known-signatory")
    done = "; ".join(
        say(
            "document-signature",
            signer=s["signer"],
            when=s["signed_at"] or "?",
            verdict=s["verdict"],
            sha256=s["certificate"]["sha256"],
        )
        for s in row["signatures"]
    )
    line = say("document-line", pdf=row["pdf"], document=row["document"] or "?", state=row["state"], expected=expected)
    return line + (f" — {done}" if done else "")


def _line(row: dict[str, Any]) -> str:
    expected = ", ".join(f"{e['name']} ({e['role']})" for e in row["expected"])
    done = "; ".join(say(f"event-{s['event']}", by=s["by"], at=s["at"], how=_how(s)) for s in row["signatures"])
    changed = say("changed-after-signing") if row["changed"] else ""
    state = say(f"state-{row['sheet_state']}") + changed
    return say("sheet-line", document=row["document"], state=state, expected=expected) + (f" — {done}" if done else "")


def _how(entry: dict[str, Any]) -> str:
    if entry["evidence"] == "pdf":
        origin = say("origin-coopdocs" if entry.get("pdf", {}).get("origin") == "coopdocs" else "origin-unknown")
        certificate = entry["certificate"]
        return say("evidence-pdf", subject=certificate["subject"], sha256=certificate["sha256"], origin=origin)
    if entry["event"] == "return":
        return say("return-reason", reason=entry.get("reason", ""))
    return say("evidence-declaration")
