"""Homophone and typing errors against the domain vocabulary, by pinyin (``pypinyin``): 医宝 → 医保,
低报 → 低保, 居民医包 → 居民医保, 杭洲 → 杭州, 俞姚 → 余姚.

``correct(text, words, known)`` replaces each run of 2–5 characters whose toneless pinyin is that of a
domain word, when the run is neither that word nor an ordinary word (``known``: the segmenter's
dictionary) and starts where the segmenter starts a word. A replacement has the same length, so every
offset into the text stays valid.
"""

from __future__ import annotations

from functools import lru_cache

LONGEST = 5


@lru_cache(maxsize=4)
def _index(words: tuple[str, ...]) -> dict[tuple[str, ...], str]:
    from pypinyin import lazy_pinyin

    index: dict[tuple[str, ...], str] = {}
    for word in sorted(words, key=len, reverse=True):
        if 2 <= len(word) <= LONGEST:
            index.setdefault(tuple(lazy_pinyin(word)), word)
    return index


def correct(text: str, words: tuple[str, ...], known, starts: set | None = None) -> str:
    """``starts``: where the segmenter's words begin (a run inside a word, like 上还 in 马上还款, is
    left alone); ``None`` allows every position."""
    from pypinyin import lazy_pinyin

    index = _index(words)
    sounds = [lazy_pinyin(ch)[0] if "\u4e00" <= ch <= "\u9fff" else None for ch in text]
    out, pos = list(text), 0
    while pos < len(text):
        for size in range(min(LONGEST, len(text) - pos), 1, -1):
            key = sounds[pos : pos + size]
            if None in key:
                continue
            word = index.get(tuple(key))
            run = text[pos : pos + size]
            if word and run != word and run not in known and (starts is None or pos in starts):
                out[pos : pos + size] = word
                pos += size
                break
        else:
            pos += 1
    return "".join(out)
