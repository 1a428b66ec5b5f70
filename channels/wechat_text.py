"""WeChat text rendering for the bot's replies: length limit, buttons as a numbered list, answer cards; small TTL cache.

WeChat customer-service text messages carry neither buttons nor cards, so a reply with buttons is sent as its text
followed by "回复数字即可：" and a numbered list, and the offered payloads are remembered per sender so that a reply of
"2" is mapped back to the second payload (``choice``).
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

TEXT_LIMIT = 600  # characters per WeChat text message
CHOICE_PROMPT = "回复数字即可："


class TTLCache:
    """A bounded mapping whose entries expire ``ttl`` seconds after they were last set (clock injectable)."""

    def __init__(self, ttl: float, maxsize: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.maxsize, self.clock = ttl, maxsize, clock
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()

    def _purge(self, now: float) -> None:
        while self._items:
            key, (expires, _) = next(iter(self._items.items()))
            if expires > now:
                break
            del self._items[key]

    def get(self, key: str, default: Any = None) -> Any:
        now = self.clock()
        self._purge(now)
        item = self._items.get(key)
        return default if item is None else item[1]

    def set(self, key: str, value: Any) -> None:
        now = self.clock()
        self._purge(now)
        self._items.pop(key, None)
        self._items[key] = (now + self.ttl, value)
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)

    def pop(self, key: str) -> Any:
        item = self._items.pop(key, None)
        return None if item is None else item[1]

    def add(self, key: str) -> bool:
        """Remember ``key``; False when it was already there (and not expired): a duplicate."""
        now = self.clock()
        self._purge(now)
        if key in self._items:
            return False
        self.set(key, True)
        return True

    def __len__(self) -> int:
        self._purge(self.clock())
        return len(self._items)


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at line breaks (a longer line is cut where it must)."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current.strip():
                pieces.append(current.strip("\n"))
            current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
        else:
            if current.strip():
                pieces.append(current.strip("\n"))
            current = line
    if current.strip():
        pieces.append(current.strip("\n"))
    return [piece.strip() for piece in pieces if piece.strip()]


def _card_text(custom: Any) -> str | None:
    if isinstance(custom, dict) and custom.get("type") == "answer_card":
        plain = custom.get("plain_text")
        if isinstance(plain, str) and plain.strip():
            return plain
    return None


@dataclass
class Rendered:
    """The texts to send, in order, and the payloads the last message with buttons offered (None: no buttons)."""

    texts: list[str] = field(default_factory=list)
    offers: list[str] | None = None


def render_replies(messages: Iterable[dict[str, Any]], limit: int = TEXT_LIMIT) -> Rendered:
    """Turn the collected bot messages into WeChat texts.

    A message's text is sent as it is; an answer card (custom payload ``{"type": "answer_card", "plain_text": ...}``) is
    sent as its plain text, unless the same message has a text (which carries the same answer: sent once). Buttons (or
    quick replies) become a numbered list after the text. Other custom payloads are not shown.
    """
    rendered = Rendered()
    for message in messages:
        body = message.get("text") or _card_text(message.get("custom")) or ""
        buttons = message.get("buttons") or message.get("quick_replies") or []
        buttons = [b for b in buttons if isinstance(b, dict) and (b.get("title") or b.get("payload"))]
        if buttons:
            titles = [str(b.get("title") or b.get("payload")) for b in buttons]
            listing = "\n".join([CHOICE_PROMPT] + [f"{i}. {title}" for i, title in enumerate(titles, 1)])
            body = f"{body.strip()}\n\n{listing}" if body.strip() else listing
            rendered.offers = [str(b.get("payload") or b.get("title")) for b in buttons]
        for link in (message.get("image"), message.get("attachment")):
            if isinstance(link, str) and link:
                body = f"{body}\n{link}" if body else link
        rendered.texts.extend(split_text(body, limit))
    return rendered


_NUMBER = re.compile(r"\d{1,2}")


def choice(text: str, offers: list[str] | None) -> str | None:
    """The offered payload a reply such as "2" (or "２", " 2 ") picks; None when the text is not such a reply."""
    if not offers:
        return None
    number = unicodedata.normalize("NFKC", text).strip().rstrip("。.、")
    if not _NUMBER.fullmatch(number):
        return None
    index = int(number)
    return offers[index - 1] if 1 <= index <= len(offers) else None
