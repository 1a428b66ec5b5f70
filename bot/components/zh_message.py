"""The message being read: its normalised text, the vocabulary words found in it (a blank spaCy
pipeline with jieba and an EntityRuler, built once, lazily), and the helpers every reader uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from base.numerals import parse_number

from . import places, typos
from .zh_patterns import (
    ALIAS_SUFFIXES,
    BARE_PARENT,
    CLAUSE_BREAK,
    DIALECT_NOT,
    DIALECT_WORDS,
    FINANCIAL_BESIDE,
    FULLWIDTH,
    LOOKALIKES,
    MIXED_TENS,
    NEGATION_AFTER,
    NEGATION_BEFORE,
    PARENT_HOLDER,
    PRIVATE_NUMBERS,
    SPECIAL_TERMS,
    STUDENT_TERMS,
    SUBJECT_TERMS,
    TOKEN_ONLY,
)

# ---------------------------------------------------------------------------------------------
# Data structures
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A vocabulary word found in the text."""

    label: str  # REGION, PLACE, CONTAINER, SPECIAL, STUDENT, SUBJECT
    code: str
    start: int
    end: int


@dataclass(frozen=True)
class Fact:
    name: str
    value: object
    start: int
    end: int
    group: int | None = None  # facts of one group are kept or dropped together (age with age_approx)


class Message:
    """The text to read: ``raw`` as typed, ``text`` normalised and masked, same length."""

    def __init__(self, raw: str):
        self.raw = raw
        text = raw.translate(FULLWIDTH).translate(_simplified()).translate(LOOKALIKES)
        text = DIALECT_NOT.sub(lambda m: "没有" if m.group().endswith("有") else "没得", text)
        for pattern, plain in DIALECT_WORDS:
            text = pattern.sub(plain, text)
        text = MIXED_TENS.sub(lambda m: "〇一二三四五六七八九"[int(m.group())], text)
        text = FINANCIAL_BESIDE.sub(lambda m: {"伍": "五", "陆": "六", "拾": "十"}[m.group()], text)
        text = PRIVATE_NUMBERS.sub(lambda m: "#" * len(m.group()), text)
        self.text = _corrected(text)
        self.terms = _with_places(_find_terms(self.text), self.text)
        self.about_child = any(t.label == "SUBJECT" and t.code == "child" for t in self.terms)

    def clause(self, pos: int) -> tuple[int, int]:
        start = pos
        while start > 0 and not CLAUSE_BREAK.match(self.text[start - 1]):
            start -= 1
        end = pos
        while end < len(self.text) and not CLAUSE_BREAK.match(self.text[end]):
            end += 1
        return start, end

    def before(self, start: int) -> str:
        return self.text[self.clause(start)[0] : start]

    def after(self, end: int) -> str:
        return self.text[end : self.clause(max(end - 1, 0))[1]]

    def clause_text(self, pos: int) -> str:
        start, end = self.clause(pos)
        return self.text[start:end]

    def negated(self, start: int, end: int | None = None) -> bool:
        """不是低保 / 以前是低保 / 是否低保：否 / 低保现在取消了."""
        after = self.text[end : end + 12] if end is not None else ""
        return bool(NEGATION_BEFORE.search(self.before(start)) or (after and NEGATION_AFTER.search(after.lstrip(" 户对象"))))

    def terms_of(self, label: str) -> list[Term]:
        return [t for t in self.terms if t.label == label]


# ---------------------------------------------------------------------------------------------
# The spaCy pipeline (built once, lazily)
# ---------------------------------------------------------------------------------------------


def _vocabulary() -> list[tuple[str, str, str]]:
    """(label, code, word) for every closed-vocabulary word; region aliases come from the rule book."""
    from policies.rulebook import default_rulebook

    book = default_rulebook()
    words = []
    for code, region in book.regions.items():
        for alias in {region.name, *region.aliases}:
            words.append(("REGION", code, alias))
    for label, table in (("SPECIAL", SPECIAL_TERMS), ("STUDENT", STUDENT_TERMS), ("SUBJECT", SUBJECT_TERMS)):
        words += [(label, code, word) for code, group in table.items() for word in group]
    return words


@lru_cache(maxsize=1)
def _pipeline():
    """The blank Chinese pipeline (jieba, with the vocabulary as user words) and an EntityRuler."""
    import jieba
    import spacy

    words = _vocabulary()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    segmenter = jieba.Tokenizer()  # a private dictionary: user words do not leak into other jieba users
    for _, _, word in words:
        segmenter.add_word(word)
    for label, _, word in words:
        if label in ("REGION", "PLACE"):
            for suffix in ALIAS_SUFFIXES:
                segmenter.suggest_freq((word, suffix), tune=True)
    nlp.tokenizer.jieba_seg = segmenter
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": label, "pattern": word, "id": code} for label, code, word in words])
    return nlp


@lru_cache(maxsize=1)
def _simplified() -> dict[int, str]:
    """Traditional characters to simplified ones (醫保 → 医保, 我媽七十歲 → 我妈七十岁), one character for one
    so that offsets stay valid: OpenCC's character table (opencc-python-reimplemented), read on first use."""
    from importlib import resources

    table: dict[int, str] = {}
    text = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        source, _, targets = line.partition("\t")
        first = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(first) == 1 and source != first and source not in ALSO_SIMPLIFIED:
            table[ord(source)] = first
    return table


ALSO_SIMPLIFIED = "乾"  # standard in simplified text too (乾县, 乾坤): never turned into 干

