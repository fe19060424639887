"""A per-process cache of rendered calculator pages.

A calculator page is a pure function of its query string, the language, whether
htmx asked for the fragment, the date (due dates, the LPR in force) and the
catalog's content: the same link shared in a forum is rendered once per day
per process, then served from memory. Bounded (least recently used out), and
per process, so web processes stay stateless.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class RenderCache:
    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, render: Callable[[], str]) -> str:
        """The cached rendering for ``key``, rendering (outside the lock) on a miss."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        html = render()
        with self._lock:
            self._items[key] = html
            if len(self._items) > self.size:
                self._items.popitem(last=False)
        return html

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
