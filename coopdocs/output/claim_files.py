"""The files of a claim, as outputs of coopdocs.output.writer (the running floor writes what the
claims package computed): per partner its list of expenditure, the attestations of its people and the claim; then the ledger with the claim recorded."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from coopdocs.claims.documents import attestation_docx, claim_docx
from coopdocs.claims.figures import Claim
from coopdocs.claims.ledger import PATH, Ledger
from coopdocs.claims.workbook import claim_xlsx
from coopdocs.documents import page_frame
from coopdocs.errors import CoopdocsError
from coopdocs.output.writer import Output, inputs_hash
from coopdocs.project.model import ProjectFile

KIND = "demande"
SOURCES = ["feuilles-de-temps", "depenses", "project", "demandes"]


def claim_outputs(
    project: ProjectFile, claim: Claim, ledger: Ledger, out_dir: Path, lang: str | None, when: dt.date
) -> list[Output]:
    """Every file of the claim; refused when its folder exists (a claim is never rewritten)."""
    if (out_dir / claim.folder).exists():
        raise CoopdocsError.of("claim-folder-exists", folder=claim.folder, next=ledger.next_number())
    if not claim.partners:
        raise CoopdocsError.of("claim-nothing", period=claim.period)
    key = inputs_hash(claim.json_dict(), lang or "", str(when))
    outputs = []
    agents = {a.id: a for a in project.agents}
    frames = {language: page_frame(project, language) for language in {lang or p.lang for p in claim.partners}}
    for partner in claim.partners:
        language = lang or partner.lang
        folder = f"{claim.folder}/{partner.partner}"
        outputs.append(
            Output(
                f"{folder}/liste-depenses.xlsx",
                KIND,
                SOURCES,
                key,
                partial(claim_xlsx, project, claim, partner, language, when),
            )
        )
        for agent_id in partner.agents:
            render = partial(attestation_docx, project, claim, partner, agents[agent_id], language, frames[language])
            outputs.append(Output(f"{folder}/attestation-temps_{agent_id}.docx", KIND, SOURCES, key, render))
        render = partial(claim_docx, project, claim, partner, language, frames[language])
        outputs.append(Output(f"{folder}/demande-paiement.docx", KIND, SOURCES, key, render))
    recorded = ledger.with_claim(claim).to_bytes()
    outputs.append(Output(PATH, KIND, SOURCES, inputs_hash(recorded.decode()), lambda: recorded))
    return outputs
