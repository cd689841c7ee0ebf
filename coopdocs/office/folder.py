"""The output folder's own mechanics: a path inside it (never through a symbolic link), the
manifest that records what coopdocs wrote there, the JSON registers it keeps there (claims,
controls), and the office suites' lock files."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar, Self

from coopdocs.errors import CoopdocsError
from coopdocs.messages import Word
from coopdocs.office.atomic import atomic_write

MANIFEST = "manifest.json"
BACKUPS = "sauvegardes"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_manifest(out_dir: Path) -> dict[str, Any]:
    """What coopdocs wrote last time. Only a cache: every Office file carries its own seal, so a
    missing, unreadable or ill-shaped manifest is rebuilt, never fatal (its valid entries kept)."""
    path = out_dir / MANIFEST
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    files = data.get("files")
    data["files"] = {
        name: entry
        for name, entry in (files.items() if isinstance(files, dict) else [])
        if isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("sha256", "inputs"))
    }
    return data


def load_register(out_dir: Path, relative: str, key: str, what: Word) -> list[Any]:
    """The entries of a register coopdocs keeps as JSON in the output folder (the claims', the
    controls'): none while it does not exist; a located French refusal when it was changed by hand."""
    path = out_dir / relative
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise CoopdocsError.of("register-unreadable", file=relative, reason=str(exc), what=what) from None
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise CoopdocsError.of("register-not", file=relative, what=what)
    entries: list[Any] = data[key]
    return entries


class JsonRegister:
    """A register coopdocs keeps as JSON in the output folder (the claims', the controls'), read
    whole (`load`) and written whole (`to_bytes`). A subclass, a dataclass whose one field is its
    list of entries, names its file, that list (its key in the file and the field's name; the
    catalogue's `error` word `register-<key>` is what refusals call the register) and the file's
    title."""

    path: ClassVar[str]
    key: ClassVar[str]
    what: ClassVar[Word]
    title: ClassVar[str]

    def __init_subclass__(cls, *, path: str, key: str, title: str, **rest: Any) -> None:
        super().__init_subclass__(**rest)
        cls.path, cls.key, cls.what, cls.title = path, key, Word("error", f"register-{key}"), title

    def __init__(self, entries: list[Any]) -> None:  # the subclass's dataclass sets its field
        raise NotImplementedError

    @classmethod
    def load(cls, out_dir: Path) -> Self:
        return cls(load_register(out_dir, cls.path, cls.key, cls.what))

    def to_bytes(self) -> bytes:
        data = {"coopdocs": self.title, self.key: getattr(self, self.key)}
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def inside(out_dir: Path, relative: str, verified: set[str] | None = None) -> Path:
    """The target path, refused if it would leave the output folder (absolute, `..`) or go
    through a symbolic link inside it (a link could send the writing anywhere). Folders found
    real are added to `verified`, so thousands of outputs do not stat them again."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise CoopdocsError.of("outside-output", folder=str(out_dir), path=relative)
    folder = os.fspath(out_dir)  # plain strings: pathlib's joins cost more than the checks
    for part in parts[:-1]:
        folder = os.path.join(folder, part)
        if verified is not None and folder in verified:
            continue
        mode = _mode(folder)
        if mode is not None and stat.S_ISLNK(mode):
            raise _link_error(Path(folder))
        if mode is not None and not stat.S_ISDIR(mode):
            raise CoopdocsError.of("file-not-folder", path=folder, target=str(out_dir / relative))
        if mode is not None and verified is not None:
            verified.add(folder)
    target = os.path.join(folder, parts[-1])
    mode = _mode(target)
    if mode is not None and stat.S_ISLNK(mode):
        raise _link_error(Path(target))
    if mode is not None and stat.S_ISDIR(mode):
        raise CoopdocsError.of("folder-not-file", path=target)
    return Path(target)


def _mode(path: str) -> int | None:
    """The path's own mode (a link is not followed), or None when nothing is there."""
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None


def _link_error(path: Path) -> CoopdocsError:
    return CoopdocsError.of("symbolic-link", path=str(path))


def lock_file(target: Path) -> Path | None:
    """The lock file an office suite leaves beside a file it has open, if any (Word shortens
    long names in its `~$` owner file: it keeps the last characters)."""
    names = {f".~lock.{target.name}#", f"~${target.name}", f"~${target.name[2:]}", f"~${target.name[1:]}"}
    for name in names:
        if (target.parent / name).exists():
            return target.parent / name
    return None


def manifest_text(manifest: dict[str, Any]) -> str:
    """The manifest as written: one JSON layout for every writer of it."""
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def save_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically (callers hold its lock when others may write it too)."""
    atomic_write(out_dir / MANIFEST, manifest_text(manifest))
