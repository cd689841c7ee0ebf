"""The one error family the core raises: plain exceptions whose message says what and where.

The command line (`cli.run`) prints them as `Erreur : …` and exits 1; the web workspace shows
the same messages. Anything else escaping is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


class CoopdocsError(Exception):
    """Any problem with the user's input or files; the message says what and where."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """What to print, one line each."""
        return [f"Erreur : {self.message}"]


@dataclass(frozen=True)
class Problem:
    """One located problem of a project file."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}"


class ProjectError(CoopdocsError):
    """Every problem of a project file, reported at once, one a line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.line, p.column, p.path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        count = len(self.problems)
        return [str(p) for p in self.problems] + [
            f"{count} problème{'s' if count > 1 else ''} : le fichier n'est pas valide."
        ]
