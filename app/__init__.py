"""LoanLens (借贷明镜): the real cost of Chinese consumer-credit offers."""

from __future__ import annotations

import os

from flask import Flask

from . import catalog, settings, web


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an instance of the LoanLens application."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(settings.ROOT / "templates"),
        static_folder=str(settings.ROOT / "static"),
    )
    app.config.from_mapping(settings.from_environment(app.instance_path))
    if test_config is not None:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set outside development (LOANLENS_ENV=%s)" % app.config["ENV_NAME"])
    os.makedirs(app.instance_path, exist_ok=True)
    catalog.init_app(app)
    web.init_app(app)
    return app
