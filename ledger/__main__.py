"""``python -m ledger purge [--days N] | find CODE | stats`` — the ledger from the console.

The database is ``--url``, else ``DATABASE_URL``, else ``var/ledger.db``. Errors are one Chinese
line on stderr and a non-zero exit status (1: database or not found, 2: bad input), never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from .codes import CodeError
from .store import RETENTION_DAYS_DEFAULT, RETENTION_ENV, Ledger, LedgerError, retention_days


def _when(iso: str | None) -> str:
    return dt.datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M:%S UTC") if iso else "—"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ledger",
        description="答复账本：按咨询编号查找答复、统计、按保留期清除。数据库取 --url、DATABASE_URL，默认 var/ledger.db。",
    )
    parser.add_argument("--url", help="数据库地址（覆盖 DATABASE_URL）")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{purge,find,stats}")
    purge = commands.add_parser("purge", help="清除超过保留期的记录")
    purge.add_argument(
        "--days", type=int, help=f"保留天数（默认取 {RETENTION_ENV}，未设置为 {RETENTION_DAYS_DEFAULT}）；恰好满 N 天的记录保留"
    )
    find = commands.add_parser("find", help="按咨询编号打印答复卡片")
    find.add_argument("code", nargs="+", help="咨询编号，如 K7QF-M3XW（大小写、空格、连字符均可）")
    find.add_argument("--json", action="store_true", help="打印完整记录（JSON）")
    commands.add_parser("stats", help="记录条数、最早和最新时间")
    return parser


def _run(args) -> int:
    ledger = Ledger(args.url)
    try:
        if args.command == "purge":
            days = args.days if args.days is not None else retention_days()
            now = dt.datetime.now(dt.timezone.utc)  # the CLI reads the clock; the store never does
            removed = ledger.purge(days, now)
            cutoff = (now - dt.timedelta(days=days)).isoformat()
            print(f"已清除 {removed} 条早于 {_when(cutoff)} 的记录（保留期 {days} 天）。")
        elif args.command == "find":
            typed = " ".join(args.code)
            entry = ledger.find(typed)
            if entry is None:
                print(f"未找到咨询编号 {typed}：可能已超过保留期被清除，或编号有误。", file=sys.stderr)
                return 1
            if args.json:
                print(json.dumps(entry, ensure_ascii=False, indent=2))
            else:
                print(f"咨询编号 {entry['code']}｜{_when(entry['created_at'])}｜渠道 {entry['channel']}"
                      f"｜规则版本 {entry['rule_version']}")  # fmt: skip
                print(entry["card_text"])
        else:
            stats = ledger.stats()
            print(f"共 {stats['count']} 条记录；最早 {_when(stats['oldest'])}；最新 {_when(stats['newest'])}。")
        return 0
    finally:
        ledger.close()


def main(argv=None) -> int:
    with_replace = getattr(sys.stdout, "reconfigure", None)
    if with_replace:  # a terminal that cannot show Chinese gets '?' rather than a traceback
        sys.stdout.reconfigure(errors="replace")
        sys.stderr.reconfigure(errors="replace")
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except LedgerError as error:
        print(error, file=sys.stderr)
        return 1
    except (CodeError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
