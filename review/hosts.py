"""Answer only requests addressed to this page's own host names (DNS rebinding guard).

A page on an attacker's site can make a browser send requests to ``127.0.0.1`` under the
attacker's host name (DNS rebinding); refusing every ``Host`` header that is not one of the
configured names stops that. An entry is a host name or address, optionally with a port
(``review.kancelaria.local``, ``10.0.0.5:8765``, ``[::1]``); an entry without a port
matches any port. With nothing configured the loopback names and the host of
``review_base_url`` are allowed. Anything else gets a small Polish 400 page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK = ("127.0.0.1", "localhost", "[::1]")

PAGE = """<!doctype html>
<html lang="pl"><head><meta charset="utf-8"><title>Błąd 400 · Kancelaria</title>
</head>
<body><main><h1>Błąd 400</h1>
<p class="error">Nieznany adres serwera: {host}. Strona akceptacji odpowiada tylko pod
adresami skonfigurowanymi w HANDOFF_REVIEW_HOSTS.</p></main></body></html>
"""


def split_host(value: str) -> tuple[str, int | None]:
    """``("name", port)`` of a Host header value; the name lower-case, IPv6 in brackets."""
    value = value.strip().lower()
    name, port = value, None
    if value.startswith("["):
        end = value.find("]")
        if end == -1:
            return value, None
        name, rest = value[: end + 1], value[end + 1 :]
        if rest.startswith(":") and rest[1:].isdigit():
            port = int(rest[1:])
        elif rest:
            return value, None
    elif value.count(":") == 1:
        name, _, tail = value.partition(":")
        if not tail.isdigit():
            return value, None
        port = int(tail)
    return name.rstrip("."), port


def allowed_hosts(configured: Iterable[str], base_url: str) -> list[tuple[str, int | None]]:
    entries = [h for h in configured if h.strip()]
    if not entries:
        entries = list(LOOPBACK)
        host = urlsplit(base_url).hostname
        if host:
            entries.append(f"[{host}]" if ":" in host else host)
    return [split_host(e) for e in entries]


class AllowedHosts:
    """ASGI middleware: a request whose Host is not allowed gets 400 and goes no further."""

    def __init__(self, app: ASGIApp, hosts: list[tuple[str, int | None]]) -> None:
        self.app = app
        self.hosts = hosts

    def allows(self, header: str) -> bool:
        name, port = split_host(header)
        return any(name == n and (p is None or p == port) for n, p in self.hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        header = ""
        for key, value in scope.get("headers", []):
            if key == b"host":
                header = value.decode("latin-1")
                break
        if header and self.allows(header):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        body = PAGE.format(host=html.escape(header[:100] or "(brak)")).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 400,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"cache-control", b"no-store"),
                    (b"x-content-type-options", b"nosniff"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
