"""The bad-input corpus: project files, templates, time sheets and expense registers that people
will get wrong. Each case states its exit code and message; one test runs them all; none may
print a traceback.

Project files are in bad_inputs/projets/ with the exact lines expected (*.expected). Binary cases
(Word and Excel files) are made by the recipes below, so that the corpus stays readable.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from conftest import EXAMPLE, MINIMAL, ROOT, run

CORPUS = Path(__file__).parent / "bad_inputs"


@dataclass
class Case:
    id: str
    make: Callable[[Path], list]  # builds the files in a temp folder, returns the CLI arguments
    exit_code: int
    messages: list[str] = field(default_factory=list)  # each must appear in the output
    exact: list[str] | None = None  # for project files: stderr lines, exactly


def project_case(path: Path) -> Case:
    expected = [f"{path}:{line}" for line in path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()]
    count = len(expected)
    expected.append(f"{count} problème{'s' if count > 1 else ''} : le fichier n'est pas valide.")
    return Case(f"projet/{path.stem}", lambda tmp, p=path: ["validate", p], 1, exact=expected)


# ---- templates ------------------------------------------------------------------------------


def template_case(
    name: str, paragraph: str | None, messages: list[str], data: Callable[[], bytes] | None = None
) -> Case:
    def make(tmp: Path) -> list:
        folder = tmp / "modeles"
        folder.mkdir()
        target = folder / "fiche-projet.fr.docx"
        if data is not None:
            target.write_bytes(data())
        else:
            document = Document(str(ROOT / "coopdocs/documents/builtin/fiche-projet.fr.docx"))
            document.add_paragraph(paragraph)
            document.save(str(target))
        return ["build", MINIMAL, "-o", tmp / "out", "--templates", folder, "--only", "fiche-projet"]

    return Case(f"modele/{name}", make, 1, ["modèle fiche-projet.fr.docx", *messages])


def zip_with(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def declared_2gb() -> bytes:
    """A small zip whose entry declares 2 GB once uncompressed (central directory patched)."""
    data = bytearray(zip_with({"xl/worksheets/sheet1.xml": b"<x/>"}))
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 2 * 1024**3)  # uncompressed size in the central directory
    return bytes(data)


# ---- time sheets and registers ----------------------------------------------------------------


def sheet_case(name: str, content: Callable[[Path], None], exit_code: int, messages: list[str]) -> Case:
    """A file in the time sheets folder of the minimal project with one hourly agent; bilan --json."""

    def make(tmp: Path) -> list:
        project = tmp / "p.yaml"
        project.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
        sheets = tmp / "feuilles"
        sheets.mkdir()
        content(sheets)
        return [
            "bilan",
            project,
            "--period",
            "2028-05",
            "--timesheets",
            sheets,
            "--expenses",
            tmp / "depenses",
            "-o",
            tmp / "out",
            "--json",
            "--date",
            "2028-06-01",
        ]

    return Case(f"feuille/{name}", make, exit_code, messages)


def generated_sheet(folder: Path, month: str = "2028-05") -> Path:
    run("timesheets", EXAMPLE, "--month", month, "--agent", "zoe-martin", "-o", folder / "tmp-build")
    source = folder / f"tmp-build/feuilles-de-temps/zoe-martin/zoe-martin_{month}.xlsx"
    target = folder / source.name
    shutil.copyfile(source, target)
    shutil.rmtree(folder / "tmp-build")
    return target


def edit_sheet(path: Path, change: Callable) -> None:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.protection.sheet = False
    change(sheet)
    book.save(path)


def _patch_cell_xml(path: Path, cell: str, raw: str) -> None:
    """Store `raw` as the number of a cell, as a hand-made or hostile file would (<v>NaN</v>)."""
    import re

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet].decode()
    pattern = re.compile(rf'<c r="{cell}"([^>]*?)(?:/>|>.*?</c>)', re.S)
    attrs = re.sub(r' t="[^"]*"', "", pattern.search(xml).group(1))
    parts[sheet] = pattern.sub(f'<c r="{cell}"{attrs}><v>{raw}</v></c>', xml, count=1).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def _folder(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def _built(project: Path, out: Path) -> Path:
    assert run("build", project, "-o", out).exit_code == 0
    return out


def docx_bytes() -> bytes:
    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


def register_case(name: str, row: dict, messages: list[str]) -> Case:
    def make(tmp: Path) -> list:
        assert run("build", EXAMPLE, "-o", tmp / "out", "--only", "depenses").exit_code == 0
        path = tmp / "out/depenses/gal-etangs_registre-depenses.xlsx"

        def change(sheet):
            for col, value in row.items():
                sheet[f"{col}7"] = value

        edit_sheet(path, change)
        return ["bilan", EXAMPLE, "--period", "2028", "-o", tmp / "out", "--json", "--date", "2029-01-15"]

    return Case(f"registre/{name}", make, 0, messages)


# ---- commands --------------------------------------------------------------------------------


def example_case(name: str, command: str, *options: str, exit_code: int = 1, message: str) -> Case:
    """`coopdocs COMMAND EXAMPLE OPTIONS… -o <the case's folder>`: the command given what looks
    right but is not, and what it says."""
    return Case(f"commande/{name}", lambda tmp: [command, EXAMPLE, *options, "-o", tmp], exit_code, [message])


MAY = dt.date(2028, 5, 2)

CASES = [
    *[project_case(p) for p in sorted((CORPUS / "projets").glob("*.yaml"))],
    Case(
        "projet/bom-accepte",
        lambda tmp: ["validate", _write(tmp / "p.yaml", b"\xef\xbb\xbf" + MINIMAL.read_bytes())],
        0,
        ["valide."],
    ),
    Case(
        "projet/titre-de-300-caracteres",  # accepted; the document properties (255 at most) cut it
        lambda tmp: [
            "build",
            _write(tmp / "p.yaml", MINIMAL.read_bytes().replace(b"Projet minimal", b"T" * 300)),
            "-o",
            tmp / "out",
        ],
        0,
        ["6 fichiers : 6 créés"],
    ),
    Case(
        "projet/norvege-NO",
        lambda tmp: ["validate", _write(tmp / "p.yaml", MINIMAL.read_bytes().replace(b"country: FR", b"country: NO"))],
        0,
        ["Partenaires : 1 — NO"],
    ),
    Case("projet/fichier-absent", lambda tmp: ["validate", tmp / "absent.yaml"], 1, ["fichier introuvable"]),
    Case("projet/dossier", lambda tmp: ["validate", tmp], 2, ["Fichier", "c'est un dossier"]),
    template_case("variable-inconnue", "{{ projet.titre }}", ["variable inconnue projet"]),
    template_case("erreur-de-syntaxe", "{{ project.title | }}", ["erreur de syntaxe", "près de"]),
    template_case("acces-interne", "{{ ''.__class__.__mro__ }}", ["accès interdit"]),
    template_case("acces-globals", "{{ self.__init__.__globals__ }}", ["accès interdit"]),
    template_case("texte-enorme", "{{ 'x' * 100000000 }}", ["texte ou liste trop grand"]),
    template_case("puissance-enorme", "{{ 9 ** 9999999 }}", ["puissance trop grande"]),
    template_case(
        "liste-de-gros-textes",
        "{{ [project.title * 9000] * 999999 }}",
        ["le modèle construit une valeur trop grande"],
    ),
    template_case(
        "texte-double-en-boucle",
        "{% set ns = namespace(s='xxxxxxxx') %}{% for i in range(45) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
        "{{ ns.s | length }}",
        ["le modèle construit une valeur trop grande"],
    ),
    template_case("inclusion", "{% include 'autre.docx' %}", ["opération refusée dans un modèle"]),
    template_case("importation", "{% import 'macros' as m %}{{ m.x }}", ["opération refusée dans un modèle"]),
    template_case("intervalle-enorme", "{{ range(10 ** 9) | list | length }}", ["opération refusée dans un modèle"]),
    template_case("modele-abime", None, ["fichier illisible ou endommagé"], lambda: b"PK\x03\x04 abime"),
    template_case("modele-xls", None, ["ancien format binaire"], lambda: b"\xd0\xcf\x11\xe0" + b"\0" * 600),
    template_case("modele-bombe-zip", None, ["bombe zip"], declared_2gb),
    template_case(
        "modele-sans-document",
        None,
        ["ce n'est pas un document Word lisible"],
        lambda: zip_with({"hello.txt": b"hello"}),
    ),
    sheet_case(
        "vide", lambda d: _write(d / "zoe-martin_2028-05.xlsx", b""), 0, ['"kind": "unreadable"', "fichier vide"]
    ),
    sheet_case(
        "abimee",
        lambda d: _write(d / "zoe-martin_2028-05.xlsx", b"PK\x03\x04 abime"),
        0,
        ["fichier illisible ou endommagé"],
    ),
    sheet_case(
        "format-xls",
        lambda d: _write(d / "zoe-martin_2028-05.xls.xlsx", b"\xd0\xcf\x11\xe0" + b"\0" * 600),
        0,
        ["ancien format binaire (.xls/.doc)"],
    ),
    sheet_case(
        "docx-renomme",
        lambda d: _write(d / "zoe-martin_2028-05.xlsx", docx_bytes()),
        0,
        ["ce n'est pas un classeur Excel lisible"],
    ),
    sheet_case(
        "entree-2-go",
        lambda d: _write(d / "zoe-martin_2028-05.xlsx", declared_2gb()),
        0,
        ["taille décompressée annoncée trop grande"],
    ),
    sheet_case(
        "texte-dans-les-heures",
        lambda d: edit_sheet(generated_sheet(d), lambda s: s.cell(row=13, column=3, value="7h30")),
        0,
        ['"kind": "invalid-value"', "« 7h30 » n'est pas un nombre d'heures", '"cell": "C13"'],
    ),
    sheet_case(
        "lignes-inserees-feuille-renommee",
        lambda d: edit_sheet(
            generated_sheet(d),
            lambda s: (s.insert_rows(2, 3), s.cell(row=16, column=3, value=6), setattr(s, "title", "Mai")),
        ),
        0,
        ['"hours_total": 6.0', '"sheet": "Mai"', '"cell": "G16"', "6 h le 02/05/2028, au-delà du maximum"],
    ),
    sheet_case(
        "formule-dans-les-heures",
        lambda d: edit_sheet(generated_sheet(d), lambda s: s.cell(row=13, column=3, value="=2+2")),
        0,
        ["formule « =2+2 » : saisissez le nombre d'heures lui-même"],
    ),
    sheet_case(
        "heures-negatives",
        lambda d: edit_sheet(generated_sheet(d), lambda s: s.cell(row=13, column=3, value=-3)),
        0,
        ["-3 h : un nombre d'heures entre 0 et 24 est attendu"],
    ),
    sheet_case(
        "code-absence-inconnu",
        lambda d: edit_sheet(generated_sheet(d), lambda s: s.cell(row=13, column=6, value="VAC")),
        0,
        ["code d'absence « VAC » inconnu"],
    ),
    sheet_case(
        "sans-en-tete",
        lambda d: edit_sheet(generated_sheet(d), lambda s: s.delete_rows(11)),
        0,
        ["aucune ligne d'en-tête"],
    ),
    register_case(
        "sans-numero-de-facture",
        {"A": dt.date(2028, 3, 1), "E": "Frais de déplacement", "J": 10},
        ['"kind": "missing-invoice-number"', '"cell": "C7"'],
    ),
    register_case(
        "categorie-inconnue",
        {"A": dt.date(2028, 3, 1), "C": "F1", "E": "Cadeaux", "J": 10},
        ['"kind": "unknown-category"', "catégorie « Cadeaux » inconnue"],
    ),
    register_case(
        "payee-avant-facture",
        {"A": dt.date(2028, 3, 1), "C": "F1", "E": "Autres dépenses", "J": 10, "K": dt.date(2028, 2, 1)},
        ['"kind": "payment-before-invoice"'],
    ),
    register_case(
        "hors-du-projet",
        {"A": dt.date(2026, 3, 1), "C": "F1", "E": "Autres dépenses", "J": 10},
        ['"kind": "expense-outside-period"'],
    ),
    register_case(
        "montant-en-texte",
        {"A": dt.date(2028, 3, 1), "C": "F1", "E": "Autres dépenses", "J": "dix"},
        ["« dix » n'est pas un montant"],
    ),
    register_case(
        "date-en-texte", {"A": "mars", "C": "F1", "E": "Autres dépenses", "J": 10}, ["« mars » n'est pas une date"]
    ),
    # Hostile values a cell may hold: each an invalid-value naming the cell, never counted, never a crash.
    *[
        sheet_case(
            f"heures-{slug}",
            lambda d, v=value: edit_sheet(generated_sheet(d), lambda s: s.cell(row=13, column=3, value=v)),
            0,
            [f"« {value} » n'est pas un nombre d'heures", '"cell": "C13"', '"hours_total": 0.0'],
        )
        for slug, value in [
            ("soulignees", "1_0"),
            ("chiffres-arabes", "٣"),
            ("pleine-chasse", "３"),
            ("exposant", "1E+400"),
            ("nan-en-texte", "NaN"),
            ("infini-en-texte", "Infinity"),
        ]
    ],
    sheet_case(
        "nombre-nan-dans-le-xml",
        lambda d: _patch_cell_xml(generated_sheet(d), "C13", "NaN"),
        0,
        ['"kind": "unreadable"', "une cellule est illisible"],
    ),
    *[
        register_case(
            f"montant-{slug}",
            {"A": dt.date(2028, 3, 1), "C": "F1", "E": "Autres dépenses", "J": value},
            [message, '"cell": "J7"'],
        )
        for slug, value, message in [
            ("nan-en-texte", "NaN", "« NaN » n'est pas un montant"),
            ("snan-en-texte", "sNaN", "« sNaN » n'est pas un montant"),
            ("infini-en-texte", "Infinity", "« Infinity » n'est pas un montant"),
            ("exposant-en-texte", "1E+400", "« 1E+400 » n'est pas un montant"),
            ("nombre-1e300", 1e300, "« 1e+300 » n'est pas un montant"),
            ("souligne", "1_000", "« 1_000 » n'est pas un montant"),
            ("chiffres-arabes", "١٠٠٠", "« ١٠٠٠ » n'est pas un montant"),
            ("trois-decimales", "10.005", "« 10.005 » : 2 décimales au plus"),
        ]
    ],
    # The operating system says no, or the command is given what looks right but is not.
    Case(
        "commande/sortie-sous-un-fichier",
        lambda tmp: ["build", MINIMAL, "-o", _write(tmp / "fichier", b"x") / "out"],
        1,
        ["fichier/out/convention-partenariat.docx : un élément du chemin est un fichier, pas un dossier"],
    ),
    Case(
        "commande/dossier-a-la-place-du-classeur",
        lambda tmp: ["build", EXAMPLE, "-o", _folder(tmp / "out/suivi/carnet-de-bord.xlsx").parent.parent],
        1,
        ["carnet-de-bord.xlsx est un dossier : il faudrait un fichier à cet endroit"],
    ),
    Case(
        "commande/init-dossier-impossible",
        lambda tmp: ["init", _write(tmp / "fichier", b"x") / "nouveau", "--yes"],
        1,
        ["un élément du chemin est un fichier, pas un dossier"],
    ),
    example_case("periode-chiffres-arabes", "bilan", "--period", "٢٠٢٨", message="période « ٢٠٢٨ » invalide"),
    example_case(
        "mois-pleine-chasse", "timesheets", "--month", "２０２８-０５", message="mois « ２０２８-０５ » invalide"
    ),
    example_case(
        "mois-hors-projet", "timesheets", "--month", "2031-01", message="--month : 2031-01 est hors du projet"
    ),
    example_case(
        "agent-hors-de-sa-periode",
        "timesheets",
        "--month",
        "2029-05",
        "--agent",
        "zoe-martin",
        message="aucune feuille à écrire pour 2029-05 (zoe-martin : hors de sa période sur le projet)",
    ),
    Case(
        "projet/caractere-ffff-brut",
        lambda tmp: [
            "validate",
            _write(tmp / "p.yaml", MINIMAL.read_bytes().replace(b"Projet minimal", "Projet \uffff".encode())),
        ],
        1,
        ["p.yaml:5:17: caractère U+FFFF interdit dans le fichier"],
    ),
    Case(
        "commande/archive-dans-le-dossier-archive",
        lambda tmp: [
            "archive",
            MINIMAL,
            "--from",
            _built(MINIMAL, tmp / "out"),
            "-o",
            tmp / "out/archive.zip",
        ],
        1,
        ["l'archive ne peut pas être écrite dans le dossier qu'elle archive"],
    ),
    example_case("periode-invalide", "bilan", "--period", "2028-S3", message="période « 2028-S3 » invalide"),
    example_case("type-inconnu", "build", "--only", "lettres", exit_code=2, message="type `lettres` inconnu"),
    example_case(
        "date-invalide", "build", "--date", "2028-02-30", exit_code=2, message="n'est pas une date AAAA-MM-JJ"
    ),
    Case(
        "commande/archive-absente",
        lambda tmp: ["archive", "--verify", tmp / "absente.zip"],
        1,
        ["absente.zip : archive introuvable"],
    ),
    Case(
        "commande/manifest-illisible",  # only a cache: rebuilt, the files' seals tell what is ours
        lambda tmp: ["build", MINIMAL, "-o", _write(tmp / "out/manifest.json", b"{pas du json").parent],
        0,
        ["6 fichiers : 6 créés"],
    ),
]


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_the_corpus_has_at_least_forty_cases():
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input(case: Case, tmp_path: Path):
    args = case.make(tmp_path)
    result = run(*args)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.exit_code == case.exit_code, output
    if case.exact is not None:
        assert result.stdout == ""
        assert result.stderr.splitlines() == case.exact
    for message in case.messages:
        assert message in output, (message, output[-2000:])
    if "--json" in args and result.exit_code == 0:
        json.loads(result.stdout)


def test_project_cases_read_the_same_without_the_libyaml_extension():
    """ruamel.yaml falls back to its pure-Python parser when ruamel.yaml.clib is missing (a
    platform without a wheel): every project case must give the same lines."""
    import subprocess
    import sys

    paths = sorted((CORPUS / "projets").glob("*.yaml"))
    script = (
        "import sys, json\n"
        "sys.modules['_ruamel_yaml'] = None  # as if ruamel.yaml.clib were not installed\n"
        "from ruamel.yaml import YAML\n"
        "from coopdocs.errors import CoopdocsError\n"
        "from coopdocs.project import load_project\n"
        "out = {}\n"
        "for path in sys.argv[1:]:\n"
        "    try:\n"
        "        load_project(__import__('pathlib').Path(path))\n"
        "        out[path] = []\n"
        "    except CoopdocsError as exc:\n"
        "        out[path] = exc.lines()\n"
        "assert 'ruamel.yaml.cyaml' not in sys.modules or sys.modules['_ruamel_yaml'] is None\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *map(str, paths)], capture_output=True, text=True, check=True
    )
    found = json.loads(result.stdout)
    for path in paths:
        assert found[str(path)] == project_case(path).exact, path.name
