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
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coopdocs.project.model import ProjectFile

from coopdocs.errors import CoopdocsError
from coopdocs.output._atomic import atomic_write
from coopdocs.output._reproducible import FIXED_TIME
from coopdocs.output.writer import MANIFEST, load_manifest

CSV_NAME = "MANIFEST.csv"
README_NAME = "LISEZMOI.txt"
COLUMNS = ("chemin", "sha256", "taille", "type", "origine", "date")
SKIPPED = (".tmp",)


def _origin(path: str, data: bytes, entry: dict | None) -> str:
    if entry is None:
        return "ajouté"
    if hashlib.sha256(data).hexdigest() == entry.get("sha256"):
        return "généré"
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
    }.get(first, "autre")


def collect(project_file: Path, out_dir: Path) -> list[tuple[str, bytes, str, str, str]]:
    """(path in the archive, bytes, kind, origin, date) of everything the archive holds, sorted."""
    manifest = load_manifest(out_dir)["files"]
    items = [
        (
            f"projet/{project_file.name}",
            project_file.read_bytes(),
            "projet",
            "saisi",
            dt.date.fromtimestamp(project_file.stat().st_mtime).isoformat(),
        )
    ]
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file()):
        name = path.relative_to(out_dir).as_posix()
        if path.name.startswith(("~$", ".~lock", ".")) or path.suffix in SKIPPED:
            continue
        data = path.read_bytes()
        entry = manifest.get(name)
        kind = "manifest" if name == MANIFEST else _kind(name, entry)
        origin = "généré" if name == MANIFEST else _origin(name, data, entry)
        if entry and entry.get("form") and origin == "généré":
            continue  # a blank form nobody filled is no record
        items.append((f"documents/{name}", data, kind, origin, dt.date.fromtimestamp(path.stat().st_mtime).isoformat()))
    return items


def readme(project: ProjectFile, items: list, when: dt.date) -> str:
    from coopdocs.formats import long_date

    p = project.project
    try:
        keep_until = p.end.replace(year=p.end.year + project.reporting.retention_years)
    except ValueError:  # 29 February
        keep_until = p.end.replace(year=p.end.year + project.reporting.retention_years, day=28)
    counts: dict[str, int] = {}
    for _, _, kind, origin, _ in items:
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
        "- documents/ : les documents produits (conventions, lettres, fiches), les feuilles de temps et "
        "registres de dépenses remplis, les bilans, les sauvegardes ;",
        f"- {CSV_NAME} : chaque fichier avec son empreinte sha256, sa taille, son type, son origine "
        "(généré par coopdocs, rempli, modifié à la main, ajouté) et sa date ;",
        "",
        "Détail :",
        *[f"- {name} : {n}" for name, n in sorted(counts.items())],
        "",
        "Pour vérifier que rien n'a changé : coopdocs archive --verify <archive.zip>",
        "",
    ]
    return "\n".join(lines)


def make_archive(project_file: Path, out_dir: Path, target: Path, when: dt.date) -> tuple[Path, int]:
    from coopdocs.project._load import load_project

    project = load_project(project_file)
    if not out_dir.is_dir():
        raise CoopdocsError(f"{out_dir} n'existe pas : lancez d'abord coopdocs build")
    items = collect(project_file, out_dir)
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(COLUMNS)
    for name, data, kind, origin, day in items:
        writer.writerow((name, hashlib.sha256(data).hexdigest(), len(data), kind, origin, day))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = [(README_NAME, readme(project, items, when).encode()), (CSV_NAME, table.getvalue().encode())]
        entries += [(name, data) for name, data, *_ in items]
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    atomic_write(target, out.getvalue())
    return target, len(items)


def verify_archive(path: Path) -> tuple[int, list[str]]:
    """(files checked, differences): every entry listed in MANIFEST.csv with its hash, and no other."""
    from coopdocs.output._safezip import check_zip

    data = path.read_bytes() if path.is_file() else b""
    check_zip(data, path.name, "archive coopdocs (.zip)")
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    if CSV_NAME not in names:
        raise CoopdocsError(f"{path.name} : pas de {CSV_NAME}, ce n'est pas une archive coopdocs")
    rows = list(csv.DictReader(io.StringIO(archive.read(CSV_NAME).decode("utf-8"))))
    problems = []
    for row in rows:
        name = row["chemin"]
        if name not in names:
            problems.append(f"{name} : absent de l'archive")
            continue
        content = archive.read(name)
        if hashlib.sha256(content).hexdigest() != row["sha256"] or str(len(content)) != row["taille"]:
            problems.append(f"{name} : contenu différent de celui enregistré (sha256 ou taille)")
    listed = {row["chemin"] for row in rows}
    for extra in sorted(names - listed - {CSV_NAME, README_NAME}):
        problems.append(f"{extra} : présent dans l'archive mais pas dans {CSV_NAME}")
    return len(rows), problems
