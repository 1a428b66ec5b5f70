"""``python -m policies quote|card [--length full|spoken|wechat]|compare|household|demo`` — JSON lines in,
answers out (quote contract, "Command line", "Comparison" and "Household"); ``quote --trace`` adds the
why-trace to each answer.

Start-up imports only the standard library, PyYAML and this package: never Rasa or TensorFlow.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import json
import sys

import orjson

from base.clock import today_from_env

from .card import FULL, LENGTHS, render
from .compare import compare
from .engine import quote
from .facts import error
from .household import household
from .rulebook import default_rulebook


def _decode(line):
    try:
        return orjson.loads(line), None
    except (orjson.JSONDecodeError, RecursionError) as exc:
        return None, {"status": "invalid", "errors": [error(None, "bad_json", f"这一行不是有效的JSON：{str(exc)[:80]}")]}


def answer_line(line, today: _dt.date, trace: bool = False) -> dict:
    """One input line (text or bytes) to one answer; a bad line never stops the stream."""
    raw, bad = _decode(line)
    return bad or quote(raw, today=today, trace=trace)


def compare_line(line, today: _dt.date) -> dict:
    """``{"facts": {...}, "variants": [{"label", ...changed facts}, ...]}`` to one comparison."""
    raw, bad = _decode(line)
    if bad:
        return bad
    if not isinstance(raw, dict) or set(raw) - {"facts", "variants"}:
        return {"status": "invalid", "errors": [error(None, "not_object", "每行应为 {\"facts\": {...}, \"variants\": [...]}。")]}
    return compare(raw.get("facts"), raw.get("variants"), today=today)


def household_line(line, today: _dt.date) -> dict:
    """``{"region", "as_of"?, "members": [{"label", ...facts}, ...]}`` to one household answer."""
    raw, bad = _decode(line)
    return bad or household(raw, today=today)


def run_lines(stdin, stdout, answer) -> int:
    """JSON lines in, one JSON line out per line, flushed after each (binary streams when available)."""
    default_rulebook()
    gc.freeze()  # the rule book lives for the whole run: keep it out of every collection
    reader = getattr(stdin, "buffer", stdin)
    writer = getattr(stdout, "buffer", None)
    for line in reader:
        data = orjson.dumps(answer(line.rstrip(b"\r\n" if isinstance(line, bytes) else "\r\n")))
        if writer is not None:
            writer.write(data + b"\n")
            writer.flush()
        else:
            stdout.write(data.decode() + "\n")
            stdout.flush()
    return 0


def run_quote(stdin, stdout, today, trace=False) -> int:
    return run_lines(stdin, stdout, lambda line: answer_line(line, today, trace))


def run_compare(stdin, stdout, today) -> int:
    return run_lines(stdin, stdout, lambda line: compare_line(line, today))


def run_household(stdin, stdout, today) -> int:
    return run_lines(stdin, stdout, lambda line: household_line(line, today))


def run_card(stdin, stdout, today, length=FULL) -> int:
    first = True
    for line in stdin:
        if not first:
            stdout.write("\n")
        first = False
        raw, _ = _decode(line.rstrip("\r\n"))
        as_of = raw.get("as_of") if isinstance(raw, dict) and isinstance(raw.get("as_of"), str) else today.isoformat()
        stdout.write(render(answer_line(line.rstrip("\r\n"), today), length, as_of=as_of) + "\n")
        stdout.flush()
    return 0


DEMO_HELP = """医保参保助手（引擎演示）。每行输入一组情况，例如：
  region=杭州 age=30 hukou=local student=none employee_insured=false special= tier=一档
或一行JSON。special 用逗号分隔（如 special=dibao,youfu；没有则写 special=）。空行或 quit 退出。"""


def _parse_pairs(line: str) -> dict:
    facts: dict = {}
    for part in line.split():
        key, _, value = part.partition("=")
        if key == "special":
            facts[key] = [v for v in value.split(",") if v]
        elif value.lower() in ("true", "false"):
            facts[key] = value.lower() == "true"
        else:
            try:
                facts[key] = json.loads(value)
            except ValueError:
                facts[key] = value
    return facts


def run_demo(stdin, stdout, today) -> int:
    stdout.write(DEMO_HELP + "\n")
    while True:
        stdout.write("> ")
        stdout.flush()
        line = stdin.readline()
        if not line or line.strip() in ("", "quit", "exit"):
            return 0
        text = line.strip()
        facts = json.loads(text) if text.startswith("{") else _parse_pairs(text)
        stdout.write(render(quote(facts, today=today)) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policies", description="医保参保助手 policy engine")
    parser.add_argument("command", choices=("quote", "card", "compare", "household", "demo"))
    parser.add_argument("--trace", action="store_true", help="quote: add the why-trace (quote contract, trace)")
    parser.add_argument("--length", choices=LENGTHS, default=FULL,
                        help="card: full (≤12 lines), spoken (口播, ≤120 characters) or wechat (≤300 characters)")
    parser.add_argument("--today", help="the date used when a line has no as_of (default: today or $ASSISTANT_TODAY)")
    args = parser.parse_args(argv)
    try:
        today = _dt.date.fromisoformat(args.today) if args.today else today_from_env()
    except ValueError as exc:
        parser.error(str(exc))
    if args.command == "quote":
        return run_quote(sys.stdin, sys.stdout, today, trace=args.trace)
    if args.command == "card":
        return run_card(sys.stdin, sys.stdout, today, args.length)
    runner = {"compare": run_compare, "household": run_household, "demo": run_demo}[args.command]
    return runner(sys.stdin, sys.stdout, today)
