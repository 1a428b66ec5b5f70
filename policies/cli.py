"""``python -m policies quote|card|demo`` — JSON lines in, answers out (quote contract, "Command line").

Start-up imports only the standard library, PyYAML and this package: never Rasa or TensorFlow.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import json
import os
import sys

import orjson

from .card import render
from .engine import quote
from .rulebook import default_rulebook

TODAY_ENV = "ASSISTANT_TODAY"


def today_from_env(environ=os.environ) -> _dt.date:
    """Today, or the date in ``ASSISTANT_TODAY`` (YYYY-MM-DD) so that runs are deterministic."""
    value = environ.get(TODAY_ENV)
    if value:
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            raise SystemExit(f"{TODAY_ENV} 应为 YYYY-MM-DD 格式的日期，收到 {value!r}") from None
    return _dt.date.today()


def answer_line(line, today: _dt.date) -> dict:
    """One input line (text or bytes) to one answer; a bad line never stops the stream."""
    try:
        raw = orjson.loads(line)
    except (orjson.JSONDecodeError, RecursionError) as exc:
        return {"status": "invalid", "errors": [f"这一行不是有效的JSON：{str(exc)[:80]}"]}
    return quote(raw, today=today)


def run_quote(stdin, stdout, today) -> int:
    """JSON lines in, JSON lines out, flushed after each line (binary streams when available)."""
    default_rulebook()
    gc.freeze()  # the rule book lives for the whole run: keep it out of every collection
    reader = getattr(stdin, "buffer", stdin)
    writer = getattr(stdout, "buffer", None)
    for line in reader:
        data = orjson.dumps(answer_line(line.rstrip(b"\r\n" if isinstance(line, bytes) else "\r\n"), today))
        if writer is not None:
            writer.write(data + b"\n")
            writer.flush()
        else:
            stdout.write(data.decode() + "\n")
            stdout.flush()
    return 0


def run_card(stdin, stdout, today) -> int:
    first = True
    for line in stdin:
        if not first:
            stdout.write("\n")
        first = False
        stdout.write(render(answer_line(line.rstrip("\r\n"), today)) + "\n")
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
    parser.add_argument("command", choices=("quote", "card", "demo"))
    parser.add_argument("--today", help="the date used when a line has no as_of (default: today or $ASSISTANT_TODAY)")
    args = parser.parse_args(argv)
    today = _dt.date.fromisoformat(args.today) if args.today else today_from_env()
    runner = {"quote": run_quote, "card": run_card, "demo": run_demo}[args.command]
    return runner(sys.stdin, sys.stdout, today)
