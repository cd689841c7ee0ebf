"""`coopdocs control`: the controller's side of a payment claim (shared/spec/cli.md, version 3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from coopdocs.cli import (
    FIGURES_JSON,
    OUTPUT_DIR,
    _finish,
    date_option,
    flag_option,
    lang_option,
    project_command,
    whole_option,
)
from coopdocs.words import t


@project_command(
    "Écrit le classeur du contrôleur d'une demande de paiement (controle/<NN>/<partenaire>/controle.xlsx) : "
    "chaque ligne déclarée avec sa source et les constats de coopdocs, les colonnes du contrôleur et la liste "
    "de contrôle ; avec --report, le relit et écrit le rapport et le certificat de contrôle.",
    "Write the controller's workbook of a payment claim (controle/<NN>/<partner>/controle.xlsx): every line "
    "declared with its source and what coopdocs found, the controller's columns and the checklist; with "
    "--report, read it back and write the control report and certificate.",
)
@whole_option(
    "--claim",
    "number",
    low=1,
    high=99,
    required=True,
    fr="Numéro de la demande contrôlée.",
    en="Number of the claim controlled.",
)
@click.option("--partner", required=True, metavar="ID", help=t("Le partenaire contrôlé.", "The partner controlled."))
@flag_option(
    "--report",
    fr="Relit le classeur rempli et écrit rapport-controle.docx et certificat-controle.docx.",
    en="Read the filled workbook back and write rapport-controle.docx and certificat-controle.docx.",
)
@lang_option("Langue (défaut : celle du partenaire).", "Language (default: the partner's).")
@OUTPUT_DIR
@FIGURES_JSON
@date_option("Date du contrôle (défaut : aujourd'hui).", "Date of the control (default: today).")
def control(
    project_file: Path,
    number: int,
    partner: str,
    report: bool,
    lang: str | None,
    out_dir: Path | None,
    as_json: bool,
    when: dt.date,
) -> None:
    import json

    from coopdocs.output.control_files import ControlOptions
    from coopdocs.output.control_files import control as run

    options = ControlOptions(number, partner, report, out_dir, lang, when)
    figures, written, target = run(project_file, options)
    if as_json:
        click.echo(json.dumps(figures.json_dict(), ensure_ascii=False, indent=2))
    _finish(written, target, err=True)
