"""Platforms' public keys (their JWKS URLs), fetched and kept for a few minutes.

A key id the kept set lacks makes one fresh fetch (the platform may have rotated), at most
every ``REFETCH_SECONDS`` per URL, so forged launches naming random key ids cannot make
studypath hammer a platform. At most ``MAX_SETS`` sets are kept; answers over 1 MiB or
slower than the timeout are refused.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from typing import Any

import httpx

from portal.lti import LaunchRefused

TTL_SECONDS = 300.0
REFETCH_SECONDS = 10.0
MAX_SETS = 256
MAX_BYTES = 1024 * 1024


class PlatformKeys:
    def __init__(self, *, timeout: float = 10.0) -> None:
        self.timeout = timeout
        self._sets: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
        # when a set was last fetched again for a kid it lacked
        self._missed: dict[str, float] = {}

    async def for_kid(self, url: str, kid: str | None) -> dict[str, Any]:
        """The JWKS at ``url``, fresh enough and holding ``kid`` when the set can have it."""
        now = time.monotonic()
        kept = self._sets.get(url)
        if kept is not None:
            fetched, jwks = kept
            has = kid is None or any(k.get("kid") == kid for k in jwks.get("keys", []))
            if now - fetched < TTL_SECONDS and has:
                return jwks
            if not has and now - self._missed.get(url, -REFETCH_SECONDS) < REFETCH_SECONDS:
                return jwks  # fetched again for an unknown kid a moment ago: not again yet
            if not has:
                self._missed[url] = now
        jwks = await self._fetch(url)
        self._sets[url] = (now, jwks)
        self._sets.move_to_end(url)
        while len(self._sets) > MAX_SETS:
            gone, _ = self._sets.popitem(last=False)
            self._missed.pop(gone, None)
        return jwks

    async def _fetch(self, url: str) -> dict[str, Any]:
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                async with client.stream(
                    "GET", url, headers={"Accept": "application/json"}
                ) as answer:
                    if answer.status_code != 200:
                        raise LaunchRefused(
                            f"the platform's JWKS at {url} answered {answer.status_code}"
                        )
                    body = b""
                    async for chunk in answer.aiter_bytes():
                        body += chunk
                        if len(body) > MAX_BYTES:
                            raise LaunchRefused(f"the platform's JWKS at {url} is over 1 MiB")
        except httpx.HTTPError as err:
            raise LaunchRefused(
                f"the platform's JWKS at {url} cannot be fetched ({type(err).__name__})"
            ) from None
        try:
            jwks = json.loads(body)
        except ValueError:
            raise LaunchRefused(f"the platform's JWKS at {url} is not JSON") from None
        if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
            raise LaunchRefused(f"the platform's JWKS at {url} has no keys list")
        return jwks
