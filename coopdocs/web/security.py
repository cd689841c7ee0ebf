"""Local does not mean open: the checks every request of the workspace passes.

- the Host header must name this machine (127.0.0.1 or localhost, on our port): a page of
  another site whose name was pointed at 127.0.0.1 (DNS rebinding) is refused;
- the first URL carries a random token; visiting it sets a session cookie (HttpOnly,
  SameSite=Strict) and redirects to the same page without the token; any request with neither
  is refused (403);
- every POST carries the session's CSRF token (a hidden field of each form, or the
  `X-CSRF-Token` header htmx sends), checked by `checked_form`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from coopdocs.words import label

COOKIE = "coopdocs_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
LOCAL_NAMES = ("127.0.0.1", "localhost")
MAX_FORM_FIELDS = 50_000  # a large project's form (80 agents) has a few thousand fields
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Secrets:
    """The token of the first URL, and the CSRF token derived from it."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    @property
    def csrf(self) -> str:
        return hmac.new(self.token.encode(), b"csrf", hashlib.sha256).hexdigest()

    def session(self) -> str:
        return hmac.new(self.token.encode(), b"session", hashlib.sha256).hexdigest()


def host_allowed(host: str, port: int | None) -> bool:
    """`127.0.0.1:8765` or `localhost:8765` (any port when none is fixed, as in tests)."""
    name, _, given = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
    if name not in LOCAL_NAMES:
        return False
    return port is None or given == str(port)


class Guard:
    """ASGI middleware: Host header, then token or session cookie, before any route runs."""

    def __init__(self, app: ASGIApp, keys: Secrets, port: int | None, lang: str = "fr"):
        self.app, self.keys, self.port, self.lang = app, keys, port, lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        response = self.refusal(request)
        if response is None:
            await self.app(scope, receive, send)
        else:
            await response(scope, receive, send)

    def refusal(self, request: Request) -> Response | None:
        """None when the request may go on; otherwise the answer to give (403 or a redirect)."""
        if not host_allowed(request.headers.get("host", ""), self.port):
            return forbidden("bad_host", self.lang)
        token = request.query_params.get("token")
        if token is not None and hmac.compare_digest(token.encode(), self.keys.token.encode()):
            rest = [(k, v) for k, v in parse_qsl(request.url.query) if k != "token"]
            target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            redirect = RedirectResponse(target, status_code=303)
            redirect.set_cookie(COOKIE, self.keys.session(), httponly=True, samesite="strict", path="/")
            return redirect
        cookie = request.cookies.get(COOKIE, "")
        if cookie and hmac.compare_digest(cookie.encode(), self.keys.session().encode()):
            return None
        return forbidden("no_token", self.lang)


def forbidden(key: str, lang: str) -> Response:
    text = label("web", key, lang)
    page = f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>403</title><p>{text}</p></html>'
    return HTMLResponse(page, status_code=403)


async def checked_form(request: Request, keys: Secrets, lang: str = "fr") -> FormData:
    """The posted form, after its CSRF token (field or header) and its origin are checked."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = origin.split("://", 1)[-1]
        if host != request.headers.get("host"):
            raise HTTPException(403, label("web", "bad_origin", lang))
    try:
        form = await request.form(max_files=2, max_fields=MAX_FORM_FIELDS, max_part_size=MAX_UPLOAD_BYTES)
    except HTTPException:
        raise
    except Exception:  # a malformed body: a refusal, never a traceback
        raise HTTPException(400, label("web", "bad_form", lang)) from None
    given = str(form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or "")
    if not hmac.compare_digest(given.encode(), keys.csrf.encode()):
        raise HTTPException(403, label("web", "bad_csrf", lang))
    return form


def strings(form: FormData) -> dict[str, Any]:
    """The text fields of a form (a file field is left out)."""
    return {k: v for k, v in form.multi_items() if isinstance(v, str)}
