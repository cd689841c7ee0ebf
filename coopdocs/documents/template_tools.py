"""`coopdocs templates`: which template is used, a copy of the built-ins to start from, and the
variables a template can use — read from the types of the contexts (coopdocs.documents.contexts
and kind_contexts), which mypy checks against the code that builds them, with an example each."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints, is_typeddict

from coopdocs.documents.search_path import BUILTIN, GUIDE_MAP, TemplatePath
from coopdocs.errors import CoopdocsError
from coopdocs.words import words

EXAMPLE = Path(str(files("coopdocs").joinpath("data/exemple.yaml")))


def listing(path: TemplatePath) -> list[tuple[str, str, str, str]]:
    """(kind, language, origin — `builtin` or `own` —, file) for every document template."""
    from coopdocs.kinds import DOCUMENTS as KINDS

    rows = []
    for kind in KINDS:
        for lang in ("fr", "en"):
            found = path.find(f"{kind}.{lang}.docx")
            rows.append((kind, lang, "builtin" if found.builtin else "own", str(found.path)))
    found = path.find(GUIDE_MAP)
    rows.append(("guide-map", "-", "builtin" if found.builtin else "own", str(found.path)))
    return rows


def export(target: Path, force: bool = False) -> list[Path]:
    """Copy the built-in templates to `target`; never over an existing file unless `force`."""
    sources = sorted(p for p in BUILTIN.iterdir() if p.suffix in (".docx", ".yaml"))
    existing = [target / p.name for p in sources if (target / p.name).exists()]
    if existing and not force:
        raise CoopdocsError.of("templates-exist", count=len(existing), target=str(target), first=existing[0].name)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources:
        shutil.copyfile(source, target / source.name)
        written.append(target / source.name)
    return written


def variables(kind: str, project_file: Path | None = None, lang: str = "fr") -> list[tuple[str, str, str]]:
    """(name, type, example) of every variable a kind's context declares (its type in
    coopdocs.documents.kind_contexts), nested names dotted, a list's items as `partners[].name`;
    the example is the value in that project's first document of the kind ("" when it has none).
    `lang`: the language of the types' words."""
    from coopdocs.documents import plan
    from coopdocs.documents.kind_contexts import CONTEXTS
    from coopdocs.kinds import DOCUMENTS as KINDS
    from coopdocs.project import load_project

    if kind not in KINDS:
        raise CoopdocsError.of("unknown-kind", kind=kind, kinds=", ".join(KINDS))
    project = load_project(project_file or EXAMPLE)
    jobs = plan(project, TemplatePath().guide_map(), dt.date(2027, 12, 1), only=(kind,))
    context = jobs[0].make_context() if jobs else {}
    return list(_walk(CONTEXTS[kind], context, "", words("variable_type", lang)))


MISSING: Any = object()  # a value the example project does not have
WORDS = {str: "text", bool: "boolean", int: "integer", float: "number", Decimal: "amount", dt.date: "date"}


def _walk(hint: Any, value: Any, name: str, said: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """The variables a type declares, with the example `value` beside each (MISSING: none)."""
    origin, args = get_origin(hint), get_args(hint)
    if is_typeddict(hint):
        if name:
            yield name, said["object"], ""
        for key, item in get_type_hints(hint).items():
            inner = value.get(key, MISSING) if isinstance(value, dict) else MISSING
            yield from _walk(item, inner, f"{name}.{key}" if name else key, said)
    elif origin is list:
        count = said["items"].format(count=len(value)) if isinstance(value, list) else ""
        yield name, said["list"], count
        yield from _walk(args[0], value[0] if isinstance(value, list) and value else MISSING, f"{name}[]", said)
    elif origin is dict:  # keys of its own (`art.budget`): the example's
        yield name, said["object"], ""
        for key, item in value.items() if isinstance(value, dict) else ():
            yield from _walk(args[1], item, f"{name}.{key}", said)
    elif origin in (Union, UnionType) and type(None) in args:
        (inner,) = (a for a in args if a is not type(None))
        yield from _walk(inner, value, name, said)
    else:
        word = said[WORDS[hint]] if hint in WORDS else said.get(hint.__name__.lower(), hint.__name__)
        yield name, word, _example(value)


def _example(value: Any) -> str:
    if value is MISSING or value is None:
        return ""
    example = value.isoformat() if isinstance(value, dt.date) else str(value)
    return example.replace("\n", " ⏎ ")[:60]
