"""Commands about the project file and the guide: validate, schema, checklist, init, templates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from coopdocs.cli import (
    FORMATS,
    PROJECT_FILE,
    date_option,
    file_option,
    flag_option,
    folder_option,
    force_option,
    main,
    only_ids_option,
    project_command,
    say,
)
from coopdocs.errors import CoopdocsError
from coopdocs.words import help_language, t


@project_command(
    "Vérifie un fichier projet et en affiche le résumé ; sinon liste chaque problème avec sa ligne.",
    "Check a project file and print its summary; otherwise list every problem with its line.",
)
@flag_option(
    "--strict", fr="Les avertissements deviennent des erreurs (code 1).", en="Warnings become errors (exit 1)."
)
@date_option(
    "Le jour de la vérification : une mesure d'indicateur datée après est signalée (défaut : aujourd'hui).",
    "The day of the check: an indicator's value dated after it is flagged (default: today).",
)
def validate(project_file: Path, strict: bool, when: dt.date) -> None:
    from coopdocs.errors import ProjectError
    from coopdocs.project import load_project
    from coopdocs.project.summary import summary

    warnings: list = []
    project = load_project(project_file, warnings, today=when)
    if strict and warnings:
        raise ProjectError(warnings)
    click.echo(summary(project, str(project_file), help_language()))
    for warning in sorted(warnings, key=lambda w: (w.line, w.column)):
        click.echo(warning.located(help_language()), err=True)
    if warnings:
        count = len(warnings)
        click.echo(say("validate-warnings-one" if count == 1 else "validate-warnings-many", count=count), err=True)


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
@only_ids_option("--stage", "stages", "Seulement cette étape (répétable).", "Only this stage (repeatable).")
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
@file_option(
    "-o",
    "--output",
    fr="Fichier à écrire (obligatoire pour xlsx) ; sinon la sortie standard.",
    en="File to write (required for xlsx); otherwise standard output.",
)
def checklist(stages: tuple[str, ...], project_file: Path | None, fmt: str, output: Path | None) -> None:
    from coopdocs.guide import checklist as cl
    from coopdocs.guide import load_guide

    guide = load_guide()
    cl.check_stages(guide, stages)
    if fmt == "xlsx" and output is None:
        raise CoopdocsError.of("xlsx-needs-output")
    project = None
    if project_file is not None:
        from coopdocs.project import load_project

        project = load_project(project_file)
    if project is None:
        data = cl.view(guide, list(stages))
    else:
        data = cl.view(guide, list(stages), project.checklist, project.project.cte)
    rendered: str | bytes
    if fmt == "xlsx":
        rendered = cl.as_xlsx(data)
    else:
        rendered = {"text": cl.as_text, "markdown": cl.as_markdown, "json": cl.as_json}[fmt](data)
    if output is None:
        click.echo(rendered)
        return
    from coopdocs.office.atomic import atomic_write

    atomic_write(output, rendered if isinstance(rendered, bytes) else rendered + "\n")
    click.echo(f"écrit : {output}", err=True)


@main.command(
    help=t(
        "Crée un fichier projet commenté à compléter (projet.yaml) dans DOSSIER.",
        "Create a commented project file to fill in (projet.yaml) in DIR.",
    )
)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@flag_option("--yes", "-y", fr="Ne pose pas de question : valeurs par défaut.", en="Ask nothing: take the defaults.")
def init(directory: Path, yes: bool) -> None:
    from coopdocs.project.init import Answers, write_new_project

    answers = Answers()
    if not yes:
        answers.title = click.prompt("Titre du projet", default=answers.title)
        answers.programme = click.prompt("Programme", default=answers.programme)
        answers.cooperation = click.prompt(
            "Type de coopération",
            type=click.Choice(["locale", "interterritoriale", "transnationale", "transfrontaliere"]),
            default=answers.cooperation,
        )
        answers.lead_name = click.prompt("Nom du chef de file", default=answers.lead_name)
        answers.place = click.prompt(
            "Lieu de signature (vide : la commune du chef de file)", default=answers.place, show_default=False
        )
    target = write_new_project(directory, answers, dt.date.today())
    click.echo(f"écrit : {target}\nComplétez-le, puis : coopdocs validate {target}")


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
@folder_option("--templates", "folder", fr="Votre dossier de modèles.", en="Your templates folder.")
def templates_list(folder: Path | None) -> None:
    from coopdocs.documents.search_path import TemplatePath
    from coopdocs.documents.template_tools import listing

    for kind, lang, origin, path in listing(TemplatePath([folder] if folder else [])):
        click.echo(f"{kind:<24} {lang:<3} {say('template-' + origin):<10} {path}")


@templates.command(
    "export",
    help=t(
        "Copie les modèles fournis dans DOSSIER, pour les modifier.",
        "Copy the built-in templates to DIR, to edit them.",
    ),
)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@force_option("Remplace les fichiers déjà présents.", "Replace files already there.")
def templates_export(directory: Path, force: bool) -> None:
    from coopdocs.documents.template_tools import export

    written = export(directory, force)
    click.echo(say("templates-exported", count=len(written), folder=str(directory)))


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
