"""The command line: parse options, call one library function, print; map the library's errors
to messages and exit codes, and show progress on a terminal. No rule of the project lives here.

Heavy libraries (openpyxl, docxtpl, babel) are imported inside the commands that use them,
so that `coopdocs --help` answers at once.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

# pydantic scans every installed distribution for plugins at import (30 ms); coopdocs uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import click

from coopdocs import __version__, kinds
from coopdocs.errors import CoopdocsError
from coopdocs.words import t

FORMATS = ("text", "markdown", "json", "xlsx")
PROJECT_FILE = click.Path(dir_okay=False, path_type=Path)
OUTPUT_DIR = click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=t("Dossier de sortie (défaut : output/<id du projet>).", "Output folder (default output/<project id>)."),
)


def force_option(fr: str, en: str):
    return click.option("--force", is_flag=True, help=t(fr, en))


def date_option(fr: str, en: str):
    return click.option("--date", "when", callback=_iso_date, metavar="AAAA-MM-JJ", help=t(fr, en))


JOBS = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    metavar="N",
    help=t("Processus en parallèle (défaut : nombre de cœurs).", "Parallel processes (default: number of cores)."),
)


class UserError(click.ClickException):
    """A `CoopdocsError` on its way out: its lines on stderr, exit 1, never a traceback."""

    exit_code = 1

    def __init__(self, error: CoopdocsError):
        super().__init__(error.message)
        self.error = error

    def show(self, file: IO[Any] | None = None) -> None:
        for line in self.error.lines():
            click.echo(line, err=True, file=file)


class Commands(click.Group):
    """The group that turns the library's errors into Click's (one place for every command)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CoopdocsError as error:
            raise UserError(error) from None


def progress_bar(items: Iterable[bytes], length: int, label: str) -> Iterator[bytes]:
    """A progress bar on a terminal (stderr), nothing in a pipe or a log."""
    stream = sys.stderr
    if not stream.isatty() or length < 2:
        yield from items
        return
    with click.progressbar(items, length=length, label=label, file=stream, show_pos=True) as bar:
        yield from bar


@click.group(
    cls=Commands,
    help=t(
        "coopdocs : les documents d'un projet de coopération (lettres, conventions, feuilles de temps, "
        "bilans) produits à partir d'un seul fichier projet YAML.",
        "coopdocs: the paperwork of a cooperation project (letters, agreements, time sheets, reports) "
        "generated from one YAML project file.",
    ),
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(
    __version__, "--version", message="coopdocs %(version)s", help=t("Affiche la version.", "Show the version.")
)
def main() -> None:
    pass


@main.command(
    help=t(
        "Vérifie un fichier projet et en affiche le résumé ; sinon liste chaque problème avec sa ligne.",
        "Check a project file and print its summary; otherwise list every problem with its line.",
    )
)
@click.argument("project_file", type=PROJECT_FILE)
def validate(project_file: Path) -> None:
    from coopdocs.project._load import load_project
    from coopdocs.project.summary import summary

    project = load_project(project_file)
    click.echo(summary(project, str(project_file)))


@main.command(
    help=t(
        "Affiche le schéma JSON du fichier projet (pour la complétion dans les éditeurs).",
        "Print the JSON Schema of the project file (for completion in editors).",
    )
)
def schema() -> None:
    from coopdocs.project.schema import schema_text

    click.echo(schema_text(), nl=False)


@main.command(
    help=t(
        "Affiche les 16 étapes du guide Cap Rural, leurs méthodes et points de vigilance.",
        "Show the 16 stages of the Cap Rural guide, their methods and points of vigilance.",
    )
)
@click.option(
    "--stage",
    "stages",
    multiple=True,
    metavar="ID",
    help=t("Seulement cette étape (répétable).", "Only this stage (repeatable)."),
)
@click.option(
    "--project",
    "project_file",
    type=PROJECT_FILE,
    help=t(
        "Statut de chaque point d'après ce projet ; points CTE seulement en transnational.",
        "Each item's status from this project; CTE items only if transnational.",
    ),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help=t("Format de sortie.", "Output format."),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=t(
        "Fichier à écrire (obligatoire pour xlsx) ; sinon la sortie standard.",
        "File to write (required for xlsx); otherwise standard output.",
    ),
)
def checklist(stages: tuple[str, ...], project_file: Path | None, fmt: str, output: Path | None) -> None:
    from coopdocs.guide import checklist as cl
    from coopdocs.guide import load_guide
    from coopdocs.words import known_list, suggest

    guide = load_guide()
    for stage in stages:
        if stage not in guide.stage_ids:
            raise CoopdocsError(
                f"--stage : étape `{stage}` inconnue{suggest(stage, guide.stage_ids)} "
                f"({known_list(guide.stage_ids, feminine=True)})"
            )
    if fmt == "xlsx" and output is None:
        raise CoopdocsError("--format xlsx écrit un classeur : indiquez le fichier avec -o FICHIER.xlsx")
    project = None
    if project_file is not None:
        from coopdocs.project._load import load_project

        project = load_project(project_file)
    data = cl.view(guide, list(stages), project)
    rendered: str | bytes
    if fmt == "xlsx":
        rendered = cl.as_xlsx(data)
    else:
        rendered = {"text": cl.as_text, "markdown": cl.as_markdown, "json": cl.as_json}[fmt](data)
    if output is None:
        click.echo(rendered)
        return
    from coopdocs.output._atomic import atomic_write

    atomic_write(output, rendered if isinstance(rendered, bytes) else rendered + "\n")
    click.echo(f"écrit : {output}", err=True)


def _finish(report, target: Path, dry_run: bool = False, err: bool = False) -> None:
    """What happened to each file; exit 1 when a conflict or an open file stopped the writing."""
    from coopdocs.output.writer import describe

    for line in describe(report, target, dry_run):
        click.echo(line, err=err or line.startswith(("conflit", "ouvert")))
    if report.blocked:
        raise CoopdocsError(f"{len(report.blocked)} fichier(s) bloqué(s) : rien n'a été écrit")


def _known_kinds(values: tuple[str, ...]) -> tuple[str, ...]:
    """--only takes kinds of output from a fixed list (a usage error otherwise, exit 2)."""
    from coopdocs.words import known_list, suggest

    for kind in values:
        if kind not in kinds.ALL:
            raise click.BadParameter(
                f"type `{kind}` inconnu{suggest(kind, list(kinds.ALL))} ({known_list(list(kinds.ALL))})",
                param_hint="--only",
            )
    return values


def _iso_date(ctx, param, value):
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"« {value} » n'est pas une date AAAA-MM-JJ") from None


