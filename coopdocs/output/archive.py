"""`coopdocs archive`: the control file. One zip with the project file, every generated document,
every filled form, the bilans and backups, a MANIFEST.csv (path, sha256, size, kind, origin,
date) and a README in French saying what it holds and until when it must be kept.
The same files and date give the same bytes; `--verify` recomputes every hash."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coopdocs.project.model import ProjectFile

from coopdocs.errors import CoopdocsError
from coopdocs.office.atomic import atomic_write
from coopdocs.office.folder import MANIFEST, load_manifest
from coopdocs.office.reproducible import FIXED_TIME, is_sealed

CSV_NAME = "MANIFEST.csv"
README_NAME = "LISEZMOI.txt"
COLUMNS = ("chemin", "sha256", "taille", "type", "origine")
SKIPPED = (".tmp", ".coopdocs-tmp")
FORM_FOLDERS = ("feuilles-de-temps/", "depenses/")
Item = tuple[str, bytes, str, str]  # path in the archive, bytes, kind, origin


def _origin(path: str, data: bytes, entry: dict | None) -> str:
    """généré (still as coopdocs wrote it: its seal holds), rempli, modifié, or ajouté."""
    if is_sealed(data) or (entry and hashlib.sha256(data).hexdigest() == entry.get("sha256")):
        return "généré"
    if entry is None:
        return "rempli" if path.startswith(FORM_FOLDERS) else "ajouté"
    return "rempli" if entry.get("form") else "modifié"


def _kind(path: str, entry: dict | None) -> str:
    if entry:
        return entry["kind"]
    first = path.split("/", 1)[0]
    return {
        "bilans": "bilan",
        "sauvegardes": "sauvegarde",
        "feuilles-de-temps": "feuilles-de-temps",
        "depenses": "depenses",
        "demandes": "demande",
    }.get(first, "autre")


def collect(project_file: Path, out_dir: Path) -> list[Item]:
    """(path in the archive, bytes, kind, origin) of everything the archive holds, sorted. A
    symbolic link is refused, never followed: its target may lie anywhere."""
    manifest = load_manifest(out_dir)["files"]
    items: list[Item] = [(f"projet/{project_file.name}", project_file.read_bytes(), "projet", "saisi")]
    links = sorted(str(p) for p in out_dir.rglob("*") if p.is_symlink())
    if links:
        raise CoopdocsError.of("archive-links", folder=str(out_dir), links=", ".join(links))
    undecodable = sorted(_printable(p) for p in out_dir.rglob("*") if _printable(p) != str(p))
    if undecodable:
        raise CoopdocsError.of("archive-names", folder=str(out_dir), names=", ".join(undecodable))
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file()):
        name = path.relative_to(out_dir).as_posix()
        if path.name.startswith(("~$", ".~lock", ".")) or path.suffix in SKIPPED:
            continue
        data = path.read_bytes()
        entry = manifest.get(name)
        kind = "manifest" if name == MANIFEST else _kind(name, entry)
        origin = "généré" if name == MANIFEST else _origin(name, data, entry)
        if origin == "généré" and ((entry or {}).get("form") or name.startswith(FORM_FOLDERS)):
            continue  # a blank form nobody filled is no record
        items.append((f"documents/{name}", data, kind, origin))
    return items


def _printable(path: Path) -> str:
    """The path as text, undecodable bytes of its name shown as \\xNN."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def readme(project: ProjectFile, items: list[Item], when: dt.date) -> str:
    from coopdocs.formats import long_date

    p = project.project
    try:
        keep_until = p.end.replace(year=p.end.year + project.reporting.retention_years)
    except ValueError:  # 29 February
        keep_until = p.end.replace(year=p.end.year + project.reporting.retention_years, day=28)
    counts: dict[str, int] = {}
    for _, _, kind, origin in items:
        counts[f"{kind} ({origin})"] = counts.get(f"{kind} ({origin})", 0) + 1
    lines = [
        f"Archive de contrôle du projet « {p.title} » ({p.id})",
        f"Programme : {p.programme}",
        f"Projet du {long_date(p.start)} au {long_date(p.end)}.",
        f"Archive constituée le {long_date(when)} avec coopdocs.",
        "",
        f"À conserver jusqu'au {long_date(keep_until)} au moins ({project.reporting.retention_years} ans après la fin "
        "du projet), et plus longtemps si le programme ou l'autorité de gestion le demande.",
        "",
        "Contenu :",
        "- projet/ : le fichier projet qui décrit le partenariat, les agents, le budget ;",
        "- projet/confiance/ : les certificats racines auxquels le projet se fie pour les signatures "
        "(signatures.trust), s'il en nomme ;",
        "- documents/ : les documents produits (conventions, lettres, fiches), les feuilles de temps et "
        "registres de dépenses remplis, les bilans, les sauvegardes ;",
        f"- {CSV_NAME} : chaque fichier (ce {README_NAME} compris) avec son empreinte sha256, sa taille, "
        "son type et son origine (généré par coopdocs, rempli, modifié à la main, ajouté) ;",
        "",
        "Détail :",
        *[f"- {name} : {n}" for name, n in sorted(counts.items())],
        "",
        "Pour vérifier que rien n'a changé : coopdocs archive --verify <archive.zip> ; la commande affiche "
        f"l'empreinte de l'archive (sha256 de {CSV_NAME}), à comparer avec celle notée à sa constitution, et "
        "vérifie à nouveau chaque PDF signé de documents/signes/ avec les certificats de projet/confiance/.",
        "",
    ]
    return "\n".join(lines)


