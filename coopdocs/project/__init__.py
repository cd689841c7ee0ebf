"""The project file: YAML with positions (`_loader`), the validated model (`model`), the checks
between objects (`_checks`), and `load_project`, which ties them together."""

from coopdocs.project._load import load_project

__all__ = ["load_project"]
