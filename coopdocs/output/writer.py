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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, partial
from pathlib import Path
from typing import Any

from coopdocs import __version__, words
from coopdocs.messages import say
from coopdocs.office.atomic import TEMPORARY_SUFFIX, atomic_write
from coopdocs.office.folder import BACKUPS, MANIFEST, inside, load_manifest, lock_file, manifest_text, sha256
from coopdocs.office.parallel import run_all
from coopdocs.office.reproducible import is_sealed, seal


class Action(StrEnum):
    """What happens to an output file; its words come from the catalogue (`outcome`)."""

    CREATED = "created"
    UPDATED = "updated"
    IDENTICAL = "identical"
    KEPT = "kept"
    CONFLICT = "conflict"
    OPEN = "open"
    REPLACED = "replaced"
    FROZEN = "frozen"  # an approved time sheet: never changed, even with --force

    def label(self, count: int = 1, lang: str = "fr") -> str:
        return words.label("outcome" if count == 1 else "outcomes", self.value, lang)


CREATED, UPDATED, IDENTICAL, KEPT, CONFLICT, OPEN, REPLACED, FROZEN = Action

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
    note: str = ""  # why a frozen file stays as it is


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, action: Action) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    @property
    def blocked(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.action in (CONFLICT, OPEN)]


@cache
def code_fingerprint() -> bytes:
    """The version and every file of the installed package: a change in how a document is made
    (a table's widths) re-renders it on the next build, as a clean build would, version bumped
    or not."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def inputs_hash(*parts: object) -> str:
    """A stable hash of the inputs of an output (context values, template bytes, the code)."""
    digest = hashlib.sha256(code_fingerprint())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode())
    return digest.hexdigest()


@dataclass
class _Step:
    """One output, its target, what will happen to it, and its bytes if already rendered."""

    output: Output
    target: Path
    outcome: Outcome
    rendered: bytes | None = None
    recorded: bool = False  # the manifest already says all there is to say of it


def _classify(
    out_dir: Path, output: Output, entry: dict[str, Any] | None, force: bool, verified: set[str], frozen: dict[str, str]
) -> _Step:
    """What to do with one output. A file whose seal holds is coopdocs' own: brought up to date.
    Otherwise a person saved it: a form is kept (filled), a document is a conflict."""
    target = inside(out_dir, output.path, verified)
    if output.path in frozen and target.exists():
        return _Step(output, target, Outcome(output.path, FROZEN, note=frozen[output.path]))
    if not target.exists():
        return _Step(output, target, Outcome(output.path, CREATED))
    current = target.read_bytes()
    digest = sha256(current)
    if entry and entry["sha256"] == digest and entry["inputs"] == output.inputs:
        return _Step(output, target, Outcome(output.path, IDENTICAL), recorded=True)
    ours = is_sealed(current) or not output.path.endswith((".docx", ".xlsx"))
    if ours or force:
        rendered = seal(output.render())
        if rendered == current:
            return _Step(output, target, Outcome(output.path, IDENTICAL), rendered)
        return _Step(output, target, Outcome(output.path, UPDATED if ours else REPLACED), rendered)
    if output.form:
        return _Step(output, target, Outcome(output.path, KEPT))
    return _Step(output, target, Outcome(output.path, CONFLICT))


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
    frozen: dict[str, str] | None = None,
) -> Report:
    """Classify every output, then (unless something is blocked) render, write, and record.
    `frozen`: relative path → why it never changes (approved time sheets, see forms.sheet_life)."""
    from coopdocs.office.locks import manifest_locked

    manifest = load_manifest(out_dir)
    files: dict[str, Any] = manifest["files"]
    before = dict(files)  # entries are replaced, never changed in place: a shallow copy tells
    verified: set[str] = set()
    steps = [_classify(out_dir, output, files.get(output.path), force, verified, frozen or {}) for output in outputs]
    for step in steps:
        if step.outcome.action in (UPDATED, REPLACED) and lock_file(step.target):
            step.outcome.action = OPEN
    report = Report([step.outcome for step in steps])
    if report.blocked or dry_run:
        return report
    remove_temporary_files(out_dir)
    _write(out_dir, steps, files, _render_all(steps, jobs, label, progress))
    out_dir.mkdir(parents=True, exist_ok=True)
    with manifest_locked(out_dir):
        _write_manifest(out_dir, manifest, before, project_id)
    return report


def _write_manifest(out_dir: Path, manifest: dict[str, Any], before: dict[str, Any], project_id: str) -> None:
    """The manifest, with the sheets' history and the verified signatures as they are on disk now
    (a transition made while this build rendered is kept: those records are never a build's)."""
    files = manifest["files"]
    on_disk = load_manifest(out_dir)
    for key in ("history", "signed", "pdfs"):  # the sheets' life's and the signatures' own records
        if on_disk.get(key) is not None:
            manifest[key] = on_disk[key]
    path = out_dir / MANIFEST
    unchanged = files == before and manifest.get("coopdocs") == __version__ and manifest.get("project") == project_id
    if unchanged and path.exists():
        return  # nothing new to record: no need to write the same manifest again
    manifest.update(coopdocs=__version__, project=project_id)
    manifest["files"] = dict(sorted(files.items()))
    text = manifest_text(manifest)
    if not path.exists() or path.read_bytes() != text.encode("utf-8"):
        atomic_write(path, text)


def _render_all(steps: list[_Step], jobs: int, label: str, progress: Progress | None) -> dict[str, bytes]:
    """Every new file's bytes, before anything is written: a template error leaves the folder
    untouched. Bytes already rendered (to compare) are handed back as they are."""
    todo = [s for s in steps if s.outcome.action in (CREATED, UPDATED, REPLACED)]
    work = [partial(bytes, s.rendered) if s.rendered is not None else partial(_sealed, s.output.render) for s in todo]
    return {s.output.path: data for s, data in zip(todo, _render(work, jobs, label, progress), strict=True)}


def _sealed(render: Callable[[], bytes]) -> bytes:
    return seal(render())


def _write(out_dir: Path, steps: list[_Step], files: dict[str, Any], ready: dict[str, bytes]) -> None:
    """Write each file atomically (a backup first when replacing an edited one) and record it."""
    backups = _backup_folder(out_dir) if any(s.outcome.action == REPLACED for s in steps) else None
    for step in steps:
        data = ready.get(step.output.path)
        if data is None:
            if step.outcome.action == IDENTICAL and not step.recorded:
                _record(files, step.output, step.rendered or step.target.read_bytes())
            continue
        if step.outcome.action == REPLACED and backups is not None:
            backup = inside(out_dir, f"{backups}/{step.output.path}")
            atomic_write(backup, step.target.read_bytes())
            step.outcome.backup = backup.relative_to(out_dir).as_posix()
        atomic_write(step.target, data)
        _record(files, step.output, data, step.outcome.action == REPLACED)


def _record(files: dict[str, Any], output: Output, data: bytes, replaced: bool = False) -> None:
    """The file's entry; a month's approval stays with it (a rebuild does not undo it), unless the
    approved sheet itself was just replaced (--force: the approved copy is in the backup)."""
    approved = None if replaced else (files.get(output.path) or {}).get("approved")
    files[output.path] = {
        "sha256": sha256(data),
        "size": len(data),
        "kind": output.kind,
        "form": output.form,
        "sources": output.sources,
        "inputs": output.inputs,
        **({"approved": approved} if approved else {}),
    }


def keep_backup(out_dir: Path, relative: str) -> str:
    """Copy the file at `relative` into a new dated backup folder; returns the copy's relative path."""
    backup = inside(out_dir, f"{_backup_folder(out_dir)}/{relative}")
    atomic_write(backup, inside(out_dir, relative).read_bytes())
    return backup.relative_to(out_dir).as_posix()


def _backup_folder(out_dir: Path) -> str:
    """`sauvegardes/<date-heure>`, made unique: two --force runs in the same second must not
    share (and overwrite) one backup."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name, n = f"{BACKUPS}/{stamp}", 1
    while (out_dir / name).exists():
        n += 1
        name = f"{BACKUPS}/{stamp}-{n}"
    return name


def _render(work: Sequence[Callable[[], bytes]], jobs: int, label: str, progress: Progress | None) -> list[bytes]:
    """Every output's bytes, on `jobs` processes, shown by `progress` when given."""
    produced = run_all(work, jobs)
    return list(progress(produced, len(work), label) if progress else produced)


def describe(report: Report, out_dir: Path, dry_run: bool = False, lang: str = "fr") -> list[str]:
    """The lines the CLI prints: blocked files first with what to do, then a count per action,
    in the catalogue's words (group `cli`)."""
    lines = [_outcome_line(outcome, out_dir, lang) for outcome in report.outcomes]
    counts: dict[Action, int] = {}
    for outcome in report.outcomes:
        counts[outcome.action] = counts.get(outcome.action, 0) + 1
    summary = ", ".join(f"{n} {action.label(n, lang)}" for action, n in counts.items())
    where = say("cli", "nothing-written-dry-run", {}, lang) if dry_run else str(out_dir)
    total = len(report.outcomes)
    key = "files-summary-one" if total == 1 else "files-summary"
    return [line for line in lines if line] + [
        say("cli", key, {"count": total, "summary": summary, "where": where}, lang)
    ]


def blocked_lines(report: Report, out_dir: Path, lang: str = "fr") -> list[str]:
    """What stopped the writing: each conflict or open file with what to do, then « rien n'a été
    écrit » (the CLI and the workspace say the same)."""
    lines = [_outcome_line(outcome, out_dir, lang) for outcome in report.blocked]
    count = len(report.blocked)
    return [*lines, say("cli", "blocked-one" if count == 1 else "blocked", {"count": count}, lang)]


_OUTCOME_KEYS = {CONFLICT: "outcome-conflict", OPEN: "outcome-open", FROZEN: "outcome-frozen", KEPT: "outcome-kept"}


def _outcome_line(outcome: Outcome, out_dir: Path, lang: str) -> str:
    """The line of one outcome worth a line of its own ("" for a file simply written)."""
    path = str(out_dir / outcome.path)
    if outcome.action == REPLACED:
        if outcome.backup:
            return say("cli", "outcome-replaced", {"path": path, "backup": str(out_dir / outcome.backup)}, lang)
        return say("cli", "outcome-to-replace", {"path": path}, lang)
    key = _OUTCOME_KEYS.get(outcome.action)
    return say("cli", key, {"path": path, "note": outcome.note or ""}, lang) if key else ""


def remove_temporary_files(out_dir: Path) -> None:
    """Left-over temporary files of a killed build (atomic writes never leave a partial target)."""
    if not out_dir.is_dir():
        return
    for tmp in out_dir.rglob(f".*{TEMPORARY_SUFFIX}"):
        if tmp.is_file() and not tmp.is_symlink():
            os.unlink(tmp)
