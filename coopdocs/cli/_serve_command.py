"""`coopdocs serve`: the local workspace in a browser (coopdocs.web)."""

from __future__ import annotations

from pathlib import Path

import click

from coopdocs.cli import OUTPUT_DIR, flag_option, lang_option, main, whole_option
from coopdocs.words import t


@main.command(
    help=t(
        "Ouvre l'espace de travail du projet dans le navigateur (sur cet ordinateur seulement) : "
        "projet, guide, documents, feuilles de temps, bilan.",
        "Open the project's workspace in the browser (on this computer only): project, guide, "
        "documents, time sheets, report.",
    )
)
@click.argument("target", required=False, default=".", type=click.Path(path_type=Path))
@whole_option(
    "--port",
    low=1024,
    high=65535,
    default=None,
    fr="Port sur 127.0.0.1 (défaut : 8765, ou un port libre).",
    en="Port on 127.0.0.1 (default 8765, or a free one).",
)
@flag_option("--no-browser", fr="N'ouvre pas le navigateur.", en="Do not open the browser.")
@OUTPUT_DIR
@lang_option("Langue des pages.", "Language of the pages.", default="fr", show_default=True)
def serve(target: Path, port: int | None, no_browser: bool, out_dir: Path | None, lang: str) -> None:
    from coopdocs.web import find_or_create_project
    from coopdocs.web import serve as run

    project_file, created = find_or_create_project(target)
    if created:
        click.echo(
            t("Nouveau projet écrit (valeurs de coopdocs init) : ", "New project written (coopdocs init's values): ")
            + str(project_file)
        )

    def announce(url: str) -> None:
        click.echo(t("Espace de travail : ", "Workspace: ") + url)
        click.echo(
            t(
                "(Ctrl+C pour arrêter ; cette adresse est personnelle : ne la partagez pas)",
                "(Ctrl+C to stop; this address is personal: do not share it)",
            )
        )

    run(project_file, out_dir.resolve() if out_dir else None, port, lang, announce, not no_browser, created)
