"""Where templates come from: the user's folder first (--templates, then the project's
`templates_dir`), the built-in ones last. The guide map (which guide items each document
carries) is found the same way, so a user can change it by dropping a guide-map.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from coopdocs.documents.guide_map import GuideMap, parse
from coopdocs.errors import CoopdocsError
from coopdocs.project.source import load_yaml

BUILTIN = Path(str(files("coopdocs").joinpath("documents/builtin")))
GUIDE_MAP = "guide-map.yaml"


@dataclass(frozen=True)
class Found:
    path: Path
    builtin: bool


class TemplatePath:
    def __init__(self, user_dirs: list[Path] | None = None):
        self.user_dirs = [d for d in (user_dirs or []) if d is not None]
        for folder in self.user_dirs:
            if not folder.is_dir():
                raise CoopdocsError.of("templates-folder-missing", folder=str(folder))
        self.dirs = [*self.user_dirs, BUILTIN]

    def find(self, name: str) -> Found:
        for folder in self.dirs:
            candidate = folder / name
            if candidate.is_file():
                return Found(candidate, folder == BUILTIN)
        raise CoopdocsError.of("template-not-found", name=name, folders=", ".join(map(str, self.dirs)))

    def guide_map(self) -> GuideMap:
        """Document kind → the guide items it serves, each with its audience and reason
        (coopdocs/documents/guide_map.py), checked against the guide."""
        return parse(load_yaml(self.find(GUIDE_MAP).path, keys="convention-partenariat, lettre-mission, …"))
