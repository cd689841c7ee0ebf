"""The time-sheet pages: each agent's months with their state, and one month as a grid."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from coopdocs.errors import CoopdocsError
from coopdocs.forms import sheet_life as life
from coopdocs.project.model import Agent, ProjectFile
from coopdocs.web import paths, sheets
from coopdocs.web.app import Workspace, workspace
from coopdocs.web.security import checked_form, strings


def _project(ws: Workspace) -> ProjectFile:
    from coopdocs.project import load_project

    return load_project(ws.project_file)


def _hourly(project: ProjectFile) -> list[Agent]:
    from coopdocs.project.staff import keeps_timesheets

    return [a for a in project.agents if keeps_timesheets(project, a)]


def _agent(ws: Workspace, project: ProjectFile, agent_id: str, month: str) -> Agent:
    from coopdocs.project.staff import sheet_months

    agent = next((a for a in _hourly(project) if a.id == agent_id), None)
    if agent is None or month not in sheet_months(project, agent):  # the months build writes a sheet for
        raise HTTPException(404, ws.w("not_found"))
    return agent


async def sheet_list(request: Request) -> Response:
    from coopdocs.project.staff import sheet_months

    ws = workspace(request)
    project = await run_in_threadpool(_project, ws)
    agents = _hourly(project)
    chosen = next((a for a in agents if a.id == request.query_params.get("agent")), agents[0] if agents else None)
    rows = []
    if chosen is not None:
        for month in sheet_months(project, chosen):
            rows.append((month, sheets.state(ws.out_dir, chosen.id, month)))
    return ws.page(request, "sheets.html", agents=agents, chosen=chosen, rows=rows)


async def sheet_grid(request: Request, message: str = "", error: str = "", status: int = 200) -> Response:
    ws = workspace(request)
    project = await run_in_threadpool(_project, ws)
    agent_id, month = request.path_params["agent"], request.path_params["month"]
    agent = _agent(ws, project, agent_id, month)
    grid = await run_in_threadpool(sheets.grid, project, agent, month, ws.out_dir)
    codes = sheets.ABSENCE_CODES
    return ws.page(request, "grid.html", status=status, grid=grid, message=message, error=error, codes=codes)


async def save_grid(request: Request) -> Response:
    ws = workspace(request)
    form = strings(await checked_form(request, ws.keys, ws.lang))
    project = await run_in_threadpool(_project, ws)
    month = request.path_params["month"]
    agent = _agent(ws, project, request.path_params["agent"], month)
    action = form.get("action", "save")
    try:
        path = paths.sheet(ws.out_dir, agent.id, month)  # never through a link
        unreadable = sheets.unreadable(path) if action != "create" else ""
        if unreadable:
            raise CoopdocsError(ws.w("sheet_unreadable", reason=unreadable))
        if action == "create":
            written = await run_in_threadpool(_create, ws, agent.id, month)
            there = ws.w("sheet_state_" + sheets.state(ws.out_dir, agent.id, month).name)
            return await sheet_grid(
                request, message=ws.w("sheet_created") if written else ws.w("sheet_exists", state=there)
            )
        if action == "save":
            changed = await run_in_threadpool(life.edit, ws.out_dir, agent.id, month, agent.name, _saver(form))
            return await sheet_grid(request, message=ws.w("sheet_saved", count=changed))
        if action in ("sign", "approve", "return"):
            message = await run_in_threadpool(_transition, ws, project, agent, month, form)
            return await sheet_grid(request, message=message)
    except CoopdocsError as exc:
        return await sheet_grid(request, error=exc.message, status=409)
    return RedirectResponse(request.url.path, status_code=303)


def _saver(form: dict[str, str]) -> Callable[[Path], int]:
    return lambda path: sheets.save(path, form)


def _transition(ws: Workspace, project: ProjectFile, agent: Agent, month: str, form: dict[str, str]) -> str:
    """Sign, approve or return through the sheet's life; a click is a declaration in the name
    typed by the person (« déclaré signé par … »), never a name the page fills in."""
    action, by = form["action"], " ".join(form.get("by", "").split())
    if not by:
        raise CoopdocsError(ws.w("sheet_name_needed"))
    declared = life.Evidence()
    if action == "sign":
        life.sign(ws.out_dir, project, agent, month, by, declared)
        return ws.w("sheet_signed", name=by)
    if action == "approve":
        _, found = life.approve(ws.out_dir, project, agent, month, by, declared)
        points = [str(a) for a in found]
        return ws.w("sheet_approved", name=by) + (
            " " + ws.w("sheet_to_check", points=" ; ".join(points)) if points else ""
        )
    life.return_sheet(ws.out_dir, project, agent, month, by, form.get("reason", ""))
    return ws.w("sheet_returned")


async def upload_sheet(request: Request) -> Response:
    """A sheet filled in Excel, sent from the grid page: checked, then put at its place."""
    ws = workspace(request)
    form = await checked_form(request, ws.keys, ws.lang)
    project = await run_in_threadpool(_project, ws)
    month = request.path_params["month"]
    agent = _agent(ws, project, request.path_params["agent"], month)
    sent = form.get("fichier")
    if isinstance(sent, str) or sent is None or not sent.filename:
        return await sheet_grid(request, error=ws.w("upload_none"), status=400)
    data = await sent.read(sheets.MAX_UPLOAD + 1)
    try:
        backup = await run_in_threadpool(sheets.upload, ws.out_dir, agent.id, month, sent.filename, data, agent.name)
    except CoopdocsError as exc:
        return await sheet_grid(request, error=exc.message, status=400)
    kept = " " + ws.w("backup_kept", name=backup.split("/", 1)[1]) if backup else ""
    return await sheet_grid(request, message=ws.w("sheet_uploaded") + kept)


async def signed_pdf(request: Request) -> Response:
    """A PDF of the month signed electronically (by the agent, or by the agent then the
    supervisor), sent from the grid page: verified, then the month signed or approved."""
    from coopdocs.signing.verify import MAX_PDF

    ws = workspace(request)
    form = await checked_form(request, ws.keys, ws.lang)
    project = await run_in_threadpool(_project, ws)
    month = request.path_params["month"]
    agent = _agent(ws, project, request.path_params["agent"], month)
    sent, action = form.get("pdf"), form.get("action")
    if isinstance(sent, str) or sent is None or not sent.filename or action not in ("sign", "approve"):
        return await sheet_grid(request, error=ws.w("upload_none"), status=400)
    data = await sent.read(MAX_PDF + 1)
    try:
        message = await run_in_threadpool(_pdf_transition, ws, project, agent, month, str(action), sent.filename, data)
    except CoopdocsError as exc:
        return await sheet_grid(request, error=exc.message, status=409)
    return await sheet_grid(request, message=message)


def _pdf_transition(
    ws: Workspace, project: ProjectFile, agent: Agent, month: str, action: str, name: str, data: bytes
) -> str:
    from coopdocs.signing import keep_signed, signed_sheet

    role = "agent" if action == "sign" else "responsable"
    who, evidence, data = signed_sheet(project, ws.project_file, ws.out_dir, data, Path(name), agent, month, role)
    if action == "sign":
        life.sign(ws.out_dir, project, agent, month, who, evidence)
    else:
        life.approve(ws.out_dir, project, agent, month, who, evidence)
    keep_signed(ws.out_dir, evidence, data)
    return ws.w("sheet_pdf_verified", name=who, fingerprint=evidence.fingerprint[:16])


def _create(ws: Workspace, agent_id: str, month: str) -> bool:
    """`coopdocs timesheets` for this month; whether it wrote the sheet (it keeps a filled one)."""
    from coopdocs.output.writer import CREATED, REPLACED, UPDATED
    from coopdocs.pipeline import BuildOptions, timesheets

    report, _ = timesheets(ws.project_file, month, None, BuildOptions(out_dir=ws.out_dir, agents=(agent_id,)))
    return any(outcome.action in (CREATED, UPDATED, REPLACED) for outcome in report.outcomes)


ROUTES = [
    Route("/feuilles", sheet_list),
    Route("/feuilles/{agent}/{month}", sheet_grid),
    Route("/feuilles/{agent}/{month}", save_grid, methods=["POST"]),
    Route("/feuilles/{agent}/{month}/envoyer", upload_sheet, methods=["POST"]),
    Route("/feuilles/{agent}/{month}/pdf-signe", signed_pdf, methods=["POST"]),
]
