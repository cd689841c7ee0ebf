"""Every XML part of an Office file someone sends, read before it is stored: a DOCTYPE, an
entity (the way to « billion laughs » and to reading local files), malformed XML or an
encrypted part is refused with the part's name. Excel and LibreOffice never write any of
these, so nothing real is lost; and a file refused here is never stored, so it cannot later
break the pages that read it.

Parsed as a stream with expat (no tree is built: a 200 MB part costs no memory), after
`check_zip` has bounded the sizes."""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import IO
from xml.parsers import expat

XML_PARTS = (".xml", ".rels", ".vml")
CHUNK = 1 << 16


class _Refused(Exception):
    pass


def xml_refusal(data: bytes) -> str | None:
    """Why the zip's XML parts cannot be accepted (« docProps/custom.xml : déclaration
    DOCTYPE »), or None when every part is plain XML."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return "fichier illisible ou endommagé"
    for entry in archive.infolist():
        if not entry.filename.lower().endswith(XML_PARTS):
            continue
        if entry.flag_bits & 0x1:
            return f"{entry.filename} : élément chiffré (un classeur Excel n'en a pas)"
        try:
            with archive.open(entry) as stream:
                reason = _part_refusal(stream)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError):
            reason = "élément illisible (archive abîmée)"
        if reason:
            return f"{entry.filename} : {reason}"
    return None


def _part_refusal(stream: IO[bytes]) -> str | None:
    parser = expat.ParserCreate()

    def refuse(what: str) -> object:
        def handler(*_: object) -> None:
            raise _Refused(what)

        return handler

    parser.StartDoctypeDeclHandler = refuse("déclaration DOCTYPE (jamais écrite par Excel)")  # type: ignore[assignment]
    parser.EntityDeclHandler = refuse("déclaration d'entité XML")  # type: ignore[assignment]
    parser.ExternalEntityRefHandler = refuse("référence à une entité externe")  # type: ignore[assignment]
    try:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Refused as exc:
        return str(exc)
    except expat.ExpatError as exc:
        return f"XML mal formé (ligne {exc.lineno}, colonne {exc.offset + 1})"
    return None
