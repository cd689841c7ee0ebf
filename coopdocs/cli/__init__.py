"""The command line: parse options, call one library function, print; map the library's errors
to messages and exit codes, and show progress on a terminal. No rule of the project lives here.

Heavy libraries (openpyxl, docxtpl, babel) are imported inside the commands that use them,
so that `coopdocs --help` answers at once.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

# pydantic scans every installed distribution for plugins at import (30 ms); coopdocs uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import click

from coopdocs import __version__, kinds
from coopdocs.cli.click_words import speak_french
from coopdocs.errors import CoopdocsError, from_os_error
from coopdocs.words import t

if TYPE_CHECKING:
    from coopdocs.output.writer import Report

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("text", "markdown", "json", "xlsx")
speak_french()  # « Utilisation : », « Option manquante » : Click's words in the help's language (before any type)

PROJECT_FILE = click.Path(dir_okay=False, path_type=Path)


def flag_option(*names: str, fr: str, en: str) -> Callable[[F], F]:
    """An option that is on or off (`--force`, `--json`, `--dry-run`…)."""
    return click.option(*names, is_flag=True, help=t(fr, en))


def force_option(fr: str, en: str) -> Callable[[F], F]:
    return flag_option("--force", fr=fr, en=en)


def whole_option(*names: str, low: int, high: int, fr: str, en: str, **extra: Any) -> Callable[[F], F]:
    """An option taking a whole number N from `low` to `high` (`--jobs`, `--port`, a claim's number)."""
    return click.option(*names, type=click.IntRange(low, high), metavar="N", help=t(fr, en), **extra)


def date_option(fr: str, en: str, today: bool = True) -> Callable[[F], F]:
    """`--date`, as `when`: today when not given, or None with `today=False`."""
    callback = _iso_date if today else _iso_date_or_none
    return click.option("--date", "when", callback=callback, metavar="AAAA-MM-JJ", help=t(fr, en))


def lang_option(fr: str, en: str, **extra: Any) -> Callable[[F], F]:
    """`--lang fr|en`: the language of what the command writes (or shows)."""
    return click.option("--lang", type=click.Choice(["fr", "en"]), help=t(fr, en), **extra)


def period_option(fr: str, en: str) -> Callable[[F], F]:
    """`--period PÉRIODE`, required: the reporting period a bilan or a claim is about."""
    return click.option("--period", required=True, metavar="PÉRIODE", help=t(fr, en))


def only_ids_option(flag: str, dest: str, fr: str, en: str) -> Callable[[F], F]:
    """A repeatable `--agent ID`, `--partner ID`, `--stage ID`: the command only for those."""
    return click.option(flag, dest, multiple=True, metavar="ID", help=t(fr, en))


def folder_option(*names: str, fr: str, en: str) -> Callable[[F], F]:
    """An option naming a folder (Click refuses a file there)."""
    return click.option(*names, type=click.Path(file_okay=False, path_type=Path), help=t(fr, en))


def file_option(*names: str, fr: str, en: str) -> Callable[[F], F]:
    """An option naming a file (Click refuses a folder there)."""
    return click.option(*names, type=click.Path(dir_okay=False, path_type=Path), help=t(fr, en))


OUTPUT_DIR = folder_option(
    "-o",
    "--output",
    "out_dir",
    fr="Dossier de sortie (défaut : output/<id du projet>).",
    en="Output folder (default output/<project id>).",
)
FIGURES_JSON = flag_option(
    "--json", "as_json", fr="Affiche aussi les chiffres en JSON.", en="Also print the figures as JSON."
)
JOBS = whole_option(
    "--jobs",
    "-j",
    low=1,
    high=64,
    default=None,
    fr="Processus en parallèle (défaut : nombre de cœurs).",
    en="Parallel processes (default: number of cores).",
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

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _forget_help_options(self)  # « Affiche cette aide. » in this run's language, not the last one's
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CoopdocsError as error:
            raise UserError(error) from None
        except OSError as error:  # read-only folder, full disk, a file where a folder should be…
            raise UserError(from_os_error(error)) from None


def _forget_help_options(command: click.Command) -> None:
    """Click caches each command's --help option, its text in the language of the first run
    (since Click 8.1.8): a process that runs in English, then in French (the tests, the
    workspace's commands) would keep the English text."""
    command._help_option = None  # Click's own cache, rebuilt on demand
    for sub in getattr(command, "commands", {}).values():
        _forget_help_options(sub)


def progress_bar(items: Iterable[bytes], length: int, label: str) -> Iterator[bytes]:
    """A progress bar on a terminal (stderr), nothing in a pipe or a log."""
    stream = sys.stderr
    if not stream.isatty() or length < 2:
        yield from items
        return
    with click.progressbar(items, length=length, label=label, file=stream, show_pos=True) as bar:
        yield from bar


def say(key: str, **args: Any) -> str:
    """A message of the command line, from the catalogue's `cli` group, in the language of its
    help (LANG): the command line's own words, never French strings in the code."""
    from coopdocs.messages import say as catalogue_say
    from coopdocs.words import help_language

    return catalogue_say("cli", key, args, help_language())


@click.group(
    cls=Commands,
    help=t(
        "coopdocs : les documents d'un projet de coopération (lettres, conventions, feuilles de temps, "
        "bilans) produits à partir d'un seul fichier projet YAML.",
        "coopdocs: the paperwork of a cooperation project (letters, agreements, time sheets, reports) "
        "generated from one YAML project file.",
    ),
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    subcommand_metavar=t("COMMANDE [ARGUMENTS]…", "COMMAND [ARGS]..."),
)
@click.version_option(
    __version__, "--version", message="coopdocs %(version)s", help=t("Affiche la version.", "Show the version.")
)
def main() -> None:
    pass


def project_command(fr: str, en: str, **argument: Any) -> Callable[[Callable[..., Any]], click.Command]:
    """A command about a project file: its help (`fr`, `en`) and PROJECT_FILE, its first argument."""

    def command(function: Callable[..., Any]) -> click.Command:
        with_file = click.argument("project_file", type=PROJECT_FILE, **argument)(function)
        return main.command(help=t(fr, en))(with_file)

    return command


def _finish(report: Report, target: Path, dry_run: bool = False, err: bool = False) -> None:
    """What happened to each file; exit 1 when a conflict or an open file stopped the writing."""
    from coopdocs.output.writer import blocked_lines, describe
    from coopdocs.words import help_language

    lang = help_language()
    if report.blocked:
        *lines, refusal = blocked_lines(report, target, lang)
        for line in lines:
            click.echo(line, err=True)
        raise CoopdocsError(refusal)
    for line in describe(report, target, dry_run, lang):
        click.echo(line, err=err)


def _known_kinds(values: tuple[str, ...]) -> tuple[str, ...]:
    """--only takes kinds of output from a fixed list (a usage error otherwise, exit 2)."""
    from coopdocs.messages import say, unknown_id
    from coopdocs.words import help_language

    for kind in values:
        if kind not in kinds.ALL:
            refusal = say("error", "unknown-output-type", unknown_id(kind, list(kinds.ALL)), help_language())
            raise click.BadParameter(refusal, param_hint="--only")
    return values


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    return _iso_date_or_none(ctx, param, value) or dt.date.today()


def _iso_date_or_none(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"« {value} » n'est pas une date AAAA-MM-JJ") from None


def run() -> None:
    """Entry point: Click handles our errors; anything else is a bug, reported without a traceback."""
    try:
        main(prog_name="coopdocs")
    except SystemExit:
        raise
    except Exception as exc:  # pragma: no cover - last resort
        click.echo(f"Erreur interne de coopdocs ({type(exc).__name__}: {exc}). Merci de la signaler.", err=True)
        sys.exit(1)


# The commands register themselves on `main` when their modules are imported.
from coopdocs.cli import (  # noqa: E402, F401
    _claim_command,
    _control_command,
    _output_commands,
    _project_commands,
    _serve_command,
    _sheet_commands,
)
