"""`coopdocs templates`: which template is used, a copy of the built-ins to start from, and the
variables a template can use — taken from a real context, so the list never drifts from the code."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any

from coopdocs.documents.search_path import BUILTIN, GUIDE_MAP, TemplatePath
from coopdocs.errors import CoopdocsError

EXAMPLE = Path(str(files("coopdocs").joinpath("data/exemple.yaml")))


def listing(path: TemplatePath) -> list[tuple[str, str, str, str]]:
    """(kind, language, origin, file) for every document template."""
    from coopdocs.kinds import DOCUMENTS as KINDS

    rows = []
    for kind in KINDS:
        for lang in ("fr", "en"):
            found = path.find(f"{kind}.{lang}.docx")
            rows.append((kind, lang, "fourni" if found.builtin else "personnel", str(found.path)))
    found = path.find(GUIDE_MAP)
    rows.append(("guide-map", "-", "fourni" if found.builtin else "personnel", str(found.path)))
    return rows


def export(target: Path, force: bool = False) -> list[Path]:
    """Copy the built-in templates to `target`; never over an existing file unless `force`."""
    sources = sorted(p for p in BUILTIN.iterdir() if p.suffix in (".docx", ".yaml"))
    existing = [target / p.name for p in sources if (target / p.name).exists()]
    if existing and not force:
        raise CoopdocsError(
            f"{len(existing)} fichier(s) existent déjà dans {target} (dont {existing[0].name}) : "
            "rien n'est copié (--force pour les remplacer)"
        )
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources:
        shutil.copyfile(source, target / source.name)
        written.append(target / source.name)
    return written


def variables(kind: str, project_file: Path | None = None) -> list[tuple[str, str, str]]:
    """(name, type, example) of every variable of a document's context, nested names dotted,
    lists shown by their first element (`partners[].name`)."""
    from coopdocs.documents import plan
    from coopdocs.kinds import DOCUMENTS as KINDS
    from coopdocs.project import load_project

    if kind not in KINDS:
        raise CoopdocsError(f"type de document `{kind}` inconnu ({', '.join(KINDS)})")
    project = load_project(project_file or EXAMPLE)
    job = next(j for j in plan(project, TemplatePath().guide_map(), dt.date(2027, 12, 1), only=(kind,)))
    return list(_walk(job.make_context(), ""))


TYPES = {
    str: "texte",
    bool: "booléen",
    int: "entier",
    float: "nombre",
    Decimal: "montant",
    dt.date: "date",
    list: "liste",
    dict: "objet",
}


def _walk(value: Any, name: str) -> Iterator[tuple[str, str, str]]:
    if isinstance(value, dict):
        if name:
            yield name, "objet", ""
        for key, item in value.items():
            yield from _walk(item, f"{name}.{key}" if name else key)
    elif isinstance(value, list):
        yield name, "liste", f"{len(value)} élément(s)"
        if value:
            yield from _walk(value[0], f"{name}[]")
    else:
        example = value.isoformat() if isinstance(value, dt.date) else str(value)
        example = example.replace("\n", " ⏎ ")
        yield name, TYPES.get(type(value), type(value).__name__), example[:60]
