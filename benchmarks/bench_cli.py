"""Benchmark: quotes per second through ``python -m policies quote``, and CLI start-up time.

Writes benchmarks/results/cli.json. Not a test: figures depend on the machine. The input is a
fixed pseudo-random mix of facts over every region, 2024–2029, eligible and not, so that the
engine does its full work (no two consecutive lines are alike).

    .venv/bin/python benchmarks/bench_cli.py [--lines 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULT = os.path.join(ROOT, "benchmarks", "results", "cli.json")
REGIONS = ["hangzhou", "yuyao", "shanghai", "yangling", "杭州", "沪", "杨陵", "宁波余姚"]


def facts_lines(n: int, seed: int = 20261122) -> list[str]:
    rnd = random.Random(seed)
    lines = []
    for _ in range(n):
        facts = {
            "region": rnd.choice(REGIONS),
            "as_of": f"{rnd.randint(2024, 2029)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
            "age": rnd.randint(0, 95),
            "hukou": rnd.choice(["local", "local", "nonlocal"]),
            "student": rnd.choice(["none", "none", "preschool", "primary_secondary", "university"]),
            "employee_insured": rnd.random() < 0.2,
            "residence_permit": rnd.random() < 0.5,
            "special": rnd.choice([[], [], [], ["dibao"], ["tekun", "youfu"], ["dibao_edge"]]),
            "gap_years": rnd.randint(0, 6),
            "repair_years": rnd.randint(0, 3),
        }
        if rnd.random() < 0.3:
            facts["tier"] = rnd.choice(["一档", "二档"])
        if rnd.random() < 0.05:
            facts["age"] = "七十"  # an invalid line now and then
        lines.append(json.dumps(facts, ensure_ascii=False))
    return lines


def cli(stdin_path: str | None) -> float:
    cmd = [sys.executable, "-m", "policies", "quote", "--today", "2026-11-22"]
    start = time.perf_counter()
    with open(stdin_path or os.devnull, "rb") as stdin:
        done = subprocess.run(cmd, stdin=stdin, stdout=subprocess.PIPE, cwd=ROOT, check=True)
    elapsed = time.perf_counter() - start
    if stdin_path:
        with open(stdin_path, "rb") as handle:
            assert done.stdout.count(b"\n") == sum(1 for _ in handle), "one answer per line"
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    startups = sorted(cli(None) for _ in range(9))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as handle:
        handle.write("\n".join(facts_lines(args.lines)) + "\n")
        path = handle.name
    try:
        runs = [cli(path) for _ in range(args.runs)]
    finally:
        os.unlink(path)
    best = min(runs)
    startup = statistics.median(startups)
    result = {
        "lines": args.lines,
        "runs_seconds": [round(r, 3) for r in runs],
        "quotes_per_second": round(args.lines / best),
        "quotes_per_second_excluding_startup": round(args.lines / (best - startup)),
        "startup_seconds_median": round(startup, 3),
        "startup_seconds_max": round(startups[-1], 3),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    os.makedirs(os.path.dirname(RESULT), exist_ok=True)
    with open(RESULT, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=2, ensure_ascii=False)
        out.write("\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"written to {os.path.relpath(RESULT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
