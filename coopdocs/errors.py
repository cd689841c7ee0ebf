"""The one error family users see: Click prints it as `Erreur : …` and exits 1, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass

import click


class CoopdocsError(click.ClickException):
    """Any problem with the user's input or files; the message says what and where."""

    exit_code = 1

    def show(self, file=None) -> None:  # noqa: D401 - Click's signature
        click.echo(f"Erreur : {self.format_message()}", err=True, file=file)


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

    def show(self, file=None) -> None:
        for problem in self.problems:
            click.echo(str(problem), err=True, file=file)
        count = len(self.problems)
        click.echo(
            f"{count} problème{'s' if count > 1 else ''} : le fichier n'est pas valide.",
            err=True,
            file=file,
        )
