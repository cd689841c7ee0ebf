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
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from coopdocs.web.headers import local_path
from coopdocs.words import label

COOKIE = "coopdocs_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
LOCAL_NAMES = ("127.0.0.1", "localhost")
MAX_FORM_FIELDS = 50_000  # a large project's form (80 agents) has a few thousand fields
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_BODY_BYTES = 16 * 1024 * 1024  # a request body: the largest project form is about 1 MB
# Starlette's own (English) refusals of a form, by their first words, and our word for each.
FORM_REFUSALS = (("Too many files", "form_files"), ("Too many fields", "form_fields"), ("maximum size", "form_part"))


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
            await self.app(scope, bounded(receive, self.lang), send)
        else:
            await response(scope, receive, send)

    def refusal(self, request: Request) -> Response | None:
        """None when the request may go on; otherwise the answer to give (403 or a redirect)."""
        if not host_allowed(request.headers.get("host", ""), self.port):
            return forbidden("bad_host", self.lang)
        length = request.headers.get("content-length", "0")
        if not length.isdigit():
            return forbidden("bad_form", self.lang, 400)
        if int(length) > MAX_BODY_BYTES:
            return forbidden("body_too_large", self.lang, 413, mb=MAX_BODY_BYTES >> 20)
        token = request.query_params.get("token")
        if token is not None and hmac.compare_digest(token.encode(), self.keys.token.encode()):
            rest = [(k, v) for k, v in parse_qsl(request.url.query) if k != "token"]
            target = local_path(request.url.path + (f"?{urlencode(rest)}" if rest else ""))
            redirect = RedirectResponse(target, status_code=303)
            redirect.set_cookie(COOKIE, self.keys.session(), httponly=True, samesite="strict", path="/")
            return redirect
        cookie = request.cookies.get(COOKIE, "")
        if cookie and hmac.compare_digest(cookie.encode(), self.keys.session().encode()):
            return None
        return forbidden("no_token", self.lang)


def forbidden(key: str, lang: str, status: int = 403, **values: Any) -> Response:
    text = label("web", key, lang).format(**values)
    page = f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>{status}</title><p>{text}</p></html>'
    return HTMLResponse(page, status_code=status)


class BodyTooLarge(HTTPException):
    pass


def bounded(receive: Receive, lang: str) -> Receive:
    """`receive`, refusing a body (sent in chunks, without a length) beyond MAX_BODY_BYTES."""
    seen = 0

    async def receiving() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > MAX_BODY_BYTES:
            raise BodyTooLarge(413, label("web", "body_too_large", lang).format(mb=MAX_BODY_BYTES >> 20))
        return message

    return receiving


async def checked_form(request: Request, keys: Secrets, lang: str = "fr") -> FormData:
    """The posted form, after its CSRF token (field or header) and its origin are checked."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = origin.split("://", 1)[-1]
        if host != request.headers.get("host"):
            raise HTTPException(403, label("web", "bad_origin", lang))
    try:
        form = await request.form(max_files=2, max_fields=MAX_FORM_FIELDS, max_part_size=MAX_UPLOAD_BYTES)
    except BodyTooLarge:
        raise
    except HTTPException as exc:  # Starlette's refusal, in English
        raise HTTPException(exc.status_code, form_refusal(str(exc.detail), lang)) from None
    except Exception:  # a malformed body: a refusal, never a traceback
        raise HTTPException(400, label("web", "bad_form", lang)) from None
    given = str(form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or "")
    if not hmac.compare_digest(given.encode(), keys.csrf.encode()):
        raise HTTPException(403, label("web", "bad_csrf", lang))
    return form


def form_refusal(detail: str, lang: str) -> str:
    """Starlette's refusal of a form in the workspace's words (ours are kept as they are)."""
    key = next((key for start, key in FORM_REFUSALS if start in detail), "bad_form")
    return label("web", key, lang).format(files=2, fields=MAX_FORM_FIELDS, mb=MAX_UPLOAD_BYTES >> 20)


def values(form: FormData) -> dict[str, str]:
    """The text fields of a form; a field sent several times (checkboxes) is one value a line."""
    found: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            found.setdefault(key, []).append(value)
    return {k: "\n".join(v for v in vs if v) if len(vs) > 1 else vs[0] for k, vs in found.items()}


def strings(form: FormData) -> dict[str, Any]:
    """The text fields of a form (a file field is left out)."""
    return {k: v for k, v in form.multi_items() if isinstance(v, str)}
