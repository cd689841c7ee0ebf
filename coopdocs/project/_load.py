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
        errors = branches_taken(loaded.data, exc.errors(include_url=False))
        problems.extend(translate(loaded, error) for error in errors)
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


CONTAINER_KINDS = frozenset({"list_type", "dict_type", "model_type", "model_attributes_type", "tuple_type"})


def branches_taken(data: Any, errors: list[Any]) -> list[Any]:
    """Of a union (a cost, or a list of dated costs), the errors of the branch the value is not
    written as are left out when the other branch has its own: « quarante mille » is « doit
    être un nombre », not also « doit être une liste »."""

    def base_and_shape(error: Any) -> tuple[tuple, bool] | None:
        at = union_branch_at(data, error["loc"])
        if at is None:
            return None
        base = tuple(error["loc"][:at])
        written_as_container = isinstance(_node(data, base), list | dict)
        below = len(error["loc"]) > at + 1  # the branch took the value's shape, something inside is wrong
        return base, below or (error["type"] in CONTAINER_KINDS) == written_as_container

    shapes = [base_and_shape(e) for e in errors]
    fitting = {s[0] for s in shapes if s is not None and s[1]}
    return [e for e, s in zip(errors, shapes, strict=True) if s is None or s[1] or s[0] not in fitting]


def union_branch_at(data: Any, loc: tuple) -> int | None:
    """The position in pydantic's location of the first union branch name (`decimal`,
    `list[DatedCost]`, `fixed`), which is no key of the file; None when there is none."""
    node = data
    for position, part in enumerate(loc):
        if _is_branch(node, part, position, len(loc)):
            return position
        node = _step(node, part)
    return None


def _step(node: Any, part: Any) -> Any:
    """One step down the file's data: a mapping's key, a list's index; None past its end."""
    if isinstance(node, dict):
        return node.get(part)
    return node[part] if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node) else None


def _node(data: Any, path: tuple) -> Any:
    node = data
    for part in path:
        node = _step(node, part)
    return node


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
        if _is_branch(node, part, position, len(loc)):
            continue  # a union branch name, not a key of the file
        path.append(part)
        node = _step(node, part)
    return tuple(path)


def _is_branch(node: Any, part: Any, position: int, length: int) -> bool:
    """A name pydantic adds for a union's branch: no key of the mapping it stands in (a missing
    key, last, is one), or a name below a value that has no keys (« quarante mille »)."""
    if not isinstance(part, str) or position == 0 or (isinstance(node, dict) and part in node):
        return False
    return not isinstance(node, dict) or position < length - 1


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
