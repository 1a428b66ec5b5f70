"""Homophone and typing errors against the domain vocabulary, by pinyin (``pypinyin``): 医宝 → 医保,
低报 → 低保, 居民医包 → 居民医保, 杭洲 → 杭州, 俞姚 → 余姚.

``correct(text, words, known)`` replaces each run of 2–5 characters whose toneless pinyin is that of a
domain word, when the run is neither that word nor an ordinary word (``known``: the segmenter's
dictionary) and starts where the segmenter starts a word — or, one character typed wrong, ends where it
ends one (我户|扣 → 户口, 在于|姚 → 余姚; not 马上|还款). A replacement has the same length, so every offset
into the text stays valid.
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
            index.setdefault(tuple(_sound(p) for p in lazy_pinyin(word)), word)
    return index


def _sound(syllable: str) -> str:
    """A syllable as typed by ear: front and back nasals alike (杨林 for 杨凌, 因 / 英)."""
    return syllable[:-1] if syllable.endswith(("ing", "eng")) else syllable


def correct(text: str, words: tuple[str, ...], known, starts: set | None = None) -> str:
    """``starts``: where the segmenter's words begin (a run inside a word, like 上还 in 马上还款, is
    left alone); ``None`` allows every position."""
    from pypinyin import lazy_pinyin

    index = _index(words)
    sounds = [_sound(lazy_pinyin(ch)[0]) if "\u4e00" <= ch <= "\u9fff" else None for ch in text]
    bounds = sorted((starts or set()) | {len(text)})
    spans = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b - a >= 2]  # the segmenter's 2+ character words
    out, pos = list(text), 0
    while pos < len(text):
        for size in range(min(LONGEST, len(text) - pos), 1, -1):
            key = sounds[pos : pos + size]
            if None in key:
                continue
            word = index.get(tuple(key))
            run = text[pos : pos + size]
            if not word or run == word or known.get(run) or _ordinary_inside(text, pos, word, spans, known):
                continue
            # a run that a dictionary word begins with (上还… of 上还是) is left alone where a word starts;
            # across a word boundary (在于|姚) that says nothing about it
            joined = starts is not None and pos + size in starts | {len(text)} and _one_off(run, word)
            if starts is None or (pos in starts and run not in known) or joined:
                out[pos : pos + size] = word
                pos += size
                break
        else:
            pos += 1
    return "".join(out)


def _ordinary_inside(text: str, pos: int, word: str, spans, known) -> bool:
    """The run holds, or begins, an ordinary word that the domain word does not have there: 上还是不上 is
    上 + 还是, not a typed 上海市 or 上海 (居民医包 holds 居民, which 居民医保 has too: still a typo)."""
    end = pos + len(word)
    for a, b in spans:
        if not (pos <= a < end and known.get(text[a:b])):
            continue
        if b > end and a > pos or text[a : min(b, end)] != word[a - pos : min(b, end) - pos]:
            return True  # (我是独生子女: 是独 sounds like 失独, but 独生子女 begins inside it and goes on)
    return False


def _one_off(run: str, word: str) -> bool:
    """One character typed wrong, the others right (在于要 has two: not 余姚)."""
    return sum(a != b for a, b in zip(run, word, strict=True)) == 1
