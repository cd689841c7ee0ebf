"""A month's time sheet signed as a PDF: verified against the person expected, then kept in
`signes/` of the output folder beside the record of the transition (coopdocs/forms/sheet_life.py).

The agent's PDF carries the agent's signature, valid and covering the whole document. The
supervisor's carries the agent's (valid) then the supervisor's, last and covering the whole
document, with another certificate than the agent's: one certificate for both is no four eyes.
"""

from __future__ import annotations

from pathlib import Path

from coopdocs.errors import CoopdocsError, from_os_error
from coopdocs.forms.sheet_life import PDF, Evidence, same_person
from coopdocs.forms.timesheet_form import sheet_path
from coopdocs.messages import Phrase, Word
from coopdocs.office.atomic import atomic_write
from coopdocs.office.folder import inside, sha256
from coopdocs.project.model import Agent, ProjectFile
from coopdocs.signing.fields import written_by_coopdocs
from coopdocs.signing.verify import SignatureCheck, trust_roots, verify_pdf

SIGNED = "signes"


def signed_copy(agent_id: str, month: str) -> str:
    """Where a month's signed PDF is kept: `signes/feuilles-de-temps/<agent>/<agent>_<month>.pdf`."""
    return f"{SIGNED}/{sheet_path(agent_id, month).removesuffix('.xlsx')}.pdf"


def _refused(pdf: Path, check: SignatureCheck, who: str) -> CoopdocsError:
    return CoopdocsError(
        f"{pdf.name} : signature de « {check.signer} » ({check.field}) : {check.verdict} ; "
        f"la signature de {who} n'est pas acceptée, rien n'a été enregistré"
        + (
            " (ajoutez la racine de son certificat à signatures.trust du fichier projet)"
            if "non reconnu" in check.verdict
            else ""
        )
    )


def _one_of(checks: list[SignatureCheck], name: str, pdf: Path, who: str) -> SignatureCheck:
    found = [c for c in checks if same_person(c.signer, name)]
    if not found:
        signers = tuple(Phrase("quoted", {"text": c.signer}) for c in checks) or Phrase("no-signature")
        raise CoopdocsError.of(
            "pdf-not-signed-by", file=pdf.name, name=name, who=Word("signer_role", who), signers=signers
        )
    if not found[-1].valid:
        raise _refused(pdf, found[-1], name)
    return found[-1]


def sheet_signature(
    project: ProjectFile, project_file: Path, out_dir: Path, pdf: Path, agent: Agent, month: str, role: str
) -> tuple[str, Evidence, bytes]:
    """(who, evidence, the PDF's bytes) of the signed PDF of `agent`'s month, for `role` (`agent`
    or `responsable`); refused (CoopdocsError) unless verified. Nothing is written: once the
    transition is recorded, `keep_signed` keeps the PDF in `signes/`."""
    try:
        data = pdf.read_bytes()
    except FileNotFoundError:
        raise CoopdocsError.of("pdf-missing", path=str(pdf)) from None
    except OSError as exc:
        raise from_os_error(exc) from None
    return signed_sheet(project, project_file, out_dir, data, pdf, agent, month, role)


def signed_sheet(
    project: ProjectFile,
    project_file: Path,
    out_dir: Path,
    data: bytes,
    pdf: Path,
    agent: Agent,
    month: str,
    role: str,
) -> tuple[str, Evidence, bytes]:
    """`sheet_signature` of a PDF's bytes (sent from the workspace), `pdf` naming it."""
    roots = trust_roots(project_file.parent, project.signatures.trust)
    checks = verify_pdf(data, roots, pdf.name)
    if not checks:
        raise CoopdocsError.of("pdf-no-signature", file=pdf.name)
    mine = _one_of(checks, agent.name, pdf, "agent")
    if role != "agent":
        boss = _one_of(checks, agent.supervisor.name, pdf, "supervisor")
        if boss.fingerprint == mine.fingerprint:
            raise CoopdocsError.of("same-certificate", file=pdf.name, fingerprint=boss.fingerprint[:16])
        mine = boss
    if checks[-1] is not mine:
        raise CoopdocsError.of("last-signature-other", file=pdf.name, last=checks[-1].signer, name=mine.signer)
    relative = signed_copy(agent.id, month)
    inside(out_dir, relative)  # refused now if `signes/` is a link, before anything is recorded
    own = written_by_coopdocs(out_dir, sheet_path(agent.id, month).removesuffix(".xlsx") + ".pdf", data)
    digest = sha256(data)
    evidence = Evidence(
        PDF, mine.subject, mine.fingerprint, relative, digest, mine.signed_at, "coopdocs" if own else ""
    )
    return mine.signer, evidence, data


def keep_signed(out_dir: Path, evidence: Evidence, data: bytes) -> None:
    """The verified PDF, kept where its evidence says (for the archive and a controller)."""
    atomic_write(inside(out_dir, evidence.pdf), data)
