"""A PDF signed with a person's own certificate file (PKCS#12, .p12 or .pfx) and its passphrase,
with pyHanko, in memory: neither the file nor the passphrase is written anywhere or kept once
the signature is made (nothing is logged: pyHanko's loggers are silenced in verify.py).

The signature goes into the field named `<role> — <name>` (coopdocs/signing/fields.py), which
`build --pdf` left empty; the signed PDF is then verified like any PDF brought back
(`signed_sheet`), so a certificate the project does not trust is refused, never « valide »."""

from __future__ import annotations

import io
from typing import Any

from coopdocs.errors import CoopdocsError
from coopdocs.signing.fields import field_name

MAX_CERTIFICATE = 64 * 1024  # a PKCS#12 file holds a key and a few certificates: a few kB


def signer_of(data: bytes, passphrase: str, name: str) -> Any:
    """pyHanko's signer from the certificate file's bytes; CoopdocsError in French when the file
    is not a PKCS#12 file, the passphrase is wrong, or it holds no private key."""
    from pyhanko.sign.signers import SimpleSigner

    if not data:
        raise CoopdocsError.of("certificate-none")
    if len(data) > MAX_CERTIFICATE:
        raise CoopdocsError.of("certificate-too-large", file=name, kilobytes=MAX_CERTIFICATE // 1024)
    secret = passphrase.encode("utf-8") if passphrase else None
    try:
        signer = SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=secret)
    except Exception:  # a wrong passphrase and a file that is no PKCS#12 look the same from here
        raise CoopdocsError.of("certificate-unreadable", file=name) from None
    finally:
        del secret
    if signer.signing_cert is None or signer.signing_key is None:
        raise CoopdocsError.of("certificate-no-key", file=name)
    return signer


def common_name(signer: Any) -> str:
    """The certificate's holder (its common name), as the verification reads it."""
    return str(signer.signing_cert.subject.native.get("common_name", ""))


def sign_with(pdf: bytes, signer: Any, role: str, name: str) -> bytes:
    """`pdf` signed by `signer` in the field `<role> — <name>` (created when the PDF has none),
    as an incremental update: what was signed before stays intact."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import signers
    from pyhanko.sign.general import SigningError

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        meta = signers.PdfSignatureMetadata(field_name=field_name(role, name), md_algorithm="sha256")
        out = io.BytesIO()
        signers.sign_pdf(writer, meta, signer=signer, output=out)
    except (PdfError, SigningError, ValueError, TypeError) as exc:
        raise CoopdocsError.of("pdf-not-signed", reason=str(exc)) from None
    return out.getvalue()
