"""Signed PDFs brought back in `signes/` (any subfolder) of the output folder: each is matched to
the document it signs (by its name: `signes/partenaires/gal-a/lettre-intention.pdf` signs
`partenaires/gal-a/lettre-intention.docx`; a subfolder of its own is allowed), verified, and the
verified signatures are recorded in `manifest.json` (`signed` → document → entries: signer,
certificate fingerprint, time, PDF sha256). A month's time sheet is signed through its life
(`coopdocs sheet sign|approve --pdf`), not here.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from coopdocs.errors import CoopdocsError
from coopdocs.forms.sheet_life import same_person
from coopdocs.office.folder import load_manifest, save_manifest, sha256
from coopdocs.office.locks import manifest_locked
from coopdocs.project.model import ProjectFile
from coopdocs.signing.fields import signatories
from coopdocs.signing.verify import SignatureCheck, trust_roots, verify_pdf

SIGNED = "signes"
SHEETS = "feuilles-de-temps"


def _document(project: ProjectFile, out_dir: Path, pdf: Path) -> str:
    """The output document a PDF of `signes/` signs: the first of its paths under `signes/`
    (dropping leading folders) that names a document someone signs."""
    parts = pdf.relative_to(out_dir / SIGNED).with_suffix(".docx").parts
    for start in range(len(parts)):
        candidate = PurePosixPath(*parts[start:]).as_posix()
        if signatories(project, candidate):
            return candidate
    return ""


def _row(project: ProjectFile, document: str, pdf: str, data: bytes, checks: list[SignatureCheck]) -> dict[str, Any]:
    expected = [{"role": role, "name": name} for role, name in signatories(project, document)]
    found: list[dict[str, Any]] = []
    for check in checks:
        match = next((e for e in expected if same_person(e["name"], check.signer)), None)
        found.append(
            {
                "signer": check.signer,
                "role": match["role"] if match else "",
                "expected": match is not None,
                "verdict": check.verdict if match or not check.valid else "signataire inattendu",
                "signed_at": check.signed_at,
                "certificate": {"subject": check.subject, "sha256": check.fingerprint},
                "pdf": {"path": pdf, "sha256": sha256(data)},
            }
        )
    signed = {str(f["signer"]) for f in found if f["expected"] and f["verdict"] == "valide"}
    missing = [e for e in expected if not any(same_person(e["name"], s) for s in signed)]
    state = "signe" if not missing else ("signe-en-partie" if signed else "non-signe")
    return {"document": document, "state": state, "expected": expected, "signatures": found, "missing": missing}


def signed_documents(project: ProjectFile, project_file: Path, out_dir: Path) -> list[dict[str, Any]]:
    """Every PDF of `signes/` (time sheets aside), verified; the valid signatures recorded."""
    folder = out_dir / SIGNED
    if not folder.is_dir() or folder.is_symlink():
        return []
    roots = trust_roots(project_file.parent, project.signatures.trust)
    rows = []
    for pdf in sorted(p for p in folder.rglob("*.pdf") if p.is_file() and not p.is_symlink()):
        relative = pdf.relative_to(out_dir).as_posix()
        if relative.startswith(f"{SIGNED}/{SHEETS}/"):
            continue
        document = _document(project, out_dir, pdf)
        if not document:
            rows.append({"document": "", "pdf": relative, "state": "inconnu", "expected": [], "signatures": []})
            continue
        data = pdf.read_bytes()
        try:
            checks = verify_pdf(data, roots, relative)
        except CoopdocsError as exc:
            rows.append({"document": document, "pdf": relative, "state": exc.message, "expected": [], "signatures": []})
            continue
        rows.append({**_row(project, document, relative, data, checks), "pdf": relative})
    _record(out_dir, rows)
    return rows


def _record(out_dir: Path, rows: list[dict[str, Any]]) -> None:
    """The valid signatures, in the manifest (`signed`), when they are new."""
    valid = {
        row["document"]: [s for s in row["signatures"] if s["expected"] and s["verdict"] == "valide"]
        for row in rows
        if row["document"]
    }
    valid = {k: v for k, v in valid.items() if v}
    if not valid:
        return
    with manifest_locked(out_dir):
        manifest = load_manifest(out_dir)
        found = manifest.get("signed")
        recorded: dict[str, Any] = found if isinstance(found, dict) else {}
        if all(recorded.get(k) == v for k, v in valid.items()):
            return
        manifest["signed"] = {**recorded, **valid}
        save_manifest(out_dir, manifest)
