"""Load a project file: YAML → plain data → typed model → cross checks, every problem located."""

from __future__ import annotations

import datetime as dt
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core.core_schema import ErrorType

from coopdocs.errors import Problem, ProjectError
from coopdocs.messages import did_you_mean
from coopdocs.project import _checks as checks
from coopdocs.project._files import logo_problems, resolved_logos
from coopdocs.project._types import TIME
from coopdocs.project.model import EMAIL, SLUG, ProjectFile
from coopdocs.project.source import Loaded, load_yaml
from coopdocs.words import words


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


# ---- pydantic's errors, in the catalogue's words (group `problem`), at the right place --------

BUILTIN_KINDS = frozenset(typing.get_args(ErrorType))  # pydantic's own; any other is a validator's key

PATTERNS = {
    SLUG: "pattern-slug",
    EMAIL: "pattern-email",
    r"^[A-Z]{2}$": "pattern-country",
    r"^[A-Z]{2}-[A-Z0-9]{1,3}$": "pattern-subdivision",
    r"^[A-Z]{3}$": "pattern-currency",
    TIME: "pattern-time",
}


def translate(loaded: Loaded, error: Any) -> Problem:
    """Pydantic's error as the catalogue's problem of the same kind (its own kinds, or the key a
    validator gave with PydanticCustomError), with pydantic's context as arguments."""
    kind, ctx, value = error["type"], dict(error.get("ctx") or {}), error.get("input")
    path = data_path(loaded.data, error["loc"])
    if kind not in BUILTIN_KINDS and kind in words("problem", "fr"):  # typed arguments, as the validator gave them
        return loaded.problem_of(path, kind, {"input": _plain(value), **ctx})
    args: dict[str, Any] = {k: _plain(v) for k, v in ctx.items()}
    args.update(input=str(value), key=str(path[-1]) if path else "")
    if kind == "extra_forbidden":
        known = sorted(field_names(path[:-1]) - {path[-1]})
        return loaded.problem_of(
            path, "unknown-key", {**args, "suggestion": did_you_mean(str(path[-1]), known)}, key=True
        )
    if kind == "missing":
        return loaded.problem_of(path[:-1], "missing", args)
    if kind == "string_pattern_mismatch":
        return loaded.problem_of(path, PATTERNS.get(ctx.get("pattern", ""), "pattern-other"), args)
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return loaded.problem_of(path, "value-not-allowed", {**args, "expected": expected})
    if kind == "value_error":
        return loaded.problem(path, error["msg"].removeprefix("Value error, "))
    if kind in words("problem", "fr"):
        return loaded.problem_of(path, kind, {**args, "input": _plain(value)})
    return loaded.problem(path, error["msg"])


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
