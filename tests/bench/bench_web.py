"""Web benchmark: server time, latency, throughput and memory against the budgets in
docs/architecture.md (Performance budgets).

For each database and tenant size it builds a fresh database with ``expatcare demo --people N``,
starts gunicorn (2 workers) on a free 127.0.0.1 port, logs in as the tenant's HR user (and as
the bench catalog's provider agent) and measures, beside the bare-Django reference page of the
same run:

* p50/p95 of the server time (``Server-Timing: app;dur=``) and of the client latency for the
  reference page, the people and compliance dashboards, the people list, person pages, the API
  list, the care cost report, the care enrolment list as HR and as the provider, and the
  eligibility check pre-filled from a person;
* requests per second with 8 concurrent clients for the reference page, the API list and the
  HTML list;
* the resident memory of the gunicorn workers after the run;
* the time ``expatcare demo --people N`` took.

It prints one table per run and the budgets with PASS/FAIL; a page that does not exist yet is
reported as MISSING, not as a failure. Only the standard library is used on the client side,
every loop is bounded in count and time, and nothing but 127.0.0.1 is contacted.

    .venv/bin/python tests/bench/bench_web.py [--sizes 10000,100000]
        [--databases sqlite,postgres] [--requests 200] [--quick]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BENCH_DIR = REPO / "var" / "bench"
HOST = "127.0.0.1"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_URL_TEMPLATE = "postgres://postgres@127.0.0.1:5432/{name}"
WORKERS = 2
CONCURRENCY = 8
WARMUP_REQUESTS = 10
ROUNDS = 4
PAGE_TIME_LIMIT_S = 60.0
THROUGHPUT_TIME_LIMIT_S = 30.0
SERVER_START_LIMIT_S = 60.0
DEMO_TIME_LIMIT_S = 1800.0
REQUEST_TIMEOUT_S = 30.0

# Budgets of docs/architecture.md, Performance budgets (milliseconds of server time at p95,
# unless stated).
LIST_P95_MS = 25.0
DASHBOARD_P95_MS = 40.0
LARGE_TENANT_FACTOR = 1.5
RSS_LIMIT_MB = 120.0
DEMO_SECONDS_PER_10K = 60.0
BUDGET_SIZE = 10_000


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str  # "{id}" is replaced by person ids
    role: str = "hr"  # who requests it: "hr" (the tenant's HR user) or "provider"


PAGES: tuple[Page, ...] = (
    Page("bare", "bare Django, 50 rows (reference)", "/bench/bare/"),
    Page("dashboard", "dashboard", "/people/dashboard/"),
    Page("compliance", "compliance dashboard", "/compliance/"),
    Page("people_list", "people list (HTML)", "/people/"),
    Page("person", "person page", "/people/{id}/"),
    Page("api_list", "API list, 50 per page", "/api/v1/people?page_size=50"),
    Page("care_costs", "care cost report", "/care/costs/"),
    Page("care_enrolments", "care enrolment list", "/care/"),
    Page("care_provider", "care enrolment list (provider)", "/care/", role="provider"),
    Page("eligibility", "eligibility, pre-filled person", "/eligibility/?person={id}"),
)
# The provider agent of the bench catalog (``expatcare.demo.care.bench_provider_login``).
PROVIDER_EMAIL = "agent@bench-care-provider.example"
THROUGHPUT_PAGES = ("bare", "api_list", "people_list")
# Pages held to the dashboard budget of 40 ms: the people and compliance dashboards, the care
# cost report (issue 13) and the eligibility check pre-filled from a person (issue 10).
DASHBOARD_PAGES = ("dashboard", "compliance", "care_costs", "eligibility")
# List pages held to the list budget besides the people list, the person page and the API list:
# the care enrolment list as HR and as the provider sees it (issue 13).
LIST_PAGES = ("care_enrolments", "care_provider")


# --------------------------------------------------------------------------- statistics


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100.0
    low = math.floor(rank)
    high = math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def parse_server_timing(header: str | None) -> float | None:
    """Milliseconds of the ``app`` entry of a Server-Timing header."""
    if not header:
        return None
    for entry in header.split(","):
        name, _, params = entry.strip().partition(";")
        if name.strip() != "app":
            continue
        match = re.search(r"dur=([0-9.]+)", params)
        if match:
            return float(match.group(1))
    return None


@dataclass
class PageResult:
    page: Page
    server_ms: list[float] = field(default_factory=list)
    client_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    problem: str | None = None  # "missing" or a short error

    @property
    def ok(self) -> bool:
        return self.problem is None and bool(self.server_ms)

    def p(self, q: float, *, server: bool = True) -> float:
        return percentile(self.server_ms if server else self.client_ms, q)


@dataclass
class RunResult:
    database: str
    size: int
    demo_seconds: float
    pages: dict[str, PageResult] = field(default_factory=dict)
    throughput: dict[str, float | None] = field(default_factory=dict)
    rss_kb: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Budget:
    name: str
    measured: str
    limit: str
    verdict: str  # PASS, FAIL or MISSING


# --------------------------------------------------------------------------- HTTP client


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    client_ms: float
    server_ms: float | None


class Client:
    """A tiny cookie-keeping HTTP client for one host; one connection per request."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies: dict[str, str] = dict(cookies or {})

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        all_headers = {"Host": f"{HOST}:{self.port}", "Accept-Language": "en"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        started = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT_S)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            payload = response.read()
        finally:
            connection.close()
        client_ms = (time.perf_counter() - started) * 1000.0
        for raw in response.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(raw)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        headers_out = {key.lower(): value for key, value in response.getheaders()}
        return Response(
            status=response.status,
            headers=headers_out,
            body=payload,
            client_ms=client_ms,
            server_ms=parse_server_timing(headers_out.get("server-timing")),
        )

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def login(self, email: str, password: str) -> bool:
        page = self.get("/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        token = match.group(1).decode() if match else self.cookies.get("csrftoken", "")
        form = urllib.parse.urlencode(
            {"login": email, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        response = self.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{self.port}/accounts/login/",
            },
        )
        return response.status in {302, 303} and "sessionid" in self.cookies


# --------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "expatcare"
    return [str(script)] if script.exists() else [sys.executable, "-m", "expatcare.cli"]


def run_cli(args: list[str], env: dict[str, str], timeout: float) -> tuple[float, str]:
    started = time.perf_counter()
    completed = subprocess.run(  # our own console script, fixed arguments
        [*cli_command(), *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(
            f"expatcare {' '.join(args)} failed ({completed.returncode}):\n"
            f"{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}"
        )
    return seconds, completed.stdout


def base_env(database_url: str, password: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "expatcare.settings.bench",
            "DATABASE_URL": database_url,
            "EXPATCARE_DEMO_PASSWORD": password,
            "DEBUG": "0",
        }
    )
    return env


def postgres_available() -> bool:
    try:
        with socket.create_connection((HOST, 5432), timeout=2):
            pass
    except OSError:
        return False
    try:
        import psycopg  # noqa: F401  # a dependency of the project
    except ImportError:
        return False
    return True


def fresh_database(database: str, size: int) -> str:
    """Create an empty database for one run and return its URL."""
    if database == "sqlite":
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        path = BENCH_DIR / f"bench-{size}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    name = f"expatcare_bench_{size}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return PG_URL_TEMPLATE.format(name=name)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int, log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "expatcare.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(WORKERS),
        "--error-logfile",
        "-",
        "--log-level",
        "warning",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # gunicorn of this virtualenv
            argv, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            wait_until_ready(port, process)
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def wait_until_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + SERVER_START_LIMIT_S
    client = Client(port)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if client.get("/health/").status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {SERVER_START_LIMIT_S:.0f} s")


def worker_rss_kb(master_pid: int) -> list[int]:
    """VmRSS of the gunicorn workers (the children of the master process)."""
    sizes: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        ppid = re.search(r"^PPid:\s+(\d+)", status, re.MULTILINE)
        rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        if ppid and rss and int(ppid.group(1)) == master_pid:
            sizes.append(int(rss.group(1)))
    return sorted(sizes)


# --------------------------------------------------------------------------- measurement


def person_ids(env: dict[str, str], slug: str, count: int = 50) -> list[int]:
    code = (
        "import json\n"
        "from expatcare.people.models import Person\n"
        f"qs = Person.objects.filter(organization__slug={slug!r}).order_by('id')\n"
        "total = qs.count()\n"
        f"step = max(total // {count}, 1)\n"
        "ids = [qs.values_list('id', flat=True)[i] for i in range(0, total, step)]\n"
        f"print(json.dumps(ids[:{count}]))\n"
    )
    _seconds, output = run_cli(["shell", "-c", code], env, timeout=120)
    return [int(value) for value in json.loads(output.strip().splitlines()[-1])]


def paths_for(page: Page, ids: Sequence[int], n: int) -> list[str]:
    if "{id}" not in page.path:
        return [page.path] * n
    if not ids:
        return []
    return [page.path.format(id=ids[i % len(ids)]) for i in range(n)]


def start_page(client: Client | None, page: Page, ids: Sequence[int]) -> PageResult:
    """The first request tells whether the page exists; the warm-up requests are not counted."""
    result = PageResult(page)
    paths = paths_for(page, ids, WARMUP_REQUESTS)
    if client is None:
        result.problem = f"no {page.role} login"
        return result
    if not paths:
        result.problem = "no person ids"
        return result
    first = client.get(paths[0])
    if first.status == 404:
        result.problem = "missing"
    elif first.status in {301, 302, 303}:
        result.problem = f"redirect {first.status} to {first.headers.get('location', '?')}"
    elif first.status != 200:
        result.problem = f"HTTP {first.status}"
    else:
        for path in paths[1:]:
            client.get(path)
    return result


def measure_pages(
    clients: dict[str, Client], pages: Sequence[Page], ids: Sequence[int], requests: int
) -> dict[str, PageResult]:
    """Server and client times of every page, measured in rounds that take turns.

    A burst of load from elsewhere on the machine then spreads over all pages instead of
    landing on whichever page happened to be measured at that moment; before, such a burst
    could put one page's p95 of one run 1.6 times above the same page of the next run.
    """
    results = {page.key: start_page(clients.get(page.role), page, ids) for page in pages}
    live = [page for page in pages if results[page.key].problem is None]
    paths = {page.key: paths_for(page, ids, WARMUP_REQUESTS + requests) for page in live}
    spent = dict.fromkeys(paths, 0.0)
    per_round = math.ceil(requests / ROUNDS)
    for round_start in range(WARMUP_REQUESTS, WARMUP_REQUESTS + requests, per_round):
        for page in live:
            if spent[page.key] > PAGE_TIME_LIMIT_S:
                continue
            result = results[page.key]
            started = time.monotonic()
            client = clients[page.role]
            for path in paths[page.key][round_start : round_start + per_round]:
                response = client.get(path)
                result.statuses[response.status] += 1
                if response.status == 200 and response.server_ms is not None:
                    result.server_ms.append(response.server_ms)
                    result.client_ms.append(response.client_ms)
            spent[page.key] += time.monotonic() - started
    for page in live:
        result = results[page.key]
        if not result.server_ms:
            result.problem = f"no successful request ({dict(result.statuses)})"
    return results


def measure_throughput(
    port: int, cookies: dict[str, str], path: str, total: int, clients: int = CONCURRENCY
) -> float | None:
    """Requests per second of ``clients`` threads sharing ``total`` requests (time-bounded)."""
    lock = threading.Lock()
    remaining = [total]
    completed = [0]
    failed = [0]
    deadline = time.monotonic() + THROUGHPUT_TIME_LIMIT_S

    def worker() -> None:
        client = Client(port, cookies)
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            try:
                ok = client.get(path).status == 200
            except (OSError, http.client.HTTPException):
                ok = False
            with lock:
                completed[0] += ok
                failed[0] += not ok

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=THROUGHPUT_TIME_LIMIT_S + REQUEST_TIMEOUT_S)
    elapsed = time.perf_counter() - started
    if completed[0] == 0 or failed[0] > total // 10:
        return None
    return completed[0] / elapsed


def run_one(database: str, size: int, requests: int) -> RunResult:
    password = secrets.token_urlsafe(12)
    slug = f"bench-{size}"
    print(f"\n== {database}, {size:,} people: preparing the database", flush=True)
    database_url = fresh_database(database, size)
    env = base_env(database_url, password)
    run_cli(["migrate", "--noinput", "-v0"], env, timeout=600)
    demo_seconds, demo_output = run_cli(
        ["demo", "--people", str(size), "--organization-slug", slug], env, DEMO_TIME_LIMIT_S
    )
    result = RunResult(database=database, size=size, demo_seconds=demo_seconds)
    print(f"   {demo_output.strip().splitlines()[0]}", flush=True)
    ids = person_ids(env, slug)
    port = free_port()
    log_path = BENCH_DIR / f"gunicorn-{database}-{size}.log"
    with gunicorn(env, port, log_path) as server:
        client = Client(port)
        if not client.login(f"hr@{slug}.example", password):
            raise RuntimeError("could not log in as the benchmark HR user")
        clients = {"hr": client}
        provider = Client(port)
        if provider.login(PROVIDER_EMAIL, password):
            clients["provider"] = provider
        print(f"   measuring {len(PAGES)} pages in {ROUNDS} rounds", flush=True)
        result.pages = measure_pages(clients, PAGES, ids, requests)
        total = max(requests * 2, 100)
        for key in THROUGHPUT_PAGES:
            page_result = result.pages[key]
            result.throughput[key] = (
                measure_throughput(port, client.cookies, page_result.page.path, total)
                if page_result.ok
                else None
            )
        result.rss_kb = worker_rss_kb(server.pid)
    return result


# --------------------------------------------------------------------------- report


def fmt_ms(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:7.1f}"


def report_run(run: RunResult) -> str:
    lines = [
        f"\n{run.database} with {run.size:,} people "
        f"(demo --people generated in {run.demo_seconds:.1f} s)",
        f"{'page':<34} {'server p50':>10} {'server p95':>10} {'client p50':>10} "
        f"{'client p95':>10} {'n':>5} {'x bare p50':>10}",
    ]
    bare = run.pages.get("bare")
    bare_p50 = bare.p(50) if bare is not None and bare.ok else math.nan
    for key, result in run.pages.items():
        if not result.ok:
            lines.append(f"{result.page.label:<34} {(result.problem or '').upper():>10}")
            continue
        ratio = result.p(50) / bare_p50 if bare_p50 and not math.isnan(bare_p50) else math.nan
        lines.append(
            f"{result.page.label:<34} {fmt_ms(result.p(50)):>10} {fmt_ms(result.p(95)):>10} "
            f"{fmt_ms(result.p(50, server=False)):>10} {fmt_ms(result.p(95, server=False)):>10} "
            f"{len(result.server_ms):>5} {'' if math.isnan(ratio) else f'{ratio:9.1f}x':>10}"
            + ("" if key != "bare" else "  (reference)")
        )
    bare_rps = run.throughput.get("bare")
    lines.append(f"throughput with {CONCURRENCY} concurrent clients, {WORKERS} workers:")
    for key in THROUGHPUT_PAGES:
        rps = run.throughput.get(key)
        label = run.pages[key].page.label if key in run.pages else key
        if rps is None:
            lines.append(f"  {label:<32} {'n/a':>10}")
            continue
        versus = f"{rps / bare_rps:5.2f}x bare" if bare_rps else ""
        lines.append(f"  {label:<32} {rps:8.0f}/s  {versus}")
    rss = ", ".join(f"{kb / 1024:.0f} MB" for kb in run.rss_kb) or "n/a"
    lines.append(f"worker RSS after the run: {rss}")
    lines.extend(f"note: {note}" for note in run.notes)
    return "\n".join(lines)


def _p95_budget(run: RunResult, key: str, limit: float) -> Budget:
    result = run.pages.get(key)
    name = f"{run.database} {run.size:,}: {key} server p95"
    if result is None or not result.ok:
        return Budget(
            name, (result.problem if result else None) or "n/a", f"<= {limit:.0f} ms", "MISSING"
        )
    value = result.p(95)
    return Budget(
        name, f"{value:.1f} ms", f"<= {limit:.0f} ms", "PASS" if value <= limit else "FAIL"
    )


def evaluate_budgets(runs: Sequence[RunResult]) -> list[Budget]:
    budgets: list[Budget] = []
    by_key = {(run.database, run.size): run for run in runs}
    for run in runs:
        # 60 s for 10,000 people (and for any smaller tenant), proportionally above.
        limit_s = DEMO_SECONDS_PER_10K * max(run.size, BUDGET_SIZE) / BUDGET_SIZE
        budgets.append(
            Budget(
                f"{run.database} {run.size:,}: demo --people",
                f"{run.demo_seconds:.1f} s",
                f"<= {limit_s:.0f} s",
                "PASS" if run.demo_seconds <= limit_s else "FAIL",
            )
        )
        if run.size <= BUDGET_SIZE:
            for key in ("people_list", "person", "api_list", *LIST_PAGES):
                budgets.append(_p95_budget(run, key, LIST_P95_MS))
            for key in DASHBOARD_PAGES:
                budgets.append(_p95_budget(run, key, DASHBOARD_P95_MS))
        else:
            base = by_key.get((run.database, BUDGET_SIZE))
            for key in ("people_list", "api_list", "person", *LIST_PAGES, *DASHBOARD_PAGES):
                budgets.append(_scale_budget(run, base, key))
        max_rss_mb = max(run.rss_kb, default=0) / 1024
        budgets.append(
            Budget(
                f"{run.database} {run.size:,}: worker RSS",
                f"{max_rss_mb:.0f} MB" if run.rss_kb else "n/a",
                f"<= {RSS_LIMIT_MB:.0f} MB",
                ("PASS" if max_rss_mb <= RSS_LIMIT_MB else "FAIL") if run.rss_kb else "MISSING",
            )
        )
        bare = run.throughput.get("bare")
        for key, factor, label in (("api_list", 1.0, ">= bare"), ("people_list", 0.5, ">= bare/2")):
            rps = run.throughput.get(key)
            name = f"{run.database} {run.size:,}: {key} throughput"
            if rps is None or not bare:
                budgets.append(Budget(name, "n/a", label, "MISSING"))
                continue
            budgets.append(
                Budget(
                    name,
                    f"{rps:.0f}/s ({rps / bare:.2f}x bare {bare:.0f}/s)",
                    label,
                    "PASS" if rps >= factor * bare else "FAIL",
                )
            )
    return budgets


def _scale_budget(run: RunResult, base: RunResult | None, key: str) -> Budget:
    name = f"{run.database} {run.size:,}: {key} p95 vs {BUDGET_SIZE:,}"
    limit = f"<= {LARGE_TENANT_FACTOR}x"
    result = run.pages.get(key)
    base_result = base.pages.get(key) if base else None
    if result is None or not result.ok or base_result is None or not base_result.ok:
        return Budget(name, "n/a (needs both sizes)", limit, "MISSING")
    ratio = result.p(95) / base_result.p(95)
    return Budget(
        name,
        f"{result.p(95):.1f} ms = {ratio:.2f}x",
        limit,
        "PASS" if ratio <= LARGE_TENANT_FACTOR else "FAIL",
    )


def report_budgets(budgets: Sequence[Budget]) -> str:
    width = max((len(b.name) for b in budgets), default=20)
    lines = [f"\n{'budget':<{width}}  {'measured':<34} {'limit':<12} verdict"]
    lines.extend(f"{b.name:<{width}}  {b.measured:<34} {b.limit:<12} {b.verdict}" for b in budgets)
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated tenant sizes")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page")
    parser.add_argument(
        "--quick", action="store_true", help="smoke test: 1,000 people, SQLite, 50 requests"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.databases, args.requests = "1000", "sqlite", 50
    args.size_list = [int(size) for size in str(args.sizes).split(",") if size.strip()]
    args.database_list = [db.strip() for db in str(args.databases).split(",") if db.strip()]
    unknown = set(args.database_list) - {"sqlite", "postgres"}
    if unknown:
        parser.error(f"unknown database(s): {', '.join(sorted(unknown))}")
    if args.requests < 1 or any(size < 1 for size in args.size_list):
        parser.error("--requests and --sizes must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        print("gunicorn is not installed in this virtualenv", file=sys.stderr)
        return 2
    # Pages reference hashed static files: collect them once (fast when nothing changed).
    run_cli(
        [
            "shell",
            "-c",
            "from expatcare.demo.management.commands.serve import collect_static_if_changed;"
            " collect_static_if_changed()",
        ],
        {**os.environ, "DJANGO_SETTINGS_MODULE": "expatcare.settings.dev"},
        timeout=300,
    )
    runs: list[RunResult] = []
    for database in args.database_list:
        if database == "postgres" and not postgres_available():
            print("\nPostgreSQL does not answer on 127.0.0.1:5432: skipping it.")
            continue
        # Smaller sizes first, so the 1.5x comparison has its base.
        for size in sorted(args.size_list):
            run = run_one(database, size, args.requests)
            runs.append(run)
            print(report_run(run), flush=True)
    budgets = evaluate_budgets(runs)
    print(report_budgets(budgets))
    failed = [b for b in budgets if b.verdict == "FAIL"]
    missing = [b for b in budgets if b.verdict == "MISSING"]
    passed = len(budgets) - len(failed) - len(missing)
    print(f"\n{passed} PASS, {len(failed)} FAIL, {len(missing)} MISSING")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
