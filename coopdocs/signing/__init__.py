"""PDF signatures a controller can verify (pyHanko): empty signature fields in the PDFs coopdocs
writes, and the verification of signed PDFs brought back."""

from coopdocs.signing.sheets import keep_signed, sheet_signature, signed_copy, signed_sheet
from coopdocs.signing.verify import UNTRUSTED, VALID, SignatureCheck, trust_roots, verify_pdf

__all__ = [
    "UNTRUSTED",
    "VALID",
    "SignatureCheck",
    "keep_signed",
    "sheet_signature",
    "signed_copy",
    "signed_sheet",
    "trust_roots",
    "verify_pdf",
]
