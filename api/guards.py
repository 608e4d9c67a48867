"""Request limits and security headers, as plain ASGI middleware.

Limits answer before any route runs, in the one error shape, naming the limit:
- a request body over ``max_body_bytes`` is 413 (Content-Length checked first, then the
  bytes actually received, for chunked uploads);
- a query string over ``max_query_bytes`` is 422 (long id lists go in a POST body);
- a body that stops arriving for ``body_timeout`` seconds is 408 (a half-sent request
  must not hold a connection and a task forever).

Every response gets X-Content-Type-Options and Referrer-Policy; JSON answers also get a
CSP that forbids rendering them as a page or framing them; learner answers (personal data)
are never stored by caches.
"""

from __future__ import annotations

import json
from typing import Any

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1024 * 1024
MAX_QUERY_BYTES = 16 * 1024


async def _send_error(
    send: Send, status: int, code: str, message: str, details: dict[str, Any]
) -> None:
    body = json.dumps({"error": {"code": code, "message": message, "details": details}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class LimitsMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int = MAX_BODY_BYTES,
        max_query_bytes: int = MAX_QUERY_BYTES,
        body_timeout: float = 15.0,
    ):
        self.app = app
        self.max_body = max_body_bytes
        self.max_query = max_query_bytes
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        if len(query) > self.max_query:
            await _send_error(
                send,
                422,
                "query_too_long",
                f"the query string has {len(query)} bytes; the limit is {self.max_query} "
                "(send long id lists in a POST body)",
                {"limit": self.max_query},
            )
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body:
                await _send_error(
                    send,
                    413,
                    "too_large",
                    f"the request body has {int(value)} bytes; the limit is {self.max_body}",
                    {"limit": self.max_body},
                )
                return
        if scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        # Read the body here, up to the limit and with a deadline per chunk, then replay it.
        chunks: list[bytes] = []
        received = 0
        while True:
            try:
                with anyio.fail_after(self.body_timeout):
                    message = await receive()
            except TimeoutError:
                await _send_error(
                    send,
                    408,
                    "request_timeout",
                    f"the request body stopped arriving for {self.body_timeout:g} s",
                    {"limit_seconds": self.body_timeout},
                )
                return
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            received += len(chunks[-1])
            if received > self.max_body:
                await _send_error(
                    send,
                    413,
                    "too_large",
                    f"the request body exceeds the limit of {self.max_body} bytes",
                    {"limit": self.max_body},
                )
                return
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                if content_type.startswith(b"application/json"):
                    extra.append(
                        (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
                    )
                elif content_type.startswith(b"image/svg+xml"):
                    # an SVG opened on its own is a document that could run script: none
                    extra.append(
                        (
                            b"content-security-policy",
                            b"default-src 'none'; style-src 'unsafe-inline'; "
                            b"frame-ancestors 'none'",
                        )
                    )
                if path.startswith("/learners"):
                    extra.append((b"cache-control", b"no-store"))
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                headers += [(k, v) for k, v in extra if k not in names or k == b"cache-control"]
                message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, with_headers)
