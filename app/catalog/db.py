"""The database connection: one engine per app, one session per request.

``DATABASE_URL`` picks the database: SQLite under ``instance/`` by default
(WAL mode and foreign keys switched on for every connection), PostgreSQL via
psycopg 3 when it says so (``postgresql://`` and ``postgres://`` are read as
``postgresql+psycopg://``). Plain SQLAlchemy, no Flask-SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

EXTENSION = "loanlens.db"
_G_SESSION = "loanlens_db_session"


@dataclass(frozen=True)
class Database:
    engine: Engine
    sessions: sessionmaker[Session]


def normalise_url(url: str) -> str:
    """The URL SQLAlchemy should use: plain PostgreSQL URLs go through psycopg 3 (the driver we install)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI connection
    """WAL lets readers run while a writer writes; SQLite leaves foreign keys off unless asked, per connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLite file or PostgreSQL), set up the way the app needs it."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def init_app(app: Flask) -> None:
    """Create the app's engine and close each request's session when the request ends."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions[EXTENSION] = Database(engine, sessionmaker(engine, expire_on_commit=False))
    app.teardown_appcontext(_close_session)


def database() -> Database:
    return current_app.extensions[EXTENSION]


def engine() -> Engine:
    """The current app's engine."""
    return database().engine


def session() -> Session:
    """The session of the current request (or CLI command), opened on first use."""
    current = g.get(_G_SESSION)
    if current is None:
        current = database().sessions()
        setattr(g, _G_SESSION, current)
    return current


def _close_session(exc: BaseException | None) -> None:
    current = g.pop(_G_SESSION, None)
    if current is not None:
        if exc is not None:
            current.rollback()
        current.close()
