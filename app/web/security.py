"""Security headers on every response.

A Content-Security-Policy with no inline script or style anywhere (htmx is
configured not to inject its indicator styles), and framing refused
everywhere except the embeddable widget under /embed/, whose allowed framing
origins come from ``EMBED_FRAME_ANCESTORS`` (default: any site).
"""

from __future__ import annotations

from flask import Flask, request

BASE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
}


def embeddable(path: str) -> bool:
    """Only the widget may be shown inside other sites' pages."""
    return path.startswith("/embed/")


def _policy(frame_ancestors: str) -> str:
    return "; ".join(f"{k} {v}" for k, v in {**BASE_POLICY, "frame-ancestors": frame_ancestors}.items())


def init_app(app: Flask) -> None:
    app.config.setdefault("EMBED_FRAME_ANCESTORS", "*")
    page_policy = _policy(BASE_POLICY["frame-ancestors"])
    widget_policy = _policy(app.config["EMBED_FRAME_ANCESTORS"])

    @app.after_request
    def headers(response):
        if embeddable(request.path):
            response.headers["Content-Security-Policy"] = widget_policy
        else:
            response.headers["Content-Security-Policy"] = page_policy
            response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
