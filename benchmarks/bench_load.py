"""Load against the floor (``make bench-load``): a bare Rasa 3.6 ``rasa init`` bot and the assistant as
``make run`` starts it, both on loopback, the same closed-loop load on each — 1 and 10 concurrent
conversations of four turns (Chinese for the assistant) — interleaved, twice. Writes p50/p95/p99 per
turn, turns per second, the RSS of every process and the ratios to the floor to
``benchmarks/results/load.json``; also the time to reject a 100,000-character message and the
assistant's start-up time with a trained model. Then one Rasa server against two behind nginx, on the
production configuration of deploy/ (``benchmarks/bench_scaleout.py``): turns per second and CPU seconds
per turn for each, under the key ``scaleout``. Bounded in count and time; it stops what it started.

    .venv/bin/python benchmarks/bench_load.py [--conversations 12] [--concurrent-conversations 40] [--scaleout-only]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from benchmarks import bench_scaleout  # noqa: E402
from bot.serve import Servers, wait_for  # noqa: E402

BIN = os.path.dirname(sys.executable)
FLOOR_DIR = os.path.join(ROOT, "var", "floor")
OUT = os.path.join(ROOT, "benchmarks", "results", "load.json")
FLOOR_PORT, RASA_PORT, ACTION_PORT = 5395, 5396, 5397
TURN_TIMEOUT = 60  # seconds; a turn slower than this counts as failed

FLOOR_TURNS = ("hello", "I am sad", "yes", "bye")
ASSISTANT_TURNS = ("你好", "我在杭州，40岁，本地户口", "没有职工医保，不是困难户", "一档")


def post(port: int, sender: str, text: str) -> list:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/rest/webhook", body,
                                     {"Content-Type": "application/json"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=TURN_TIMEOUT) as response:
        return json.loads(response.read())


def conversation(port: int, turns, sender: str) -> list[float]:
    timings = []
    for text in turns:
        start = time.perf_counter()
        post(port, sender, text)
        timings.append(time.perf_counter() - start)
    return timings


def run_load(port: int, turns, conversations: int, concurrent: int, tag: str) -> dict:
    """``conversations`` closed-loop conversations, ``concurrent`` at a time."""
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrent) as pool:
        results = list(pool.map(lambda i: conversation(port, turns, f"{tag}-{i}-{time.time_ns()}"), range(conversations)))
    elapsed = time.perf_counter() - start
    per_turn = sorted(t for r in results for t in r)
    q = statistics.quantiles(per_turn, n=100, method="inclusive")
    return {"turns": len(per_turn), "seconds": round(elapsed, 2), "turns_per_second": round(len(per_turn) / elapsed, 2),
            "p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1), "p99_ms": round(q[98] * 1000, 1)}  # fmt: skip


def rss_mb(pid: int) -> dict:
    """RSS in MB of a process and each of its children, by command."""
    out = {}
    try:
        parent = psutil.Process(pid)
        for proc in [parent, *parent.children(recursive=True)]:
            name = " ".join(proc.cmdline()[1:4])[:60] or proc.name()
            out[f"{proc.pid} {name}"] = round(proc.memory_info().rss / 2**20)
    except psutil.Error:
        pass
    return out


def floor_bot() -> subprocess.Popen:
    """The bare ``rasa init`` bot, trained once under var/floor and kept."""
    if not os.path.isdir(os.path.join(FLOOR_DIR, "models")) or not os.listdir(os.path.join(FLOOR_DIR, "models")):
        os.makedirs(FLOOR_DIR, exist_ok=True)
        subprocess.run([os.path.join(BIN, "rasa"), "init", "--no-prompt", "--init-dir", FLOOR_DIR],
                       cwd=FLOOR_DIR, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1200)  # fmt: skip
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    process = subprocess.Popen([os.path.join(BIN, "rasa"), "run", "--model", "models", "--port", str(FLOOR_PORT),
                                "--credentials", "credentials.yml"], cwd=FLOOR_DIR, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    wait_for(f"http://127.0.0.1:{FLOOR_PORT}/", process, 300)
    return process


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=12, help="per single-conversation run")
    parser.add_argument("--concurrent-conversations", type=int, default=40, help="per 10-concurrent run")
    parser.add_argument("--scaleout-only", action="store_true", help="only the 1-vs-2 Rasa servers run (kept results stay)")
    args = parser.parse_args(argv)
    os.environ.setdefault("AGENT_TOKEN", "bench-load-token-0123456789")
    os.environ.setdefault("ASSISTANT_TODAY", "2024-11-20")
    if args.scaleout_only:
        return write_scaleout(scaleout(args))
    floor = floor_bot()
    try:
        started = time.perf_counter()
        with open(os.path.join(ROOT, "var", "bench-load.log"), "w") as log, \
                Servers(rasa_port=RASA_PORT, action_port=ACTION_PORT, tracker_db="var/bench-load-tracker.db", log=log) as servers:
            startup = time.perf_counter() - started
            conversation(RASA_PORT, ASSISTANT_TURNS, "warm")  # first turns load lazily: not measured
            conversation(FLOOR_PORT, FLOOR_TURNS, "warm")
            runs = {"floor": {"1": [], "10": []}, "assistant": {"1": [], "10": []}}
            for rep in range(2):  # interleaved, twice
                for concurrent, count in ((1, args.conversations), (10, args.concurrent_conversations)):
                    runs["floor"][str(concurrent)].append(run_load(FLOOR_PORT, FLOOR_TURNS, count, concurrent, f"f{rep}"))
                    runs["assistant"][str(concurrent)].append(
                        run_load(RASA_PORT, ASSISTANT_TURNS, count, concurrent, f"a{rep}"))
            long_ms = []
            for i in range(10):
                start = time.perf_counter()
                post(RASA_PORT, f"long-{i}", "我在杭州" * 25000)
                long_ms.append((time.perf_counter() - start) * 1000)
            memory = {"floor": rss_mb(floor.pid), "assistant": {}}
            for process in servers.processes:
                memory["assistant"].update(rss_mb(process.pid))
    finally:
        os.killpg(floor.pid, signal.SIGTERM)
        try:
            floor.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(floor.pid, signal.SIGKILL)

    def best(kind, concurrent, key):
        values = [r[key] for r in runs[kind][concurrent]]
        return min(values) if key.endswith("_ms") else max(values)

    ratios = {
        "p50_single_vs_floor": round(best("assistant", "1", "p50_ms") / best("floor", "1", "p50_ms"), 2),
        "throughput_10_vs_floor": round(best("assistant", "10", "turns_per_second") / best("floor", "10", "turns_per_second"), 2),
    }
    result = {
        "runs": runs, "ratios": ratios,
        "targets": {"p50_single_vs_floor": "<= 1.5", "throughput_10_vs_floor": ">= 0.7",
                    "reject_100k_ms": "< 50", "rss_per_rasa_process_mb": "<= 1536", "startup_seconds": "< 40"},
        "reject_100k_ms": {"median": round(statistics.median(long_ms), 1), "max": round(max(long_ms), 1)},
        "startup_seconds": round(startup, 1),
        "rss_mb": memory,
        "python": platform.python_version(), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }  # fmt: skip
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False, indent=2)
    print(json.dumps({"ratios": ratios, "reject_100k_ms": result["reject_100k_ms"], "startup_seconds": result["startup_seconds"]},
                     ensure_ascii=False))  # fmt: skip
    print(f"written to {os.path.relpath(OUT, ROOT)}")
    return write_scaleout(scaleout(args))


def scaleout(args) -> dict:
    return bench_scaleout.run(ASSISTANT_TURNS, args.concurrent_conversations, 3, run_load, conversation)


def write_scaleout(figures: dict) -> int:
    """Put the 1-vs-2 figures under ``scaleout`` in load.json, keeping the rest."""
    try:
        with open(OUT, encoding="utf-8") as handle:
            result = json.load(handle)
    except (OSError, ValueError):
        result = {}
    result["scaleout"] = figures
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False, indent=2)
    summary = {n: {k: figures[n][k] for k in ("turns_per_second", "cpu_seconds_per_turn", "p50_ms")} for n in ("one", "two")}
    print(json.dumps({"scaleout": summary, "two_vs_one_throughput": figures["two_vs_one_throughput"]}, ensure_ascii=False))
    print(f"written to {os.path.relpath(OUT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
