"""Commands that write files: build, timesheets, bilan, archive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from coopdocs import kinds
from coopdocs.cli import (
    FIGURES_JSON,
    JOBS,
    OUTPUT_DIR,
    _finish,
    _known_kinds,
    date_option,
    file_option,
    flag_option,
    folder_option,
    force_option,
    lang_option,
    only_ids_option,
    period_option,
    progress_bar,
    project_command,
    say,
)
from coopdocs.errors import CoopdocsError
from coopdocs.words import help_language, t


@project_command(
    "Écrit tous les documents du projet : convention, fiche projet, lettres d'intention, fiches "
    "d'engagement, lettres de mission, carnet de bord.",
    "Write every document of the project: agreement, project sheet, letters of intent, commitment "
    "forms, mission letters, logbook.",
)
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
@lang_option(
    "Langue de tous les documents (sinon celle de chaque partenaire).",
    "Language of every document (otherwise each partner's).",
)
@force_option(
    "Remplace les fichiers modifiés, après en avoir gardé une copie datée.",
    "Replace edited files, after keeping a dated copy.",
)
@flag_option(
    "--dry-run", fr="Dit ce qui serait écrit, sans rien écrire.", en="Say what would be written, write nothing."
)
@folder_option(
    "--templates",
    fr="Dossier de modèles personnels, cherché avant les modèles fournis.",
    en="Folder of your own templates, searched before the built-in ones.",
)
@date_option(
    "Date de signature imprimée dans « Fait à …, le … » (défaut : laissée en blanc, à remplir à la main).",
    "Signing date printed in the documents (default: left blank, to fill by hand).",
    today=False,
)
@flag_option(
    "--pdf",
    fr="Écrit aussi une copie PDF de chaque document (LibreOffice).",
    en="Also write a PDF copy of each document (LibreOffice).",
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
    when: dt.date | None,
    pdf: bool,
    jobs: int | None,
) -> None:
    from coopdocs import pipeline
    from coopdocs.office.parallel import default_jobs

    options = pipeline.BuildOptions(
        out_dir,
        only,
        lang,
        force,
        dry_run,
        templates,
        when or dt.date.today(),
        pdf,
        jobs or default_jobs(),
        progress=progress_bar,
        signed=when,
    )
    report, target = pipeline.build(project_file, options)
    if options.warnings:
        count = len(options.warnings)
        click.echo(
            say("build-warnings-one" if count == 1 else "build-warnings-many", count=count, file=str(project_file)),
            err=True,
        )
    _finish(report, target, dry_run)


@project_command(
    "Écrit les feuilles de temps mensuelles de ces mois seulement (agents au temps passé).",
    "Write the monthly time sheets of these months only (hourly agents).",
)
@click.option(
    "--month",
    required=True,
    metavar="AAAA-MM",
    help=t("Premier mois des feuilles (AAAA-MM).", "First month of the sheets (YYYY-MM)."),
)
@click.option(
    "--to", "last", metavar="AAAA-MM", help=t("Dernier mois (défaut : le premier).", "Last month (default: the first).")
)
@only_ids_option("--agent", "agents", "Seulement cet agent (répétable).", "Only this agent (repeatable).")
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
    from coopdocs.office.parallel import default_jobs

    options = pipeline.BuildOptions(out_dir, force=force, when=when, agents=agents, jobs=jobs or default_jobs())
    options.progress = progress_bar
    report, target = pipeline.timesheets(project_file, month, last, options)
    _finish(report, target)


@project_command(
    "Lit les feuilles de temps et registres de dépenses remplis et écrit le bilan d'une période "
    "(bilans/bilan_<PÉRIODE>.docx et .xlsx).",
    "Read the filled time sheets and expense registers and write the report of a period "
    "(bilans/bilan_<PERIOD>.docx and .xlsx).",
)
@period_option(
    "Période du bilan : AAAA, AAAA-S1, AAAA-S2, AAAA-T1 … AAAA-T4, AAAA-MM, ou final (le rapport final : "
    "tout le projet, période par période).",
    "Period of the report: YYYY, YYYY-S1/S2, YYYY-T1…T4, YYYY-MM, or final (the final report: the whole "
    "project, period by period).",
)
@folder_option(
    "--timesheets",
    "sheets_dir",
    fr="Dossier des feuilles de temps (défaut : <sortie>/feuilles-de-temps).",
    en="Folder of the time sheets (default <output>/feuilles-de-temps).",
)
@folder_option(
    "--expenses",
    "expenses_dir",
    fr="Dossier des registres de dépenses (défaut : <sortie>/depenses).",
    en="Folder of the expense registers (default <output>/depenses).",
)
@OUTPUT_DIR
@FIGURES_JSON
@lang_option("Langue du bilan Word.", "Language of the Word report.")
@force_option(
    "Remplace un bilan modifié, après en avoir gardé une copie datée.",
    "Replace an edited report, after keeping a dated copy.",
)
@date_option(
    "Date du bilan (défaut : la fin de la période).",
    "Date of the report (default: the end of the period).",
    today=False,
)
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
    when: dt.date | None,
    jobs: int | None,
) -> None:
    import json

    from coopdocs import pipeline
    from coopdocs.office.parallel import default_jobs

    options = pipeline.BuildOptions(out_dir, lang=lang, force=force, jobs=jobs or default_jobs())
    figures, report, target = pipeline.bilan(project_file, period, options, sheets_dir, expenses_dir, when)
    if as_json:
        click.echo(json.dumps(figures.json_dict(lang or "fr"), ensure_ascii=False, indent=2))
    _finish(report, target, err=True)
    if not options.dry_run:
        click.echo(figures.control_line(help_language()), err=True)


@project_command(
    "Constitue l'archive de contrôle (zip) : fichier projet, documents, feuilles remplies, bilans, "
    "MANIFEST.csv et LISEZMOI ; ou la vérifie avec --verify.",
    "Pack the control archive (zip): project file, documents, filled forms, reports, MANIFEST.csv "
    "and a README; or check one with --verify.",
    required=False,
)
@file_option(
    "-o",
    "--output",
    "target",
    fr="Archive à écrire (défaut : output/<id>_archive_<date>.zip).",
    en="Archive to write (default output/<id>_archive_<date>.zip).",
)
@folder_option(
    "--from",
    "out_dir",
    fr="Dossier des documents (défaut : output/<id du projet>).",
    en="Folder of the documents (default output/<project id>).",
)
@file_option(
    "--verify",
    "verify",
    fr="Vérifie les empreintes d'une archive au lieu d'en créer une.",
    en="Check the hashes of an archive instead of making one.",
)
@date_option("Date de l'archive (défaut : aujourd'hui).", "Date of the archive (default: today).")
def archive(
    project_file: Path | None, target: Path | None, out_dir: Path | None, verify: Path | None, when: dt.date
) -> None:
    from coopdocs.output.archive import make_archive, verify_archive

    if verify is not None:
        count, problems, fingerprint, signatures = verify_archive(verify)
        for problem in problems:
            click.echo(problem, err=True)
        click.echo(say("archive-fingerprint", fingerprint=fingerprint), err=bool(problems))
        if problems:
            raise CoopdocsError(say("archive-differences", archive=str(verify), count=len(problems), files=count))
        key = {0: "archive-verified", 1: "archive-verified-one-signature"}.get(
            signatures, "archive-verified-signatures"
        )
        click.echo(say(key, archive=str(verify), files=count, signatures=signatures))
        return
    if project_file is None:
        raise click.UsageError(say("archive-project-needed"))
    from coopdocs.pipeline import default_out_dir
    from coopdocs.project import load_project

    project = load_project(project_file)
    folder = out_dir or default_out_dir(project)
    written, count, fingerprint = make_archive(
        project_file, folder, target or Path("output") / f"{project.project.id}_archive_{when.isoformat()}.zip", when
    )
    click.echo(say("archive-written", archive=str(written), files=count))
    click.echo(say("archive-note-fingerprint", fingerprint=fingerprint))
