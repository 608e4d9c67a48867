"""A bounded in-process cache of whole responses to curriculum and plan reads.

The curriculum is immutable in a process and every read route (plans included) is a pure
function of the URL, so the bytes of a 200 answer can be reused for the same URL. The
curriculum version is part of every key, entries are evicted least-recently-used, and the
cache is bounded by total bytes, not entries.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class CachedResponse:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


class ResponseCache:
    """LRU by total body bytes; thread-safe."""

    def __init__(
        self, max_bytes: int = 64 * 1024 * 1024, max_item_bytes: int = 4 * 1024 * 1024
    ) -> None:
        self.max_bytes = max_bytes
        self.max_item_bytes = max_item_bytes
        self._items: OrderedDict[str, CachedResponse] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> CachedResponse | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: str, value: CachedResponse) -> None:
        size = len(value.body)
        if size > self.max_item_bytes or self.max_bytes <= 0:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._items[key] = value
            self._bytes += size
            while self._bytes > self.max_bytes and self._items:
                _, evicted = self._items.popitem(last=False)
                self._bytes -= len(evicted.body)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)
