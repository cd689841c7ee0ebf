"""One empty signature field per signatory in each PDF of a signed document, named
`<role> — <name>`, added with pyHanko as an incremental update (the PDF/A-2b that LibreOffice
wrote is left as it was: its XMP identification is untouched, and an invisible field, printable
and locked, needs no appearance in PDF/A-2)."""

from __future__ import annotations

import io
from pathlib import Path, PurePosixPath

from coopdocs.office.atomic import atomic_write
from coopdocs.project.model import Partner, ProjectFile

SIGNED_FOLDERS = {
    "partenaires": ("lettre-intention", "fiche-engagement", "lettre-soutien"),
    "agents": ("lettre-mission", "avenant"),
}


def _signer(partner: Partner) -> str:
    return (partner.host_body or partner).representative.name


def _partner(project: ProjectFile, partner_id: str) -> Partner | None:
    return next((p for p in project.partners if p.id == partner_id), None)


def signatories(project: ProjectFile, relative: str) -> list[tuple[str, str]]:
    """(role, name) of each person who signs the document at `relative` (a .docx or .pdf path
    of the output folder); empty for a document nobody signs."""
    parts = PurePosixPath(relative).parts
    stem = PurePosixPath(relative).name.split(".")[0]
    if stem == "convention-partenariat" and len(parts) == 1:  # associated partners sign their article
        return [(p.name, _signer(p)) for p in project.partners]
    if len(parts) == 3 and parts[0] == "partenaires" and stem in SIGNED_FOLDERS["partenaires"]:
        partner = _partner(project, parts[1])
        return [(partner.name, _signer(partner))] if partner else []
    if len(parts) == 3 and parts[0] == "agents" and stem.split("_")[0] in SIGNED_FOLDERS["agents"]:
        agent = next((a for a in project.agents if a.id == parts[1]), None)
        employer = _partner(project, agent.partner) if agent else None
        return [("employeur", _signer(employer)), ("agent", agent.name)] if agent and employer else []
    if len(parts) == 3 and parts[0] == "feuilles-de-temps" and stem.startswith(f"{parts[1]}_"):
        agent = next((a for a in project.agents if a.id == parts[1]), None)
        return [("agent", agent.name), ("responsable", agent.supervisor.name)] if agent else []
    if len(parts) == 3 and parts[0] == "reunions" and stem == "compte-rendu":
        return _minutes_signatory(project, parts[1])
    return []


def _minutes_signatory(project: ProjectFile, meeting_id: str) -> list[tuple[str, str]]:
    """Who signs a meeting's minutes: its chair, or by default the lead partner's representative
    (as the minutes themselves say)."""
    meeting = next((m for m in project.meetings if m.id == meeting_id), None)
    if meeting is not None and meeting.chair is not None:
        return [("président·e de séance", meeting.chair.name)]
    lead = _partner(project, project.project.lead_partner)
    return [("président·e de séance", _signer(lead))] if lead else []


def field_name(role: str, name: str) -> str:
    """`<role> — <name>`; a dot would make a hierarchical PDF field name, so none is kept."""
    return f"{role} — {name}".replace(".", "")


def add_signature_fields(pdf: Path, people: list[tuple[str, str]]) -> None:
    """The empty signature fields, one per person, in the PDF at `pdf` (rewritten atomically)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    if not people:
        return
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()), strict=False)
    for role, name in people:
        append_signature_field(writer, SigFieldSpec(sig_field_name=field_name(role, name)))
    out = io.BytesIO()
    writer.write(out)
    atomic_write(pdf, out.getvalue())


def sign_fields(project: ProjectFile, out_dir: Path, pdfs: list[Path]) -> None:
    """Signature fields in every PDF of a signed document among `pdfs`."""
    for pdf in pdfs:
        add_signature_fields(pdf, signatories(project, pdf.relative_to(out_dir).as_posix()))


def record_origins(out_dir: Path, pdfs: list[Path]) -> None:
    """Each sheet PDF coopdocs wrote (sha256 and size), in the manifest's `pdfs`: a PDF signed
    incrementally (as signing software does) still begins with these bytes, so a signed PDF
    brought back can be told to be coopdocs' own PDF of that month."""
    from coopdocs.office.folder import load_manifest, save_manifest, sha256
    from coopdocs.office.locks import manifest_locked

    if not pdfs:
        return
    with manifest_locked(out_dir):
        manifest = load_manifest(out_dir)
        found = manifest.get("pdfs")
        recorded: dict[str, list[dict[str, object]]] = found if isinstance(found, dict) else {}
        for pdf in pdfs:
            data = pdf.read_bytes()
            entry = {"sha256": sha256(data), "size": len(data)}
            mine = recorded.setdefault(pdf.relative_to(out_dir).as_posix(), [])
            if entry not in mine:
                mine.append(entry)
        manifest["pdfs"] = recorded
        save_manifest(out_dir, manifest)


def written_by_coopdocs(out_dir: Path, relative: str, data: bytes) -> bool:
    """Whether `data` begins with a PDF coopdocs wrote at `relative` (see `record_origins`)."""
    from coopdocs.office.folder import load_manifest, sha256

    found = load_manifest(out_dir).get("pdfs")
    entries = found.get(relative, []) if isinstance(found, dict) else []
    return any(
        isinstance(e, dict) and isinstance(e.get("size"), int) and sha256(data[: e["size"]]) == e.get("sha256")
        for e in entries
    )
