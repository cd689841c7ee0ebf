"""`coopdocs build`, top to bottom: load → plan every output → write (atomically, with a manifest)
→ optionally convert the documents to PDF in one LibreOffice run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from coopdocs import documents
from coopdocs.calendar import month_of
from coopdocs.documents.search_path import TemplatePath
from coopdocs.errors import CoopdocsError, Problem
from coopdocs.forms.logbook import PATH as LOGBOOK_PATH
from coopdocs.forms.logbook import logbook_workbook
from coopdocs.kinds import DECISIONS, DOCUMENTS, EXPENSES, LOGBOOK, PREPARATION, TIMESHEETS
from coopdocs.messages import Phrase, unknown_id
from coopdocs.office.folder import load_manifest
from coopdocs.output.writer import Output, Progress, Report, inputs_hash, write_outputs
from coopdocs.project import load_project
from coopdocs.project.model import ProjectFile

if TYPE_CHECKING:
    from coopdocs.bilan.figures import BilanFigures
    from coopdocs.claims.compute import ClaimOptions
    from coopdocs.claims.figures import Claim


@dataclass
class BuildOptions:
    out_dir: Path | None = None
    only: tuple[str, ...] = ()
    lang: str | None = None
    force: bool = False
    dry_run: bool = False
    templates: Path | None = None
    when: dt.date = field(default_factory=dt.date.today)  # stamped in the files' properties
    pdf: bool = False
    jobs: int = 1  # processes rendering in parallel
    months: tuple[str, ...] = ()  # time sheets: only these months (empty: every month of each agent)
    agents: tuple[str, ...] = ()  # time sheets: only these agents
    progress: Progress | None = None  # shows the rendering (the CLI's progress bar)
    warnings: list[Problem] = field(default_factory=list)  # build adds the project's warnings here
    signed: dt.date | None = None  # printed in « Fait à …, le … » (--date); None: left to fill by hand


def default_out_dir(project: ProjectFile) -> Path:
    return Path("output") / project.project.id


def template_path(project_file: Path, project: ProjectFile, templates: Path | None) -> TemplatePath:
    own = (project_file.parent / project.templates_dir) if project.templates_dir else None
    return TemplatePath([d for d in (templates, own) if d is not None])


def document_outputs(project: ProjectFile, path: TemplatePath, options: BuildOptions) -> list[Output]:
    from coopdocs.documents.render import render_docx

    @cache
    def template(name: str) -> bytes:
        return path.find(name).path.read_bytes()

    kinds = tuple(k for k in options.only if k in DOCUMENTS)
    if options.only and not kinds:
        return []
    outputs = []
    for job in documents.plan(project, path.guide_map(), options.signed, options.lang, kinds):
        context = job.make_context()
        source = template(job.template)
        render = partial(render_docx, source, job.template, context, options.when, job.title)
        outputs.append(Output(job.path, job.kind, job.sources, inputs_hash(source, context, job.title), render))
    return outputs


def logbook_output(project: ProjectFile, options: BuildOptions) -> list[Output]:
    if options.only and LOGBOOK not in options.only:
        return []
    data = project.model_dump(mode="json")  # the workbook shows the title, dates, stages… : hash it all
    return [
        Output(
            LOGBOOK_PATH,
            LOGBOOK,
            ["checklist", "logbook", "milestones"],
            inputs_hash(data, str(options.when)),
            partial(logbook_workbook, project, options.when),
        )
    ]


def register_output(project: ProjectFile, options: BuildOptions) -> list[Output]:
    """The register of decisions and actions, when the project has meetings."""
    from coopdocs.forms.decisions import PATH, register_workbook

    if not project.meetings or (options.only and DECISIONS not in options.only):
        return []
    data = [m.model_dump(mode="json") for m in project.meetings]
    names = [(p.id, p.short_name or p.name) for p in project.partners]
    key = inputs_hash(data, names, project.project.title, project.project.language, str(options.when))
    return [Output(PATH, DECISIONS, ["meetings"], key, partial(register_workbook, project, options.when))]


def timesheet_outputs(project: ProjectFile, options: BuildOptions) -> list[Output]:
    """One form a month for each `hourly` agent (`fixed` agents only when the programme rule
    `fixed_share_timesheets` asks: otherwise their mission letter states the share)."""
    from coopdocs.forms.timesheet_form import sheet_inputs, sheet_model, sheet_path, timesheet_workbook
    from coopdocs.project.staff import keeps_timesheets, sheet_months

    if options.only and TIMESHEETS not in options.only:
        return []
    outputs = []
    for agent in project.agents:
        if not keeps_timesheets(project, agent) or (options.agents and agent.id not in options.agents):
            continue
        for month in sheet_months(project, agent):  # from its first work package's month
            if options.months and month not in options.months:
                continue
            model = sheet_model(project, agent, month)
            outputs.append(
                Output(
                    sheet_path(agent.id, month),
                    TIMESHEETS,
                    [f"agents.{agent.id}"],
                    inputs_hash(sheet_inputs(model), str(options.when)),
                    partial(timesheet_workbook, model, options.when),
                    form=True,
                )
            )
    return outputs


def expense_outputs(project: ProjectFile, options: BuildOptions, path: TemplatePath) -> list[Output]:
    """One expense register per partner with budget lines, citing the guide's points for the
    partner who fills it (« donner un cadre administratif précis (!! libellé des factures…) »)."""
    from coopdocs.documents.guide_map import SIGNATORY, for_audience, in_guide_order
    from coopdocs.forms.expense_form import register_categories, register_model, register_path, register_workbook

    if options.only and EXPENSES not in options.only:
        return []
    entries = for_audience(path.guide_map().get(EXPENSES, ()), SIGNATORY)
    points = list(in_guide_order(entries))
    outputs = []
    for partner_id in dict.fromkeys(line.partner for line in project.budget.lines):
        if not register_categories(project, partner_id):
            continue  # under the art. 56 flat rate, no cost other than staff is entered
        model = register_model(project, partner_id, points)
        outputs.append(
            Output(
                register_path(partner_id),
                EXPENSES,
                [f"partners.{partner_id}", "budget"],
                inputs_hash(model, str(options.when)),
                partial(register_workbook, model, options.when),
                form=True,
            )
        )
    return outputs


def preparation_output(
    project: ProjectFile, path: TemplatePath, options: BuildOptions, outputs: list[Output], out_dir: Path
) -> list[Output]:
    """suivi/preparation.xlsx: every document sent × the team's guide items to check before
    sending it, with the document's state after this build (coopdocs/forms/preparation.py)."""
    from coopdocs.forms import preparation as prep

    if options.only and PREPARATION not in options.only:
        return []
    guide_map = path.guide_map()
    planned = [(job.path, job.kind) for job in documents.plan(project, guide_map, options.when, options.lang)]
    sent = prep.sent_documents(project, planned)
    built = {o.path for o in outputs} | {o.path.rsplit("/", 1)[0] + "/" for o in outputs if o.kind == TIMESHEETS}
    manifest = load_manifest(out_dir)
    recorded = manifest.get("signed")
    signed = frozenset(recorded) if isinstance(recorded, dict) else frozenset()
    states = {s.path: prep.file_state(out_dir, s, built, manifest["files"], signed) for s in sent}
    lang = options.lang or project.project.language
    rows = prep.preparation_rows(project, guide_map, sent, states, lang)
    title = project.project.title
    key = inputs_hash(rows, title, lang, str(options.when))
    render = partial(prep.preparation_workbook, title, rows, lang, options.when)
    return [Output(prep.PATH, PREPARATION, ["checklist", "documents"], key, render)]


