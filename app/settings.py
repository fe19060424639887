"""Configuration from the environment.

Every setting has a development default except ``SECRET_KEY`` outside
development; ``create_app(test_config)`` overrides any of them.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rate_limits(spec: str) -> dict[str, tuple[int, float]]:
    """``"api=120/60,save=10/60,ocr=20/60"`` → {"api": (120, 60.0), "save": (10, 60.0)}: requests per seconds per client."""
    limits = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, _, rule = part.partition("=")
        count, _, seconds = rule.partition("/")
        limits[name.strip()] = (int(count), float(seconds or 60))
    return limits


def from_environment(instance_path: str) -> dict[str, object]:
    """Settings read from ``LOANLENS_*`` / standard variables, with safe defaults."""
    env = os.environ.get("LOANLENS_ENV", "development")
    sqlite_path = Path(instance_path) / "loanlens.sqlite"
    return {
        "ENV_NAME": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or ("dev-only-not-secret" if env == "development" else None),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{sqlite_path}",
        "PRODUCTS_FILE": os.environ.get("LOANLENS_PRODUCTS", str(ROOT / "products.yaml")),
        "BABEL_DEFAULT_LOCALE": "zh",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "LANGUAGES": ("zh", "en"),
        "MAX_CONTENT_LENGTH": int(os.environ.get("LOANLENS_MAX_BODY", 64 * 1024)),
        "RATE_LIMITS": rate_limits(os.environ.get("LOANLENS_RATE_LIMITS", "api=120/60,save=10/60,ocr=20/60")),
        "EMBED_FRAME_ANCESTORS": os.environ.get("EMBED_FRAME_ANCESTORS", "*"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env != "development",
    }
