"""PostgreSQL restarted under a load of API writes: 503 with Retry-After, nothing half-written.

A throwaway cluster (``initdb`` on a free port) and gunicorn against it; four clients PATCH
their own person while the cluster is stopped and started again. Afterwards every write that
was answered 2xx is in the database, each person row agrees with its last audit entry, and
/health/ reported the outage while it lasted.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from tests.faults.servers import PostgresCluster, app_env, gunicorn, prepare_database, request

pytestmark = pytest.mark.faults

CLIENTS = 4
REQUESTS = int(os.environ.get("FAULTS_REQUESTS", "200"))


def _wait(condition: Callable[[], bool], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_restart_under_writes(tmp_path: Path) -> None:
    cluster = PostgresCluster()
    cluster.start()
    try:
        env = app_env(tmp_path / "var", DATABASE_URL=cluster.url)
        seed = prepare_database(env)
        token = str(seed["token"])
        with gunicorn(env, workers=2) as (port, _master):
            for _ in range(4):  # both workers have loaded the application
                assert request(f"http://127.0.0.1:{port}/health/")[0] == 200
            answers: list[tuple[int, int, str, int, dict[str, str], str]] = []
            health: list[tuple[int, str]] = []
            done = threading.Event()
            started = threading.Barrier(CLIENTS + 1)

            def client(number: int) -> None:
                person = seed[f"person{number}"]
                url = f"http://127.0.0.1:{port}/api/v1/people/{person}"
                started.wait()
                for i in range(REQUESTS):
                    value = f"t{number}-{i}"
                    body = json.dumps({"job_title": value}).encode()
                    status, headers, text = request(url, method="PATCH", token=token, body=body)
                    answers.append((number, int(str(person)), value, status, headers, text))

            def watch() -> None:
                while not done.is_set():
                    status, _headers, text = request(f"http://127.0.0.1:{port}/health/")
                    health.append((status, text))
                    time.sleep(0.2)

            threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
            watcher = threading.Thread(target=watch)
            for thread in threads:
                thread.start()
            watcher.start()
            started.wait()
            # The restart falls into the load: after a fifth of the writes, and the cluster stays
            # down until the clients have met it (or 10 s).
            _wait(lambda: len(answers) >= CLIENTS * REQUESTS // 5)
            stopped_at = len(answers)
            cluster.stop()
            _wait(lambda: sum(1 for a in answers[stopped_at:] if a[3] == 503) >= CLIENTS, 10)
            # ... and until the health watcher has asked during it: a short outage could
            # otherwise fall between two of its probes.
            _wait(lambda: any(s == 503 and '"unreachable"' in t for s, t in list(health)), 10)
            during = len(answers) - stopped_at
            cluster.start()
            for thread in threads:
                thread.join(timeout=300)
            done.set()
            watcher.join(timeout=30)

        assert len(answers) == CLIENTS * REQUESTS
        statuses = {a[3] for a in answers}
        assert statuses <= {200, 503}, statuses
        outage = [a for a in answers if a[3] == 503]
        assert outage, f"no request met the outage ({stopped_at} before, {during} during; {health})"
        for _n, _p, _v, _s, headers, text in outage:
            assert headers.get("Retry-After"), headers
            assert "Traceback" not in text and 'File "' not in text
        assert any(status == 503 and '"unreachable"' in text for status, text in health)
        assert health[-1][0] == 200

        with psycopg.connect(cluster.url.replace("postgres://", "postgresql://")) as db:
            for number in range(CLIENTS):
                person = int(str(seed[f"person{number}"]))
                audited = [
                    row[0]
                    for row in db.execute(
                        "SELECT changes->'job_title'->>1 FROM audit_auditentry"
                        " WHERE object_type = %s AND object_id = %s AND changes ? 'job_title'"
                        " ORDER BY id",
                        ("people.person", str(person)),
                    )
                ]
                ok = [a[2] for a in answers if a[0] == number and a[3] == 200]
                assert set(ok) <= set(audited), set(ok) - set(audited)
                (title,) = db.execute(
                    "SELECT job_title FROM people_person WHERE id = %s", (person,)
                ).fetchone() or ("",)
                assert audited and title == audited[-1]  # no row change without its audit
    finally:
        cluster.remove()