def refuse_unsignable(project_file: Path, project: ProjectFile, only: tuple[str, ...]) -> None:
    """A mission letter or amendment the agent would sign for the employer too is not written:
    a located error (validate only warns: the file is legal YAML, the letter is not signable)."""
    from coopdocs.errors import ProjectError
    from coopdocs.project.source import load_yaml
    from coopdocs.project.warnings import unsignable_letters

    found = unsignable_letters(project) if not only or {"lettre-mission", "avenant"} & set(only) else []
    if found:
        loaded = load_yaml(project_file)
        raise ProjectError([loaded.problem_of(path, said.key, said.args) for path, said in found])


def build(project_file: Path, options: BuildOptions) -> tuple[Report, Path]:
    project = load_project(project_file, options.warnings, today=options.signed or options.when)
    refuse_unsignable(project_file, project, options.only)
    out_dir = options.out_dir or default_out_dir(project)
    path = template_path(project_file, project, options.templates)
    outputs = (
        document_outputs(project, path, options)
        + logbook_output(project, options)
        + register_output(project, options)
        + timesheet_outputs(project, options)
        + expense_outputs(project, options, path)
    )
    outputs += preparation_output(project, path, options, outputs, out_dir)
    from coopdocs.forms.sheet_life import frozen

    report = write_outputs(
        out_dir,
        outputs,
        project_id=project.project.id,
        force=options.force,
        dry_run=options.dry_run,
        jobs=options.jobs,
        progress=options.progress,
        frozen=frozen(out_dir),
    )
    if options.pdf and not report.blocked and not options.dry_run:
        pdf_copies(project, out_dir, [o.path for o in outputs])
    return report, out_dir


def pdf_copies(project: ProjectFile, out_dir: Path, written: list[str]) -> list[Path]:
    """`build --pdf`: a PDF/A-2b copy of each document and of each month's sheet filled in (a
    blank one is nobody's to sign), with its signature fields (coopdocs/signing/fields.py)."""
    from coopdocs.output.pdf import convert_to_pdf
    from coopdocs.output.writer import is_sealed
    from coopdocs.signing.fields import record_origins, sign_fields

    documents = [out_dir / p for p in written if p.endswith(".docx")]
    sheets = [out_dir / p for p in written if p.startswith(f"{TIMESHEETS}/") and p.endswith(".xlsx")]
    filled = [s for s in sheets if s.is_file() and not is_sealed(s.read_bytes())]
    sheet_pdfs = convert_to_pdf(filled)
    pdfs = convert_to_pdf(documents) + sheet_pdfs
    sign_fields(project, out_dir, pdfs)
    record_origins(out_dir, sheet_pdfs)
    return pdfs


