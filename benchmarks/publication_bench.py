"""Publication checks of 600 sites against a local test server: wall time, CPU time, memory.

Target (issue 17): 600 sites checked in under two minutes on the 2-core machine, with memory bounded
(documents are held only while their check runs). Each site has its own host name (site-001.bench.test …)
mapped to 127.0.0.1 by the checker's resolver, so the one-request-per-host rule applies as it would to
600 real sites; the server runs in another process, so the figures of this process are the checker's.

    .venv/bin/python benchmarks/publication_bench.py [--sites 600] [--workers 8]
"""

from __future__ import annotations

import argparse
import collections
import http.server
import multiprocessing
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from layouts_bench import make_reports

from nianbao.io.registry import get_writer
from nianbao.publication import AddressPolicy, FetchPolicy
from nianbao.publication.batch import Target, check_many

TARGET_S = 120.0
PLATFORM = "platform.bench.test"
# How sites publish: mostly the HTML table in the article, else an attached Word, Excel or PDF file.
MIX = ("html",) * 6 + ("docx", "xlsx", "docx", "pdf")
TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def host(n: int) -> str:
    return f"site-{n:03d}.bench.test"


def write_sites(count: int, root: Path) -> None:
    """Write each site's home page, report page and attachment into root/<host>/."""
    writers = {fmt: get_writer(fmt) for fmt in TYPES}
    for n, report in enumerate(make_reports(count)):
        fmt = MIX[n % len(MIX)]
        folder = root / host(n)
        folder.mkdir(parents=True)
        body = writers[fmt].write(report)
        if fmt == "html":
            (folder / "nb2020.html").write_bytes(body)
        else:
            (folder / f"report.{fmt}").write_bytes(body)
            link = f"<p>附件：<a href='report.{fmt}'>2020年政府网站工作年度报表</a></p>"
            (folder / "nb2020.html").write_bytes(f"<html><body><h1>年报</h1>{link}</body></html>".encode())
        home = "<html><body><a href='nb2020.html'>政府网站工作年度报表</a></body></html>"
        (folder / "index.html").write_bytes(home.encode())


def serve(root: str, port_queue) -> None:
    """Serve root/<Host>/<path> (the server process)."""
    base = Path(root)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            name = self.headers.get("Host", "").split(":")[0]
            path = self.path.split("?")[0].lstrip("/")
            if name == PLATFORM:  # one platform hosting every site under /site-NNN.bench.test/
                name, _, path = path.partition("/")
            path = path or "index.html"
            file = base / name / path
            if ".." in path or not file.is_file():
                self.send_error(404)
                return
            data = file.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", TYPES.get(file.suffix[1:], "application/octet-stream"))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256

    server = Server(("127.0.0.1", 0), Handler)
    port_queue.put(server.server_address[1])
    server.serve_forever()


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=600)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument(
        "--one-host",
        action="store_true",
        help="every site on one platform host (集约化平台): one request at a time for all of them",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="publication-bench-") as tmp:
        started = time.perf_counter()
        write_sites(args.sites, Path(tmp))
        print(f"生成 {args.sites} 个网站的页面与附件：{time.perf_counter() - started:.1f} 秒")
        ports = multiprocessing.Queue()
        server = multiprocessing.Process(target=serve, args=(tmp, ports), daemon=True)
        server.start()
        port = ports.get(timeout=30)
        try:
            policy = replace(
                FetchPolicy(
                    contact_url="https://nianbao.example.org/about",
                    addresses=AddressPolicy.from_settings(networks=["127.0.0.1/32"]),
                ),
                resolver=lambda name, p: ["127.0.0.1"],
            )
            reports = make_reports(args.sites)

            def base(n: int) -> str:
                if args.one_host:
                    return f"http://{PLATFORM}:{port}/{host(n)}/"
                return f"http://{host(n)}:{port}/"

            targets = [Target(n, base(n) + "nb2020.html", base(n), reports[n]) for n in range(args.sites)]
            rss_before = max_rss_mb()
            cpu_before = time.process_time()
            wall_before = time.perf_counter()
            outcomes: collections.Counter[str] = collections.Counter()
            linked = 0
            per_format: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
            for key, result in check_many(targets, policy, workers=args.workers):
                outcomes[result.label] += 1
                per_format[MIX[key % len(MIX)]][result.label] += 1
                linked += bool(result.home_linked)
            wall = time.perf_counter() - wall_before
            cpu = time.process_time() - cpu_before
        finally:
            server.terminate()
            server.join()
    where = "全部在同一主机上" if args.one_host else "各自的主机"
    print(f"核验 {args.sites} 个网站（{where}；{args.workers} 个并发，每个主机一次一个请求）：")
    per_site = wall / args.sites * 1000
    print(f"  用时 {wall:.1f} 秒（目标 < {TARGET_S:.0f} 秒），每个网站 {per_site:.0f} ms")
    print(f"  本进程 CPU {cpu:.1f} 秒（全部线程）")
    print(f"  结果：{dict(outcomes)}；首页有链接 {linked}")
    for fmt, counts in sorted(per_format.items()):
        print(f"    {fmt}: {dict(counts)}")
    print(f"  最大常驻内存：核验前 {rss_before:.0f} MB，核验后 {max_rss_mb():.0f} MB")
    return 0 if wall < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
