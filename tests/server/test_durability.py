"""Every acknowledged save survives concurrent writes and a SIGKILL of the server (SQLite WAL, PostgreSQL)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
import requests

from app.finance import Quote, Rate, RateKind, Repayment, price

ROOT = Path(__file__).resolve().parents[2]
OFFER = {"amount": "10000", "term": "12", "kind": "period_fee", "rate": "0.6"}


def migrate(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    flask = Path(sys.executable).with_name("flask")
    subprocess.run([str(flask), "--app", "app", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)


def save_many(base: str, client: int, count: int) -> list[tuple[str, int]]:
    """One client saving ``count`` summaries; returns (id, amount) for each save the server acknowledged (303)."""
    session = requests.Session()
    acknowledged = []
    for k in range(count):
        amount = 10000 + 100 * client + k
        page = session.get(base + "/summary", params={**OFFER, "amount": str(amount)}, timeout=30).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = session.post(base + "/summaries", data={"csrf_token": token, **OFFER, "amount": str(amount)},
                                allow_redirects=False, timeout=30)
        if response.status_code == 303:
            acknowledged.append((response.headers["Location"].rsplit("/", 1)[1], amount))
    return acknowledged


def cost_shown(html: str) -> str:
    return re.search(r'data-figure="cost">([^<]+)<', html).group(1)


def durability(server_factory, database_url: str) -> None:
    migrate(database_url)
    server = server_factory(database_url)
    with ThreadPoolExecutor(max_workers=8) as pool:
        acknowledged = [saved for batch in pool.map(lambda c: save_many(server.url, c, 15), range(8)) for saved in batch]
    assert len(acknowledged) == 120 and len({i for i, _ in acknowledged}) == 120
    server.kill()  # SIGKILL right after the last acknowledgement
    restarted = server_factory(database_url)
    for summary_id, amount in acknowledged:
        response = requests.get(f"{restarted.url}/s/{summary_id}?lang=en", timeout=30)
        assert response.status_code == 200, summary_id
        expected = price(Quote(Decimal(amount), 12, Repayment.EQUAL_PRINCIPAL_FLAT_FEE, Rate(RateKind.PERIOD_FEE, Decimal("0.6"))))
        assert cost_shown(response.text) == f"CN¥{expected.totals.cost:,}", summary_id


def test_sqlite_saves_survive_sigkill(server_factory, tmp_path) -> None:
    durability(server_factory, f"sqlite:///{tmp_path / 'durable.sqlite'}")


@pytest.mark.postgres
def test_postgres_saves_survive_sigkill(server_factory) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgresql", "postgres:")):
        pytest.fail("DATABASE_URL must point at PostgreSQL for the postgres tests (make test-postgres)")
    durability(server_factory, url)
