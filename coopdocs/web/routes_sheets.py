"""The time-sheet pages: each agent's months with their state, and one month as a grid.

Every form answers with a redirect to the month's page and a note (coopdocs.web.notes): what was
done or why it was refused, in the workspace's words; a reload shows the page again and never
sends the form a second time. Signing, approving and returning are in routes_signing.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from coopdocs.errors import CoopdocsError
from coopdocs.formats import long_date
from coopdocs.forms import sheet_life as life
from coopdocs.project.model import Agent, ProjectFile, in_language
from coopdocs.web import labels, paths, sheets
from coopdocs.web.app import Workspace, workspace
from coopdocs.web.labels import absence_words, month_words, to_do
from coopdocs.web.notes import Note, back_to, taken
from coopdocs.web.security import checked_form, strings


def project_of(ws: Workspace) -> ProjectFile:
    """The project file as the model reads it, read again only when its bytes changed (their
    digest; a file system's clock may not tell two quick saves apart): the large project takes
    150 ms to read, a page 50 ms to make."""
    import hashlib

    from coopdocs.project import load_project

    key = (str(ws.project_file), hashlib.sha256(ws.project_file.read_bytes()).hexdigest())
    cached = ws.jobs.get("project")
    if cached is not None and cached[0] == key:
        project: ProjectFile = cached[1]
        return project
    project = load_project(ws.project_file)
    ws.jobs["project"] = (key, project)
    return project


def hourly(project: ProjectFile) -> list[Agent]:
    from coopdocs.project.staff import keeps_timesheets

    return [a for a in project.agents if keeps_timesheets(project, a)]


def agent_of(ws: Workspace, project: ProjectFile, agent_id: str, month: str) -> Agent:
    from coopdocs.project.staff import sheet_months

    agent = next((a for a in hourly(project) if a.id == agent_id), None)
    if agent is None or month not in sheet_months(project, agent):  # the months build writes a sheet for
        raise HTTPException(404, ws.w("not_found"))
    return agent


async def month_posted(request: Request) -> tuple[Workspace, FormData, ProjectFile, Agent, str]:
    """What every form of a month's page starts with: the workspace, the form (its CSRF token
    checked), the project, the agent and the month of the address."""
    ws = workspace(request)
    form = await checked_form(request, ws.keys, ws.lang)
    project = await run_in_threadpool(project_of, ws)
    month = request.path_params["month"]
    return ws, form, project, agent_of(ws, project, request.path_params["agent"], month), month


def grid_path(agent_id: str, month: str) -> str:
    return f"/feuilles/{agent_id}/{month}"


def to_grid(ws: Workspace, agent: Agent, month: str, note: Note) -> Response:
    return back_to(ws, grid_path(agent.id, month), note)


async def sheet_list(request: Request) -> Response:
    from coopdocs.office.folder import load_manifest
    from coopdocs.project.staff import sheet_months

    ws = workspace(request)
    project = await run_in_threadpool(project_of, ws)
    agents = hourly(project)
    chosen = next((a for a in agents if a.id == request.query_params.get("agent")), agents[0] if agents else None)
    rows = []
    if chosen is not None:
        manifest = load_manifest(ws.out_dir)
        for month in sheet_months(project, chosen):  # the months build writes a sheet for
            said = sheets.state(ws.out_dir, chosen.id, month, manifest)
            rows.append((month, month_words(month, ws.lang), said))
    return ws.page(request, "sheets.html", agents=agents, chosen=chosen, rows=rows)


async def sheet_grid(request: Request) -> Response:
    from coopdocs.web.documents_page import can_preview

    ws = workspace(request)
    project = await run_in_threadpool(project_of, ws)
    agent_id, month = request.path_params["agent"], request.path_params["month"]
    agent = agent_of(ws, project, agent_id, month)
    note = taken(ws, request.query_params.get("note"))
    grid = await run_in_threadpool(sheets.grid, project, agent, month, ws.out_dir, ws.lang)
    if note.typed:
        sheets.typed_into(grid, note.typed)
    codes = [(code, absence_words(code, ws.lang)) for code in sheets.ABSENCE_CODES]
    return ws.page(
        request,
        "grid.html",
        status=note.status,
        grid=grid,
        month_name=month_words(month, ws.lang),
        message=note.message,
        error=note.error,
        codes=codes,
        can_pdf=can_preview(),
        to_do=to_do,
        month_ends=_not_over(month, ws.lang),
    )


def _not_over(month: str, lang: str) -> str:
    """The month's last day in words while the month runs ("" once it is over): a sheet is
    signed once its month is done, which a controller checks."""
    import datetime as dt

    from coopdocs.calendar import period_bounds

    last = period_bounds(month, dt.date.min, dt.date.max)[1]
    return long_date(last, lang) if last > labels.today() else ""


async def save_grid(request: Request) -> Response:
    """The grid's form: save the hours, create the month's sheet, or (as before the signing
    forms) sign, approve or return in the name typed."""
    from coopdocs.web.routes_signing import declared

    ws, posted, project, agent, month = await month_posted(request)
    form = strings(posted)
    action = form.get("action", "save")
    try:
        path = paths.sheet(ws.out_dir, agent.id, month)  # never through a link
        unreadable = sheets.unreadable(path) if action != "create" else ""
        if unreadable:
            raise CoopdocsError(ws.w("sheet_unreadable", reason=unreadable))
        if action == "create":
            written = await run_in_threadpool(_create, ws, agent.id, month)
            there = ws.w("sheet_state_" + sheets.state(ws.out_dir, agent.id, month).name)
            message = ws.w("sheet_created") if written else ws.w("sheet_exists", state=there)
        elif action in ("sign", "approve", "return"):
            confirmed = [str(v) for v in posted.getlist("verifie")]
            message = await run_in_threadpool(declared, ws, project, agent, month, form, confirmed)
        else:
            changed = await run_in_threadpool(
                life.edit, ws.out_dir, agent.id, month, agent.name, _saver(form, project, ws.lang)
            )
            message = ws.w("sheet_saved", count=changed)
    except CoopdocsError as exc:
        typed = {k: v for k, v in form.items() if k[:2] in ("h:", "o:", "a:", "c:")} if action == "save" else {}
        return to_grid(ws, agent, month, Note(error=exc.said(ws.lang), status=409, typed=typed))
    return to_grid(ws, agent, month, Note(message=message))


def _saver(form: dict[str, str], project: ProjectFile, lang: str) -> Callable[[Path], int]:
    titles = {wp.id: str(in_language(wp.title, lang)) for wp in project.work_packages}
    return lambda path: sheets.save(path, form, titles, lang)


async def upload_sheet(request: Request) -> Response:
    """A sheet filled in Excel, sent from the grid page: checked, then put at its place."""
    ws, form, project, agent, month = await month_posted(request)
    sent = form.get("fichier")
    if isinstance(sent, str) or sent is None or not sent.filename:
        return to_grid(ws, agent, month, Note(error=ws.w("upload_none"), status=400))
    data = await sent.read(sheets.MAX_UPLOAD + 1)
    try:
        backup = await run_in_threadpool(sheets.upload, ws.out_dir, agent.id, month, sent.filename, data, agent.name)
    except CoopdocsError as exc:
        return to_grid(ws, agent, month, Note(error=exc.said(ws.lang), status=400))
    kept = " " + ws.w("backup_kept", name=backup.split("/", 1)[1]) if backup else ""
    return to_grid(ws, agent, month, Note(message=ws.w("sheet_uploaded") + kept))


async def sheet_file(request: Request) -> Response:
    """The month's workbook as it is now (blank or filled), to fill in Excel or keep."""
    ws = workspace(request)
    project = await run_in_threadpool(project_of, ws)
    month = request.path_params["month"]
    agent = agent_of(ws, project, request.path_params["agent"], month)
    try:
        path = paths.sheet(ws.out_dir, agent.id, month)
    except CoopdocsError:
        raise HTTPException(404, ws.w("not_found")) from None
    if not path.is_file():
        raise HTTPException(404, ws.w("not_found"))
    return FileResponse(path, filename=path.name)


def _create(ws: Workspace, agent_id: str, month: str) -> bool:
    """`coopdocs timesheets` for this month; whether it wrote the sheet (it keeps a filled one)."""
    from coopdocs.output.writer import CREATED, REPLACED, UPDATED
    from coopdocs.pipeline import BuildOptions, timesheets

    report, _ = timesheets(ws.project_file, month, None, BuildOptions(out_dir=ws.out_dir, agents=(agent_id,)))
    return any(outcome.action in (CREATED, UPDATED, REPLACED) for outcome in report.outcomes)


def _routes() -> list[Route]:
    from coopdocs.web import routes_signing

    return [
        Route("/feuilles", sheet_list),
        Route("/feuilles/{agent}/{month}", sheet_grid),
        Route("/feuilles/{agent}/{month}", save_grid, methods=["POST"]),
        Route("/feuilles/{agent}/{month}/classeur.xlsx", sheet_file),
        Route("/feuilles/{agent}/{month}/envoyer", upload_sheet, methods=["POST"]),
        *routes_signing.ROUTES,
    ]


ROUTES = _routes()
