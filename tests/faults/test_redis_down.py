"""Redis down with ``REDIS_URL`` set: pages answer from the database, the queue says it is away.

A redis-server of the test's own on a free port backs the cache and the huey queue; it is
killed under a running gunicorn.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from tests.faults.servers import (
    app_env,
    gunicorn,
    manage,
    need_binary,
    prepare_database,
    request,
    wait_for_port,
)
from tests.smtp import free_port

pytestmark = pytest.mark.faults

# In a product process: an e-mail written in a transaction while the queue is away, then a direct
# enqueue. The first must commit and keep the row; the second must fail loudly.
ENQUEUE = """
from django.db import transaction
from expatcare.accounts.models import OutboxMessage
from expatcare.accounts.outbox import outbox_put
from expatcare.accounts.tasks import deliver_outbox
with transaction.atomic():
    outbox_put(to="queued@mail.test", subject="s", body="b")
print("pending", OutboxMessage.objects.filter(to="queued@mail.test", status="pending").count())
try:
    deliver_outbox()
except Exception as error:
    print("enqueue", type(error).__name__)
else:
    print("enqueue", "accepted")
"""


def test_pages_answer_and_the_queue_reports_the_outage(tmp_path: Path) -> None:
    binary = need_binary("redis-server")
    port = free_port()
    redis = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        env = app_env(tmp_path, REDIS_URL=f"redis://127.0.0.1:{port}/0")
        seed = prepare_database(env)
        collected = manage(env, "collectstatic", "--noinput", "-v0")  # HTML pages need it
        assert collected.returncode == 0, collected.stderr[-3000:]
        token = str(seed["token"])
        with gunicorn(env, workers=2) as (web, _master):
            base = f"http://127.0.0.1:{web}"
            status, _h, text = request(f"{base}/health/")
            assert (status, json.loads(text)["status"]) == (200, "ok")

            redis.kill()
            redis.wait(timeout=10)
            started = time.monotonic()
            for _ in range(4):  # both workers, each with its cache connection gone
                assert request(f"{base}/api/v1/people", token=token)[0] == 200
                assert request(f"{base}/accounts/login/")[0] == 200
            assert time.monotonic() - started < 30  # short timeouts, no hang per request
            status, _headers, text = request(f"{base}/health/")
            states = json.loads(text)
            assert status == 200 and states["status"] == "degraded", states
            assert states["cache"] == states["queue"] == "unreachable"
            assert states["database"] == "ok"

        result = manage(env, "shell", "-c", ENQUEUE, timeout=120)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "pending 1" in result.stdout  # the mail is kept for the periodic run
        assert "enqueue ConnectionError" in result.stdout, result.stdout  # not swallowed
    finally:
        if redis.poll() is None:
            redis.kill()
            redis.wait()