@main.command(
    help=t(
        "Écrit tous les documents du projet : convention, fiche projet, lettres d'intention, fiches "
        "d'engagement, lettres de mission, carnet de bord.",
        "Write every document of the project: agreement, project sheet, letters of intent, commitment "
        "forms, mission letters, logbook.",
    )
)
@click.argument("project_file", type=PROJECT_FILE)
@OUTPUT_DIR
@click.option(
    "--only",
    multiple=True,
    metavar="TYPE",
    callback=lambda ctx, param, value: _known_kinds(value),
    help=t("Seulement ce type de document (répétable) : ", "Only this kind of document (repeatable): ")
    + ", ".join(kinds.ALL)
    + ".",
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    help=t(
        "Langue de tous les documents (sinon celle de chaque partenaire).",
        "Language of every document (otherwise each partner's).",
    ),
)
@force_option(
    "Remplace les fichiers modifiés, après en avoir gardé une copie datée.",
    "Replace edited files, after keeping a dated copy.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help=t("Dit ce qui serait écrit, sans rien écrire.", "Say what would be written, write nothing."),
)
@click.option(
    "--templates",
    type=click.Path(file_okay=False, path_type=Path),
    help=t(
        "Dossier de modèles personnels, cherché avant les modèles fournis.",
        "Folder of your own templates, searched before the built-in ones.",
    ),
)
@date_option("Date des documents (défaut : aujourd'hui).", "Date of the documents (default: today).")
@click.option(
    "--pdf",
    is_flag=True,
    help=t(
        "Écrit aussi une copie PDF de chaque document (LibreOffice).",
        "Also write a PDF copy of each document (LibreOffice).",
    ),
)
@JOBS
def build(
    project_file: Path,
    out_dir: Path | None,
    only: tuple[str, ...],
    lang: str | None,
    force: bool,
    dry_run: bool,
    templates: Path | None,
    when: dt.date,
    pdf: bool,
    jobs: int | None,
) -> None:
    from coopdocs import pipeline
    from coopdocs.output._parallel import default_jobs

    options = pipeline.BuildOptions(
        out_dir, only, lang, force, dry_run, templates, when, pdf, jobs or default_jobs(), progress=progress_bar
    )
    report, target = pipeline.build(project_file, options)
    _finish(report, target, dry_run)


