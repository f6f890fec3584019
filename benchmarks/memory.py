"""Does the app's memory stay flat over sessions? RSS of the app process after 10 and after N warm sessions.

    .venv/bin/python benchmarks/memory.py [--sessions 100] [--scale 1] [--pages explore,analytics,...] [--idle 900]

The app runs in this process through Streamlit's AppTest: each session is a new AppTest (its own session state)
over the same process-wide caches (st.cache_data / st.cache_resource, the store), as sessions share one
Streamlit server. Each session opens the given pages, Explore on a different node each time. Target of the
issue: RSS after N sessions within 20 % of RSS after 10.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil  # noqa: E402

from benchmarks.scale import scaled_dataset  # noqa: E402
from smals_graph.graph_model.connect import connect  # noqa: E402
from smals_graph.graph_model.embedded import EmbeddedEngine  # noqa: E402
from smals_graph.loader.knowledge import BUNDLED_REPORT  # noqa: E402
from smals_graph.loader.parse import parse_report  # noqa: E402
from smals_graph.loader.write import load_dataset  # noqa: E402

APP = str(resources.files("smals_graph.app.ui") / "streamlit_app.py")
TARGET = 0.20
TOKEN = "memory-benchmark-" + "t" * 16
NODES = ("m:onss", "s:wave", "m:onem", "p:wave-saas", "m:inami", "t:java", "s:ebox", "m:inasti")


def session(pages: list[str], number: int) -> None:
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    # bare-mode cache reads between sessions warn "missing ScriptRunContext" once per read: noise, not a finding
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)

    for page in pages:
        at = AppTest.from_file(APP, default_timeout=300)
        at._page_hash = calc_hash(page)
        at.query_params["token"] = TOKEN  # the app's login (app/ui/login.py), as a browser brings it
        if page == "explore":
            at.query_params["node"] = NODES[number % len(NODES)]
        at.run()
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--scale", type=int, default=1, help="copies of the ecosystem (benchmarks/scale.py)")
    parser.add_argument("--pages", default="explore,shared-components,analytics")
    parser.add_argument("--idle", type=float, default=0, help="then stay idle this many seconds and measure again")
    args = parser.parse_args()
    pages = [p for p in args.pages.split(",") if p]
    process = psutil.Process()
    with tempfile.TemporaryDirectory(prefix="smals-memory-") as data_dir:
        engine = EmbeddedEngine(data_dir)
        engine.ensure_running()
        try:
            store = connect("embedded:", data_dir=data_dir, graph="bench_memory")
            load_dataset(store, scaled_dataset(parse_report(BUNDLED_REPORT), args.scale))
            os.environ["SMALS_GRAPH_URI"] = store.connection_uri()
            os.environ["SMALS_GRAPH_APP_TOKEN"] = TOKEN
            rss: dict[int, float] = {}
            started = time.perf_counter()
            for number in range(1, args.sessions + 1):
                session(pages, number)
                if number in (1, 10) or number % 10 == 0 or number == args.sessions:
                    gc.collect()
                    rss[number] = process.memory_info().rss / 2**20
                    print(f"after {number:4d} sessions: RSS {rss[number]:7.1f} MB "
                          f"({time.perf_counter() - started:.0f} s)", flush=True)
            if args.idle:
                time.sleep(args.idle)  # the caches' ttl expire; nothing else runs
                gc.collect()
                idle_rss = process.memory_info().rss / 2**20
                print(f"after {args.idle:.0f} s idle: RSS {idle_rss:7.1f} MB", flush=True)
            store.close()
        finally:
            engine.stop()
    if 10 in rss:
        growth = rss[args.sessions] / rss[10] - 1
        verdict = "ok" if growth <= TARGET else "MISS"
        print(f"RSS after {args.sessions} sessions is {growth:+.1%} of after 10 (target within "
              f"{TARGET:.0%}): {verdict}")


if __name__ == "__main__":
    main()
