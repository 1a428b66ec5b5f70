"""One Rasa server against two, through nginx, on the production configuration of deploy/ (part of
``make bench-load``): the same closed-loop load — 10 concurrent four-turn conversations — on
``python -m deploy.cluster`` with one Rasa server and one action server, then with two of each, both
on the production profile (PostgreSQL tracker store and ledger, Redis locks and channel state).

For each: turns per second and the CPU seconds per turn of the Rasa and action-server processes (user +
system, from /proc through psutil, over the measured run); nginx's, PostgreSQL's and Redis's (``stores``)
and the load generator's (``client``) apart, and ``other_cores_busy``: whatever else ran on the machine
meanwhile (another test run takes cores from the servers: the figures then say less). On a 2-core
machine two Rasa servers compete for the same two cores with each other, the action servers, nginx,
PostgreSQL, Redis and the load generator.

    .venv/bin/python benchmarks/bench_load.py --scaleout-only
"""

from __future__ import annotations

import os
import time

import psutil

ROLE = "yibao_bench"
ADMIN = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


def settings(instances: int) -> dict[str, str]:
    return {
        "RASA_PORTS": ",".join(str(5401 + i) for i in range(instances)),
        "ACTION_PORTS": ",".join(str(5451 + i) for i in range(instances)),
        "PUBLIC_LISTEN": "127.0.0.1:8390", "INTERNAL_LISTEN": "127.0.0.1:8391", "ACTIONS_LISTEN": "127.0.0.1:8392",
        "TRACKER_DB": ROLE, "TRACKER_DB_USER": ROLE, "DATABASE_URL": f"postgresql+psycopg2://{ROLE}@127.0.0.1:5432/{ROLE}",
        "REDIS_DB": "10", "STATE_REDIS_URL": "redis://127.0.0.1:6379/11", "ASSISTANT_TODAY": "2024-11-20",
        "CLUSTER_VAR": f"var/bench-scaleout-{instances}",
    }  # fmt: skip


def cpu_seconds(pids: list[int], children: bool = True) -> float:
    """User + system CPU seconds of these processes (and their children) so far."""
    total = 0.0
    for pid in pids:
        try:
            process = psutil.Process(pid)
            for proc in [process, *(process.children(recursive=True) if children else [])]:
                times = proc.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            pass
    return total


def machine_busy() -> float:
    """CPU seconds all cores have spent busy since boot."""
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def store_pids() -> list[int]:
    """PostgreSQL's and Redis's processes (the machine's shared services)."""
    return [p.pid for p in psutil.process_iter(["name"]) if (p.info["name"] or "").startswith(("postgres", "redis-server"))]


def measure(instances: int, turns, conversations: int, rounds: int, run_load, conversation) -> dict:
    """``rounds`` runs of ``conversations`` conversations, 10 at a time, through nginx, on a cluster of ``instances``."""
    from deploy.cluster import Cluster

    started = time.perf_counter()
    with Cluster(settings(instances)) as cluster:
        startup = time.perf_counter() - started
        port = int(cluster.layout.internal.rsplit(":", 1)[1])
        for rasa_port in cluster.layout.rasa_ports:  # the first turns load lazily: not measured
            conversation(rasa_port, turns, f"warm-{instances}-{rasa_port}-{time.time_ns()}")
        groups = {kind: [p.pid for name, p in cluster.processes.items() if name.startswith(kind)]
                  for kind in ("rasa", "actions", "nginx")}  # fmt: skip
        groups["stores"], groups["client"] = store_pids(), [os.getpid()]
        runs = []
        for number in range(rounds):
            def used_so_far():  # the load generator is this process: without its children (the cluster)
                return {kind: cpu_seconds(pids, children=kind != "client") for kind, pids in groups.items()}

            before, machine = used_so_far(), machine_busy()
            result = run_load(port, turns, conversations, 10, f"x{instances}-{number}")
            used = {kind: seconds - before[kind] for kind, seconds in used_so_far().items()}
            # anything else running on the machine meanwhile (it takes cores from the servers): should be ~0
            result["other_cores_busy"] = round((machine_busy() - machine - sum(used.values())) / result["seconds"], 2)
            cpu = used["rasa"] + used["actions"]
            result["cpu_seconds_per_turn"] = round(cpu / result["turns"], 4)  # Rasa and action servers
            for kind, seconds in used.items():
                result[f"{kind}_cpu_seconds_per_turn"] = round(seconds / result["turns"], 5)
            result["cpu_cores_busy"] = round(cpu / result["seconds"], 2)
            runs.append(result)
    best = max(runs, key=lambda r: r["turns_per_second"])
    return {"instances": instances, "startup_seconds": round(startup, 1), "runs": runs,
            "turns_per_second": best["turns_per_second"], "cpu_seconds_per_turn": best["cpu_seconds_per_turn"],
            "p50_ms": best["p50_ms"], "p95_ms": best["p95_ms"], "other_cores_busy": best["other_cores_busy"]}  # fmt: skip


def run(turns, conversations: int, rounds: int, run_load, conversation) -> dict:
    """One Rasa server, then two; ``run_load`` and ``conversation`` are bench_load's."""
    from deploy.cluster import provision

    provision(ADMIN, {"TRACKER_DB_USER": ROLE, "TRACKER_DB": ROLE})
    one = measure(1, turns, conversations, rounds, run_load, conversation)
    two = measure(2, turns, conversations, rounds, run_load, conversation)
    return {
        "load": f"{conversations} four-turn conversations, 10 at a time, through nginx, best of {rounds}",
        "cores": os.cpu_count(),
        "one": one, "two": two,
        "two_vs_one_throughput": round(two["turns_per_second"] / one["turns_per_second"], 2),
    }  # fmt: skip
