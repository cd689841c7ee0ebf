"""One check for every path of the output folder the workspace serves or writes: the path a
URL or a route names is normalised once (`./sauvegardes/x` is `sauvegardes/x`), refused when
it holds a control character (a NUL in a URL), leaves the folder or goes through a symbolic
link (the check `coopdocs build` makes, `output.writer.inside`)."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from coopdocs.errors import CoopdocsError
from coopdocs.office.folder import inside

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalised(relative: str) -> str:
    """`relative` without `.`, empty parts or a trailing slash; CoopdocsError when it names no
    file of the folder (empty, absolute, `..`, a backslash or a control character)."""
    if CONTROL.search(relative) or "\\" in relative:
        raise CoopdocsError.of("path-forbidden-character", path=CONTROL.sub("?", relative))
    path = PurePosixPath(relative)
    parts = [part for part in path.parts if part != "."]
    if not parts or path.is_absolute() or ".." in parts:
        raise CoopdocsError.of("path-outside-output", path=relative)
    return "/".join(parts)


def checked(out_dir: Path, relative: str) -> Path:
    """The file at `relative` in the output folder, for reading or writing (CoopdocsError if
    the path is refused or goes through a link: nothing is ever written through one)."""
    return inside(out_dir, normalised(relative))


def sheet(out_dir: Path, agent_id: str, month: str) -> Path:
    """A month's time sheet, checked for writing (save, sign, approve, return, upload)."""
    from coopdocs.forms.timesheet_form import sheet_path

    return checked(out_dir, sheet_path(agent_id, month))
