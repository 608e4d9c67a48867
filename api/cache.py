"""A bounded in-process cache of whole responses to curriculum and plan reads.

The curriculum is immutable in a process and every read route (plans included) is a pure
function of the URL, so the bytes of a 200 answer can be reused for the same URL. The
curriculum version is part of every key, entries are evicted least-recently-used, and the
cache is bounded by the bytes it holds: keys (a URL may carry a 16 KB query string),
headers and bodies, plus a fixed overhead per entry for the objects around them, so
20,000 distinct junk URLs cost no more than the budget.
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


# Python objects around one entry (dict slot, dataclass, tuples, bytes and str headers),
# measured with tracemalloc on entries of this shape: about 700 bytes.
ENTRY_OVERHEAD = 1024


def entry_size(key: str, value: CachedResponse) -> int:
    """The bytes an entry holds: key, headers, body and the objects around them."""
    headers = sum(len(k) + len(v) + 80 for k, v in value.headers)
    return len(key) + len(value.body) + headers + ENTRY_OVERHEAD


class ResponseCache:
    """LRU bounded by the bytes of keys, headers and bodies; thread-safe."""

    def __init__(
        self, max_bytes: int = 32 * 1024 * 1024, max_item_bytes: int = 4 * 1024 * 1024
    ) -> None:
        self.max_bytes = max_bytes
        self.max_item_bytes = max_item_bytes
        self._items: OrderedDict[str, tuple[CachedResponse, int]] = OrderedDict()
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
            return found[0]

    def put(self, key: str, value: CachedResponse) -> None:
        size = entry_size(key, value)
        if size > self.max_item_bytes or size > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes and self._items:
                _, (_, evicted) = self._items.popitem(last=False)
                self._bytes -= evicted

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)
