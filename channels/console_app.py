"""The hotline agent console's HTTP side: the page, its assets and a small JSON API, as one Sanic blueprint.

No Rasa import here (``channels.console`` wraps this in a Rasa input channel), so the console can also be
served on its own (``python -m channels.console_server``) and mounted by tests on their own Sanic app.

Routes, under the prefix (``/webhooks/agent`` by default, which is where Rasa mounts the ``agent`` channel):

==========================  ======================================================================================
``GET  /``                  the page (``web/agent/index.html``); ``/webhooks/agent`` redirects to the slash form
``GET  /console.js|.css``   its assets (no CDN, no build)
``POST /api/login``         ``{"token"}`` → 200 ``{"ok": true}`` / 401; 503 when no token is configured
``GET  /api/meta``          regions of the rule book, special groups, student values, field labels, today
``POST /api/quote``         a facts object (quote contract) → ``{"answer", "card", "spoken", "wechat", "detail",
                            "copyable", "code", "citations", "notes", "missing", "errors", "why", "what_if",
                            "today", "rule_version"}``; ``?record=1`` (the agent's Enter, not the live
                            preview) files an eligible / not-eligible answer in the ledger and gives its ``code``
``GET  /api/faq``           ``?region=&topic=`` → a general answer (policies.faq) and its card
``POST /api/household``     a family ``{"region", "as_of"?, "members": [{"label", …facts}]}`` → the household card
                            (three lengths), each member's status and fee, ``total``, ``totals_by_choice``,
                            ``pending``; ``?record=1`` files an answered household under one code
``GET  /api/answers/CODE``  the ledger entry under a reference code (咨询编号) + the same ``card`` / ``citations`` /
                            ``notes`` / ``missing`` keys; 404 unknown, 400 malformed (the ledger's message)
==========================  ======================================================================================

Every ``/api/`` route but ``login`` needs ``Authorization: Bearer <token>`` (401 without it). The token is the
credentials entry's ``token``, else the ``AGENT_TOKEN`` environment variable (read on every request); compared
in constant time. There is no default: without one the API answers 503 and says so.

``/api/quote``: the body goes through ``base.privacy.redact_payload`` before anything else reads it. Empty
strings and nulls are dropped (a form's empty field is an unknown fact); an empty or absent ``as_of`` means
today (``ASSISTANT_TODAY`` when set). Facts the engine refuses come back with **status 200** and
``answer.status == "invalid"``, the engine's Chinese messages in ``errors`` and on the card — the console shows
them like any answer. Only a body that is not a JSON object is a 400.

Errors are ``{"error": {"code", "message"}}`` with a Chinese message.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import functools
import hmac
import json
import logging
import os
import threading
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from base.clock import today_from_env
from base.privacy import redact_payload
from policies import (
    compare,
    faq,
    household,
    quote,
    render,
    render_compare,
    render_faq,
    render_household,
    repair_variants,
    tier_variants,
)
from policies.card import render_detail
from policies.explain import why_lines
from policies.facts import FIELDS, LABELS
from policies.rulebook import default_rulebook
from policies.vocabulary import FAQ_TOPICS, SPECIAL_GROUPS, STUDENT

logger = logging.getLogger(__name__)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEB_DIR = os.path.join(ROOT, "web", "agent")
DEFAULT_PREFIX = "/webhooks/agent"
TOKEN_ENV = "AGENT_TOKEN"
MAX_BODY = 64 * 1024
MIN_TOKEN_CHARS = 16  # a shorter AGENT_TOKEN is refused as a configuration error: it could be guessed
MAX_FAILED_LOGINS = 10  # per client address within LOGIN_WINDOW seconds; then 429 until the window passes
LOGIN_WINDOW = 60.0

STUDENT_LABELS = {
    "none": "不在读",
    "preschool": "学龄前（未入学/在园）",
    "primary_secondary": "中小学生、中职在校生",
    "university": "全日制大学生、研究生、技工院校学生",
}
assert set(STUDENT_LABELS) == set(STUDENT)

ASSETS = {
    "index.html": "text/html; charset=utf-8",
    "console.js": "application/javascript; charset=utf-8",
    "console.css": "text/css; charset=utf-8",
}

# The page loads nothing but its own files and talks only to its own API.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-cache",
}
API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}

MESSAGES = {
    "not_configured": f"坐席控制台未配置口令（{TOKEN_ENV}）。请管理员在环境变量或 bot/credentials.yml 中设置后重启。",
    "weak_token": f"坐席口令（{TOKEN_ENV}）太短，至少需要{MIN_TOKEN_CHARS}个字符。请管理员更换后重启；在此之前控制台不开放。",
    "too_many_logins": "口令错误次数过多，请 {seconds} 秒后再试。",
    "bad_token": "口令不正确，请重新输入。",
    "no_token": "请先登录：需要坐席口令。",
    "expired": "口令已失效或不正确，请重新登录。",
    "bad_json": '请求内容应为一个JSON对象（facts），例如 {"region": "hangzhou", "age": 8}。',
    "too_large": f"请求内容过大（上限{MAX_BODY // 1024} KB）。",
    "not_found": "没有找到咨询编号 {code} 的记录：请与来电人逐位核对；记录保存期满后也会被清除。",
    "ledger_down": "答复账本暂时无法查询，请稍后再试；仍不行请联系系统管理员（详情已记入服务器日志）。",
    "bad_today": "服务器日期配置有误：{detail}",
}

_dumps = functools.partial(json.dumps, ensure_ascii=False, default=str)


def _setting(config: Mapping[str, Any], key: str, variable: str | None = None) -> str:
    value = config.get(key)
    if (value is None or value == "") and variable:
        value = os.environ.get(variable, "")
    return "" if value is None else str(value).strip()


def _error(status: int, kind: str, message: str | None = None, **fmt) -> HTTPResponse:
    """``{"error": {"code": kind, "message"}}``: the message given, else MESSAGES[kind] filled with ``fmt``."""
    if message is None:
        message = MESSAGES[kind].format(**fmt) if fmt else MESSAGES[kind]
    return response.json({"error": {"code": kind, "message": message}}, status=status, dumps=_dumps, headers=API_HEADERS)


def _ok(body: dict, status: int = 200) -> HTTPResponse:
    return response.json(body, status=status, dumps=_dumps, headers=API_HEADERS)


def _body(request: Request):
    """The decoded JSON body, or None when it is not JSON."""
    try:
        return json.loads(request.body or b"null")
    except (ValueError, RecursionError):
        return None


def _missing(answer: dict) -> list:
    return [{"field": name, "label": LABELS.get(name, name)} for name in answer.get("missing") or []]


def _household_view(answer: dict, card: str, code: str | None, as_of: str | None) -> dict:
    """A household's ledger entry: its card, 口播 and 微信版, and each member's own detail."""
    detail = []
    for m in answer.get("members") or []:
        detail.append(f"【{m['label']}】")
        detail.extend(render_detail(m["answer"]).splitlines()[:8])
    return {"card": card, "spoken": render_household(answer, "spoken", code=code, as_of=as_of),
            "wechat": render_household(answer, "wechat", code=code, as_of=as_of), "detail": detail,
            "copyable": answer.get("status") != "invalid", "code": code, "citations": answer.get("citations") or [],
            "notes": answer.get("notes") or [], "missing": [], "errors": [], "why": [], "household": True,
            "members": [{"label": m["label"], "status": m["answer"]["status"],
                         "personal_fee": m["answer"].get("personal_fee")} for m in answer.get("members") or []]}


def _answer_view(answer: dict, card: str, code: str | None = None, as_of: str | None = None) -> dict:
    """The keys the page shows, the same for a fresh quote and a ledger entry: the full card, its 口播版
    and 微信版 (``policies.card``), the agent's detail view, and whether the card may be copied (a
    需补充信息 or 输入有误 answer is not a card to give anyone)."""
    return {
        "card": card,
        "spoken": render(answer, "spoken", code=code, as_of=as_of) if answer.get("region") else "",
        "wechat": render(answer, "wechat", code=code, as_of=as_of) if answer.get("region") else "",
        "detail": render_detail(answer).splitlines() if answer.get("status") != "invalid" else [],
        "copyable": answer.get("status") in ("eligible", "not_eligible"),
        "code": code,
        "citations": answer.get("citations") or [],
        "notes": answer.get("notes") or [],
        "missing": _missing(answer),
        "errors": answer.get("errors") or [],
        "why": why_lines(answer),  # the "为什么" toggle: every decisive condition, its facts and clause
    }


def what_if(facts: dict, answer: dict, today) -> list[str]:
    """The comparison an agent is asked for most (the engine's ``compare``): 一档 vs 二档 when the tier
    is not chosen, 不补缴 vs 补缴 when gap years can still be repaid; [] otherwise."""
    if answer.get("status") != "eligible":
        return []
    repair = (answer.get("waiting_period") or {}).get("repair")
    if answer.get("fee_options") and answer.get("standard_fee") is None:
        variants = tier_variants(answer)
    elif repair and isinstance(facts.get("gap_years"), int):
        variants = repair_variants(facts["gap_years"])
    else:
        return []
    return render_compare(compare(facts, variants, today=today)).splitlines()


def clean_facts(raw: dict) -> dict:
    """A form's facts as the engine reads them: empty strings and nulls are unknown, i.e. absent."""
    return {key: value for key, value in raw.items() if value is not None and not (isinstance(value, str) and not value.strip())}


def meta(today) -> dict:
    """What the form offers: regions of the rule book, the closed vocabularies with Chinese labels, today."""
    book = default_rulebook()
    regions = [{"code": r.code, "name": r.name, "years": sorted(r.years)} for r in book.regions.values()]
    return {
        "regions": regions,
        "special_groups": [{"code": code, "name": name} for code, name in SPECIAL_GROUPS.items()],
        "student": [{"code": code, "name": STUDENT_LABELS[code]} for code in STUDENT],
        "labels": {name: LABELS[name] for name in FIELDS},
        "faq_topics": [{"code": code, "name": name} for code, name in FAQ_TOPICS.items()],
        "today": today.isoformat(),
        "rule_version": book.version,
    }


def console_blueprint(config: Mapping[str, Any] | None = None) -> Blueprint:
    """The console as a blueprint. ``config`` keys (all optional): ``token`` (else ``$AGENT_TOKEN``),
    ``ledger_url`` (else the ledger's own default: ``$DATABASE_URL`` or var/ledger.db), ``url_prefix``
    (default ``/webhooks/agent``; Rasa passes its own, the same), ``web_dir`` (default web/agent)."""
    config = dict(config or {})
    prefix = "/" + (config.get("url_prefix") or DEFAULT_PREFIX).strip("/")
    web_dir = config.get("web_dir") or WEB_DIR
    bp = Blueprint("agent_console", url_prefix=prefix)
    state: dict[str, Any] = {"ledger": None}
    lock = threading.Lock()
    failed_logins: dict[str, list[float]] = {}  # client address -> times of its recent failed logins

    def login_wait(address: str, now: float) -> int:
        """Seconds the address must wait before trying again (0: it may try)."""
        with lock:
            recent = [t for t in failed_logins.get(address, []) if now - t < LOGIN_WINDOW]
            failed_logins[address] = recent
            if len(failed_logins) > 10000:  # bounded memory: forget addresses with nothing recent
                for key in [k for k, v in failed_logins.items() if not v]:
                    del failed_logins[key]
            return int(LOGIN_WINDOW - (now - recent[0])) + 1 if len(recent) >= MAX_FAILED_LOGINS else 0

    def login_failed(address: str, now: float) -> None:
        with lock:
            failed_logins.setdefault(address, []).append(now)

    def token_problem(expected: str):
        if not expected:
            return _error(503, "not_configured")
        if len(expected) < MIN_TOKEN_CHARS:
            return _error(503, "weak_token")
        return None

    def expected_token() -> str:
        return _setting(config, "token", TOKEN_ENV)

    def ledger():
        """One ledger per blueprint, made on first use (the package is imported only then)."""
        with lock:
            if state["ledger"] is None:
                from ledger.store import Ledger

                state["ledger"] = Ledger(url=_setting(config, "ledger_url") or None)
            return state["ledger"]

    def authorise(request: Request) -> HTTPResponse | None:
        """None when the request carries the agent token, else the error response to send."""
        expected = expected_token()
        problem = token_problem(expected)
        if problem:
            return problem
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            return _error(401, "no_token")
        if not hmac.compare_digest(given.strip().encode(), expected.encode()):
            return _error(401, "expired")
        return None

    files: dict[str, bytes] = {}  # the page's three files, read once per blueprint

    def asset(name: str) -> HTTPResponse:
        if name not in files:
            with open(os.path.join(web_dir, name), "rb") as handle:
                files[name] = handle.read()
        return response.raw(files[name], content_type=ASSETS[name], headers=PAGE_HEADERS)

    @bp.get("/")
    async def page(request: Request) -> HTTPResponse:
        if not request.path.endswith("/"):  # the page's relative links need the trailing slash
            return response.redirect(request.path + "/")
        return asset("index.html")

    @bp.get("/console.js")
    async def script(request: Request) -> HTTPResponse:
        return asset("console.js")

    @bp.get("/console.css")
    async def style(request: Request) -> HTTPResponse:
        return asset("console.css")

    @bp.post("/api/login")
    async def login(request: Request) -> HTTPResponse:
        # The token is a credential, not personal data: it is not redacted (a numeric token would not match).
        expected = expected_token()
        problem = token_problem(expected)
        if problem:
            return problem
        address, now = request.remote_addr or request.ip or "?", time.monotonic()
        wait = login_wait(address, now)
        if wait:
            return _error(429, "too_many_logins", seconds=wait)
        body = _body(request)
        given = body.get("token") if isinstance(body, dict) else None
        if not isinstance(given, str) or not hmac.compare_digest(given.strip().encode(), expected.encode()):
            login_failed(address, now)
            logger.info("agent console: login refused from %s", address)
            return _error(401, "bad_token")
        return _ok({"ok": True})

    def admitted(request: Request, body: bool = False):
        """``(raw body or None, today, None)`` for a request the console serves, else ``(None, None, the error
        response)``: the agent token, then (``body``) the size, a JSON object redacted before anything reads
        it, then the day (``ASSISTANT_TODAY`` when set)."""
        refused = authorise(request)
        if refused:
            return None, None, refused
        raw = None
        if body:
            if len(request.body or b"") > MAX_BODY:
                return None, None, _error(413, "too_large")
            raw = redact_payload(_body(request))
            if not isinstance(raw, dict):
                return None, None, _error(400, "bad_json")
        try:
            return raw, today_from_env(), None
        except ValueError as exc:
            return None, None, _error(500, "bad_today", detail=str(exc))

    @bp.get("/api/meta")
    async def get_meta(request: Request) -> HTTPResponse:
        _, today, refused = admitted(request)
        return refused or _ok(meta(today))

    @bp.post("/api/quote")
    async def post_quote(request: Request) -> HTTPResponse:
        raw, today, refused = admitted(request, body=True)
        if refused:
            return refused
        facts = clean_facts(raw)
        answer = quote(facts, today=today, trace=True)
        why = why_lines(answer)
        answer.pop("trace", None)  # shown as ``why``; the answer keeps the contract's single-person shape
        as_of = facts.get("as_of") if isinstance(facts.get("as_of"), str) else today.isoformat()
        code = None
        if request.args.get("record") == "1" and answer["status"] in ("eligible", "not_eligible"):
            code = await _record(facts, answer, as_of, render)  # a final answer given from the console gets a code
        view = _answer_view(answer, render(answer, code=code, as_of=as_of), code, as_of)
        view["why"] = why
        view["what_if"] = what_if(facts, answer, today)
        return _ok({"answer": answer, **view, "facts": facts, "today": today.isoformat(),
                    "rule_version": default_rulebook().version})  # fmt: skip

    @bp.get("/api/faq")
    async def get_faq(request: Request) -> HTTPResponse:
        """A general answer for the caller's region (policies.faq): ``?region=&topic=`` → its card."""
        _, today, refused = admitted(request)
        if refused:
            return refused
        answer = faq(request.args.get("topic") or "", request.args.get("region") or "", today)
        return _ok({"answer": answer, "card": render_faq(answer), "copyable": answer["status"] != "invalid",
                    "citations": answer.get("citations") or [], "notes": answer.get("notes") or [],
                    "errors": answer.get("errors") or [], "missing": [], "why": []})  # fmt: skip

    @bp.post("/api/household")
    async def post_household(request: Request) -> HTTPResponse:
        """A family (policies.household): ``{"region", "as_of"?, "members": [{"label", …facts}]}``; the
        household card in three lengths, each member's status and fee, the total; ``?record=1`` files it."""
        raw, today, refused = admitted(request, body=True)
        if refused:
            return refused
        given = clean_facts(raw)
        if isinstance(given.get("members"), list):
            given["members"] = [clean_facts(m) if isinstance(m, dict) else m for m in given["members"]]
        answer = household(given, today=today)
        if answer["status"] == "invalid":
            return _ok({"answer": answer, "card": render_household(answer), "errors": answer["errors"], "copyable": False,
                        "code": None, "today": today.isoformat()})  # fmt: skip
        as_of = given.get("as_of") if isinstance(given.get("as_of"), str) else today.isoformat()
        code = None
        if request.args.get("record") == "1" and answer["status"] == "answered":
            code = await _record(given, answer, as_of, render_household)
        view = _household_view(answer, render_household(answer, code=code, as_of=as_of), code, as_of)
        view["pending"] = answer["pending"]
        return _ok({"answer": answer, **view, "total": answer["total"], "totals_by_choice": answer["totals_by_choice"],
                    "today": today.isoformat()})  # fmt: skip

    @bp.get("/api/answers/<code:str>")
    async def get_answer(request: Request, code: str) -> HTTPResponse:
        refused = authorise(request)
        if refused:
            return refused
        from ledger.codes import format_code
        from ledger.store import LedgerError

        code = unquote(code)  # the router hands over the raw path segment
        try:  # database I/O off the event loop (Rasa serves every channel from it)
            entry = await asyncio.get_running_loop().run_in_executor(None, lambda: ledger().find(code))
        except ValueError as exc:  # ledger.codes.CodeError: the ledger's Chinese message
            return _error(400, "bad_code", str(exc))
        except LedgerError as exc:
            logger.warning("agent console: ledger lookup failed: %s", exc)
            return _error(503, "ledger_down")  # the database's host and user stay in the log
        if entry is None:
            return _error(404, "not_found", code=format_code(code))
        answer = entry.get("answer") or {}
        current = default_rulebook().version
        as_of = (entry.get("facts") or {}).get("as_of")
        if isinstance(answer.get("members"), list):  # a household filed under one code
            card = entry.get("card_text") or render_household(answer, code=entry["code"], as_of=as_of)
            view = _household_view(answer, card, entry["code"], as_of)
        else:
            view = _answer_view(answer, entry.get("card_text") or render(answer, code=entry["code"], as_of=as_of),
                                entry["code"], as_of)  # fmt: skip
        return _ok({**entry, **view, "current_rule_version": current, "transcript": entry.get("transcript") or []})

    async def _record(facts: dict, answer: dict, as_of: str, renderer) -> str | None:
        """File a console answer in the ledger (channel ``agent``); None, logged, when it cannot be."""
        try:
            return await asyncio.get_running_loop().run_in_executor(None, lambda: ledger().record(
                facts, answer, lambda code: renderer(answer, code=code, as_of=as_of), "agent",
                default_rulebook().version, _dt.datetime.now(_dt.timezone.utc)))
        except Exception as exc:  # noqa: BLE001 - the agent still gets the answer
            logger.warning("agent console: answer not filed in the ledger (%s)", type(exc).__name__)
            return None

    return bp
