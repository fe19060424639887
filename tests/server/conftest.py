"""A real gunicorn server on loopback, started and killed by the tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving create_app() on a free port, in its own process group."""

    def __init__(self, database_url: str, tmp: Path, workers: int = 2) -> None:
        self.database_url, self.tmp, self.workers = database_url, tmp, workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        env = {**os.environ, "DATABASE_URL": self.database_url, "LOANLENS_ENV": "development",
               "LOANLENS_RATE_LIMITS": "api=100000/60,save=100000/60", "BIND": f"127.0.0.1:{self.port}",
               "WEB_CONCURRENCY": str(self.workers), "ACCESS_LOG": str(self.tmp / "access.log"),
               "ERROR_LOG": str(self.tmp / "error.log")}
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen([str(gunicorn), "-c", "python:app.serving", "app:create_app()"],
                                        cwd=ROOT, env=env, start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=5).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.2)
        self.kill()
        raise AssertionError("gunicorn did not come up: " + (self.tmp / "error.log").read_text()[-2000:])

    def kill(self) -> None:
        """SIGKILL the whole process group: no graceful shutdown, no flushing."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def server_factory(tmp_path):
    started: list[Server] = []

    def make(database_url: str) -> Server:
        server = Server(database_url, tmp_path)
        started.append(server)
        return server.start()

    yield make
    for server in started:
        server.kill()
