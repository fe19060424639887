"""Fingerprinted static files: ``url_for('static', …)`` adds ``?v=<content hash>``.

A request carrying the current hash may be cached for a year (the URL changes
whenever the file does); anything else is cached for an hour. The embed
loader keeps a stable URL, since other sites' pages point at it.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, request

STABLE = frozenset({"embed.js"})
YEAR = 365 * 24 * 3600


@lru_cache(maxsize=256)
def _version(folder: str, filename: str) -> str | None:
    path = Path(folder, filename)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return None


def init_app(app: Flask) -> None:
    folder = app.static_folder or ""

    @app.url_defaults
    def fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values and values.get("filename") not in STABLE:
            version = _version(folder, values.get("filename", ""))
            if version:
                values["v"] = version

    @app.after_request
    def cache_static(response):
        if request.endpoint == "static":
            filename = (request.view_args or {}).get("filename", "")
            current = request.args.get("v") and request.args.get("v") == _version(folder, filename)
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = YEAR if current else 3600
            if current:
                response.cache_control.immutable = True
            if filename in STABLE:  # loaded by other sites' pages
                response.headers["Access-Control-Allow-Origin"] = "*"
        return response
