"""coopdocs: the paperwork of cooperation projects, generated from one project file.

The public API, imported on first use (so that `coopdocs --help` stays instant):
`load_project(path)`, `build(path, BuildOptions)`, `read_timesheet(path)`,
`read_register(path, start, end)`, and `CoopdocsError`, the one exception they raise for a
problem of the user's input. The bilan of a period is `coopdocs.pipeline.bilan(path, period,
BuildOptions)` (`coopdocs.bilan` is the package of its figures and renderers).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    "load_project": "coopdocs.project",
    "build": "coopdocs.pipeline",
    "BuildOptions": "coopdocs.pipeline",
    "read_timesheet": "coopdocs.forms.timesheet_reader",
    "read_register": "coopdocs.forms.expense_reader",
    "CoopdocsError": "coopdocs.errors",
}
__all__ = [*_PUBLIC, "__version__"]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'coopdocs' has no attribute {name!r}")
