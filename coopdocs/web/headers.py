"""What every answer of the workspace carries, and where it may send the browser.

- security headers on every response (pages, files, refusals, redirects): no framing by
  another site or port (`X-Frame-Options`, CSP `frame-ancestors`), no caching of pages that
  show the project, no type sniffing, no referrer; pages get a content policy allowing only
  the workspace's own scripts (htmx and app.js), styles and images;
- `local_path`: a redirect only ever goes to a path of this workspace (`//other.host/x`,
  `/\\other.host`, `http://…` become paths here).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
FILE_POLICY = "frame-ancestors 'none'"  # a download or a PDF preview: no framing, the viewer left alone
SECURITY = (
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
)
OURS = {name for name, _ in SECURITY} | {b"content-security-policy"}


def local_path(target: str) -> str:
    """`target` as a path of this workspace (its query kept): a scheme, a host or leading
    slashes and backslashes, which a browser would read as another site, are dropped."""
    parts = urlsplit(target.replace("\\", "/"))
    path = "/" + parts.path.lstrip("/")
    return path + (f"?{parts.query}" if parts.query else "")


def with_security(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The response's headers with ours (replacing any of the same name)."""
    kept = [(k, v) for k, v in headers if k.lower() not in OURS]
    html = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in kept)
    policy = PAGE_POLICY if html else FILE_POLICY
    return kept + [*SECURITY, (b"content-security-policy", policy.encode())]


class SecurityHeaders:
    """ASGI middleware, outermost: adds the headers to whatever answers (the guard's refusals
    included). It only rewrites the start message: no work per request beyond that."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": with_security(list(message.get("headers", [])))}
            await send(message)

        await self.app(scope, receive, sending)
