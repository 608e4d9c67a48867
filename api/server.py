"""The HTTP server's own guard against slow clients, and how `studypath serve` runs uvicorn.

uvicorn times out idle keep-alive connections but not a client that connects and sends
nothing, or sends half a request line or half its headers: such a connection was held
open forever (slowloris). ``GuardedHttpToolsProtocol`` gives every request
``request_timeout_seconds`` from its first byte (or from the connection, for the first)
to finish its headers, then closes the connection. A body that stops arriving is the
application's to time out (api.guards.LimitsMiddleware answers 408).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.settings import get_settings

PROTOCOL = "api.server:GuardedHttpToolsProtocol"
GRACEFUL_SHUTDOWN_SECONDS = 5


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None
        self._header_timeout = get_settings().request_timeout_seconds

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self._header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()


def uvicorn_options() -> dict[str, Any]:
    """The options `studypath serve` and the tests' live server give uvicorn."""
    settings = get_settings()
    return {
        "http": PROTOCOL,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
        "limit_concurrency": settings.max_connections,
        "timeout_keep_alive": 5,
    }
