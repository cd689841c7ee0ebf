"""Load a project file: YAML → plain data → typed model → cross checks, every problem located."""

from __future__ import annotations

import datetime as dt
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from coopdocs.errors import Problem, ProjectError
from coopdocs.project import _checks as checks
from coopdocs.project._files import logo_problems, resolved_logos
from coopdocs.project.model import EMAIL, SLUG, ProjectFile
from coopdocs.project.source import Loaded, load_yaml


def load_project(
    path: str | Path, warnings: list[Problem] | None = None, text: str | None = None, today: dt.date | None = None
) -> ProjectFile:
    """The validated project, or a ProjectError listing every problem of the file. When a list
    is given, the project's warnings (coopdocs.project.warnings) are added to it, a date compared
    with `today` (default the machine's). With `text`, that text is checked as the file's content
    (the web workspace checks a form before saving)."""
    return validate_loaded(load_yaml(Path(path), text), warnings, today)


def validate_loaded(loaded: Loaded, warnings: list[Problem] | None = None, today: dt.date | None = None) -> ProjectFile:
    """The model and the cross checks on data already read (the web workspace checks a form's
    values against the file's positions this way, as the person types)."""
    problems: list[Problem] = []
    project = None
    try:
        project = ProjectFile.model_validate(loaded.data)
    except ValidationError as exc:
        problems.extend(translate(loaded, error) for error in exc.errors(include_url=False))
    problems.extend(checks.check(loaded))
    problems.extend(logo_problems(loaded))
    if problems or project is None:
        raise ProjectError(_unique(problems))
    project = resolved_logos(project, Path(loaded.file).parent)
    if warnings is not None:
        from coopdocs.project.warnings import project_warnings

        warnings += project_warnings(project, loaded, today)
    return project


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


# ---- pydantic's errors, in French, at the right place -------------------------------------

PATTERNS = {
    SLUG: "identifiant « {input} » invalide : minuscules, chiffres et tirets, 40 caractères au plus, "
    "commençant par une lettre ou un chiffre",
    EMAIL: "adresse électronique « {input} » invalide",
    r"^[A-Z]{2}$": "code pays « {input} » invalide : deux lettres majuscules ISO 3166-1 (FR, BE, NO…)",
    r"^[A-Z]{2}-[A-Z0-9]{1,3}$": "subdivision « {input} » invalide : code ISO 3166-2 (ex. FR-57)",
    r"^[A-Z]{3}$": "devise « {input} » invalide : code ISO 4217 en majuscules (EUR, CHF…)",
}

MESSAGES = {
    "missing": "clé obligatoire `{key}` manquante",
    "string_type": "doit être un texte (mettez la valeur entre guillemets)",
    "string_too_short": "ne doit pas être vide",
    "int_type": "doit être un nombre entier",
    "int_parsing": "doit être un nombre entier",
    "int_from_float": "doit être un nombre entier",
    "float_type": "doit être un nombre",
    "float_parsing": "doit être un nombre",
    "decimal_type": "doit être un nombre",
    "decimal_parsing": "doit être un nombre",
    "decimal_max_places": "deux décimales au plus",
    "finite_number": "doit être un nombre fini",
    "bool_type": "doit valoir true ou false",
    "bool_parsing": "doit valoir true ou false",
    "date_type": "date invalide « {input} » : format AAAA-MM-JJ attendu",
    "date_parsing": "date invalide « {input} » : format AAAA-MM-JJ attendu",
    "date_from_datetime_parsing": "date invalide « {input} » : format AAAA-MM-JJ et jour existant attendus",
    "date_from_datetime_inexact": "date invalide « {input} » : sans heure",
    "list_type": "doit être une liste",
    "dict_type": "doit être un dictionnaire de clés",
    "model_type": "doit être un dictionnaire de clés",
    "model_attributes_type": "doit être un dictionnaire de clés",
    "too_short": "au moins {min_length} élément(s) requis",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "greater_than": "doit être strictement supérieur à {gt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "less_than": "doit être strictement inférieur à {lt}",
    "union_tag_invalid": "mode « {tag} » inconnu ; valeurs possibles : {expected_tags}",
    "union_tag_not_found": "clé obligatoire `{discriminator}` manquante (fixed ou hourly)",
}


def translate(loaded: Loaded, error: Any) -> Problem:
    kind, ctx, value = error["type"], dict(error.get("ctx") or {}), error.get("input")
    path = data_path(loaded.data, error["loc"])
    ctx.update(input=value, key=path[-1] if path else "")
    if kind == "extra_forbidden":
        known = sorted(field_names(path[:-1]) - {path[-1]})
        return loaded.problem(path, f"clé inconnue `{path[-1]}`{checks.suggest(str(path[-1]), known)}", key=True)
    if kind == "missing":
        return loaded.problem(path[:-1], MESSAGES["missing"].format(**ctx))
    if kind == "string_pattern_mismatch":
        message = PATTERNS.get(ctx.get("pattern", ""), "format invalide « {input} »").format(**ctx)
    elif kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        message = f"valeur « {value} » non permise ; valeurs possibles : {expected}"
    elif kind == "value_error":
        message = error["msg"].removeprefix("Value error, ")
    elif kind in MESSAGES:
        message = MESSAGES[kind].format(**{k: _plain(v) for k, v in ctx.items()})
    else:
        message = error["msg"]
    return loaded.problem(path, message)


def _plain(value: Any) -> str:
    """`1.0` → `1`, `'fixed', 'hourly'` → `fixed, hourly`: numbers and lists as people write them."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("'", "")


def data_path(data: Any, loc: tuple) -> tuple:
    """Pydantic's location without the names it adds for union branches (`fixed`, `str`…)."""
    path: list = []
    node = data
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        if isinstance(node, dict) and isinstance(part, str) and part not in node and not last:
            continue  # a union branch name, not a key of the file
        path.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(path)


def field_names(path: tuple) -> set[str]:
    """Keys allowed at `path` of the project file, for "did you mean" suggestions."""
    models: list[Any] = [ProjectFile]
    for part in path:
        following: list[Any] = []
        for model in models:
            following.extend(_children(model, part))
        models = following
    return {name for model in models if _is_model(model) for name in model.model_fields}


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _children(tp: Any, part: Any) -> list[Any]:
    """The types found one step down `tp` at `part` (a key or a list index)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _children(typing.get_args(tp)[0], part)
    if origin in (typing.Union, types.UnionType):
        return [c for arg in typing.get_args(tp) for c in _children(arg, part)]
    if origin is list and isinstance(part, int):
        return _flatten(typing.get_args(tp)[0])
    if origin is dict:
        return _flatten(typing.get_args(tp)[1])
    if _is_model(tp) and isinstance(part, str) and part in tp.model_fields:
        return _flatten(tp.model_fields[part].annotation)
    return []


def _flatten(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _flatten(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [c for arg in typing.get_args(tp) for c in _flatten(arg)]
    return [tp]
