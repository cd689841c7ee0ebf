"""The documents page (build with progress, list, downloads) and the bilan page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from coopdocs.errors import CoopdocsError
from coopdocs.web import documents_page as docs
from coopdocs.web.app import Workspace, workspace
from coopdocs.web.security import checked_form

if TYPE_CHECKING:
    from markupsafe import Markup

    from coopdocs.bilan.figures import BilanFigures

PREVIEWABLE = (".docx", ".xlsx")
PERIOD = re.compile(r"^[0-9]{4}(-(S[12]|T[1-4]|[0-9]{2}))?$")


async def documents(request: Request) -> Response:
    ws = workspace(request)
    files = await run_in_threadpool(docs.output_files, ws.out_dir)
    job = ws.jobs.get("build")
    states = dict(job.outcomes) if job and job.finished else {}
    preview = PREVIEWABLE if docs.can_preview() else ()
    return ws.page(
        request, "documents.html", files=files, job=job, states=states, out_dir=str(ws.out_dir), preview=preview
    )


async def build(request: Request) -> Response:
    ws = workspace(request)
    form = await checked_form(request, ws.keys, ws.lang)
    job = ws.jobs.get("build")
    if job is None or job.finished:
        ws.jobs["build"] = job = docs.start_build(ws.project_file, ws.out_dir, force=form.get("force") == "1")
    if request.headers.get("hx-request"):
        return ws.page(request, "_build.html", job=job)
    return RedirectResponse("/documents", status_code=303)


async def build_state(request: Request) -> Response:
    ws = workspace(request)
    job = ws.jobs.get("build")
    response = ws.page(request, "_build.html", job=job)
    if job is not None and job.finished:
        response.headers["HX-Refresh"] = "true"  # the list of files changed: reload the page
    return response


def served_file(request: Request) -> Path:
    """The output file a URL names: inside the output folder, not a backup, existing; else 404
    (the one path check of every file route, `paths.checked`)."""
    from coopdocs.web.paths import checked, normalised

    ws = workspace(request)
    try:
        relative = normalised(request.path_params["path"])
        target = checked(ws.out_dir, relative)
    except CoopdocsError:
        raise HTTPException(404, ws.w("not_found")) from None
    if relative.split("/", 1)[0] in docs.SKIPPED_FOLDERS or not target.is_file():
        raise HTTPException(404, ws.w("not_found"))
    return target


async def download(request: Request) -> Response:
    target = served_file(request)
    return FileResponse(target, filename=target.name)


async def preview(request: Request) -> Response:
    """A built document as PDF, converted by LibreOffice in a scratch folder and shown inline."""
    target = served_file(request)
    if not target.name.endswith(PREVIEWABLE) or not docs.can_preview():
        raise HTTPException(404, workspace(request).w("not_found"))
    data = await run_in_threadpool(docs.pdf_of, target)
    name = target.with_suffix(".pdf").name
    return Response(data, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


async def download_all(request: Request) -> Response:
    ws = workspace(request)
    data = await run_in_threadpool(docs.zip_of, ws.out_dir)
    name = f"{ws.out_dir.name}.zip"
    return Response(
        data, media_type="application/zip", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


async def bilan(request: Request) -> Response:
    return await bilan_page(request, request.query_params.get("periode", ""))


async def bilan_page(request: Request, period: str, status: int = 200, **claim: Any) -> Response:
    """The Bilan page of `period`: its figures and charts, the files written, and the payment
    claim's form (`claim`: what the form holds, a claim just written or its refusal)."""
    from coopdocs.project import load_project
    from coopdocs.web.claims_page import claim_form

    ws = workspace(request)
    project = await run_in_threadpool(load_project, ws.project_file)
    choices = docs.periods(project.project.start, project.project.end)
    if period and not PERIOD.match(period):
        raise CoopdocsError(ws.w("bad_period", period=period))
    figures = await run_in_threadpool(docs.figures, ws.project_file, ws.out_dir, period) if period else None
    charts = _charts(ws, figures) if figures is not None else []
    written = [name for name, _ in docs.output_files(ws.out_dir) if name.startswith(f"bilans/bilan_{period}.")]
    form = claim.pop("form", None) or await run_in_threadpool(claim_form, ws.project_file, ws.out_dir, ws.lang)
    context = {"claim": None, "claim_error": "", "claim_hint": "", **claim}
    return ws.page(
        request,
        "bilan.html",
        status=status,
        choices=choices,
        period=period,
        figures=figures,
        charts=charts,
        written=written,
        claim_form=form,
        **context,
    )


def _charts(ws: Workspace, figures: BilanFigures) -> list[tuple[str, Markup]]:
    from markupsafe import Markup

    w = ws.w
    wps = [(f"{wp.code or wp.id.upper()} – {wp.title}", [wp.hours]) for wp in figures.work_packages]
    funded = [p for p in figures.partners if p.budget_total]
    budget = [(p.name, [float(p.budget_total), float(p.cumulative.total)]) for p in funded]
    return [
        (w("chart_hours"), Markup(docs.bar_svg(wps, [w("hours")], "h"))),
        (w("chart_budget"), Markup(docs.bar_svg(budget, [w("budget"), w("spent")], "€"))),
    ]


def form_period(ws: Any, form: Any) -> str:
    """The period a bilan or claim form names (« 2027-S1 »), else a French refusal."""
    period = str(form.get("periode", ""))
    if not PERIOD.match(period):
        raise CoopdocsError(ws.w("bad_period", period=period))
    return period


async def write_bilan(request: Request) -> Response:
    from coopdocs.pipeline import BuildOptions
    from coopdocs.pipeline import bilan as write

    ws = workspace(request)
    form = await checked_form(request, ws.keys, ws.lang)
    period = form_period(ws, form)
    await run_in_threadpool(write, ws.project_file, period, BuildOptions(out_dir=ws.out_dir, force=True))
    return RedirectResponse(f"/bilan?periode={period}", status_code=303)


async def archive(request: Request) -> Response:
    ws = workspace(request)
    await checked_form(request, ws.keys, ws.lang)
    name, data = await run_in_threadpool(docs.archive_bytes, ws.project_file, ws.out_dir)
    return Response(
        data, media_type="application/zip", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


ROUTES = [
    Route("/documents", documents),
    Route("/documents/construire", build, methods=["POST"]),
    Route("/documents/etat", build_state),
    Route("/documents/tout.zip", download_all),
    Route("/documents/fichier/{path:path}", download),
    Route("/documents/apercu/{path:path}", preview),
    Route("/bilan", bilan),
    Route("/bilan/ecrire", write_bilan, methods=["POST"]),
    Route("/bilan/archive", archive, methods=["POST"]),
]
