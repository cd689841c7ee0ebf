"""The one error family the core raises: plain exceptions whose message says what and where.

The command line (`cli.run`) prints them as `Erreur : …` and exits 1; the web workspace shows
the same messages. Anything else escaping is a bug.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class CoopdocsError(Exception):
    """Any problem with the user's input or files; the message says what and where. One made
    from the catalogue (`of`, group `error`) carries its key and arguments: `said(lang)` gives
    it in the reader's language, `message` is its French text."""

    def __init__(self, message: str, key: str = "", arguments: Mapping[str, Any] | None = None):
        super().__init__(message)
        self.message, self.key, self.arguments = message, key, dict(arguments or {})

    @classmethod
    def of(cls, key: str, **arguments: Any) -> CoopdocsError:
        from coopdocs.messages import say

        return CoopdocsError(say("error", key, arguments, "fr"), key, arguments)

    def said(self, lang: str) -> str:
        """The message in `lang` (its French text when it has no key)."""
        if not self.key or lang == "fr":
            return self.message
        from coopdocs.messages import say

        return say("error", self.key, self.arguments, lang)

    def lines(self) -> list[str]:
        """What to print, one line each (« Erreur : » or « Error: », the command line's language)."""
        from coopdocs.messages import say
        from coopdocs.words import help_language

        lang = help_language()
        return [say("cli", "error", {"message": self.said(lang)}, lang)]


@dataclass(frozen=True)
class Problem:
    """One located problem of a project file. A problem made from the catalogue carries its key
    and arguments (group `problem`): `said(lang)` gives it in the reader's language, `message`
    is its French text."""

    file: str
    line: int
    column: int
    path: str
    message: str
    key: str = field(default="", compare=False)
    args: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def of(cls, file: str, line: int, column: int, path: str, key: str, args: Mapping[str, Any]) -> Problem:
        """The problem `key` of the catalogue with its arguments, its French text resolved now."""
        from coopdocs.messages import say

        return cls(file, line, column, path, say("problem", key, args, "fr"), key, dict(args))

    def said(self, lang: str) -> str:
        """The message in `lang` (its French text when it has no key)."""
        if not self.key or lang == "fr":
            return self.message
        from coopdocs.messages import say

        return say("problem", self.key, self.args, lang)

    def located(self, lang: str = "fr") -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.said(lang)}"

    def __str__(self) -> str:
        return self.located()


class ProjectError(CoopdocsError):
    """Every problem of a project file, reported at once, one a line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.line, p.column, p.path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        from coopdocs.messages import say
        from coopdocs.words import help_language

        lang, count = help_language(), len(self.problems)
        total = say("problem", "count-one" if count == 1 else "count", {"count": count}, lang)
        return [p.located(lang) for p in self.problems] + [total]


# What the operating system refuses, said in French with what to do (errno → advice).
_OS_ADVICE = {
    errno.EACCES: "accès refusé : vérifiez les droits, ou choisissez un autre dossier (-o)",
    errno.EPERM: "opération non permise : vérifiez les droits, ou choisissez un autre dossier (-o)",
    errno.EROFS: "le disque est en lecture seule : choisissez un autre dossier (-o)",
    errno.ENOSPC: "disque plein : libérez de la place puis relancez (chaque fichier déjà écrit est complet)",
    errno.EDQUOT: "quota disque dépassé : libérez de la place puis relancez",
    errno.ENOTDIR: "un élément du chemin est un fichier, pas un dossier : choisissez un autre chemin",
    errno.EISDIR: "c'est un dossier, pas un fichier : choisissez un autre chemin",
    errno.ENAMETOOLONG: "nom de fichier trop long : choisissez un chemin plus court",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EEXIST: "existe déjà",
    errno.EMFILE: "trop de fichiers ouverts : relancez avec --jobs 1",
}


def from_os_error(exc: OSError) -> CoopdocsError:
    """The French message for a refusal of the operating system, naming the path."""
    path = exc.filename if exc.filename is not None else ""
    advice = _OS_ADVICE.get(exc.errno or 0, exc.strerror or str(exc))
    where = f"{os.fsdecode(path)!s}".encode("utf-8", "backslashreplace").decode("utf-8") if path else ""
    return CoopdocsError(f"{where} : {advice}" if where else advice)
