"""Web throughput: the compare fragment under gunicorn, side by side with a bare Flask page of the same size.

Run: .venv/bin/python bench/web.py [--profile]   (prints figures; nothing here passes or fails)

Both servers run the same way: gunicorn, 2 sync workers, on a free loopback
port, no control socket, a pid file. wrk drives each in turn (2 threads,
16 connections, BENCH_SECONDS, default 10 s) with ``HX-Request: true`` on
``/compare?amount=10000&term=12``: the results fragment htmx asks for while a
person types, one row per catalog product.

- "LoanLens" is the real app (``gunicorn 'app:create_app()'``).
- "bare Flask" is a one-view Flask app made in a temporary folder whose Jinja
  template renders the very bytes of that fragment: what serving a page this
  size costs with no work behind it, the ceiling for this machine.
- "LoanLens, new amount each request" changes the amount on every request, so
  the per-process cache of priced catalog rows never hits: the cost of a
  person typing a new figure.

The target is LoanLens at 70% or more of the bare page's requests per second.
Below it (or with --profile) the view is profiled in-process with cProfile.
wrk shares the 2 cores with the servers, so the figures are for comparing,
not for capacity planning. Needs wrk (installed with apt-get when root).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PATH = "/compare?amount=10000&term=12"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
THREADS, CONNECTIONS, WORKERS = 2, 16, 2
TARGET = 0.70

BARE_APP = '''"""A bare Flask page: one view, one Jinja template, nothing computed."""
from flask import Flask, render_template

app = Flask(__name__)


@app.get("/compare")
def compare():
    return render_template("fragment.html")
'''

# Each wrk thread asks for its own sequence of amounts, so no two requests share a cache entry.
NEW_AMOUNT_LUA = """
local threads = 0
function setup(thread) thread:set("id", threads); threads = threads + 1 end
function init(args) n = 0 end
function request()
  n = n + 1
  return wrk.format("GET", "/compare?amount=" .. (10000 + n * 2 + id) .. "&term=12")
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 10) -> bytes:
    request = urllib.request.Request(url, headers={"HX-Request": "true"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"]
        if subprocess.run(install, env=env, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, check=True)
            subprocess.run(install, env=env, capture_output=True, check=True)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is needed: apt-get install wrk")
    return found


class Gunicorn:
    """gunicorn with the settings both servers share; stopped by the master's PID."""

    def __init__(self, name: str, app: str, cwd: Path, tmp: Path, env: dict[str, str] | None = None) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.pidfile = tmp / f"{name}.pid"
        self.log = tmp / f"{name}.log"
        command = [str(BIN / "gunicorn"), "--workers", str(WORKERS), "--worker-class", "sync",
                   "--no-control-socket", "--pid", str(self.pidfile), "--bind", f"127.0.0.1:{self.port}",
                   "--error-logfile", str(self.log), "--log-level", "warning", app]
        self.process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})},
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_ready(self) -> bytes:
        deadline = time.monotonic() + 30
        while True:
            try:
                return fetch(self.url + PATH, timeout=5)
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = self.log.read_text() if self.log.exists() else ""
                    raise SystemExit(f"{self.name}: gunicorn did not start\n{log[-2000:]}")
                time.sleep(0.2)

    def stop(self) -> None:
        pids = {self.process.pid}
        if self.pidfile.exists():
            text = self.pidfile.read_text().strip()
            if text.isdigit():
                pids.add(int(text))
        for pid in pids:
            try:
                os.kill(pid, signal.SIGTERM)  # the master stops its workers
            except ProcessLookupError:
                pass
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def wrk(wrk_bin: str, url: str, script: Path | None = None) -> dict[str, object]:
    command = [wrk_bin, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "--timeout", "10s",
               "-H", "HX-Request: true"]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True, timeout=SECONDS + 60).stdout

    def pick(pattern: str, default: str = "0") -> str:
        match = re.search(pattern, out, re.MULTILINE)
        return match.group(1) if match else default

    errors = int(pick(r"Non-2xx or 3xx responses: (\d+)"))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", pick(r"Socket errors: (.*)", "")))
    return {"rps": float(pick(r"Requests/sec:\s+([\d.]+)")), "p50": pick(r"^\s+50%\s+(\S+)"), "p99": pick(r"^\s+99%\s+(\S+)"),
            "requests": int(pick(r"(\d+) requests in")), "errors": errors}


# (what, file name ending, function name): the parts of a compare request worth knowing the cost of.
SUSPECTS = (
    ("whole request", "app.py", "wsgi_app"),
    ("views.compare() (inputs, rows, sort)", "views.py", "compare"),
    ("  catalog rows priced (cache miss)", "views.py", "_product_rows"),
    ("    finance price()", "cost.py", "price"),
    ("    advice advise()", "engine.py", "advise"),
    ("  form_options() (labels for the selects)", "views.py", "form_options"),
    ("render_template()", "templating.py", "render_template"),
    ("  |money filter (babel format_currency)", "i18n.py", "money"),
    ("  |rate filter (babel format_percent)", "i18n.py", "rate"),
    ("  _() in templates (flask-babel gettext)", "ext.py", "_gettext_alias"),
    ("  lazy strings turned into text", "speaklater.py", "__str__"),
    ("  url_for()", "helpers.py", "url_for"),
    ("  url_with() (sort links)", "__init__.py", "url_with"),
    ("  lang() (flask.g lookup)", "__init__.py", "lang"),
    ("  |loc filter", "__init__.py", "_localized"),
    ("  macros (badges, error slots)", "_macros.html", "macro"),
)