@main.command(
    help=t(
        "Écrit les feuilles de temps mensuelles de ces mois seulement (agents au temps passé).",
        "Write the monthly time sheets of these months only (hourly agents).",
    )
)
@click.argument("project_file", type=PROJECT_FILE)
@click.option(
    "--month",
    required=True,
    metavar="AAAA-MM",
    help=t("Premier mois des feuilles (AAAA-MM).", "First month of the sheets (YYYY-MM)."),
)
@click.option(
    "--to", "last", metavar="AAAA-MM", help=t("Dernier mois (défaut : le premier).", "Last month (default: the first).")
)
@click.option(
    "--agent",
    "agents",
    multiple=True,
    metavar="ID",
    help=t("Seulement cet agent (répétable).", "Only this agent (repeatable)."),
)
@OUTPUT_DIR
@force_option(
    "Remplace les feuilles remplies, après en avoir gardé une copie datée.",
    "Replace filled sheets, after keeping a dated copy.",
)
@date_option(
    "Date de création inscrite dans les classeurs (défaut : aujourd'hui).",
    "Creation date stamped in the workbooks (default: today).",
)
@JOBS
def timesheets(
    project_file: Path,
    month: str,
    last: str | None,
    agents: tuple[str, ...],
    out_dir: Path | None,
    force: bool,
    when: dt.date,
    jobs: int | None,
) -> None:
    from coopdocs import pipeline
    from coopdocs.output._parallel import default_jobs

    options = pipeline.BuildOptions(out_dir, force=force, when=when, agents=agents, jobs=jobs or default_jobs())
    options.progress = progress_bar
    report, target = pipeline.timesheets(project_file, month, last, options)
    _finish(report, target)


@main.command(
    help=t(
        "Lit les feuilles de temps et registres de dépenses remplis et écrit le bilan d'une période "
        "(bilans/bilan_<PÉRIODE>.docx et .xlsx).",
        "Read the filled time sheets and expense registers and write the report of a period "
        "(bilans/bilan_<PERIOD>.docx and .xlsx).",
    )
)
@click.argument("project_file", type=PROJECT_FILE)
@click.option(
    "--period",
    required=True,
    metavar="PÉRIODE",
    help=t(
        "Période du bilan : AAAA, AAAA-S1, AAAA-S2, AAAA-T1 … AAAA-T4 ou AAAA-MM.",
        "Period of the report: YYYY, YYYY-S1/S2, YYYY-T1…T4 or YYYY-MM.",
    ),
)
@click.option(
    "--timesheets",
    "sheets_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=t(
        "Dossier des feuilles de temps (défaut : <sortie>/feuilles-de-temps).",
        "Folder of the time sheets (default <output>/feuilles-de-temps).",
    ),
)
@click.option(
    "--expenses",
    "expenses_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=t(
        "Dossier des registres de dépenses (défaut : <sortie>/depenses).",
        "Folder of the expense registers (default <output>/depenses).",
    ),
)
@OUTPUT_DIR
@click.option(
    "--json", "as_json", is_flag=True, help=t("Affiche aussi les chiffres en JSON.", "Also print the figures as JSON.")
)
@click.option(
    "--lang", type=click.Choice(["fr", "en"]), help=t("Langue du bilan Word.", "Language of the Word report.")
)
@force_option(
    "Remplace un bilan modifié, après en avoir gardé une copie datée.",
    "Replace an edited report, after keeping a dated copy.",
)
@date_option("Date du bilan (défaut : aujourd'hui).", "Date of the report (default: today).")
@JOBS
def bilan(
    project_file: Path,
    period: str,
    sheets_dir: Path | None,
    expenses_dir: Path | None,
    out_dir: Path | None,
    as_json: bool,
    lang: str | None,
    force: bool,
    when: dt.date,
    jobs: int | None,
) -> None:
    import json

    from coopdocs import pipeline
    from coopdocs.output._parallel import default_jobs

    options = pipeline.BuildOptions(out_dir, lang=lang, force=force, when=when, jobs=jobs or default_jobs())
    figures, report, target = pipeline.bilan(project_file, period, options, sheets_dir, expenses_dir)
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
    _finish(report, target, err=True)


@main.command(
    help=t(
        "Crée un fichier projet commenté à compléter (projet.yaml) dans DOSSIER.",
        "Create a commented project file to fill in (projet.yaml) in DIR.",
    )
)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option(
    "--yes",
    "-y",
    is_flag=True,
    help=t("Ne pose pas de question : valeurs par défaut.", "Ask nothing: take the defaults."),
)
def init(directory: Path, yes: bool) -> None:
    from coopdocs.project.init import Answers, write_new_project

    answers = Answers()
    if not yes:
        answers.title = click.prompt("Titre du projet", default=answers.title)
        answers.programme = click.prompt("Programme", default=answers.programme)
        answers.cooperation = click.prompt(
            "Type de coopération",
            type=click.Choice(["locale", "interterritoriale", "transnationale"]),
            default=answers.cooperation,
        )
        answers.lead_name = click.prompt("Nom du chef de file", default=answers.lead_name)
        answers.place = click.prompt("Lieu de signature", default=answers.place)
    target = write_new_project(directory, answers, dt.date.today())
    click.echo(f"écrit : {target}\nComplétez-le, puis : coopdocs validate {target}")


