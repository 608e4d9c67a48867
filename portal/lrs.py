"""Sending one xAPI statement to a Learning Record Store (xAPI 1.0.3, Communication 2.1.1).

Each statement goes by ``PUT statements?statementId=<its id>``: the LRS stores it under the
id it already has, and answers 204; a statement it already holds is answered 204 or 409
and never stored twice (the standard forbids it). So a delivery retried after a lost answer
cannot make a second record, and both answers mean "the LRS has it".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from portal.xapi import XAPI_VERSION

Outcome = Literal["delivered", "retry", "rejected"]
# answers after which sending the same statement again cannot succeed
_PERMANENT = {400, 403, 404, 405, 413, 415, 422}


@dataclass(frozen=True)
class Delivery:
    outcome: Outcome
    detail: str  # the LRS's status and a short excerpt of its answer, or the network error


class LrsClient:
    """An LRS at ``endpoint`` (its xAPI base, e.g. ``https://lrs.example/xAPI/``) with HTTP
    Basic credentials; ``timeout`` bounds each request."""

    def __init__(
        self,
        endpoint: str,
        username: str | None,
        password: str | None,
        *,
        timeout: float = 10.0,
    ) -> None:
        self.endpoint = endpoint.rstrip("/") + "/"
        auth = httpx.BasicAuth(username, password or "") if username else None
        self._client = httpx.AsyncClient(
            auth=auth,
            timeout=httpx.Timeout(timeout),
            headers={"X-Experience-API-Version": XAPI_VERSION},
            follow_redirects=False,
        )

    async def put(self, statement: dict[str, Any]) -> Delivery:
        try:
            answer = await self._client.put(
                self.endpoint + "statements",
                params={"statementId": statement["id"]},
                content=json.dumps(statement, ensure_ascii=False).encode(),
                headers={"Content-Type": "application/json"},
            )
        except httpx.HTTPError as err:  # refused, reset, timed out: the LRS may come back
            return Delivery("retry", f"{type(err).__name__}: {err}"[:500])
        detail = f"{answer.status_code} {answer.text[:300]}".strip()
        if answer.status_code in (200, 204, 409):
            return Delivery("delivered", detail)
        if answer.status_code in _PERMANENT:
            return Delivery("rejected", detail)
        return Delivery("retry", detail)  # 401 (credentials being fixed), 429, 5xx, ...

    async def aclose(self) -> None:
        await self._client.aclose()
