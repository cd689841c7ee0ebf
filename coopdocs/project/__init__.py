"""The project file: its YAML source with positions (`source`), the validated model (`model`,
with `partner`, `money`, `meeting`), the checks between objects and the warnings, each agent's
staff rules over time (`staff`), and `load_project`, which ties them together."""

from coopdocs.project._load import load_project, validate_loaded

__all__ = ["load_project", "validate_loaded"]
