"""The whole file as one form (« Tout le fichier », for what the entry pages do not show) and
the guide page (the checklist)."""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from coopdocs.web import guide_page, project_page, wording
from coopdocs.web.app import workspace
from coopdocs.web.entry_page import at_fields
from coopdocs.web.security import checked_form, strings, values


async def project(request: Request) -> Response:
    ws = workspace(request)
    view = await run_in_threadpool(project_page.view, ws.project_file, None, None, ws.lang)
    return ws.page(request, "project.html", view=view, **_said(view, ws.lang), created=ws.created)


def _said(view: project_page.View, lang: str) -> dict[str, Any]:
    """The messages in words; beside their field, the errors and (never blocking) the warnings."""
    said = view.said(lang)
    return {
        "said": said,
        "by_field": at_fields([s for s in said if not s.warning]),
        "warned": at_fields([s for s in said if s.warning]),
    }


async def save_project(request: Request) -> Response:
    ws = workspace(request)
    form = values(await checked_form(request, ws.keys, ws.lang))
    expected = form.pop("file_hash", "")
    action = form.pop("action", "")
    view = await run_in_threadpool(project_page.save, ws.project_file, expected, form, action, ws.lang)
    status = 409 if view.stale else 200
    ws.created = ws.created and not view.saved
    return ws.page(request, "project.html", status=status, view=view, **_said(view, ws.lang), created=ws.created)


async def check_project(request: Request) -> Response:
    """The live check: the summary of problems, and each field's messages in an htmx event."""
    ws = workspace(request)
    form = values(await checked_form(request, ws.keys, ws.lang))
    view = await run_in_threadpool(project_page.live_check, ws.project_file, form.pop("file_hash", ""), form, ws.lang)
    words = _said(view, ws.lang)
    response = ws.page(request, "_problems.html", view=view, said=words["said"])  # the summary, swapped
    label = wording.words("entry", ws.lang)["field_warning"]
    event = {"coopdocs-problems": {"fields": words["by_field"], "warned": words["warned"], "warning_label": label}}
    response.headers["HX-Trigger"] = json.dumps(event, ensure_ascii=True)
    return response


async def guide(request: Request) -> Response:
    ws = workspace(request)
    view = await run_in_threadpool(guide_page.view, ws.project_file)
    return ws.page(request, "guide.html", guide=view)


async def save_guide(request: Request) -> Response:
    ws = workspace(request)
    form = strings(await checked_form(request, ws.keys, ws.lang))
    view = await run_in_threadpool(guide_page.save, ws.project_file, form.pop("file_hash", ""), form)
    return ws.page(request, "guide.html", status=409 if view.stale else 200, guide=view)


ROUTES = [
    Route("/projet/tout", project),
    Route("/projet", save_project, methods=["POST"]),
    Route("/projet/tout", save_project, methods=["POST"]),
    Route("/projet/verifier", check_project, methods=["POST"]),
    Route("/guide", guide),
    Route("/guide", save_guide, methods=["POST"]),
]