def hot_spots(stats: pstats.Stats, requests: int, title: str, limit: int) -> None:
    """Calls and cumulative milliseconds per request for SUSPECTS, then the top functions by own time."""
    rows = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for (_, _, tt, _, _) in rows.values())
    print(f"\n{title} (profiled: {total / requests * 1000:.2f} ms/request)")
    print(f"  {'':<44}{'calls':>8}{'ms':>8}   (ms with the profiler on: compare shares, not absolutes)")
    for label, file_end, name in SUSPECTS:
        calls = cumulative = 0.0
        for (filename, _, function), (_, ncalls, _, ct, _) in rows.items():
            if function == name and filename.endswith(file_end):
                calls += ncalls
                cumulative += ct
        if calls:
            print(f"  {label:<44}{calls / requests:>8.0f}{cumulative / requests * 1000:>8.2f}")
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.strip_dirs().sort_stats("tottime").print_stats(limit)
    lines = out.getvalue().splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip().startswith("ncalls")), 0)
    print(f"  top {limit} by own time (all {requests} requests):")
    print("\n".join("  " + line for line in lines[first:first + limit + 1]))


def profile_view(limit: int = 18) -> None:
    """Where one compare fragment's time goes, in-process: the view's parts, then cProfile's top entries."""
    sys.path.insert(0, str(ROOT))
    from flask import render_template

    from app import create_app
    from app.web import views

    tmp = Path(tempfile.mkdtemp(prefix="loanlens-profile-"))
    try:
        app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp / 'p.sqlite'}", "RATE_LIMITS": {}})
        client = app.test_client()
        headers = {"HX-Request": "true"}
        client.get(PATH, headers=headers)  # warm: templates compiled, catalog rows cached

        def per_call_ms(fn, n: int = 200) -> float:
            start = time.perf_counter()
            for _ in range(n):
                fn()
            return (time.perf_counter() - start) / n * 1000

        with app.test_request_context(PATH, headers=headers):
            from flask import request

            context = views.compare(request.args)
            compute = per_call_ms(lambda: views.compare(request.args))
            render = per_call_ms(lambda: render_template("partials/_compare_results.html", **context))
        whole = per_call_ms(lambda: client.get(PATH, headers=headers))
        counter = iter(range(10**6))
        cold = per_call_ms(lambda: client.get(f"/compare?amount={20000 + next(counter)}&term=12", headers=headers), 40)
        print("\nIn-process, ms per compare fragment (Flask test client, no network):")
        print(f"  views.compare() (catalog rows cached) {compute:8.2f}")
        print(f"  render_template(_compare_results)     {render:8.2f}")
        print(f"  whole request, cached rows            {whole:8.2f}")
        print(f"  whole request, new amount each time   {cold:8.2f}")

        for title, url, n in (("cached rows", PATH, 200), ("new amount each request", None, 40)):
            profiler = cProfile.Profile()
            profiler.enable()
            for k in range(n):
                client.get(url or f"/compare?amount={30000 + k}&term=12", headers=headers)
            profiler.disable()
            hot_spots(pstats.Stats(profiler), n, f"cProfile, {title}: where one request's time goes", limit)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    wrk_bin = ensure_wrk()
    tmp = Path(tempfile.mkdtemp(prefix="loanlens-bench-web-"))
    servers: list[Gunicorn] = []
    try:
        env = {"LOANLENS_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite'}"}
        loanlens = Gunicorn("loanlens", "app:create_app()", ROOT, tmp, env)
        servers.append(loanlens)
        fragment = loanlens.wait_ready()
        rows = len(re.findall(rb'data-row="', fragment))

        bare_dir = tmp / "bare"
        (bare_dir / "templates").mkdir(parents=True)
        (bare_dir / "bare.py").write_text(BARE_APP)
        (bare_dir / "templates" / "fragment.html").write_bytes(b"{% raw %}" + fragment + b"{% endraw %}")
        bare = Gunicorn("bare", "bare:app", bare_dir, tmp)
        servers.append(bare)
        bare_bytes = bare.wait_ready()

        lua = tmp / "new_amount.lua"
        lua.write_text(NEW_AMOUNT_LUA)
        for server in servers:  # warm both: workers forked, templates compiled, first rows cached
            for _ in range(20):
                fetch(server.url + PATH)

        print(f"GET {PATH} with HX-Request: true — {len(fragment):,} bytes, {rows} rows "
              f"(bare page {len(bare_bytes):,} bytes)")
        print(f"gunicorn {WORKERS} sync workers each; wrk -t{THREADS} -c{CONNECTIONS} -d{SECONDS}s; "
              f"{os.cpu_count()} CPUs shared by wrk and the servers\n")
        results = {
            "bare Flask, same bytes": wrk(wrk_bin, bare.url + PATH),
            "LoanLens": wrk(wrk_bin, loanlens.url + PATH),
            "LoanLens, new amount each request": wrk(wrk_bin, loanlens.url + PATH, lua),
        }
        print(f"{'server':<36}{'req/s':>10}{'p50':>10}{'p99':>10}{'requests':>10}{'errors':>8}")
        for name, r in results.items():
            print(f"{name:<36}{r['rps']:>10.1f}{r['p50']:>10}{r['p99']:>10}{r['requests']:>10}{r['errors']:>8}")
        base = results["bare Flask, same bytes"]["rps"] or float("nan")
        ratio = results["LoanLens"]["rps"] / base
        cold = results["LoanLens, new amount each request"]["rps"] / base
        verdict = "meets" if ratio >= TARGET else "BELOW"
        print(f"\nLoanLens / bare: {ratio:.0%} ({verdict} the {TARGET:.0%} target); new amount each request: {cold:.0%}")
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    if "--profile" in sys.argv or ratio < TARGET:
        profile_view()


if __name__ == "__main__":
    main()
