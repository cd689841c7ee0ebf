"""`coopdocs claim`: each partner's payment claim for a period (shared/spec/cli.md, version 3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from coopdocs.cli import (
    FIGURES_JSON,
    JOBS,
    OUTPUT_DIR,
    _finish,
    date_option,
    flag_option,
    lang_option,
    only_ids_option,
    period_option,
    project_command,
    whole_option,
)


@project_command(
    "Écrit la demande de paiement de chaque partenaire pour une période, à partir des mêmes feuilles "
    "et registres que le bilan : liste des dépenses, attestations de temps, demande "
    "(demandes/<NN>_<PÉRIODE>/<partenaire>/), inscrite au registre des demandes ; rien n'est déclaré deux fois.",
    "Write each partner's payment claim for a period, from the same sheets and registers as the report: "
    "list of expenditure, time attestations, claim (demandes/<NN>_<PERIOD>/<partner>/), recorded in the "
    "ledger of claims; nothing is claimed twice.",
)
@period_option(
    "Période de la demande : AAAA, AAAA-S1, AAAA-S2, AAAA-T1 … AAAA-T4 ou AAAA-MM.",
    "Period of the claim: YYYY, YYYY-S1/S2, YYYY-T1…T4 or YYYY-MM.",
)
@only_ids_option("--partner", "partners", "Seulement ce partenaire (répétable).", "Only this partner (repeatable).")
@whole_option(
    "--number",
    low=1,
    high=99,
    default=None,
    fr="Numéro de la demande (défaut : le suivant).",
    en="Number of the claim (default: the next one).",
)
@flag_option(
    "--exclude-at-risk",
    fr="Ne déclare pas les éléments « à vérifier » (listés sur la feuille « À justifier »).",
    en="Leave out the items “to check” (listed on the sheet “To justify”).",
)
@lang_option(
    "Langue des documents (défaut : celle de chaque partenaire).",
    "Language of the documents (default: each partner's).",
)
@OUTPUT_DIR
@FIGURES_JSON
@date_option("Date de la demande (défaut : aujourd'hui).", "Date of the claim (default: today).")
@JOBS
def claim(
    project_file: Path,
    period: str,
    partners: tuple[str, ...],
    number: int | None,
    exclude_at_risk: bool,
    lang: str | None,
    out_dir: Path | None,
    as_json: bool,
    when: dt.date,
    jobs: int | None,
) -> None:
    import json

    from coopdocs import pipeline
    from coopdocs.claims.compute import ClaimOptions
    from coopdocs.office.parallel import default_jobs

    options = pipeline.BuildOptions(out_dir, lang=lang, when=when, jobs=jobs or default_jobs())
    wanted = ClaimOptions(number, when, exclude_at_risk, partners, lang or "fr")
    figures, report, target = pipeline.claim(project_file, period, options, wanted)
    if as_json:
        click.echo(json.dumps(figures.json_dict(), ensure_ascii=False, indent=2))
    _finish(report, target, err=True)
    if not report.blocked:
        for line in claim_summary(figures):
            click.echo(line, err=True)


def claim_summary(figures: Any) -> list[str]:
    """What the coordinator checks before sending: each partner's claimed total and what is at risk."""
    from coopdocs.cli import say
    from coopdocs.formats import money
    from coopdocs.words import help_language

    lang = help_language()
    return [
        say(
            "claim-line-at-risk" if p.at_risk else "claim-line",
            number=figures.number,
            partner=p.name,
            total=money(p.total, lang, figures.currency),
            at_risk=money(p.at_risk, lang, figures.currency),
        )
        for p in figures.partners
    ]
