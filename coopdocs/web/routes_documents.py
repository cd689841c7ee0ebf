"""The documents page (build with progress, the files grouped by what a person does with them,
downloads, PDF previews); the bilan page's routes are in routes_bilan.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from coopdocs.errors import CoopdocsError
from coopdocs.web import documents_page as docs
from coopdocs.web import routes_bilan
from coopdocs.web.app import Workspace, workspace
from coopdocs.web.security import checked_form

PREVIEWABLE = (".docx", ".xlsx")


async def documents(request: Request) -> Response:
    """The output folder's files grouped by what a person does with them, named in words."""
    ws = workspace(request)
    files = await run_in_threadpool(docs.output_files, ws.out_dir)
    job = ws.jobs.get("build")
    states = dict(job.outcomes) if job and job.finished else {}
    preview = PREVIEWABLE if docs.can_preview() else ()
    groups = await run_in_threadpool(_grouped, ws, files, states) if files else []
    return ws.page(
        request, "documents.html", files=files, groups=groups, job=job, out_dir=str(ws.out_dir), preview=preview
    )


def _grouped(ws: Workspace, files: list[tuple[str, int]], states: dict[str, str]) -> Any:
    from coopdocs.web.documents_list import grouped
    from coopdocs.web.routes_sheets import project_of

    try:
        project = project_of(ws)
    except CoopdocsError:  # the project cannot be read just now: the files are still listed, by path
        return [("internal", [_plain(name, size, states) for name, size in files])]
    return grouped(project, ws.out_dir, files, states, ws.lang)


def _plain(name: str, size: int, states: dict[str, str]) -> Any:
    from coopdocs.web.documents_list import Entry

    return Entry("internal", name.rsplit("/", 1)[-1], name, size, outcome=states.get(name, ""))


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


ROUTES = [
    Route("/documents", documents),
    Route("/documents/construire", build, methods=["POST"]),
    Route("/documents/etat", build_state),
    Route("/documents/tout.zip", download_all),
    Route("/documents/fichier/{path:path}", download),
    Route("/documents/apercu/{path:path}", preview),
    *routes_bilan.ROUTES,
]
