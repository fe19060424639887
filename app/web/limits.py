"""A per-client request limit for the API and for saving summaries.

Counted per process in a sliding window, keyed by the client address: it
stops one client from hogging a worker without shared state, so web processes
stay stateless. With N worker processes a client may get up to N times the
limit; the front proxy is the place for a global limit.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from flask import current_app, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

_MAX_CLIENTS = 10_000


class TooManyRequests(HTTPException):
    code = 429


class _Window:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.hits: dict[str, deque[float]] = {}

    def allow(self, client: str, limit: int, period: float, now: float) -> float:
        """0 when allowed (and counted), else the seconds until the next request would be."""
        with self.lock:
            hits = self.hits.get(client)
            if hits is None:
                if len(self.hits) >= _MAX_CLIENTS:  # forget the idlest clients rather than grow without bound
                    for key in list(self.hits)[: _MAX_CLIENTS // 10]:
                        del self.hits[key]
                hits = self.hits[client] = deque()
            while hits and hits[0] <= now - period:
                hits.popleft()
            if len(hits) >= limit:
                return hits[0] + period - now
            hits.append(now)
            return 0.0


_windows: dict[str, _Window] = {}


def check(bucket: str) -> None:
    """Abort with 429 when this client has used up ``bucket``'s allowance."""
    limits = current_app.config["RATE_LIMITS"]  # settings.py: LOANLENS_RATE_LIMITS
    if bucket not in limits or not limits[bucket]:
        return
    limit, period = limits[bucket]
    window = _windows.setdefault(bucket, _Window())
    wait = window.allow(request.remote_addr or "-", limit, period, time.monotonic())
    if wait:
        retry = str(max(int(wait + 0.999), 1))
        if request.path.startswith("/api/"):
            response = jsonify(errors=[{"field": "", "message": _("Too many requests: try again in %(seconds)s seconds.", seconds=retry)}])
        else:
            response = current_app.make_response((render_template("errors/429.html", seconds=retry), 429))
        response.status_code = 429
        response.headers["Retry-After"] = retry
        raise TooManyRequests(response=response)


def reset() -> None:
    """Forget every count (tests)."""
    _windows.clear()
