"""Personal identifiers are removed before a message reaches Rasa, the tracker store, the ledger or a log.

``redact("我身份证号是11010519491231002X，手机13800138000")`` →
``Redacted(text="我身份证号是［身份证号已隐去］，手机［手机号已隐去］", removed=["id", "mobile"],
birth_date=date(1949, 12, 31))``. The channels send the birth date of a valid ID with the message as
metadata (``birth_metadata``: ``{"id_birth_date": "1949-12-31"}``), never as text parsed back.

What is removed (full-width digits, ``＋``, ``Ｘ``, full-width spaces and dashes count as their ASCII forms):

- **ID numbers** (GB 11643): 17 digits and a digit or X, bare or grouped 6-8-4 / 6-4-4-4 with spaces or
  hyphens. With a valid check digit and a valid birth date (year 1900–2100) the kind is ``"id"``, and
  ``Redacted.birth_date`` is that date (the channels pass it on as metadata). An
  18-character run that only looks like one (bad check digit, or a birth date but a bad check digit) is
  removed as ``"id_invalid"`` and its date is not used. A grouped form is taken only when it has a valid
  check digit or a plausible birth date. A run of exactly 15 digits is a first-generation ID (area,
  YYMMDD of the 1900s, sequence: ``"id"`` with that birth date) or else a 15-digit bank account.
- **Mobile numbers** ``1[3-9]x xxxx xxxx``, optionally ``+86`` / ``0086`` / ``(+86)`` / ``86`` first, with
  spaces or hyphens between 3-4-4 or 4-3-4 groups; never part of a longer digit run. (Dots between the
  groups, ``136.1234.5678``, are not yet recognised.)
- **Bank card numbers**: a run of 16–19 digits, or groups of 4 (and a last group of 1–3) separated by
  spaces or hyphens. Luhn is not checked (residents mistype). Groups that are all years (``2021 2022 2023
  2024``) are kept.

Nothing shorter than three digits in a row can match, so dates, years, ages, amounts and hotline
numbers (``2024-12-25``, ``2025年``, ``730元``, ``12393``) pass unchanged. Placeholders carry no digit of
the number, and ``redact`` is idempotent.

For logs, ``install_log_filter()`` redacts every record when it is created (a wrapped
``logging.setLogRecordFactory``) and again in every handler (``RedactingFilter``), so records from Rasa,
sanic or rasa_sdk carry no such number either. Standard library only.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
import threading
from dataclasses import dataclass, field

__all__ = [
    "BANK_CARD_PLACEHOLDER",
    "ID_PLACEHOLDER",
    "MOBILE_PLACEHOLDER",
    "Redacted",
    "RedactingFilter",
    "id_check_digit",
    "install_log_filter",
    "redact",
    "redact_payload",
    "uninstall_log_filter",
]

ID_PLACEHOLDER = "［身份证号已隐去］"
MOBILE_PLACEHOLDER = "［手机号已隐去］"
BANK_CARD_PLACEHOLDER = "［银行卡号已隐去］"
PLACEHOLDERS = {"id": ID_PLACEHOLDER, "id_invalid": ID_PLACEHOLDER, "mobile": MOBILE_PLACEHOLDER,
                "bank_card": BANK_CARD_PLACEHOLDER}  # fmt: skip

# One character for one character, so that offsets in the normalised text are offsets in the original.
_NORMALISE = {0xFF10 + i: ord("0") + i for i in range(10)} | {
    0xFF38: ord("X"), 0xFF58: ord("x"), 0xFF0B: ord("+"), 0xFF08: ord("("), 0xFF09: ord(")"),
    0x3000: ord(" "), 0x00A0: ord(" "), 0x2009: ord(" "), 0x202F: ord(" "),
    0x2010: ord("-"), 0x2011: ord("-"), 0x2012: ord("-"), 0x2013: ord("-"), 0x2212: ord("-"), 0xFF0D: ord("-"),
}  # fmt: skip
_MAYBE = re.compile(r"[0-9０-９]{3}")  # every number removed has three digits in a row somewhere
# Every number removed lies in a run of 11 or more of these characters (digits, X, separators, + and
# parentheses, ASCII or not); the rules run only on such runs, each normalised to ASCII.
_CHUNK = re.compile("[" + re.escape("0123456789Xx -+()" + "".join(map(chr, _NORMALISE))) + "]{11,}")

_SEP = r"(?: ?- ?| {1,2})"
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
_ID_CHECK = "10X98765432"

_ID_PLAIN = re.compile(r"(?<![0-9])[0-9]{17}(?:[0-9](?![0-9])|[Xx](?![0-9A-Za-z]))")
_ID_GROUPED = re.compile(
    rf"(?<![0-9])(?:[0-9]{{6}}{_SEP}[0-9]{{8}}|[0-9]{{6}}{_SEP}[0-9]{{4}}{_SEP}[0-9]{{4}}){_SEP}[0-9]{{3}}"
    r"(?:[0-9](?![0-9])|[Xx](?![0-9A-Za-z]))"
)
_BANK_PLAIN = re.compile(r"(?<![0-9])[0-9]{16,19}(?![0-9])")
# 15 digits: a first-generation ID (area, YYMMDD, sequence; no check digit) or a 15-digit bank account
_FIFTEEN = re.compile(r"(?<![0-9])[0-9]{15}(?![0-9])")
_BANK_GROUPED = re.compile(rf"(?<![0-9])[0-9]{{4}}(?:{_SEP}[0-9]{{4}}){{3}}(?:{_SEP}[0-9]{{1,3}})?(?![0-9])")
_MOBILE = re.compile(
    rf"(?<![0-9])(?:(?:\+ ?86|0086|\(\+?86\)){_SEP}?|86(?=1[3-9]))?"
    rf"(?:1[3-9][0-9]{_SEP}?[0-9]{{4}}|1[3-9][0-9]{{2}}{_SEP}[0-9]{{3}}){_SEP}?[0-9]{{4}}(?![0-9])"  # 3-4-4 or 4-3-4
)


@dataclass(frozen=True)
class Redacted:
    """The cleaned text, the kinds removed (in order of appearance) and the birth date of the first valid ID."""

    text: str
    removed: list[str] = field(default_factory=list)
    birth_date: _dt.date | None = None

    @property
    def changed(self) -> bool:
        return bool(self.removed)


def id_check_digit(first17: str) -> str:
    """The GB 11643 (ISO 7064 MOD 11-2) check character of the first 17 digits of an ID number."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def _birth_date(digits: str) -> _dt.date | None:
    try:
        born = _dt.date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    except ValueError:
        return None
    return born if 1900 <= born.year <= 2100 else None