TYPO_WORDS = ("医保", "居民医保", "职工医保", "社保", "户口", "居住证", "参保", "缴费", "补缴", "残疾人", "残疾证")


@lru_cache(maxsize=1)
def _typo_words() -> tuple[str, ...]:
    """The words a homophone typo is corrected to: region names, hardship groups, the domain's own."""
    words = {w for label, _, w in _vocabulary() if label in ("REGION", "SPECIAL") and w not in TOKEN_ONLY}
    return tuple(sorted(words | set(TYPO_WORDS)))


def _corrected(text: str) -> str:
    """医宝 → 医保, 低报户 → 低保户, 杭洲 → 杭州 (same length: offsets stay valid)."""
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text
    segmenter = _pipeline().tokenizer.jieba_seg
    starts = {start for _, start, _ in segmenter.tokenize(text)}
    return typos.correct(text, _typo_words(), segmenter.FREQ, starts)


@lru_cache(maxsize=1)
def _raw_vocabulary():
    """One regex over the words that are safe to match on the raw text, longest first."""
    table = {}
    for label, code, word in _vocabulary():
        if word not in TOKEN_ONLY and len(word) >= 2:
            table.setdefault(word, (label, code))
    pattern = re.compile("|".join(re.escape(w) for w in sorted(table, key=len, reverse=True)))
    return pattern, table


def _with_places(terms: list[Term], text: str) -> list[Term]:
    """The terms plus every other place in China (``places``): held districts as REGION (崇明 →
    shanghai), places outside every 统筹区 as PLACE, a province or city containing a held region as
    CONTAINER. A region named right before a place inside it gives way to it (杭州桐庐县 → 桐庐县)."""
    label = {"held": "REGION", "outside": "PLACE", "not_held": "PLACE", "container": "CONTAINER"}
    found = [Term(label[p.kind], p.region if p.kind == "held" else p.name, s, e)
             for s, e, p in places.find(text) if p.kind in label]  # fmt: skip
    taken = [t for t in terms if t.label in ("REGION", "SPECIAL", "STUDENT", "SUBJECT")]
    merged = list(terms) + [t for t in found if all(t.end <= o.start or t.start >= o.end for o in taken)]
    merged.sort(key=lambda t: t.start)
    out = []
    for term in merged:
        if out and out[-1].label == "REGION" and term.label == "PLACE" and out[-1].end == term.start:
            held = places.kind(term.code)
            if held is not None and held.kind == "not_held":
                continue  # 余姚阳明街道 / 余姚凤山: a street or town of the region, named like a county elsewhere
            term = Term(term.label, term.code, out.pop().start, term.end)  # 杭州桐庐: the county decides
        elif out and out[-1].label == "PLACE" and term.label == "PLACE" and out[-1].end == term.start:
            wider, narrower = places.kind(out[-1].code), places.kind(term.code)
            town_of = wider and narrower and wider.city and narrower.city and narrower.city.startswith(wider.name)
            code = out[-1].code if town_of else term.code  # 淳安千岛湖: a town names its county
            term = Term(term.label, code, out.pop().start, term.end)  # 海南三亚: the city decides
        out.append(term)
    return out


def _find_terms(text: str) -> list[Term]:
    found = [Term(e.label_, e.ent_id_, e.start_char, e.end_char) for e in _pipeline()(text).ents]
    pattern, table = _raw_vocabulary()
    for match in pattern.finditer(text):
        found.append(Term(*table[match.group()], match.start(), match.end()))
    chosen: list[Term] = []  # longest first, no overlaps
    for term in sorted(found, key=lambda t: (t.start - t.end, t.start)):
        if all(term.end <= c.start or term.start >= c.end for c in chosen):
            chosen.append(term)
    return sorted(chosen, key=lambda t: t.start)


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and span[1] > start for start, end in taken)


def scan(msg: Message, patterns):
    """(value, match) for each pattern match that does not overlap the match of an earlier pattern."""
    taken: list[tuple[int, int]] = []
    for value, pattern in patterns:
        for match in re.finditer(pattern, msg.text):
            if match.start() == match.end() or overlaps(match.span(), taken):
                continue
            taken.append(match.span())
            yield value, match


def number_of(text: str) -> int | float | None:
    if text == "半":
        return 0.5
    if text in ("一两", "两三"):
        return {"一两": 2, "两三": 3}[text]
    return parse_number(text)


def neighbours(low: str, high: str) -> tuple[int, int] | None:
    """三四 / 五六: two neighbouring numbers said together, as (low, high); None otherwise."""
    first, second = number_of(low), number_of(high)
    return (first, second) if isinstance(first, int) and second == first + 1 else None


def at_least(text: str) -> int | float | None:
    """A number of years said as two neighbours (五六年) is at least the lower one: for a threshold
    (父母职工医保满N年) that is never more than was said. Gaps take the higher one (``gaps``)."""
    pair = neighbours(text[0], text[1]) if len(text) == 2 else None
    return pair[0] if pair else number_of(text)


def parent_holder(msg: Message, pos: int):
    """The parent named in the clause around ``pos`` (孩子爸爸, 他妈妈, 父母; 爸爸 when a child is
    mentioned), whose 职工医保 the clause is then about; ``None`` if none."""
    clause = msg.clause_text(pos)
    holder = PARENT_HOLDER.search(clause)
    if not holder and msg.about_child:
        holder = BARE_PARENT.search(clause)
    return holder