def make_archive(project_file: Path, out_dir: Path, target: Path, when: dt.date) -> tuple[Path, int, str]:
    """Write the archive; returns it, its number of files and its fingerprint (the sha256 of
    MANIFEST.csv, which lists every other file with its own sha256)."""
    from coopdocs.project import load_project

    project = load_project(project_file)
    if not out_dir.is_dir():
        raise CoopdocsError.of("archive-no-output", folder=str(out_dir))
    if target.resolve().is_relative_to(out_dir.resolve()):
        raise CoopdocsError.of("archive-inside", target=str(target), folder=str(out_dir))
    from coopdocs.output.archive_signatures import trust_items

    items = collect(project_file, out_dir) + trust_items(project, project_file)
    notice = readme(project, items, when).encode()
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(COLUMNS)
    for name, data, kind, origin in [(README_NAME, notice, "notice", "généré"), *items]:
        writer.writerow((name, hashlib.sha256(data).hexdigest(), len(data), kind, origin))
    listing = table.getvalue().encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [(README_NAME, notice), (CSV_NAME, listing), *[(n, d) for n, d, *_ in items]]:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            archive.writestr(info, data)
    atomic_write(target, out.getvalue())
    return target, len(items), hashlib.sha256(listing).hexdigest()


def verify_archive(path: Path) -> tuple[int, list[str], str, int]:
    """(files checked, differences, fingerprint, signatures verified): every entry listed in
    MANIFEST.csv with its hash, each name once, no other entry, and every signed PDF verified anew."""
    from coopdocs.office.safezip import check_zip
    from coopdocs.output.archive_signatures import MANIFEST_ENTRY, SIGNED_FOLDER, TRUST_FOLDER, signature_problems

    if not path.is_file():
        raise CoopdocsError.of("archive-missing", path=str(path))
    data = path.read_bytes()
    check_zip(data, path.name, "archive")
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = [info.filename for info in archive.infolist()]
    if CSV_NAME not in names:
        raise CoopdocsError.of("archive-no-manifest", file=path.name, manifest=CSV_NAME)
    if _encrypted(archive, CSV_NAME):
        raise CoopdocsError(f"{path.name} : {CSV_NAME} : {ENCRYPTED}")
    listing = _read_entry(archive, CSV_NAME)
    if listing is None:
        raise CoopdocsError.of("archive-damaged", file=path.name, manifest=CSV_NAME)
    try:
        rows = list(csv.DictReader(io.StringIO(listing.decode("utf-8"))))
    except (UnicodeDecodeError, csv.Error):
        raise CoopdocsError.of("archive-damaged", file=path.name, manifest=CSV_NAME) from None
    problems = [
        f"{name} : présent {names.count(name)} fois dans l'archive"
        for name in sorted(set(names))
        if names.count(name) > 1
    ]
    problems += [p for row in rows if (p := _check_row(archive, row, set(names)))]
    listed = {row.get("chemin") for row in rows}
    for extra in sorted(set(names) - listed - {CSV_NAME}):
        problems.append(f"{extra} : présent dans l'archive mais pas dans {CSV_NAME}")
    wanted = [n for n in names if n.startswith((SIGNED_FOLDER, TRUST_FOLDER)) or n == MANIFEST_ENTRY]
    read = {n: _read_entry(archive, n) for n in wanted if not _encrypted(archive, n)}
    entries = {n: data for n, data in read.items() if data is not None}
    signatures, found = signature_problems(entries)
    return len(rows), problems + found, hashlib.sha256(listing).hexdigest(), signatures


def _escapes(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")


ENCRYPTED = "élément chiffré : une archive coopdocs n'en a jamais, son contenu ne peut pas être vérifié"


def _encrypted(archive: zipfile.ZipFile, name: str) -> bool:
    return bool(archive.getinfo(name).flag_bits & 0x1)


def _read_entry(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """An entry's bytes, or None when the entry is corrupt (bad CRC, bad compression) or cannot
    be read without a password."""
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError):
        return None


def _check_row(archive: zipfile.ZipFile, row: dict[str, str], names: set[str]) -> str | None:
    name = row.get("chemin") or ""
    if name not in names:
        return f"{name} : absent de l'archive"
    if _encrypted(archive, name):
        return f"{name} : {ENCRYPTED}"
    content = _read_entry(archive, name)
    if content is None:
        return f"{name} : entrée illisible (archive abîmée)"
    if hashlib.sha256(content).hexdigest() != row.get("sha256") or str(len(content)) != row.get("taille"):
        return f"{name} : contenu différent de celui enregistré (sha256 ou taille)"
    return None