@main.command(
    help=t(
        "Constitue l'archive de contrôle (zip) : fichier projet, documents, feuilles remplies, bilans, "
        "MANIFEST.csv et LISEZMOI ; ou la vérifie avec --verify.",
        "Pack the control archive (zip): project file, documents, filled forms, reports, MANIFEST.csv "
        "and a README; or check one with --verify.",
    )
)
@click.argument("project_file", type=PROJECT_FILE, required=False)
@click.option(
    "-o",
    "--output",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help=t(
        "Archive à écrire (défaut : output/<id>_archive_<date>.zip).",
        "Archive to write (default output/<id>_archive_<date>.zip).",
    ),
)
@click.option(
    "--from",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=t(
        "Dossier des documents (défaut : output/<id du projet>).",
        "Folder of the documents (default output/<project id>).",
    ),
)
@click.option(
    "--verify",
    "verify",
    type=click.Path(dir_okay=False, path_type=Path),
    help=t(
        "Vérifie les empreintes d'une archive au lieu d'en créer une.",
        "Check the hashes of an archive instead of making one.",
    ),
)
@date_option("Date de l'archive (défaut : aujourd'hui).", "Date of the archive (default: today).")
def archive(
    project_file: Path | None, target: Path | None, out_dir: Path | None, verify: Path | None, when: dt.date
) -> None:
    from coopdocs.output.archive import make_archive, verify_archive

    if verify is not None:
        count, problems = verify_archive(verify)
        for problem in problems:
            click.echo(problem, err=True)
        if problems:
            raise CoopdocsError(f"{verify} : {len(problems)} différence(s) sur {count} fichiers")
        click.echo(f"{verify} : {count} fichiers vérifiés, aucune différence")
        return
    if project_file is None:
        raise click.UsageError("indiquez le fichier projet (ou --verify ARCHIVE.zip)")
    from coopdocs.pipeline import default_out_dir
    from coopdocs.project._load import load_project

    project = load_project(project_file)
    folder = out_dir or default_out_dir(project)
    written, count = make_archive(
        project_file, folder, target or Path("output") / f"{project.project.id}_archive_{when.isoformat()}.zip", when
    )
    click.echo(f"écrit : {written} ({count} fichiers)")


@main.group(
    help=t(
        "Les modèles Word : lesquels sont utilisés, copie des modèles fournis, variables disponibles.",
        "The Word templates: which are used, a copy of the built-in ones, the variables available.",
    )
)
def templates() -> None:
    pass


@templates.command(
    "list",
    help=t("Liste les modèles utilisés (personnels ou fournis).", "List the templates in use (your own or built-in)."),
)
@click.option(
    "--templates",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help=t("Votre dossier de modèles.", "Your templates folder."),
)
def templates_list(folder: Path | None) -> None:
    from coopdocs.documents.search_path import TemplatePath
    from coopdocs.documents.template_tools import listing

    for kind, lang, origin, path in listing(TemplatePath([folder] if folder else [])):
        click.echo(f"{kind:<24} {lang:<3} {origin:<10} {path}")


@templates.command(
    "export",
    help=t(
        "Copie les modèles fournis dans DOSSIER, pour les modifier.",
        "Copy the built-in templates to DIR, to edit them.",
    ),
)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=t("Remplace les fichiers déjà présents.", "Replace files already there."))
def templates_export(directory: Path, force: bool) -> None:
    from coopdocs.documents.template_tools import export

    written = export(directory, force)
    click.echo(f"{len(written)} fichiers copiés dans {directory} ; utilisez-les avec --templates {directory}")


@templates.command(
    "vars",
    help=t(
        "Affiche chaque variable qu'un type de document peut utiliser, avec un exemple.",
        "Print every variable a kind of document can use, with an example.",
    ),
)
@click.argument("kind")
@click.option(
    "--project",
    "project_file",
    type=PROJECT_FILE,
    help=t(
        "Projet dont prendre les exemples (défaut : le projet d'exemple).",
        "Project to take the examples from (default: the example project).",
    ),
)
def templates_vars(kind: str, project_file: Path | None) -> None:
    from coopdocs.documents.template_tools import variables

    for name, kind_name, example in variables(kind, project_file):
        click.echo(f"{name:<44} {kind_name:<9} {example}")


def run() -> None:
    """Entry point: Click handles our errors; anything else is a bug, reported without a traceback."""
    try:
        main(prog_name="coopdocs")
    except SystemExit:
        raise
    except Exception as exc:  # pragma: no cover - last resort
        click.echo(f"Erreur interne de coopdocs ({type(exc).__name__}: {exc}). Merci de la signaler.", err=True)
        sys.exit(1)
