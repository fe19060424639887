"""gunicorn settings for `make serve`: everything from the environment, logs as JSON lines.

    gunicorn -c python:app.serving 'app:create_app()'

BIND (default 127.0.0.1:8000) and WEB_CONCURRENCY (default 2) choose the
address and the worker count; the app itself reads the rest (LOANLENS_ENV,
SECRET_KEY, DATABASE_URL…). Workers are plain sync workers: each request is
CPU-bound arithmetic, and web processes keep no state between requests, so
they scale by adding workers or hosts.
"""

from __future__ import annotations

import json
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 10
max_requests = 5000  # recycle workers now and then; jitter avoids all restarting at once
max_requests_jitter = 500
control_socket_disable = True  # gunicorn 27 opens ~/.gunicorn/gunicorn.ctl otherwise (tooling.md)
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = os.environ.get("ERROR_LOG", "-")
loglevel = os.environ.get("LOG_LEVEL", "info")
# One JSON object per request (gunicorn fills the %(…)s atoms; json.dumps escapes them safely below).
access_log_format = json.dumps(
    {
        "time": "%(t)s",
        "remote": "%(h)s",
        "method": "%(m)s",
        "path": "%(U)s",
        "query": "%(q)s",
        "status": "%(s)s",
        "bytes": "%(B)s",
        "duration_ms": "%(M)s",
        "referrer": "%(f)s",
        "agent": "%(a)s",
    }
)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "app.logs.JsonFormatter"}},
    "handlers": {
        "error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"},
    },
    "root": {"level": "INFO", "handlers": ["error"]},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "app": {"handlers": ["error"], "level": loglevel.upper(), "propagate": False},
    },
}
logconfig_dict["formatters"]["access"] = {"format": "%(message)s"}  # the line is already JSON


def on_starting(server) -> None:  # noqa: ANN001 - gunicorn's Arbiter
    """Refuse to start, with a plain message, on missing production settings or an invalid catalog."""
    import sys

    from app.catalog import CatalogError, load_catalog

    if os.environ.get("LOANLENS_ENV", "development") != "development" and not os.environ.get("SECRET_KEY"):
        sys.exit("LoanLens: SECRET_KEY must be set when LOANLENS_ENV is not 'development'.")
    try:
        load_catalog(os.environ.get("LOANLENS_PRODUCTS"))
    except CatalogError as exc:
        sys.exit(f"LoanLens: the catalog is invalid:\n{exc}")
