"""The signatures a control archive holds, checked again by `archive --verify` years later: the
archive packs the roots the project trusts (`signatures.trust`) under projet/confiance/, and every
signed PDF of documents/signes/ is verified anew against them (pyHanko), each at the signing time
it states, so that a certificate expired since does not fail a signature made while it was valid.
A signature the manifest recorded as valid that no longer verifies, or whose PDF is gone, is a
difference like a changed file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coopdocs.errors import CoopdocsError
from coopdocs.office.folder import sha256
from coopdocs.project.model import ProjectFile
from coopdocs.signing.verify import VALID, trust_roots, verify_pdf

TRUST_FOLDER = "projet/confiance/"
SIGNED_FOLDER = "documents/signes/"
MANIFEST_ENTRY = "documents/manifest.json"
Item = tuple[str, bytes, str, str]  # path in the archive, bytes, kind, origin


def trust_items(project: ProjectFile, project_file: Path) -> list[Item]:
    """The trusted roots as archive entries (refused, as `signatures` refuses them, when one is missing)."""
    trust_roots(project_file.parent, project.signatures.trust)
    return [
        (
            f"{TRUST_FOLDER}{i + 1:02d}-{Path(name).name}",
            (project_file.parent / name).read_bytes(),
            "certificat",
            "saisi",
        )
        for i, name in enumerate(project.signatures.trust)
    ]


def _roots(entries: dict[str, bytes]) -> list[Any]:
    from asn1crypto import pem, x509

    roots = []
    for name, data in sorted(entries.items()):
        if not name.startswith(TRUST_FOLDER):
            continue
        ders = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
        try:
            roots += [x509.Certificate.load(der) for der in ders]
        except ValueError:
            raise CoopdocsError.of("archive-certificate", name=name) from None
    return roots


def recorded_valid(manifest: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(signed PDF's path, certificate's SHA-256) → the PDF's sha256, for every signature the
    manifest recorded as verified: documents (`signed`) and months of time sheets (the PDF
    evidence of their history)."""
    signed, history = manifest.get("signed"), manifest.get("history")
    records = [s for entries in _values(signed) for s in _items(entries) if s.get("verdict") == VALID]
    records += [e for events in _values(history) for e in _items(events) if e.get("evidence") == "pdf"]
    found: dict[tuple[str, str], str] = {}
    for record in records:
        pdf, cert = record.get("pdf"), record.get("certificate")
        if isinstance(pdf, dict) and isinstance(cert, dict):
            found[(str(pdf.get("path", "")), str(cert.get("sha256", "")))] = str(pdf.get("sha256", ""))
    return found


def _values(mapping: object) -> list[object]:
    return list(mapping.values()) if isinstance(mapping, dict) else []


def _items(entries: object) -> list[dict[str, Any]]:
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def signature_problems(entries: dict[str, bytes]) -> tuple[int, list[str]]:
    """(signatures verified, problems) over the archive's signed PDFs."""
    roots = _roots(entries)
    try:
        manifest = json.loads(entries.get(MANIFEST_ENTRY, b"{}"))
    except ValueError:
        manifest = {}
    expected = recorded_valid(manifest if isinstance(manifest, dict) else {})
    problems: list[str] = []
    count = 0
    for name, data in sorted(entries.items()):
        if not (name.startswith(SIGNED_FOLDER) and name.endswith(".pdf")):
            continue
        relative = name.removeprefix("documents/")
        try:
            checks = verify_pdf(data, roots, name, at_signing_time=True)
        except CoopdocsError as exc:
            problems.append(exc.message)
            continue
        count += len(checks)
        for check in checks:
            if (relative, check.fingerprint) in expected and check.verdict != VALID:
                problems.append(
                    f"{name} : la signature de {check.signer}, enregistrée valide, ne l'est plus : {check.verdict}"
                )
    latest = {pdf: digest for (pdf, _cert), digest in expected.items()}  # a month's PDF, signed again on approval
    for pdf, digest in sorted(latest.items()):
        kept = entries.get(f"documents/{pdf}")
        if kept is None:
            problems.append(f"documents/{pdf} : PDF signé enregistré dans le manifeste, absent de l'archive")
        elif sha256(kept) != digest:
            problems.append(f"documents/{pdf} : PDF signé différent de celui que le manifeste a enregistré (sha256)")
    return count, problems
