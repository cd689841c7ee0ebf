"""Files a project file names (its logos): found, images, bounded, read once at load time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coopdocs.errors import Problem
from coopdocs.project.source import Loaded

MAX_LOGO_BYTES = 2 * 1024 * 1024
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


def image_kind(head: bytes) -> str | None:
    return next((kind for magic, kind in IMAGE_SIGNATURES.items() if head.startswith(magic)), None)


def logo_problems(loaded: Loaded) -> Iterator[Problem]:
    """Each logo is a PNG or JPEG file of at most 2 Mo, found next to the project file."""
    project = loaded.data.get("project") if isinstance(loaded.data, dict) else None
    logos = project.get("logos") if isinstance(project, dict) else None
    if not isinstance(logos, list):
        return
    for i, name in enumerate(logos):
        if not isinstance(name, str) or not name:
            continue  # the model reports it
        where = ("project", "logos", i)
        path = Path(loaded.file).parent / name
        if not path.is_file():
            yield loaded.problem_of(where, "logo-not-found", {"path": str(path)})
            continue
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            yield loaded.problem_of(where, "logo-too-heavy", {"name": path.name, "size": size // 1024})
            continue
        with path.open("rb") as stream:
            if image_kind(stream.read(8)) is None:
                yield loaded.problem_of(where, "logo-not-image", {"name": path.name})


def resolved_logos(project: Any, base: Path) -> Any:
    """The project with its logos' paths made absolute, so documents find them from anywhere."""
    logos = project.project.logos
    if not logos:
        return project
    absolute = [str((base / name).resolve()) for name in logos]
    info = project.project.model_copy(update={"logos": absolute})
    return project.model_copy(update={"project": info})
