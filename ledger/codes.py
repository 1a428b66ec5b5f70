"""Reference codes (咨询编号) for the answer ledger.

A code is 8 characters from a 23-character alphabet with nothing that is easily misheard or
misread: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V. It is stored bare (``K7QFM3XW``) and shown grouped
(``K7QF-M3XW``) for reading aloud. The first 7 characters are random (``secrets``); the 8th is a
check character, so a mistyped code is caught before any database lookup.

Check character: with ``v`` the index of a character in :data:`ALPHABET` and weights 1..8,
``sum(weight * v) % 23 == 0`` for a valid code. 23 is prime and every weight (and every
difference of two weights) is non-zero modulo 23, so *every* single-character substitution and
*every* transposition of two different characters (adjacent or not, the check character included)
changes the sum and is rejected. 23**7 ≈ 3.4 billion codes: collisions are rare and retried.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
AMBIGUOUS = "0O1IL2Z5S8BUV"  # never in a code; typed, they are rejected rather than guessed
LENGTH = 8
_MOD = len(ALPHABET)  # 23, a prime
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_INVERSE_LAST_WEIGHT = pow(LENGTH, -1, _MOD)

# What an agent may type around a code: spaces and dashes of any width, and the label itself.
_SEPARATORS = re.compile(r"[\s\-_.·•‐‑‒–—―−/]+")
_LABEL = re.compile(r"^(?:咨询)?编号\s*[:：]?\s*")
_EXAMPLE = "K7QF-M3XW"


class CodeError(ValueError):
    """A typed code that cannot be a reference code; the message is Chinese, for the agent."""


def check_char(body: str) -> str:
    """The check character for the first 7 characters of a code."""
    if len(body) != LENGTH - 1 or any(ch not in _VALUE for ch in body):
        raise ValueError(f"check_char needs {LENGTH - 1} characters from the code alphabet, got {body!r}")
    total = sum((i + 1) * _VALUE[ch] for i, ch in enumerate(body))
    return ALPHABET[(-total * _INVERSE_LAST_WEIGHT) % _MOD]


def is_valid(code: str) -> bool:
    """True for a bare code of the right length, alphabet and check character."""
    if not isinstance(code, str) or len(code) != LENGTH or any(ch not in _VALUE for ch in code):
        return False
    return sum((i + 1) * _VALUE[ch] for i, ch in enumerate(code)) % _MOD == 0


def new_code() -> str:
    """A fresh random bare code (7 random characters and the check character)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 1))
    return body + check_char(body)


def normalise(text: str) -> str:
    """The bare code for what an agent typed, or :class:`CodeError` saying what is wrong.

    Accepts lower case, full-width characters, spaces or dashes anywhere, a missing dash and a
    leading "咨询编号：". Characters that codes never contain (0/O, 1/I/L …) are rejected, not
    guessed, so the agent checks with the caller instead of finding someone else's answer.
    """
    if not isinstance(text, str):
        raise CodeError(f"咨询编号应为文字，收到 {type(text).__name__}。")
    cleaned = _LABEL.sub("", unicodedata.normalize("NFKC", text).strip())
    cleaned = _SEPARATORS.sub("", cleaned).upper()
    if not cleaned:
        raise CodeError(f"请输入咨询编号（{LENGTH}位，如 {_EXAMPLE}）。")
    for position, ch in enumerate(cleaned, start=1):
        if ch in AMBIGUOUS:
            raise CodeError(
                f"咨询编号第{position}位是「{ch}」，但编号中不会出现容易混淆的 0/O、1/I/L、2/Z、5/S、8/B、U/V；"
                "请与来电人逐位核对。"
            )
        if ch not in _VALUE:
            raise CodeError(f"咨询编号第{position}位「{ch}」无效：编号只含数字 3、4、6、7、9 和大写字母（如 {_EXAMPLE}）。")
    if len(cleaned) != LENGTH:
        raise CodeError(f"咨询编号应为{LENGTH}位（如 {_EXAMPLE}），收到{len(cleaned)}位；请与来电人核对。")
    if not is_valid(cleaned):
        raise CodeError("咨询编号校验不符：可能有一位听错，或相邻两位顺序颠倒；请与来电人逐位核对。")
    return cleaned


def format_code(code: str) -> str:
    """The grouped form for reading aloud, ``XXXX-XXXX`` (accepts any form :func:`normalise` does)."""
    bare = normalise(code)
    return f"{bare[:4]}-{bare[4:]}"


def handoff_line(code: str) -> str:
    """The sentence the assistant adds to a final answer."""
    return f"如需人工帮助，请提供咨询编号 {format_code(code)}。"