def _no_sheet(first: str, last: str | None, chosen: list[str]) -> CoopdocsError:
    """No sheet to write: the months asked are outside the periods of the agents chosen."""
    months = Phrase("months-from-to", {"first": first, "last": last}) if last and last != first else None
    return CoopdocsError.of(
        "no-sheet-to-write",
        months=months or Phrase("months-for", {"first": first}),
        who=", ".join(chosen) or Phrase("no-hourly-agent"),
        whose=Phrase("its-period" if len(chosen) == 1 else "their-period"),
    )


def timesheets(project_file: Path, first: str, last: str | None, options: BuildOptions) -> tuple[Report, Path]:
    """`coopdocs timesheets`: the forms of the months from `first` to `last` (default `first`),
    for every hourly agent or those of `options.agents`."""
    from coopdocs.calendar import month_range

    project = load_project(project_file)
    from coopdocs.project.staff import keeps_timesheets

    hourly = [a.id for a in project.agents if keeps_timesheets(project, a)]
    for agent in options.agents:
        if agent not in hourly:
            raise CoopdocsError.of("agent-not-hourly", **unknown_id(agent, hourly))
    start, end = month_of(project.project.start), month_of(project.project.end)
    inside = [m for m in month_range(first, last or first) if start <= m <= end]
    if not inside:
        months = f"{first} → {last}" if last else first
        raise CoopdocsError.of("month-outside-project", months=months, start=start, end=end)
    chosen = [a for a in project.agents if a.id in (options.agents or hourly)]
    if not any(
        month_of(a.start or project.project.start) <= m <= month_of(a.end or project.project.end)
        for a in chosen
        for m in inside
    ):
        raise _no_sheet(first, last, [a.id for a in chosen])
    options = replace(options, only=(TIMESHEETS,), months=tuple(inside))
    return build(project_file, options)


def bilan(
    project_file: Path,
    period: str,
    options: BuildOptions,
    sheets_dir: Path | None = None,
    expenses_dir: Path | None = None,
    dated: dt.date | None = None,
) -> tuple[BilanFigures, Report, Path]:
    """Read the filled forms, compute the period's figures, write bilans/bilan_<PERIOD>.docx and .xlsx."""
    from coopdocs.bilan.excel import bilan_xlsx
    from coopdocs.bilan.word import bilan_docx
    from coopdocs.documents import page_frame
    from coopdocs.output.period_figures import bilan_date, bilan_figures

    project = load_project(project_file)
    out_dir = options.out_dir or default_out_dir(project)
    lang = options.lang or project.project.language
    figures = bilan_figures(project, period, out_dir, dated, options.jobs, sheets_dir, expenses_dir, lang)
    when = bilan_date(project, period, dated)
    frame = page_frame(project, lang)
    key = inputs_hash(figures.json_dict(), lang, str(when), frame)
    renderers = (
        ("docx", partial(bilan_docx, figures, lang, when, frame)),
        ("xlsx", partial(bilan_xlsx, figures, when, lang)),
    )
    sources = ["feuilles-de-temps", "depenses", "project"]
    outputs = [Output(f"bilans/bilan_{period}.{ext}", "bilan", sources, key, render) for ext, render in renderers]
    report = write_outputs(
        out_dir, outputs, project_id=project.project.id, force=options.force, dry_run=options.dry_run, label="Bilan"
    )
    return figures, report, out_dir


def claim(
    project_file: Path,
    period: str,
    options: BuildOptions,
    claim_options: ClaimOptions,
    sheets_dir: Path | None = None,
    expenses_dir: Path | None = None,
) -> tuple[Claim, Report, Path]:
    """Read the filled forms as the bilan does, compute the period's claim of each partner, write
    demandes/<NN>_<PERIOD>/<partner>/ and record it in demandes/registre.json."""
    from coopdocs.claims.compute import claim_figures
    from coopdocs.claims.dates import check_date
    from coopdocs.claims.ledger import Ledger
    from coopdocs.output.claim_files import claim_outputs
    from coopdocs.output.period_figures import period_inputs

    project = load_project(project_file)
    check_date(project, period, claim_options.when, claim_options.lang)  # before anything is read
    out_dir = options.out_dir or default_out_dir(project)
    inputs = period_inputs(project, period, out_dir, options.jobs, sheets_dir, expenses_dir)
    ledger = Ledger.load(out_dir)
    figures = claim_figures(project, period, inputs, ledger, claim_options)
    outputs = claim_outputs(project, figures, ledger, out_dir, options.lang, options.when)
    report = write_outputs(out_dir, outputs, project_id=project.project.id, dry_run=options.dry_run, label="Demande")
    return figures, report, out_dir
