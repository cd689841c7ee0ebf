"""Write outputs without ever losing what people wrote.

Each output is classified before anything is written:
- absent → created;
- unchanged since coopdocs wrote it (its sha256 is the manifest's) and same inputs → identical,
  not even rendered;
- unchanged since written but inputs changed → updated;
- different from what coopdocs wrote → someone edited it (a document: a conflict, exit 1) or
  filled it (a form: kept, which is normal). `--force` keeps a dated backup, then rewrites.
- open in an office suite (a `~$name` or `.~lock.name#` file beside it) → refused.
If any conflict remains, nothing at all is written. Files are written atomically and the
manifest last, so an interrupted build leaves every file complete or absent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from pathlib import Path, PurePosixPath

from coopdocs import __version__
from coopdocs.errors import CoopdocsError
from coopdocs.output._atomic import atomic_write
from coopdocs.output._parallel import run_all
from coopdocs import words

MANIFEST = "manifest.json"
BACKUPS = "sauvegardes"



class Action(StrEnum):
    """What happens to an output file; its words come from the catalogue (`outcome`)."""

    CREATED = "created"
    UPDATED = "updated"
    IDENTICAL = "identical"
    KEPT = "kept"
    CONFLICT = "conflict"
    OPEN = "open"
    REPLACED = "replaced"

    def label(self, count: int = 1, lang: str = "fr") -> str:
        return words.label("outcome" if count == 1 else "outcomes", self.value, lang)


CREATED, UPDATED, IDENTICAL, KEPT, CONFLICT, OPEN, REPLACED = Action

# A progress display: given the items being produced, their count and a label, yields them
# (the CLI passes a progress bar; the library itself prints nothing).
Progress = Callable[[Iterable[bytes], int, str], Iterable[bytes]]


@dataclass
class Output:
    """One file to produce: where, what kind, from what, and how to make its bytes."""

    path: str  # relative to the output folder, POSIX
    kind: str
    sources: list[str]
    inputs: str  # hash of everything the bytes derive from
    render: Callable[[], bytes] = field(repr=False)
    form: bool = False  # a form people fill in (time sheet, expense register)


@dataclass
class Outcome:
    path: str
    action: Action
    backup: str | None = None


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, action: Action) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    @property
    def blocked(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.action in (CONFLICT, OPEN)]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs_hash(*parts: object) -> str:
    """A stable hash of the inputs of an output (context values, template bytes, version)."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def load_manifest(out_dir: Path) -> dict:
    path = out_dir / MANIFEST
    if not path.exists():
        return {"files": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data.get("files"), dict):
            raise ValueError("files")
        return data
    except (ValueError, AttributeError, UnicodeDecodeError):
        raise CoopdocsError(
            f"{path} est illisible : supprimez-le (les fichiers modifiés à la main seront alors signalés "
            "comme conflits, rien ne sera perdu)"
        ) from None


