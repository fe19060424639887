"""Load: the app under gunicorn on loopback, driven by wrk at concurrency 64, with saves alongside.

Run: .venv/bin/python bench/load.py   (prints figures; nothing here passes or fails)

For each database (SQLite in WAL mode, then PostgreSQL when .ci/postgres.sh can
start one): gunicorn with WEB_CONCURRENCY workers; wrk for DURATION seconds on
the compare fragment (GET, HX-Request) and on POST /api/v1/quote, each while 8
Python clients keep saving summaries (GET the form for its CSRF token, POST).
Then every acknowledged save is read back. Needs wrk (apt-get install wrk).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 64
WORKERS = int(os.environ.get("WEB_CONCURRENCY", "2"))
QUOTE_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"principal": 10000, "term": 12, "repayment": "equal_installment", "rate": {"kind": "daily", "percent": 0.05, "day_basis": 360}, "fees": [{"when": "payout", "amount": 300}]}'
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(database_url: str, tmp: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "LOANLENS_ENV": "development", "BIND": f"127.0.0.1:{port}",
           "WEB_CONCURRENCY": str(WORKERS), "ACCESS_LOG": "/dev/null", "ERROR_LOG": str(tmp / "error.log"),
           "LOANLENS_RATE_LIMITS": "api=100000000/60,save=100000000/60"}
    subprocess.run([str(BIN / "flask"), "--app", "app", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    process = subprocess.Popen([str(BIN / "gunicorn"), "-c", "python:app.serving", "app:create_app()"], cwd=ROOT, env=env,
                               start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if requests.get(url + "/healthz", timeout=5).ok:
                return process, url
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start: " + (tmp / "error.log").read_text()[-1500:])


def wrk(url: str, lua: Path | None = None, headers: tuple[str, ...] = ()) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    if lua:
        command += ["-s", str(lua)]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout

    def pick(pattern: str, default: str = "0") -> str:
        match = re.search(pattern, out)
        return match.group(1) if match else default

    non2xx = int(pick(r"Non-2xx or 3xx responses: (\d+)"))
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", pick(r"Socket errors: (.*)", "")))
    return {"rps": float(pick(r"Requests/sec:\s+([\d.]+)")), "p50": pick(r"(?m)^\s+50%\s+(\S+)"), "p99": pick(r"(?m)^\s+99%\s+(\S+)"),
            "errors": non2xx + socket_errors}


class Savers:
    """Clients saving summaries as fast as the server acknowledges them, while wrk runs."""

    def __init__(self, url: str, clients: int = 8) -> None:
        self.url, self.clients = url, clients
        self.stop = threading.Event()
        self.latencies: list[float] = []
        self.saved: list[tuple[str, str]] = []
        self.errors = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(k,)) for k in range(clients)]

    def run(self, client: int) -> None:
        session = requests.Session()
        k = 0
        while not self.stop.is_set():
            amount = str(10000 + client * 100000 + k)
            k += 1
            data = {"amount": amount, "term": "12", "kind": "period_fee", "rate": "0.6"}
            try:
                page = session.get(self.url + "/summary", params=data, timeout=30).text
                token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
                began = time.perf_counter()
                response = session.post(self.url + "/summaries", data={"csrf_token": token, **data},
                                        allow_redirects=False, timeout=30)
                elapsed = time.perf_counter() - began
            except (requests.RequestException, AttributeError):
                with self.lock:
                    self.errors += 1
                continue
            with self.lock:
                if response.status_code == 303:
                    self.latencies.append(elapsed)
                    self.saved.append((response.headers["Location"], amount))
                else:
                    self.errors += 1

    def __enter__(self) -> Savers:
        self.began = time.perf_counter()
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()
        self.elapsed = time.perf_counter() - self.began

    def line(self) -> str:
        if not self.latencies:
            return f"saves: none acknowledged, {self.errors} errors"
        q = statistics.quantiles(self.latencies, n=100)
        return (f"saves alongside: {len(self.latencies) / self.elapsed:7.1f}/s  p50 {q[49] * 1000:.1f}ms  "
                f"p99 {q[98] * 1000:.1f}ms  errors {self.errors}")


def run(label: str, database_url: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        process, url = start(database_url, Path(tmp))
        lua = Path(tmp) / "quote.lua"
        lua.write_text(QUOTE_LUA)
        saved: list[tuple[str, str]] = []
        try:
            print(f"\n{label}: gunicorn {WORKERS} sync workers, wrk -c{CONNECTIONS} for {DURATION}s each")
            print(f"{'endpoint':<44} {'req/s':>9} {'p50':>9} {'p99':>9} {'errors':>7}")
            for name, target, extra in (
                ("GET /compare?amount=10000&term=12 (htmx)", url + "/compare?amount=10000&term=12", {"headers": ("HX-Request: true",)}),
                ("POST /api/v1/quote", url + "/api/v1/quote", {"lua": lua}),
            ):
                with Savers(url) as savers:
                    r = wrk(target, **extra)
                print(f"{name:<44} {r['rps']:>9.1f} {r['p50']:>9} {r['p99']:>9} {r['errors']:>7}")
                print(f"  {savers.line()}")
                saved += savers.saved
            os.killpg(process.pid, signal.SIGKILL)  # no graceful shutdown: are acknowledged saves on disk?
            process.wait()
            process, url = start(database_url, Path(tmp))
            missing = sum(1 for path, _ in saved if requests.get(url + path, timeout=30).status_code != 200)
            print(f"  after SIGKILL and restart: {len(saved) - missing} of {len(saved)} acknowledged saves read back")
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    print(f"Load on {os.cpu_count()} cores; the load generator shares them with the server.")
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite (WAL)", f"sqlite:///{tmp}/load.sqlite")
    try:
        pg = subprocess.run([str(ROOT / ".ci" / "postgres.sh")], capture_output=True, text=True, check=True).stdout.strip()
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"\nPostgreSQL: skipped ({exc})")
        return
    run("PostgreSQL", pg)


if __name__ == "__main__":
    main()
