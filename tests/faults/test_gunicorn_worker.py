"""A gunicorn worker killed mid-request: the other worker serves, the master replaces it."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from tests.faults.servers import app_env, children, gunicorn, prepare_database, request

pytestmark = pytest.mark.faults


def test_killed_worker_is_replaced_and_the_other_serves(tmp_path: Path) -> None:
    env = app_env(tmp_path)
    seed = prepare_database(env)
    with gunicorn(env, workers=2) as (port, master):
        url = f"http://127.0.0.1:{port}/api/v1/people"
        deadline = time.monotonic() + 30
        while len(children(master.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = children(master.pid)
        assert len(workers) == 2
        assert request(url, token=str(seed["token"]))[0] == 200  # warm

        in_flight: list[int | str] = []

        def load() -> None:
            for _ in range(20):
                try:
                    in_flight.append(request(url, token=str(seed["token"]))[0])
                except OSError as error:  # the killed worker's own connection may be cut
                    in_flight.append(type(error).__name__)

        thread = threading.Thread(target=load)
        thread.start()
        time.sleep(0.05)
        victim = min(workers)
        os.kill(victim, signal.SIGKILL)
        thread.join(timeout=60)
        # Only a request the victim was answering may be lost; everything else is served.
        assert sum(1 for status in in_flight if status != 200) <= 1, in_flight
        after = [request(url, token=str(seed["token"]))[0] for _ in range(10)]
        assert after == [200] * 10

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            now = children(master.pid)
            if len(now) == 2 and victim not in now:
                break
            time.sleep(0.2)
        now = children(master.pid)
        assert len(now) == 2 and victim not in now, (workers, now)
        assert master.poll() is None  # the master itself never went down
