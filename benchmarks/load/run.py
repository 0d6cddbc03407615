"""Load test at the deadline: `nianbao serve` on loopback, 200 staff saving and submitting, 500 readers.

    .venv/bin/pip install -e '.[load]'
    .venv/bin/python benchmarks/load/run.py                      # SQLite, 5 minutes
    .venv/bin/python benchmarks/load/run.py --duration 60 --database postgres

Prints requests, failures, p50/p95/p99 per request kind, and the number of lost saves: a save the client
saw confirmed whose value is not in the database afterwards. Exits 1 on any failure or lost save.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"server exited early with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    sys.exit("server did not start in time")


def _fresh_postgres(url: str) -> None:
    base, _, name = url.rpartition("/")
    admin = base + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True)


def _verify(env: dict[str, str], results_file: Path) -> tuple[int, int, int]:
    """Return (staff checked, saves lost, submissions lost) by reading the database the server wrote."""
    code = f"""
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nianbao.web.settings")
django.setup()
from nianbao.web.reporting.models import Report, ReportValue
results = json.load(open({str(results_file)!r}, encoding="utf-8"))
lost = lost_submit = 0
for username, r in results.items():
    row = ReportValue.objects.filter(report_id=r["report"], key="info.total").first()
    if r["last_saved"] is not None and (row is None or row.raw != r["last_saved"]):
        lost += 1
    if r["submitted"] and Report.unscoped.get(pk=r["report"]).state != "submitted":
        lost_submit += 1
print(json.dumps([len(results), lost, lost_submit]))
"""
    out = subprocess.run([PYTHON, "-c", code], env=env, check=True, capture_output=True, text=True).stdout
    return tuple(json.loads(out.strip().splitlines()[-1]))


def _report(prefix: Path) -> tuple[int, int]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    print(f"{'request':40} {'count':>7} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>7}  (ms)")
    total = failures = 0
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{name:40} {row['Request Count']:>7} {row['Failure Count']:>5} {row['50%']:>6} {row['95%']:>6} "
            f"{row['99%']:>6} {float(row['Max Response Time']):>7.0f}"
        )
        if row["Name"] == "Aggregated":
            total, failures = int(row["Request Count"]), int(row["Failure Count"])
    return total, failures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=300, help="seconds of load (default 300)")
    parser.add_argument("--staff", type=int, default=200)
    parser.add_argument("--readers", type=int, default=500)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/nianbao_load")
    parser.add_argument("--threads", type=int, default=16, help="waitress worker threads")
    parser.add_argument(
        "--out", type=Path, default=None, help="folder for locust's CSV files (default: a new temp folder)"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="nianbao-load-"))
    args.out = args.out or work / "locust"
    args.out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(NIANBAO_DATA_DIR=str(work / "data"), NIANBAO_ALLOWED_HOSTS="127.0.0.1", NIANBAO_DEBUG="false")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if args.database == "postgres":
        _fresh_postgres(args.postgres_url)
        env["NIANBAO_DATABASE_URL"] = args.postgres_url
    else:
        env.pop("NIANBAO_DATABASE_URL", None)
    users_file, results_file = work / "staff.json", work / "results.json"
    subprocess.run(
        [PYTHON, str(HERE / "setup_data.py"), "--staff", str(args.staff), "--users-file", str(users_file)],
        env=env,
        check=True,
    )
    port = _free_port()
    serve = [PYTHON, "-c", "from nianbao.cli.main import main; main()", "serve", "--host", "127.0.0.1"]
    log = (work / "server.log").open("w")
    server = subprocess.Popen(
        [*serve, "--port", str(port), "--threads", str(args.threads)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(port, server)
        prefix = args.out / f"{args.database}-{args.duration}s"
        locust_env = dict(env)
        locust_env.update(
            LOAD_USERS_FILE=str(users_file),
            LOAD_RESULT_FILE=str(results_file),
            LOAD_STAFF=str(args.staff),
            LOAD_READERS=str(args.readers),
        )
        users = args.staff + args.readers
        started = time.monotonic()
        subprocess.run(
            [
                PYTHON,
                "-m",
                "locust",
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--only-summary",
                "-u",
                str(users),
                "-r",
                "20",
                "-t",
                f"{args.duration}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--stop-timeout",
                "30",
                "--loglevel",
                "WARNING",
            ],
            env=locust_env,
        )
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    print(
        f"\nload test: {args.database}, {args.staff} staff + {args.readers} readers, {elapsed:.0f} s; "
        f"CSV in {args.out}"
    )
    total, failures = _report(prefix)
    checked, lost, lost_submit = _verify(env, results_file)
    print(
        f"\nrequests {total}, failures {failures}; staff checked {checked}, lost saves {lost}, "
        f"lost submissions {lost_submit}"
    )
    sys.exit(0 if failures == 0 and lost == 0 and lost_submit == 0 and total > 0 else 1)


if __name__ == "__main__":
    main()