def _digits(match_text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", match_text).upper()


def _classify_id(number: str, grouped: bool) -> tuple[str, _dt.date | None] | None:
    born = _birth_date(number)
    if id_check_digit(number[:17]) == number[17] and born is not None:
        return "id", born
    if born is not None or number.endswith("X"):
        return "id_invalid", None
    return None if grouped else ("bank_card", None)


def _all_years(number: str) -> bool:
    return len(number) % 4 == 0 and all(1900 <= int(number[i : i + 4]) <= 2100 for i in range(0, len(number), 4))


def _classify_bank(number: str) -> tuple[str, None] | None:
    return None if _all_years(number) else ("bank_card", None)


def _classify_fifteen(number: str) -> tuple[str, _dt.date | None]:
    """A first-generation ID when its YYMMDD is a date of the 1900s, else a bank account: removed either way."""
    born = _birth_date(number[:6] + "19" + number[6:12] + "0000")
    return ("id", born) if born is not None else ("bank_card", None)


# (pattern, classifier of the match's digits) in order of priority; a later match may not overlap an earlier.
_RULES = (
    (_ID_PLAIN, lambda n: _classify_id(n, grouped=False)),
    (_ID_GROUPED, lambda n: _classify_id(n, grouped=True)),
    (_BANK_PLAIN, _classify_bank),
    (_BANK_GROUPED, _classify_bank),
    (_MOBILE, lambda n: ("mobile", None)),
    (_FIFTEEN, _classify_fifteen),  # after the mobile: 0086 13800138000 is 15 digits too
)


def _placeholder(kind: str, born: _dt.date | None) -> str:
    return PLACEHOLDERS[kind]


BIRTH_KEY = "id_birth_date"  # the message metadata key the channels fill and action_read_facts reads


def birth_metadata(redacted: Redacted, metadata: dict | None = None) -> dict:
    """``metadata`` with the birth date of the message's valid ID under ``BIRTH_KEY`` (a client cannot set
    that key itself: whatever it sent there is dropped)."""
    out = {k: v for k, v in (metadata or {}).items() if k != BIRTH_KEY}
    if redacted.birth_date is not None:
        out[BIRTH_KEY] = redacted.birth_date.isoformat()
    return out


def _redact_once(text: str) -> tuple[str, list[tuple[int, str, _dt.date | None]]]:
    found: list[tuple[int, int, str, _dt.date | None]] = []
    for chunk in _CHUNK.finditer(text):
        offset = chunk.start()
        if offset >= 2 and text[offset - 1] == "." and text[offset - 2].isdigit():
            continue  # the fraction of a decimal number (a log's 0.9999999403953552), not an identifier
        window = text[offset : chunk.end() + 1].translate(_NORMALISE)  # and the next character, for lookaheads
        taken = bytearray(len(window))  # 1 where an earlier rule already matched
        for pattern, classify in _RULES:
            for m in pattern.finditer(window):
                start, end = m.span()
                if taken.find(1, start, end) != -1:
                    continue
                verdict = classify(_digits(m.group()))
                if verdict is not None:
                    found.append((start + offset, end + offset, *verdict))
                    taken[start:end] = b"\x01" * (end - start)
    if not found:
        return text, []
    found.sort()
    parts, last = [], 0
    for start, end, kind, born in found:
        parts += [text[last:start], _placeholder(kind, born)]
        last = end
    parts.append(text[last:])
    return "".join(parts), [(start, kind, born) for start, _, kind, born in found]


def redact(text: str) -> Redacted:
    """``text`` with every ID, mobile and bank card number replaced by a placeholder (see the module doc)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if not _MAYBE.search(text):
        return Redacted(text)
    removed: list[str] = []
    birth_date = None
    for _ in range(5):  # removing a number never creates one; a second pass only catches what overlapped
        text, found = _redact_once(text)
        if not found:
            break
        removed += [kind for _, kind, _ in found]
        if birth_date is None:
            birth_date = next((born for _, _, born in found if born is not None), None)
    return Redacted(text, removed, birth_date)


def redact_payload(obj):
    """A copy of JSON-like ``obj`` (dict / list / tuple / str / scalars) with every string redacted, keys
    included. An integer whose digits are such a number (``13800138000``) becomes the placeholder string."""
    if isinstance(obj, str):
        return redact(obj).text
    if isinstance(obj, dict):
        return {redact_payload(k) if isinstance(k, str) else k: redact_payload(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [redact_payload(v) for v in obj]
    if isinstance(obj, tuple):
        return tuple(redact_payload(v) for v in obj)
    if isinstance(obj, int) and not isinstance(obj, bool) and abs(obj) >= 10**10:
        result = redact(str(obj))
        return result.text if result.changed else obj
    return obj


# ---------------------------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------------------------

# Attributes every record has and that never hold user text (checked separately: msg, args, exc_*, stack_info).
_RECORD_SAFE = frozenset({
    "name", "levelname", "levelno", "pathname", "filename", "module", "lineno", "funcName", "created", "msecs",
    "relativeCreated", "thread", "threadName", "processName", "process", "taskName", "message", "asctime",
    "msg", "args", "exc_info", "exc_text", "stack_info",
})  # fmt: skip


def _redact_record(record: logging.LogRecord, extras: bool) -> None:
    """Redact ``record`` in place: its message (``msg`` % ``args``), traceback, stack and, with ``extras``,
    the attributes added by ``extra=``. A record that needs no change is left exactly as it was."""
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: redact the parts, logging reports the error as usual later
        if isinstance(record.msg, str):
            record.msg = redact(record.msg).text
        if isinstance(record.args, tuple):
            record.args = tuple(redact_payload(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = redact_payload(record.args)
    else:
        clean = redact(message).text
        if clean != message:  # formatted once here: a non-str argument may hold the number too
            record.msg, record.args = clean, ()
    if record.exc_info and record.exc_info[0] is not None:
        text = record.exc_text or logging.Formatter().formatException(record.exc_info)
        clean = redact(text).text
        if clean != text:  # the exception object itself holds the number: keep only the cleaned text
            record.exc_text, record.exc_info = clean, None
    elif isinstance(record.exc_text, str):
        record.exc_text = redact(record.exc_text).text
    if isinstance(record.stack_info, str):
        record.stack_info = redact(record.stack_info).text
    if extras:
        for key, value in list(vars(record).items()):
            if key not in _RECORD_SAFE and isinstance(value, (str, dict, list, tuple)):
                clean = redact_payload(value)
                if clean != value:
                    setattr(record, key, clean)


class RedactingFilter(logging.Filter):
    """A logging filter that lets every record through, with ID, mobile and bank card numbers removed."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_record(record, extras=True)
        return True


_FILTER = RedactingFilter()
_LOCK = threading.Lock()


def _redacting_factory(previous):
    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        _redact_record(record, extras=False)  # extra= attributes are set after the factory: the filter does them
        return record

    factory._redacting_previous = previous  # type: ignore[attr-defined]
    return factory


def _all_handlers() -> list[logging.Handler]:
    loggers = [logging.getLogger()] + [lg for lg in list(logging.Logger.manager.loggerDict.values())
                                       if isinstance(lg, logging.Logger)]  # fmt: skip
    handlers = [h for lg in loggers for h in lg.handlers]
    if logging.lastResort is not None:
        handlers.append(logging.lastResort)
    return handlers


def install_log_filter() -> RedactingFilter:
    """Redact every log record: wrap the record factory (records made anywhere, from now on) and add the
    filter to the handlers of the root logger and of every logger that exists now. Safe to call again
    (e.g. after Rasa configured its own handlers): nothing is added twice."""
    with _LOCK:
        if not hasattr(logging.getLogRecordFactory(), "_redacting_previous"):
            logging.setLogRecordFactory(_redacting_factory(logging.getLogRecordFactory()))
        for handler in _all_handlers():
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(_FILTER)
    return _FILTER


def uninstall_log_filter() -> None:
    """Undo ``install_log_filter`` (tests): restore the record factory, take the filter off every handler."""
    with _LOCK:
        factory = logging.getLogRecordFactory()
        if hasattr(factory, "_redacting_previous"):
            logging.setLogRecordFactory(factory._redacting_previous)
        for handler in _all_handlers():
            for f in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
                handler.removeFilter(f)