def inside(out_dir: Path, relative: str) -> Path:
    """The target path, refused if it would leave the output folder (absolute, or `..`)."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise CoopdocsError(f"chemin de sortie hors du dossier {out_dir} : {relative}")
    return out_dir / relative


def lock_file(target: Path) -> Path | None:
    """The lock file an office suite leaves beside a file it has open, if any."""
    for name in (f"~${target.name}", f".~lock.{target.name}#"):
        if (target.parent / name).exists():
            return target.parent / name
    return None


def write_outputs(
    out_dir: Path,
    outputs: Iterable[Output],
    *,
    project_id: str,
    force: bool = False,
    dry_run: bool = False,
    label: str = "Écriture",
    jobs: int = 1,
    progress: Progress | None = None,
) -> Report:
    outputs = list(outputs)
    manifest = load_manifest(out_dir)
    files: dict = manifest["files"]
    report = Report()
    pending: list[tuple[Output, Path, bytes | None, Outcome]] = []

    for output in outputs:
        target = inside(out_dir, output.path)
        entry = files.get(output.path)
        rendered: bytes | None = None
        if not target.exists():
            outcome = Outcome(output.path, CREATED)
        else:
            current = sha256(target.read_bytes())
            if entry and entry.get("sha256") == current:
                outcome = Outcome(output.path, IDENTICAL if entry.get("inputs") == output.inputs else UPDATED)
            elif entry and output.form and not force:
                # Filled since coopdocs wrote it: kept, without rendering (a project's thousands of
                # filled sheets must not be rendered again at every build).
                outcome = Outcome(output.path, KEPT)
            else:
                rendered = output.render()
                if sha256(rendered) == current:
                    outcome = Outcome(output.path, IDENTICAL)  # e.g. after an interrupted build
                elif force:
                    outcome = Outcome(output.path, REPLACED)
                else:
                    outcome = Outcome(output.path, KEPT if output.form else CONFLICT)
        if outcome.action in (UPDATED, REPLACED) and lock_file(target):
            outcome = Outcome(output.path, OPEN)
        report.outcomes.append(outcome)
        pending.append((output, target, rendered, outcome))

    if report.blocked or dry_run:
        return report
    remove_temporary_files(out_dir)

    # Render everything before writing anything: a template error leaves the folder untouched.
    todo = [p for p in pending if p[3].action in (CREATED, UPDATED, REPLACED)]
    # Already rendered (to compare with an edited file): hand the bytes back as they are.
    work = [partial(bytes, r) if r is not None else o.render for o, _t, r, _c in todo]
    ready = [(o, t, data, c) for (o, t, _r, c), data in zip(todo, _render(work, jobs, label, progress), strict=True)]
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for output, target, data, outcome in ready:
        if outcome.action == REPLACED:
            backup = inside(out_dir, f"{BACKUPS}/{stamp}/{output.path}")
            atomic_write(backup, target.read_bytes())
            outcome.backup = backup.relative_to(out_dir).as_posix()
        atomic_write(target, data)
        files[output.path] = {
            "sha256": sha256(data),
            "size": len(data),
            "kind": output.kind,
            "form": output.form,
            "sources": output.sources,
            "inputs": output.inputs,
        }
    for output, _target, _rendered, outcome in pending:
        if outcome.action == IDENTICAL and output.path in files:
            files[output.path]["inputs"] = output.inputs
    manifest.update(coopdocs=__version__, project=project_id)
    manifest["files"] = dict(sorted(files.items()))
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    path = out_dir / MANIFEST
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        atomic_write(path, text)
    return report


def _render(work: list[Callable[[], bytes]], jobs: int, label: str, progress: Progress | None) -> list[bytes]:
    """Every output's bytes, on `jobs` processes, shown by `progress` when given."""
    produced = run_all(work, jobs)
    return list(progress(produced, len(work), label) if progress else produced)


def describe(report: Report, out_dir: Path, dry_run: bool = False) -> list[str]:
    """The lines the CLI prints: blocked files first with what to do, then a count per action."""
    lines = []
    for outcome in report.outcomes:
        if outcome.action == CONFLICT:
            lines.append(
                f"conflit : {out_dir / outcome.path} a été modifié depuis sa création ; il n'est pas "
                "écrasé (renommez-le pour garder vos modifications, ou --force pour le remplacer après "
                "sauvegarde)"
            )
        elif outcome.action == OPEN:
            lines.append(
                f"ouvert : {out_dir / outcome.path} est ouvert dans un traitement de texte ou un tableur : "
                "fermez le fichier, puis relancez"
            )
        elif outcome.action == KEPT:
            lines.append(f"conservé : {out_dir / outcome.path} a été rempli ; il est gardé tel quel")
        elif outcome.action == REPLACED:
            lines.append(
                f"remplacé : {out_dir / outcome.path} (l'ancien est sauvegardé dans {out_dir / outcome.backup})"
                if outcome.backup
                else f"à remplacer : {out_dir / outcome.path}"
            )
    counts: dict[Action, int] = {}
    for outcome in report.outcomes:
        counts[outcome.action] = counts.get(outcome.action, 0) + 1
    summary = ", ".join(f"{n} {action.label(n)}" for action, n in counts.items())
    where = "rien d'écrit (--dry-run)" if dry_run else str(out_dir)
    lines.append(f"{len(report.outcomes)} fichiers : {summary} — {where}")
    return lines


def remove_temporary_files(out_dir: Path) -> None:
    """Left-over temporary files of a killed build (atomic writes never leave a partial target)."""
    if not out_dir.is_dir():
        return
    for tmp in out_dir.rglob(".*.tmp"):
        if tmp.is_file():
            os.unlink(tmp)
