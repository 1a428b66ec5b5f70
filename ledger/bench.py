"""Ledger latency: ``python -m ledger.bench --url URL --out FILE``.

Records ``--n`` (2,000) real answers (a 杭州 quote, its card and the rule-data version), then looks
up every code once in random order and reports the median and p95 lookup latency (nearest rank,
milliseconds, wall clock of ``Ledger.find`` including code checking). The rows it wrote are deleted
afterwards (the table too, when the bench created it) unless ``--keep``. The URL defaults to ``DATABASE_URL``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import statistics
import sys
import time

from .store import URL_ENV, Ledger, LedgerError

FACTS = {"region": "杭州", "as_of": "2025-06-10", "age": 40, "hukou": "local", "student": "none",
         "employee_insured": False, "special": [], "tier": "二档"}  # fmt: skip


def _p95(values: list) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def _summary(seconds: list) -> dict:
    ms = [s * 1000 for s in seconds]
    return {"median": round(statistics.median(ms), 3), "p95": round(_p95(ms), 3), "max": round(max(ms), 3)}


def run(url: str, n: int, seed: int = 0, keep: bool = False) -> dict:
    from policies import quote, render
    from policies.rulebook import default_rulebook

    answer = quote(FACTS, today=dt.date(2025, 6, 10))
    card = render(answer)
    version = default_rulebook().version
    import sqlalchemy

    from .schema import answers

    ledger = Ledger(url)
    probe = sqlalchemy.create_engine(ledger.url)
    created = not sqlalchemy.inspect(probe).has_table(answers.name)
    probe.dispose()
    ledger.create_schema()
    now = dt.datetime.now(dt.timezone.utc)
    written, record_s, lookup_s = [], [], []
    try:
        for i in range(n):
            start = time.perf_counter()
            written.append(ledger.record(FACTS, answer, card, "bench", version, now + dt.timedelta(microseconds=i)))
            record_s.append(time.perf_counter() - start)
        order = written[:]
        random.Random(seed).shuffle(order)
        for code in order:
            start = time.perf_counter()
            found = ledger.find(code)
            lookup_s.append(time.perf_counter() - start)
            if found is None or found["code"] != code:
                raise SystemExit(f"lookup of {code} failed")
    finally:
        if created and not keep:
            answers.drop(ledger._engine_ready())  # leave the database as it was found
        elif written and not keep:
            _delete(ledger, written)
        ledger.close()
    return {
        "url": ledger.safe_url(),
        "backend": url.split(":", 1)[0],
        "records": len(written),
        "lookups": len(lookup_s),
        "payload_bytes": len(json.dumps(answer, ensure_ascii=False).encode()) + len(card.encode()),
        "lookup_ms": _summary(lookup_s),
        "record_ms": _summary(record_s),
        "python": platform.python_version(),
        "measured_at": now.isoformat(timespec="seconds"),
    }


def _delete(ledger: Ledger, written: list) -> None:
    from .codes import normalise
    from .schema import answers

    bare = [normalise(code) for code in written]
    with ledger._engine_ready().begin() as conn:
        for i in range(0, len(bare), 500):
            conn.execute(answers.delete().where(answers.c.code.in_(bare[i : i + 500])))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ledger.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get(URL_ENV) or None, help="database URL (default: DATABASE_URL)")
    parser.add_argument("--out", required=True, help="JSON file to write the figures to")
    parser.add_argument("--n", type=int, default=2000, help="answers recorded and codes looked up (default 2000)")
    parser.add_argument("--keep", action="store_true", help="keep the rows written")
    args = parser.parse_args(argv)
    if not args.url:
        parser.error("give --url or set DATABASE_URL")
    if args.n < 1:
        parser.error("--n must be at least 1")
    try:
        result = run(args.url, args.n, keep=args.keep)
    except (LedgerError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    lookup, record = result["lookup_ms"], result["record_ms"]
    print(f"{result['backend']}: {result['lookups']} lookups median {lookup['median']} ms, p95 {lookup['p95']} ms; "
          f"{result['records']} records median {record['median']} ms, p95 {record['p95']} ms -> {args.out}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
