"""Verify the signatures of a PDF brought back, with pyHanko: integrity (the signed bytes'
digest), coverage (the whole document, or only changes a later signature may make), the
signer's certificate (its name, SHA-256 fingerprint) and the signing time it states, and trust
against the roots the project names (`signatures.trust`). Trust is never assumed: a self-signed
or unknown certificate is « signature intacte, certificat non reconnu », never « valide ».
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coopdocs.errors import CoopdocsError
from coopdocs.office.folder import sha256

VALID = "valide"
UNTRUSTED = "signature intacte, certificat non reconnu"
BROKEN = "signature invalide : le document a changé depuis (octets signés modifiés)"
PARTIAL = "signature ne couvrant pas le document : modifié après la signature"
FUTURE = "heure de signature dans le futur"
MAX_PDF = 20 * 1024 * 1024
CLOCK_SLACK = dt.timedelta(minutes=5)

# pyHanko logs a certificate it cannot chain with a traceback: our verdict says it in words.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


@dataclass(frozen=True)
class SignatureCheck:
    """One signature of a PDF, as verified."""

    field: str
    signer: str  # the certificate's common name
    subject: str  # the certificate's whole subject, as people read it
    fingerprint: str  # SHA-256 of the certificate (DER), hex
    signed_at: str  # the signing time the signature states (ISO), "" when none
    verdict: str  # VALID, or what is wrong

    @property
    def valid(self) -> bool:
        return self.verdict == VALID


def trust_roots(base: Path, files: list[str]) -> list[Any]:
    """The root certificates of `signatures.trust` (PEM or DER files, relative to `base`)."""
    from pyhanko.keys import load_certs_from_pemder

    roots = []
    for i, name in enumerate(files):
        path = base / name
        if not path.is_file():
            raise CoopdocsError.of("trust-missing", index=i, path=str(path))
        try:
            roots += list(load_certs_from_pemder([str(path)]))
        except (ValueError, TypeError, OSError) as exc:
            raise CoopdocsError.of("trust-unreadable", index=i, file=path.name, reason=str(exc)) from None
    return roots


def verify_pdf(
    data: bytes, roots: list[Any], name: str, now: dt.datetime | None = None, at_signing_time: bool = False
) -> list[SignatureCheck]:
    """Every signature of the PDF, oldest first, each with its verdict; its certificate chain
    checked now, or (`at_signing_time`, an archive read years later) at the time it states."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    if len(data) > MAX_PDF:
        raise CoopdocsError.of("pdf-too-large", file=name, megabytes=MAX_PDF // (1024 * 1024))
    if not data.startswith(b"%PDF-"):
        raise CoopdocsError.of("not-a-pdf", file=name)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
        return [_check(sig, roots, now or dt.datetime.now(dt.UTC), at_signing_time) for sig in embedded]
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise CoopdocsError.of("pdf-unreadable", file=name, reason=str(exc)) from None


def _check(sig: Any, roots: list[Any], now: dt.datetime, at_signing_time: bool = False) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko_certvalidator import ValidationContext

    moment = (sig.self_reported_timestamp if at_signing_time else None) or now
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail", moment=moment)
    cert = sig.signer_cert
    subject = cert.subject.human_friendly
    signer = str(cert.subject.native.get("common_name", ""))
    fingerprint = sha256(cert.dump())
    try:
        status = validate_pdf_signature(sig, context)
    except SignatureValidationError as exc:
        return SignatureCheck(sig.field_name, signer, subject, fingerprint, "", f"signature invalide ({exc})")
    when = status.signer_reported_dt
    signed_at = when.astimezone(dt.UTC).isoformat(timespec="seconds") if when else ""
    return SignatureCheck(sig.field_name, signer, subject, fingerprint, signed_at, _verdict(status, when, now))


def _verdict(status: Any, when: dt.datetime | None, now: dt.datetime) -> str:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if not (status.intact and status.valid):
        return BROKEN
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if not whole and not (status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and status.docmdp_ok):
        return PARTIAL
    if when is not None and when > now + CLOCK_SLACK:
        return FUTURE
    if not status.trusted:
        return UNTRUSTED
    return VALID
