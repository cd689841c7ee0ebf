"""The workspace's application: its state (the project file, the output folder, the secrets),
the page renderer, the error pages, and the routes of each page (routes_*.py)."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from http import HTTPStatus
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from coopdocs import french
from coopdocs.errors import CoopdocsError, from_os_error
from coopdocs.formats import long_date, money, number, percent, quantity
from coopdocs.project.model import SLUG as SLUG_PATTERN
from coopdocs.web.headers import SecurityHeaders, local_path
from coopdocs.web.security import CSRF_FIELD, Guard, Secrets
from coopdocs.words import label

SLUG = re.compile(SLUG_PATTERN)
WEB = Path(str(files("coopdocs").joinpath("web")))
log = logging.getLogger("coopdocs.web")


@dataclass
class Workspace:
    """What every page works on: one project file (the source of truth) and its output folder."""

    project_file: Path
    chosen_out_dir: Path | None  # -o; otherwise output/<project id> under the folder serve started in
    lang: str = "fr"
    port: int | None = None
    keys: Secrets = field(default_factory=Secrets)
    jobs: dict[str, Any] = field(default_factory=dict)
    created: bool = False  # serve wrote the project file (init's defaults) into an empty folder

    def w(self, key: str, **values: Any) -> str:
        """A word of the workspace (catalogue group `web`, then the entry pages' `entry`, then `work`) in the
        workspace's language."""
        from coopdocs.words import words

        text = words("web", self.lang).get(key) or words("entry", self.lang).get(key) or label("work", key, self.lang)
        if not values:
            return text
        return (
            french.filled(text, {k: str(v) for k, v in values.items()}) if self.lang == "fr" else text.format(**values)
        )

    def word(self, group: str, key: str) -> str:
        """A word of another catalogue group (a status, a document, an outcome), or the key itself."""
        from coopdocs.words import words

        return words(group, self.lang).get(str(key), str(key))

    base: Path = field(default_factory=Path.cwd)

    @property
    def out_dir(self) -> Path:
        """Where `build` writes: the chosen folder, or output/<project id> as on the command line
        (read again each time: the id may have just been fixed in the form)."""
        if self.chosen_out_dir is not None:
            return self.chosen_out_dir
        try:
            digest = hashlib.sha256(self.project_file.read_bytes()).hexdigest()
        except OSError:
            digest = ""
        return self.base / "output" / _output_name(self.project_file, digest)

    @cached_property
    def env(self) -> Environment:
        env = Environment(
            loader=FileSystemLoader(str(WEB / "templates")),
            autoescape=select_autoescape(default=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.globals.update(w=self.w, word=self.word, whole_plan=_whole_plan)
        env.filters["money"] = lambda amount, currency="EUR": money(amount, self.lang, currency)
        env.filters["number"] = lambda value: number(value, self.lang)  # « 9,5 » in French
        env.filters["quantity"] = lambda value, unit: quantity(value, unit, self.lang)  # « 1 visite »
        env.filters["percent"] = lambda share: percent(float(share), self.lang)  # « 80 % » in French
        env.filters["date"] = lambda day: long_date(day, self.lang)  # « 1er mars 2027 », never ISO
        env.tests["prefixed"] = lambda key, prefix: key == prefix or str(key).startswith(prefix + ".")
        return env

    def page(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(
            csrf=self.keys.csrf,
            csrf_field=CSRF_FIELD,
            lang=self.lang,
            path=request.url.path,
            project_name=self.project_file.name,
            **context,
        )
        return HTMLResponse(html, status_code=status)


@lru_cache(maxsize=8)
def _output_name(project_file: Path, digest: str) -> str:
    """The project's id (its output folder's name), read once per content of the file (`digest`):
    parsing the YAML costs 30 ms for the example, and a page asks for the folder several times."""
    from coopdocs.project.source import load_yaml

    try:
        data = load_yaml(project_file).data
        project_id = data["project"]["id"]
    except (CoopdocsError, KeyError, TypeError):
        project_id = None
    return project_id if isinstance(project_id, str) and SLUG.match(project_id) else project_file.stem


def workspace(request: Request) -> Workspace:
    ws: Workspace = request.app.state.workspace
    return ws


def create_app(
    project_file: Path, out_dir: Path | None, lang: str = "fr", port: int | None = None, created: bool = False
) -> Any:
    """The application behind `coopdocs serve` (the Guard in front of every route)."""
    from coopdocs.web import routes_claims, routes_documents, routes_entry, routes_project, routes_sheets

    ws = Workspace(project_file, out_dir, lang, port, created=created)
    routes = [
        Route("/", lambda request: RedirectResponse("/projet", status_code=303)),
        *routes_project.ROUTES,
        *routes_entry.ROUTES,
        *routes_documents.ROUTES,
        *routes_sheets.ROUTES,
        *routes_claims.ROUTES,
        Mount("/static", StaticFiles(directory=str(WEB / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, CoopdocsError: _user_error, Exception: _bug},
    )
    app.state.workspace = ws
    guarded = SecurityHeaders(Guard(app, ws.keys, port, lang))
    guarded.state = app.state  # type: ignore[attr-defined]  # tests reach the workspace through it
    return guarded


async def _http_error(request: Request, exc: Exception) -> Response:
    """A refusal as a page in the workspace's words (Starlette's own details are English). A
    GET of an address that only takes a form (a page reloaded after sending one) goes back to
    the page the form was on."""
    assert isinstance(exc, HTTPException)
    ws = workspace(request)
    if exc.status_code == 405 and request.method in ("GET", "HEAD"):
        return RedirectResponse(local_path(request.url.path.rsplit("/", 1)[0] or "/"), status_code=303)
    message = str(exc.detail)
    if exc.status_code == 404 or message == _phrase(exc.status_code):
        key = {404: "not_found", 405: "bad_method"}.get(exc.status_code, "refused")
        message = ws.w(key, code=exc.status_code)
    return ws.page(request, "error.html", status=exc.status_code, message=message)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


async def _user_error(request: Request, exc: Exception) -> Response:
    ws = workspace(request)
    message = exc.said(ws.lang) if isinstance(exc, CoopdocsError) else str(exc)
    return ws.page(request, "error.html", status=400, message=message)


async def _bug(request: Request, exc: Exception) -> Response:
    ws = workspace(request)
    if isinstance(exc, OSError):
        return ws.page(request, "error.html", status=400, message=from_os_error(exc).message)
    log.exception("erreur interne")
    message = ws.w("internal_error", kind=type(exc).__name__)
    return ws.page(request, "error.html", status=500, message=message)


def _whole_plan(plans: list[Any], name: str) -> Any:
    """The project's financing plan under the partners' (coopdocs.web.budget_page.whole)."""
    from coopdocs.web.budget_page import whole

    return whole(plans, name)
