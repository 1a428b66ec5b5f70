"""Rule-based extraction of quote facts from what residents type (Chinese).

``extract("我妈今年六十五，杭州户口，是低保户，一直在交")`` →
``{"age": 65, "hukou_region": "hangzhou", "special": ["dibao"], "gap_years": 0, "subject": "parent"}``.

Fact names and values are those of ``shared/spec/quote-contract.md`` plus a few the dialog resolves
itself: ``hukou_region`` (a supported region tied to 户口/户籍, compared with the conversation's
region), ``region_unsupported``, ``age_approx``, ``birth_year``, ``missed_year``, ``missed_last_year``,
``subject``, ``affirm`` and ``correction``.

How it works: the text is normalised (full-width digits) and private numbers (ID, mobile, bank
card) are masked, keeping every offset. A blank spaCy pipeline with jieba segmentation and an
``EntityRuler`` finds the closed vocabularies (regions from the policy rule book, other places,
hardship groups, school levels, relatives); short, boundary-sensitive words are taken from tokens
only, longer ones also from the raw text in case jieba merged them with a neighbour. Numbers, and
facts that depend on the words around them, are read with regexes on the raw text (the words and
patterns are in ``zh_patterns``). spaCy is imported lazily and the pipeline built once.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache

from base.clock import today_from_env
from base.numerals import NUM, parse_number, parse_year

from . import dates_zh, english, people, places, topics, typos
from .zh_patterns import (
    _ANSWER_WORDS,
    AFFIRM_LEAD,
    AFFIRM_WHOLE,
    AFFIRM_YES,
    AGE_AFTER_WORD,
    AGE_BARE_APPROX,
    AGE_BARE_DAYS,
    AGE_BARE_MONTHS,
    AGE_CLAUSE,
    AGE_DAYS,
    AGE_MONTHS,
    AGE_NEARLY,
    AGE_NEWBORN,
    AGE_NUMBER_CLAUSE,
    AGE_ONE,
    AGE_TWO_NUMBERS,
    AGE_WEEKS,
    AGE_YEARS,
    ALIAS_SUFFIXES,
    BARE_PARENT,
    BARE_PLACE_LEAD,
    BARE_PLACE_REST,
    BELOW,
    BIRTH_YEAR,
    BIRTHDAY,
    CLAUSE_BREAK,
    CORRECTION,
    DISABILITY_GRADE,
    EMP,
    EMPLOYEE_PATTERNS,
    EMPLOYEE_TRANSFER,
    FACT_WORDS,
    FOLLOWING_YEARS,
    FULLWIDTH,
    GAP_PATTERNS,
    HUKOU_KIND,
    HUKOU_LEFT_BEFORE,
    HUKOU_NOT_IN_BEFORE,
    HUKOU_PATTERNS,
    HUKOU_TIE_AFTER,
    HUKOU_TIE_BEFORE,
    LOOKALIKES,
    MONEY_BEFORE,
    MOVED_FROM,
    NEGATION_AFTER,
    NEGATION_BEFORE,
    NO_HUKOU_BEFORE,
    NOT_BEFORE,
    NOT_YET_BEFORE,
    OTHER_TRANSFER_PATTERNS,
    PARENT_HOLDER,
    PARENT_YEARS,
    PAST_HUKOU_BEFORE,
    PAST_PLACE_BEFORE,
    PRIVATE_NUMBERS,
    RESIDENCE_AFTER,
    RESIDENCE_BEFORE,
    RESIDENCE_PERMIT_PATTERNS,
    SCHOOL_LOCAL_PATTERNS,
    SCHOOL_NAMED_BEFORE,
    SCHOOL_TIE_AFTER,
    SCHOOL_TIE_BEFORE,
    SPECIAL_NONE,
    SPECIAL_TERMS,
    STUDENT_NONE,
    STUDENT_TERMS,
    SUBJECT_TERMS,
    TIER,
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

TYPO_WORDS = ("医保", "居民医保", "职工医保", "社保", "户口", "居住证", "参保", "缴费", "补缴")


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
            term = Term(term.label, term.code, out.pop().start, term.end)  # 海南三亚: the city decides
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


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and span[1] > start for start, end in taken)


def _scan(msg: Message, patterns):
    """(value, match) for each pattern match that does not overlap the match of an earlier pattern."""
    taken: list[tuple[int, int]] = []
    for value, pattern in patterns:
        for match in re.finditer(pattern, msg.text):
            if match.start() == match.end() or _overlaps(match.span(), taken):
                continue
            taken.append(match.span())
            yield value, match


def _number(text: str) -> int | float | None:
    if text == "半":
        return 0.5
    if text in ("一两", "两三"):
        return {"一两": 2, "两三": 3}[text]
    return parse_number(text)


def _neighbours(low: str, high: str) -> tuple[int, int] | None:
    """三四 / 五六: two neighbouring numbers said together, as (low, high); None otherwise."""
    first, second = _number(low), _number(high)
    return (first, second) if isinstance(first, int) and second == first + 1 else None


def _at_least(text: str) -> int | float | None:
    """A number of years said as two neighbours (五六年) is at least the lower one: for a threshold
    (父母职工医保满N年) that is never more than was said. Gaps take the higher one (``_gaps``)."""
    pair = _neighbours(text[0], text[1]) if len(text) == 2 else None
    return pair[0] if pair else _number(text)


def _parent_holder(msg: Message, pos: int):
    """The parent named in the clause around ``pos`` (孩子爸爸, 他妈妈, 父母; 爸爸 when a child is
    mentioned), whose 职工医保 the clause is then about; ``None`` if none."""
    clause = msg.clause_text(pos)
    holder = PARENT_HOLDER.search(clause)
    if not holder and msg.about_child:
        holder = BARE_PARENT.search(clause)
    return holder


# ---------------------------------------------------------------------------------------------
# Extractors: each returns the facts it found, with spans
# ---------------------------------------------------------------------------------------------


def _places(msg: Message) -> list[Fact]:
    facts = []
    origins = []  # read from where one is from (我是余姚的, 老家是余姚): yields to a 户口 said in so many words
    studies_outside = False
    for term in msg.terms:
        if term.label not in ("REGION", "PLACE", "CONTAINER"):
            continue
        before, after = msg.before(term.start), msg.after(term.end)
        span = (term.start, term.end)
        no_hukou = (NOT_BEFORE.search(before) or NO_HUKOU_BEFORE.search(before)) and HUKOU_TIE_AFTER.match(after)
        if HUKOU_NOT_IN_BEFORE.search(before) or HUKOU_LEFT_BEFORE.search(before) or no_hukou:
            if term.label == "REGION":  # 户口不在杭州 / 不是杭州户口
                facts.append(Fact("hukou", "nonlocal", *span))
            continue
        if NEAR_AFTER.match(after):
            continue  # 杨凌隔壁武功县: the place is not the one named
        if TREATED_AFTER.match(after):
            continue  # 去上海看病 / 在上海住院: where one is treated, not where one enrolls
        if NOT_BEFORE.search(before) and term.label == "REGION":
            continue  # 是余杭不是余姚 / 上海的，哦不，是杭州: the place named after 不是 is not it
        if before.endswith("新") and after.startswith("人"):
            settled = re.search(r"落户|户口(?:已经)?(?:迁|落|转)(?:过来|进来|到这|下来)了?", msg.text)
            facts.append(Fact("hukou", "local" if settled else "nonlocal", *span))  # 新杭州人: came from elsewhere
            continue  # (新上海人，前年落户的: and settled)
        if MOVED_FROM[0].search(before) and MOVED_FROM[1].match(after):
            continue  # 从杭州搬到余姚 / 户口从安徽迁到余姚: where it came from
        if PAST_HUKOU_BEFORE.search(before) or (PAST_PLACE_BEFORE.search(before) and re.match(r"读|上学|念书|上大学", after)):
            continue  # 户口之前在余姚 / 之前在上海读书: where it was, neither 户口 nor school now
        chain_before = msg.before(_chain_start(msg, term))  # 户口在宁波北仑: the tie is before the chain
        tied_before = HUKOU_TIE_BEFORE.search(before) or HUKOU_TIE_BEFORE.search(chain_before)
        origin = bool(re.search(r"(?<!迁回)(?<!迁到)老家(?:是|在)?$", chain_before))  # (迁回老家江西: the 户口 moved)
        if not tied_before and FROM_BEFORE.search(chain_before) and FROM_AFTER.match(after):
            tied_before = origin = not NOT_ORIGIN_BEFORE.search(chain_before)  # 我是余姚的 / 老上海: where one is from
        if HUKOU_TIE_AFTER.match(after) or (tied_before and not _hukou_named_before(msg, term.start)):
            if term.label == "REGION":
                facts.append(Fact("hukou_region", term.code, *span))
            elif term.label == "PLACE":
                facts.append(Fact("hukou", "nonlocal", *span))
            if origin and term.label != "CONTAINER":
                origins.append(facts[-1])
            continue
        school = (SCHOOL_TIE_BEFORE.search(before) and SCHOOL_TIE_AFTER.match(after)) or SCHOOL_NAMED_BEFORE.search(before)
        if school or re.match(r"^(?:的)?(?:学校|大学|学籍)", after):
            if term.label == "PLACE":
                studies_outside = True
            if term.label != "CONTAINER":
                facts.append(Fact("school_local", term.label == "REGION", *span))
            if term.label == "REGION":  # a student enrolls where the school is (在上海读大学, whatever the 户口)
                facts.append(Fact("region", term.code, *span))
            continue
        if _parent_holder(msg, term.start) and re.search(EMP, msg.clause_text(term.start)):
            continue  # where a parent is insured, not where the resident enrolls
        if MOVED_FROM[0].search(before) and MOVED_FROM[1].match(after):
            continue  # 从杭州搬到余姚
        if term.label == "REGION":
            facts.append(Fact("region", term.code, *span))
        elif term.label == "PLACE":
            lead = msg.text[: _chain_start(msg, term)].strip()
            bare = (not lead or BARE_PLACE_LEAD.fullmatch(lead)) and BARE_PLACE_REST.match(msg.text[term.end :])
            if bare or RESIDENCE_BEFORE.search(before) or RESIDENCE_AFTER.match(after) or NEAR_BEFORE.search(before):
                facts.append(Fact("region_unsupported", term.code, *span))
    if origins and any(f.name in ("hukou", "hukou_region") and f not in origins for f in facts):
        # 我老家是余姚的，但户口早就迁到上海了: the 户口 said is the 户口; where one is from decides nothing
        facts = [f for f in facts if f not in origins]
    lives = {msg.text[f.start : f.end] for f in facts if f.name == "region_unsupported"}  # 苏州户口，人也在苏州: at home
    lives |= {f.value for f in facts if f.name == "region_unsupported"}
    # 苏州户口，人也在苏州 / 我妈在桐庐 户口也在桐庐: at home in a place not held, where a 户口 compared with a
    # region held means nothing (the answer is that the place is not held)
    facts = [f for f in facts if not (f.name == "hukou" and any(msg.text[f.start : f.end].endswith(x) for x in lives))]
    if HUKOU_PENDING.search(msg.text):  # 打算落余姚户口 / 户口还没上: where it will be is not the 户籍 yet
        facts = [Fact("region", f.value, f.start, f.end) if f.name == "hukou_region" else f
                 for f in facts if f.name != "hukou"]  # fmt: skip
    if any(f.name == "hukou_region" for f in facts) and studies_outside:
        # 女儿在西安读大学 户口在余姚: enroll at the 户口 or at the school? Ask, never guess (the school's
        # place is outside every region held; where one only lives is handled below).
        return [f for f in facts if f.name not in ("hukou_region", "region", "region_unsupported", "school_local")]
    chosen = [f for f in facts if f.name == "region" and ENROLL_AFTER.match(msg.after(f.end))]
    if chosen:  # 我在上海工作，户口在余姚，想回余姚交: the place they say they will enroll in
        facts = [f for f in facts if f.name != "region" or f in chosen]
    hukou_regions = {f.value for f in facts if f.name == "hukou_region"}
    if not chosen and hukou_regions and any(f.name == "region" and f.value not in hukou_regions
                                            and WORKS_OR_LIVES.search(msg.clause_text(f.start)) for f in facts):  # fmt: skip
        # 我是余姚户口，现在在上海工作: two regions held, the 户口's and the work's; which one they enroll in
        # is asked, never guessed (the 户口 is kept: the answer to that question then settles it)
        kept = [f for f in facts if f.name not in ("region", "region_unsupported")]
        return kept + [Fact("region_open", True, *next((f.start, f.end) for f in facts if f.name == "hukou_region"))]
    if any(f.name == "region" for f in facts):
        facts = [f for f in facts if f.name != "region_unsupported"]
    elif hukou_regions and any(f.name == "region_unsupported" for f in facts):
        # 我杨凌户口，人在西安打工: enroll at the 户口 or where one lives? Ask, never guess.
        facts = [f for f in facts if f.name not in ("hukou_region", "region_unsupported")]
    return facts


def _chain_start(msg: Message, term: Term) -> int:
    """Where a run of place names ending in ``term`` starts (宁波鄞州, 陕西咸阳, 杭州桐庐县)."""
    start = term.start
    for other in reversed([t for t in msg.terms if t.end <= term.start]):
        if other.end != start or other.label not in ("REGION", "PLACE", "CONTAINER"):
            break
        start = other.start
    return start


NEAR_AFTER = re.compile(r"^(?:的)?(?:隔壁|旁边|边上|附近|周边|邻近)")
NEAR_BEFORE = re.compile(r"(?:隔壁|旁边|边上|附近|周边|邻近)(?:的)?$")
HUKOU_PENDING = re.compile(r"(?:打算|准备|想|要|还没|没)(?:落|上|报)(?:户|[^，,。 ]{0,6}户口)|户口(?:还没|没|未)(?:上|落|报)")
ENROLL_AFTER = re.compile(r"^(?:这边|那边)?(?:交|缴|参保|买|办)")
# Where a person is from (我是杨凌的 / 她是余姚人 / 老杭州): their 户口's place, as a resident means it.
FROM_BEFORE = re.compile(rf"(?:[我俺她他]|{people.RELATIVE.pattern})(?:也|都|本来|原来|就)?是$|(?<![养])老$")
FROM_AFTER = re.compile(r"^(?:的|人)?(?=$|[，,。；;！!？?\s]|(?:的|人)(?:$|[，,。；;！!？?\s]))")
NOT_ORIGIN_BEFORE = re.compile(r"学校|学籍|单位|公司|医院|工作|上班")
TREATED_AFTER = re.compile(r"^(?:的)?(?:[^，,。；;！!？?\s]{0,6}?)(?:看病|住院|就医|治病|就诊|做手术|开刀|看门诊|复查)")
WORKS_OR_LIVES = re.compile(r"上班|工作|打工|务工|住|生活|定居|做生意|开店|带孩子|带娃")


HUKOU_WORD = re.compile(r"(?:户口|户籍)(?!.*(?:户口|户籍))")
HUKOU_QUALIFIED = re.compile(r"(?:外地|外省|外市|本地|本市|老家|农村|城镇|集体|非沪籍|沪籍)(?:的)?$")


def _hukou_named_before(msg: Message, pos: int) -> bool:
    """安徽户口在杭州上班 / 外地户口在余姚: the 户口 before this place already has its place, so this
    place is where the person is, not the hukou."""
    start = msg.clause(pos)[0]
    word = HUKOU_WORD.search(msg.text, start, pos)
    if not word:
        return False
    lead = msg.text[start : word.start()]
    return bool(HUKOU_QUALIFIED.search(lead)) or any(
        t.end == word.start() and t.label in ("REGION", "PLACE", "CONTAINER") for t in msg.terms)


def _hukou(msg: Message) -> list[Fact]:
    if HUKOU_PENDING.search(msg.text):
        return []
    kinds = [Fact("hukou_kind", m.group()[:2], *m.span()) for m in HUKOU_KIND.finditer(msg.text)]  # 农村户口
    return kinds + [Fact("hukou", value, *m.span()) for value, m in _scan(msg, HUKOU_PATTERNS)]


def _days_since(month: int, day: int) -> int | None:
    today = today_from_env()
    for year in (today.year, today.year - 1):
        try:
            born = _dt.date(year, month, day)
        except ValueError:
            return None
        if born <= today:
            days = (today - born).days
            return days if days < 366 else None
    return None


def _age(msg: Message) -> list[Fact]:
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def add(match, age, days=None, approx=False):
        start, end = match.span()
        if _overlaps((start, end), taken) or msg.negated(start):
            return
        taken.append((start, end))
        facts.append(Fact("age", age, start, end, group=start))
        if days is not None:
            facts.append(Fact("newborn_days", days, start, end, group=start))
        if approx:
            facts.append(Fact("age_approx", True, start, end, group=start))

    for pattern in AGE_DAYS:
        for m in re.finditer(pattern, msg.text):
            days = _number(m.group("n"))
            if isinstance(days, int) and days <= 400:
                add(m, 0, days)
    bare = AGE_BARE_DAYS.match(msg.text)  # the answer 两周 / 一百天
    if bare:
        n = _number(bare.group("w") or bare.group("d"))
        days = n * 7 if bare.group("w") and isinstance(n, int) else n
        if isinstance(days, int) and days < 366:
            add(bare, 0, days)
    for m in BIRTHDAY.finditer(msg.text):
        days = _days_since(int(m.group("m")), int(m.group("d")))
        if days is not None:
            add(m, 0, days)
    for m in AGE_WEEKS.finditer(msg.text):
        weeks = _number(m.group("n"))
        if isinstance(weeks, int) and weeks <= 52:
            add(m, 0, weeks * 7)
    for pattern in AGE_MONTHS:
        for m in re.finditer(pattern, msg.text):
            months = _number(m.group("n"))
            if months is not None and months < 12:
                add(m, 0, round(months * 30))
    for m in re.finditer(AGE_BARE_MONTHS, msg.text):
        months = _number(m.group("n"))
        if months is not None and months < 12:
            add(m, 0, round(months * 30))
    if not facts:
        for m in re.finditer(AGE_NEWBORN, msg.text):
            add(m, 0, 30 if m.group() == "刚满月" else (180 if m.group() == "半岁" else None))
    for m in AGE_ONE.finditer(msg.text):
        add(m, 1)
    for m in AGE_YEARS.finditer(msg.text):
        age = _number(m.group("n"))
        if age is None or age > 120 or m.group("range") or m.group("pre") not in (None, "满"):
            continue
        add(m, int(age), approx=bool(m.group("approx")) or m.group("post") in ("多", "左右", "上下"))
    for m in AGE_TWO_NUMBERS.finditer(msg.text):  # 八九岁, 三十五六岁
        first, second = _number(m.group("n")), _number(m.group("m"))
        if first is not None and second == first % 10 + 1 and not MONEY_BEFORE.search(msg.before(m.start())):
            add(m, first, approx=True)
    for m in AGE_NEARLY.finditer(msg.text):
        age = _number(m.group("n"))
        if isinstance(age, int) and 10 <= age <= 120 and not MONEY_BEFORE.search(msg.before(m.start())):
            add(m, age - 1 if m.group("word") in BELOW else age, approx=True)
    for m in AGE_BARE_APPROX.finditer(msg.text):
        age = _number(m.group("n"))
        if isinstance(age, int) and 10 <= age <= 110 and age % 10 == 0 and not MONEY_BEFORE.search(msg.before(m.start())):
            add(m, age, approx=True)
    if people.mentions(msg.text) or msg.terms or FACT_WORDS.search(msg.text):
        for m in AGE_CLAUSE.finditer(msg.text):
            age = _number(m.group("n"))
            if isinstance(age, int) and 10 <= age <= 110:
                add(m, age, approx=bool(m.group("more")))
    for m in AGE_AFTER_WORD.finditer(msg.text):
        age = _number(m.group("n"))
        if isinstance(age, int) and 0 < age <= 120 and not MONEY_BEFORE.search(msg.before(m.start())):
            below = m.group("about") in ("快", "将近")
            add(m, age - 1 if below else age, approx=bool(m.group("about") or m.group("more")))
    if not facts and CLAUSE_BREAK.search(msg.text.strip()) and (
            msg.terms or FACT_WORDS.search(msg.text) or people.mentions(msg.text)):
        ages = [m for m in AGE_NUMBER_CLAUSE.finditer(msg.text) if isinstance(_number(m.group("n")), int)
                and 16 <= _number(m.group("n")) <= 110 and not MONEY_BEFORE.search(msg.before(m.start()))]  # fmt: skip
        if len(ages) == 1:  # one such number: an age; two would be anyone's guess
            add(ages[0], _number(ages[0].group("n")))
    return facts


# A full birth date in words (出生日期1990年3月5日). An ID number's birth date never comes back as text:
# the channel that removes the number sends it as message metadata (base/privacy.birth_metadata).
BIRTH_DATE = re.compile(r"出生日期(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")


def _birth_year(msg: Message) -> list[Fact]:
    this_year = today_from_env().year  # ASSISTANT_TODAY keeps tests deterministic
    facts, taken = [], []
    for m in BIRTH_DATE.finditer(msg.text):
        try:
            born = _dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
        taken.append(m.span())
        facts.append(Fact("birth_date", born.isoformat(), *m.span()))
    for index, pattern in enumerate(BIRTH_YEAR):
        for m in pattern.finditer(msg.text):
            year = parse_year(m.group("y"))
            latest = this_year - 3 if index == 2 else this_year  # 2025年的 is more likely the coverage year
            if year is None or not 1900 <= year <= latest or _overlaps(m.span(), taken):
                continue
            taken.append(m.span())
            facts.append(Fact("birth_year", year, *m.span()))
    return facts


def _student(msg: Message) -> list[Fact]:
    facts = []
    for term in msg.terms_of("STUDENT"):
        negated = term.code != "preschool" and msg.negated(term.start)  # 还没上幼儿园 is still preschool
        if negated or (term.code != "none" and NOT_YET_BEFORE.search(msg.before(term.start))):  # 今年刚毕业 is done
            continue
        facts.append(Fact("student", term.code, term.start, term.end))
    for m in re.finditer(r"(?<![大研])[一二三四五六七八九1-9]年级", msg.text):
        if not any(f.start <= m.start() < f.end for f in facts):
            facts.append(Fact("student", "primary_secondary", *m.span()))
    part_time = STUDENT_NONE.search(msg.text)
    if part_time:  # 在职研究生 / 非全日制 / 不上了: not a full-time student, whatever the level named
        facts = [Fact("student", "none", *part_time.span())]
    if any(f.value == "none" for f in facts):  # 大学毕业了: the level is past
        facts = [f for f in facts if f.value == "none"]
    facts.sort(key=lambda f: f.start)
    return facts


def _school_local(msg: Message) -> list[Fact]:
    return [Fact("school_local", value, *m.span()) for value, m in _scan(msg, SCHOOL_LOCAL_PATTERNS)]


def _employment(msg: Message) -> list[Fact]:
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []
    for regex in EMPLOYEE_TRANSFER:
        for m in regex.finditer(msg.text):
            months = _number(m.group("n")) if "n" in regex.groupindex else 0
            if months is None or months > 3:
                continue
            if not _parent_holder(msg, m.start()):
                facts.append(Fact("transfer", "employee_within_3m", *m.span()))
            facts += _employment_fact(msg, False, m)
            taken.append(m.span())
    for value, m in _scan(msg, EMPLOYEE_PATTERNS):
        if not _overlaps(m.span(), taken):
            facts += _employment_fact(msg, value, m)
    if UNSURE_WHICH.search(msg.text):  # 我自己交的社保，不知道是职工还是居民: asked, not guessed
        facts = [f for f in facts if f.name != "employee_insured"]
    return facts


PAST_BEFORE = re.compile(r"(?:之前|以前|原来|过去|曾经|早先|早年|前些年)\S{0,6}$")
STOPPED_AFTER = re.compile(r"断|停|辞职|离职|下岗|没得?交|不交|倒了|倒闭|退了|没了")


STOPPED_LATER = re.compile(
    r"^[^。；;]{0,16}?(?:今年|现在|后来|去年|上个月|已经|就)?(?:也)?(?:断了|停了|停交了|没交了|不交了|断缴了|倒闭)"
)


def _current(msg: Message, value: bool, match) -> bool | None:
    """之前在厂里交职工医保，现在厂子倒了没得交了: coverage said in the past is not current coverage
    (False when the message says it stopped, unknown otherwise); 交了十五年，今年断了 / 单位交的社保今年十月份停了:
    it stopped."""
    later = msg.text[match.end() : match.end() + 24]
    if value and STOPPED_LATER.match(later) and not re.search(r"居民|城乡|新农合|农保", later):
        return False  # (居民医保断了 is another insurance)
    if not value or not PAST_BEFORE.search(msg.text[max(0, match.start() - 10) : match.start()]):
        return value
    return False if STOPPED_AFTER.search(msg.text[match.end() :]) else None


UNSURE_WHICH = re.compile(r"不(?:知道|清楚|晓得)(?:是)?(?:职工|居民|哪种|哪个|什么)|不(?:知道|清楚|晓得)有没有")
# Before 交职工医保: asked about or planned, not held (灵活就业能交职工医保吗 / 想交职工医保).
NOT_HELD_BEFORE = re.compile(r"(?:能|可以|可不可以|能不能|要不要|需不需要|需要|该|应该|怎么|如何|想|打算|准备|还得|必须)$")


ASKED_BEFORE = re.compile(r"能|可以|要不要|需不需要|怎么|如何|是否")
ASKED_END = re.compile(r"[吗么嘛?？]|能不能|可不可以|多少钱|怎么交|怎么缴|在哪|哪里交")
PAY_VERB = re.compile(r"交|缴|买|参加")


def _employment_fact(msg: Message, value: bool, match) -> list[Fact]:
    value = _current(msg, value, match)
    if value is None or (value and NOT_HELD_BEFORE.search(msg.text[max(0, match.start() - 4) : match.start()])):
        return []
    start, end = msg.clause(match.start())
    asked_after = ASKED_END.search(msg.text[match.end() : end + 1])
    if value and asked_after and (ASKED_BEFORE.search(msg.text, start, match.start()) or PAY_VERB.match(match.group())):
        return []  # 灵活就业能交职工医保吗 / 交职工医保要多少钱: a question about it, not coverage held
    if not _parent_holder(msg, match.start()):
        return [Fact("employee_insured", value, *match.span())]
    facts = [Fact("parent_employee_insured", value, *match.span())]
    if value:
        years = _parent_years(msg, match.start())
        if years:
            facts.append(years)
    return facts


def _parent_years(msg: Message, pos: int) -> Fact | None:
    start, end = msg.clause(pos)
    match = PARENT_YEARS.search(msg.text, start, end)
    offset = 0
    if not match:  # 孩子爸爸有职工医保，交了五年
        nxt = msg.text[end + 1 :]
        match = FOLLOWING_YEARS.match(nxt) if end < len(msg.text) else None
        offset = end + 1
    if not match:
        return None
    value = _at_least(match.group("n"))
    if value is None or value > 50:
        return None
    value = value + 0.5 if match.group("half") else value
    span = match.span("n")
    return Fact("parent_employee_years", value, span[0] + offset, match.end() + offset)


ELLIPTICAL = re.compile(
    rf"(?P<who>{people.RELATIVE.pattern}|我们|咱们|我自己|我|她|他|俺)(?:也|都|还|却|倒是)?(?P<v>没有|没|无|有|没交过?|没缴过?|没买过?)(?:的)?"
    r"(?=$|[，,。；;！!？?\s])"
)


def _elliptical(msg: Message) -> list[Fact]:
    """我有职工医保，她没有 / 我爸有职工医保，我妈没有: the 有/没有 after 职工医保 was named is about it."""
    first = re.search(EMP, msg.text)
    if not first:
        return []
    facts = []
    for m in ELLIPTICAL.finditer(msg.text, first.end()):
        facts += _employment_fact(msg, m.group("v") == "有", m)  # 我有 / 她没有 / 我自己没交
    return facts


def _residence_permit(msg: Message) -> list[Fact]:
    return [Fact("residence_permit", value, *m.span()) for value, m in _scan(msg, RESIDENCE_PERMIT_PATTERNS)]


def _other_transfers(msg: Message) -> list[Fact]:
    facts = []
    for code, pattern in OTHER_TRANSFER_PATTERNS.items():
        for m in pattern.finditer(msg.text):
            months = _number(m.group("n")) if m.group("n") else 0
            if months is not None and months <= 3:
                facts.append(Fact("transfer", code, *m.span()))
                if code == "new_qualification_within_3m" and "居住证" in m.group():
                    facts.append(Fact("residence_permit", True, *m.span()))
    return facts


def _gaps(msg: Message) -> list[Fact]:
    facts = []
    for kind, m in _scan(msg, GAP_PATTERNS):
        if re.search(EMP, msg.clause_text(m.start())) and kind in ("gap_years", "gap_zero"):
            continue  # 社保停了两年 / 一直交社保: 职工医保, not the resident scheme
        if kind == "gap_range":  # 三四年没交了: the higher (the longer waiting), said to be approximate
            pair = _neighbours(m.group("n") or m.group("n2"), m.group("m") or m.group("m2"))
            if pair:
                facts += [Fact("gap_years", pair[1], *m.span(), group=m.start()),
                          Fact("gap_approx", True, *m.span(), group=m.start())]
        elif kind == "gap_two":
            facts.append(Fact("gap_years", 2, *m.span()))
        elif kind == "gap_zero":
            facts.append(Fact("gap_years", 0, *m.span()))
        elif kind == "missed_last_year":
            facts.append(Fact("missed_last_year", True, *m.span()))
        elif kind == "missed_year":
            facts += _missed_year(m)
        else:
            years = _number(m.group("n"))
            if years is not None and years <= 30:
                facts.append(Fact("gap_years", max(1, round(years)), *m.span()))
    return facts


def _missed_year(match) -> list[Fact]:
    text = match.group("y")
    year = parse_year(text)
    if text.isdigit() and len(text) == 2 and not 15 <= int(text) <= 30:
        value = int(text)  # 10年没交: ten years
        return [Fact("gap_years", value, *match.span())] if value <= 30 else []
    if year is None or not 2000 <= year <= today_from_env().year + 1:
        return []
    return [Fact("missed_year", year, *match.span())]


GROUP_JOIN = re.compile(r"^(?:、|和|或|或者|跟|与|及|也不是|也不|也没有|，也不是|,也不是|/)?$")
GROUPS_NONE_AFTER = re.compile(r"^(?:也|都|全都|啥的|什么的|这些|之类的)*(?:都)?(?:不是|没有|不属于|没)")


def _negated_groups(msg: Message) -> set[int]:
    """Starts of the hardship groups a negation covers: 不是低保特困 / 不是低保也不是特困 / 低保特困都不是."""
    terms = msg.terms_of("SPECIAL")
    runs: list[list[Term]] = []
    for term in terms:
        if runs and GROUP_JOIN.match(msg.text[runs[-1][-1].end : term.start]):
            runs[-1].append(term)
        else:
            runs.append([term])
    negated = set()
    for run in runs:
        first, last = run[0], run[-1]
        if msg.negated(first.start, first.end if len(run) == 1 else None) or GROUPS_NONE_AFTER.match(msg.text[last.end :]):
            negated |= {t.start for t in run}
        else:
            negated |= {t.start for t in run if msg.negated(t.start, t.end)}
    return negated


WHAT_IS_BEFORE = re.compile(r"(?:什么|啥)(?:是|叫|算|算是)(?:那个)?$")


# A group asked about (算优抚对象吗 / 算不算被征地农民) or not (yet, still) held (证明还没办下来 / 证过期了).
ASKED_GROUP = (re.compile(r"(?:算|算是|算不算|属于|属不属于|是不是)$"), re.compile(r"^(?:的)?(?:吗|么|嘛|不|？|\?)"))
NOT_HELD_AFTER = re.compile(  # the rest of the clause and the next one
    r"^[^，,。；;]{0,6}?(?:[，,](?:但是|但|可是|不过)[^，,。；;]{0,6}?|[，,](?=已经|都|早就))?(?:还没(?:有)?(?:办|批|下来)|没(?:办|批)下来|(?:已经)?过期)"
)


def _stated(msg: Message, term: Term) -> bool:
    before, after = msg.before(term.start), msg.after(term.end)
    if WHAT_IS_BEFORE.search(before) or NOT_HELD_AFTER.match(msg.text[term.end : term.end + 20]):
        return False  # 什么是低保边缘 / 低保边缘户，但是证明还没办下来
    return not (ASKED_GROUP[0].search(before) and ASKED_GROUP[1].match(after))


def _special(msg: Message) -> list[Fact]:
    negated = _negated_groups(msg)
    facts = [Fact("special", t.code, t.start, t.end) for t in msg.terms_of("SPECIAL")
             if t.start not in negated and _stated(msg, t)]
    for m in DISABILITY_GRADE.finditer(msg.text):
        grade = parse_number(m.group("g1") or m.group("g2") or m.group("g3"))
        if grade in (1, 2) and not msg.negated(m.start()) and not NOT_HELD_AFTER.match(msg.text[m.end() : m.end() + 20]):
            facts.append(Fact("special", "disabled_severe", *m.span()))
    if not facts:
        facts = [Fact("special", None, *m.span()) for m in SPECIAL_NONE.finditer(msg.text)][:1]
    return facts


TIER_CHOSEN_BEFORE = re.compile(r"(?:想|要|打算|准备|选|就)(?:交|缴|选|买)?(?:第)?$")


def _tier(msg: Message) -> list[Fact]:
    """The tier named; of two, the one chosen (我老公交的是一档，我想交二档); 一档和二档 (a comparison) is none."""
    found = [Fact("tier", "一档" if m.group("n") in "一1" else "二档", *m.span()) for m in TIER.finditer(msg.text)]
    if len({f.value for f in found}) > 1:
        chosen = [f for f in found if TIER_CHOSEN_BEFORE.search(msg.text[max(0, f.start - 4) : f.start])
                  and not msg.text.startswith("的话", f.end)]  # 我选二档的话: if, not a choice
        return chosen[-1:] if len({f.value for f in chosen}) == 1 else []
    return found


BARE_NUMBER = re.compile(
    rf"^\s*(?:大概|大约|差不多|才|已经|今年|有)?\s*(?P<n>{NUM})\s*(?P<m>{NUM})?\s*(?:岁|周岁|年|多|个)?(?:了|啦|吧)?\s*[。.!！]?\s*$"
)
BARE_RANGE = re.compile(r"^\s*(?P<n>[一二两三四五六七八九])(?P<m>[二三四五六七八九])\s*(?:年|岁)")


def _bare_number(msg: Message) -> list[Fact]:
    """A message that is only a number (35, 七十二, 三四年): the answer to a number question. A range of
    two neighbouring digits (三四年) gives the higher one, the reading with the longer waiting period."""
    m = BARE_NUMBER.match(msg.text) or BARE_RANGE.match(msg.text)
    if not m:
        return []
    if m.group("m"):
        pair = _neighbours(m.group("n"), m.group("m"))
        value = pair[1] if pair else None
    else:
        value = _number(m.group("n"))
    return [Fact("number", value, *m.span())] if value is not None else []


# A clause that is only a length of time in years (两年多 / 不到三年 / 满3年及以上 / 七八年 / 一年半 / 交了五年):
# the answer to how long a 职工医保 has been paid, or how many years were missed.
DURATION = re.compile(
    rf"(?:^|(?<=[，,。；;\s]))(?:[^，,。；;\s]{{1,6}}?(?=交了|缴了|交满|缴满))?"  # 他爸交了六年了 / 我在杭州交了三年多
    rf"(?:大概|大约|差不多|才|已经|刚|都|有|快|一共|累计|总共)*(?:交了|缴了|交满|缴满|交|缴)?"
    rf"(?P<pre>不到|不满|未满|没满|满|超过|已满)?(?:(?P<n1>[一二两三四五六七八九])(?P<m>[二三四五六七八九])|(?P<n>{NUM}|半))"
    rf"(?P<lai>来|多)?个?年"
    r"(?P<half>半)?(?:多|以上|及以上|及已上|已上|了|整|左右)*(?=$|[，,。；;！!\s])"
)


def _durations(msg: Message) -> list[Fact]:
    facts = []
    for m in DURATION.finditer(msg.text):
        if m.group("n") == "半":
            value = 0.5
        elif m.group("m"):
            pair = _neighbours(m.group("n1"), m.group("m"))
            value = list(pair) if pair else None  # 七八年: [7, 8]; the question decides which end counts
        else:
            value = _number(m.group("n"))
        if isinstance(value, list):
            facts.append(Fact("duration", value, *m.span()))
            continue
        if not isinstance(value, (int, float)) or value > 60:
            continue
        if m.group("pre") in ("不到", "不满", "未满", "没满"):
            value = max(0, value - 0.5)  # below that many years
        elif m.group("half"):
            value += 0.5
        facts.append(Fact("duration", value, *m.span()))
    return facts[:1] if len(facts) == 1 else []


# Replies naming who has it (他爸有 / 我有，交了五年 / 两个都有 / 他爸有，他妈没有): a yes or no said of a person.
REPLY_GROUP = re.compile(r"^(?:有一方|一方|其中一个|一个|两个|俩|我们俩|我俩|我们|我们两个|两口子|都|全都|两个人)$")


def _replies(msg: Message) -> list[Fact]:
    if len(msg.text) > 30:
        return []
    facts = []
    for m in PERSON_ANSWER.finditer(msg.text):
        who = m.group("who")
        found = people.mentions(who)
        if REPLY_GROUP.match(who):
            code = "group"
        elif len(found) == 1 and found[0].start == 0 and found[0].end == len(who):
            code = found[0].who
        else:
            continue
        facts.append(Fact("reply", {"who": code, "yes": m.group("w") in ("有", "是", "是的")}, m.start("w"), m.end("w")))
    if not facts:
        return []
    return [Fact("reply", [f.value for f in facts], facts[0].start, facts[-1].end)]  # one entity: every person's reply


def _pay_date(msg: Message) -> list[Fact]:
    """The day the resident says they would pay (rulings R12: it is the ``as_of`` of that answer)."""
    return [Fact("pay_date", day, start, end) for start, end, day in dates_zh.pay_dates(msg.text, today_from_env())][:1]


AFFIRM_NOISE = re.compile(r"[【】\[\]（）()✅👌👍🙏]")


# 以前有现在没有 / 之前没有现在有了: what holds now answers the question.
NOW_ANSWER = re.compile(r"^\s*(?:以前|之前|原来|过去)[^，,。]{0,4}?[，,\s]*(?:现在|目前|如今|后来)(?:已经|也)?"
                        r"(?P<w>没有了?|没了|不是了?|有了?|是了?)[了啦]?\s*[。.!！]?\s*$")
# 以前有，今年离职就停了 / 以前厂里交过，厂子倒闭后就断了: had it, and no longer
STOPPED_ANSWER = re.compile(r"^\s*(?:以前|之前|原来|过去)[^。]{0,12}?(?:停了|断了|没了|不交了|没交了|离职|辞职|倒闭)")
# 她没上班，没有 / 他在杨凌读大学，没有: a short message ending in the answer word
AFFIRM_TAIL = re.compile(rf"^[^。]{{1,20}}?[，,\s]({_ANSWER_WORDS})[啊呀吧哦的了呢]*[。.!！]?\s*$")
BARE_YEAR = re.compile(r"^\s*(?P<y>(?:19|20)\d{2}|[一二][九〇零][零〇一二三四五六七八九]{2})\s*年?(?:的|生)?\s*[。.!！]?\s*$")


def _bare_year(msg: Message) -> list[Fact]:
    """A message that is only a year (1946 / 一九四六年): a birth year when the age was asked."""
    m = BARE_YEAR.match(msg.text)
    year = parse_year(m.group("y")) if m else None
    return [Fact("year", year, *m.span())] if year else []


def _affirm(msg: Message) -> list[Fact]:
    now = NOW_ANSWER.match(msg.text)
    if now and not msg.terms_of("SPECIAL"):  # 以前是低保，现在不是了 rules out one group, not all
        return [Fact("affirm", now.group("w").startswith(("有", "是")), *now.span("w"))]
    stopped = STOPPED_ANSWER.match(msg.text)
    if stopped and not msg.terms_of("SPECIAL") and not re.search(r"现在(?:还|也)?(?:在交|有)|续了|又交", msg.text):
        return [Fact("affirm", False, *stopped.span())]
    text = AFFIRM_NOISE.sub(" ", msg.text).strip().lower()
    lead = AFFIRM_WHOLE.fullmatch(text) or AFFIRM_LEAD.match(text)
    if not lead:
        tail = AFFIRM_TAIL.match(msg.text)
        if tail:
            word = tail.group(1)
            return [Fact("affirm", word in AFFIRM_YES, tail.start(1), tail.end(1))]
        return []
    word = lead.group(1)
    start = len(msg.text) - len(msg.text.lstrip()) + lead.start(1)
    return [Fact("affirm", word in AFFIRM_YES, start, start + len(word))]


# 我妈是低保，我爸不是 / 我老婆有，我没有: a yes or no said of one person, in a clause of its own.
PERSON_ANSWER = re.compile(r"(?:^|(?<=[，,、。；;\s]))(?P<who>[^，,、。；;\s]{1,5}?)(?:也|都|倒是)?"
                           r"(?P<w>不是|没有|没交过?|没缴过?|没|无|不属于|有|是的|是)(?=$|[，,、。；;！!？?\s])")


PER_PERSON = -1  # the group of an ``affirm`` said of one named person (read only for a family)


def _person_answers(msg: Message) -> list[Fact]:
    facts = []
    for m in PERSON_ANSWER.finditer(msg.text):
        if people.mentions(m.group("who")):
            facts.append(Fact("affirm", m.group("w") in ("有", "是", "是的"), m.start("w"), m.end("w"), group=PER_PERSON))
    return facts


def _correction(msg: Message) -> list[Fact]:
    m = CORRECTION.search(msg.text)
    return [Fact("correction", True, *m.span())] if m else []


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------

GROUPED = {"age_approx": "age", "newborn_days": "age", "gap_approx": "gap_years"}  # kept only with the age they came with


def _all_facts(msg: Message) -> list[Fact]:
    facts = []
    for extractor in (_places, _hukou, _age, _birth_year, _student, _school_local, _employment, _elliptical,
                      _residence_permit, _other_transfers, _gaps, _special, _tier, _pay_date, _bare_number, _bare_year, _affirm,
                      _durations, _replies,
                      _correction, _person_answers):  # fmt: skip
        facts += extractor(msg)
    return facts


CHILD_GROUPS = ("orphan", "hardship_child")  # 孤儿/事实无人抚养儿童, 困境儿童: children by definition
LONG_MESSAGE = 300  # characters; longer text is usually a paste (a notice, an SMS) with facts not about the resident
SENTENCE = re.compile(r"[^。！!？?\n]+")


def _plain_sentences(msg: Message) -> list[tuple[int, int]]:
    """In a long message, the resident's own words around a paste: its first and last sentences, when
    short and naming a person (帮我看看这个，我妈70岁 / …… 我妈70岁能交吗). The middle is the pasted text,
    whose examples (我65岁…, 新生儿…) are nobody's facts here."""
    sentences = [m for m in SENTENCE.finditer(msg.text) if m.group().strip()]
    ends = sentences[:1] + sentences[-1:] if len(sentences) > 1 else sentences
    def own(text: str) -> bool:  # the resident speaking (我 / 我妈 / 俺娘), not a notice's 新生儿 or 参保人
        return any(m.who == "speaker" or m.text[:1] in "我俺咱" for m in people.mentions(text))

    return [m.span() for m in ends if len(m.group()) <= 80 and own(m.group())]


def _plainly_stated(facts: list[Fact], keep: list[tuple[int, int]]) -> list[Fact]:
    """In a long message, only the facts of its plain sentences: a pasted notice's dates, groups, places
    and the people it names (参保人员, 子女…) are not the resident's."""
    return [f for f in facts if f.name != "pay_date" and any(s <= f.start and f.end <= e for s, e in keep)]


def _with_people(msg: Message, facts: list[Fact]) -> list[Fact]:
    """Only the facts of the person asked about, and that person as the fact ``subject``."""

    def for_child(fact: Fact, name: str) -> list[Fact]:
        found = [Fact(name, fact.value, fact.start, fact.end)]
        if name == "parent_employee_insured" and fact.value:
            years = _parent_years(msg, fact.start)
            found += [years] if years else []
        return found

    kept, subject = people.attribute(msg.text, facts, for_child)
    if subject is not None:
        code = "self" if subject.who == "speaker" else subject.who
        kept.append(Fact("subject", code, subject.start, subject.end))
        kept = [f for f in kept if f.name != "subject_text"]
    return kept


# Facts whose two different values in one message (no correction said) are asked about, not chosen.
ASK_ON_CONFLICT = ("employee_insured", "hukou", "student")


def _key(value):
    return tuple(value) if isinstance(value, list) else value


NOW_BEFORE = re.compile(r"(?:现在|目前|如今|后来|然后|又|重新|续了?|自己续了?)[^，,。]{0,8}$")


def _superseded(facts: list[Fact], name: str, text: str = "") -> Fact | None:
    """The 职工医保 that holds now when one message says it changed, else None: 以前有职工医保，后来停了 (a
    later False after an earlier True); 以前单位交的，离职后自己续了灵活就业职工医保 (the last, said as now)."""
    if name != "employee_insured":
        return None
    ordered = sorted((f for f in facts if f.name == name), key=lambda f: f.start)
    last = ordered[-1]
    changed = STOPPED_AFTER.search(text[max(0, last.start - 6) : last.end + 6]) or any(
        PAST_BEFORE.search(text[max(0, f.start - 10) : f.start]) for f in ordered[:-1])  # fmt: skip
    if last.value is False and all(f.value is True for f in ordered[:-1]) and changed:
        return last
    if last.value is True and NOW_BEFORE.search(text[max(0, last.start - 12) : last.start]):
        return last
    return None


def _resolve(facts: list[Fact], text: str = "") -> list[Fact]:
    """One fact per name (special: one per group); on a correction the last mention wins."""
    correcting = any(f.name == "correction" for f in facts)
    ordered = sorted(facts, key=lambda f: f.start, reverse=correcting)
    chosen: dict[str, Fact] = {}
    specials: dict[object, Fact] = {}
    for fact in ordered:
        if fact.name == "special":
            specials.setdefault(fact.value, fact)
        elif fact.name not in GROUPED:
            chosen.setdefault(fact.name, fact)
    for fact in ordered:
        owner = chosen.get(GROUPED.get(fact.name, ""))
        if owner is not None and owner.group == fact.group:
            chosen.setdefault(fact.name, fact)
    if not correcting:  # 我有职工医保…没有职工医保 in one message, no correction said: ask, never pick one
        for name in ASK_ON_CONFLICT:
            if len({_key(f.value) for f in facts if f.name == name}) < 2:
                continue
            now = _superseded(facts, name, text)
            if now is not None:
                chosen[name] = now
            else:
                chosen.pop(name, None)
                for grouped, owner in GROUPED.items():
                    if owner == name:
                        chosen.pop(grouped, None)
    parents = [f for f in facts if f.name == "parent_employee_insured"]
    if len({f.value for f in parents}) > 1:  # 他爸交的是居民医保，他妈单位交职工医保: one parent is enough
        chosen["parent_employee_insured"] = next(f for f in parents if f.value is True)
    hukou = chosen.get("hukou")
    places = {f.value for f in chosen.values() if f.name == "region"}
    if "hukou_region" in chosen and hukou is not None and hukou.value == "nonlocal" and (
            not places or places == {chosen["hukou_region"].value}):
        # 我户口在杭州，哦不对，我户口迁回老家江西了: the later one on a correction; else two 户口 — asked
        later = max((hukou, chosen["hukou_region"]), key=lambda f: f.start)
        for name in ("hukou", "hukou_region"):
            if not correcting or chosen[name] is not later:
                del chosen[name]
        hukou = chosen.get("hukou")
    if "hukou_region" in chosen and hukou is not None and hukou.value == "local":
        del chosen["hukou"]  # 杭州本地户口: the dialog compares the region itself
    elif hukou is not None and hukou.value == "local" and "region_unsupported" in chosen and "region" not in chosen:
        del chosen["hukou"]  # 我在黑龙江鹤岗，户口也在这: local to a place not held, which means nothing here
    if len(specials) > 1:
        specials.pop(None, None)
    result = list(chosen.values()) + list(specials.values())
    return sorted(result, key=lambda f: (f.start, f.name))


def _entity(msg: Message, fact: Fact) -> dict:
    value = [] if fact.name == "special" and fact.value is None else fact.value
    return {"entity": fact.name, "value": value, "start": fact.start, "end": fact.end,
            "text": msg.raw[fact.start : fact.end]}  # fmt: skip


def _household(msg: Message, facts: list[Fact], need_age: bool = True) -> list[dict]:
    """Several people with facts of their own in one message: ``[{"label", "who", "entities"}]`` (each
    person's facts as entities, resolved as for one person; a yes/no said of one of them as ``affirm``),
    else []. ``need_age``: each has an age (a family told at once)."""
    family = []
    for person, own in people.members(msg.text, facts, need_age):
        own = [Fact("affirm", f.value, f.start, f.end) if f.group == PER_PERSON else f for f in own]
        who = "self" if person.who == "speaker" else person.who
        label = "我" if who == "self" else person.text
        family.append({"label": label, "who": who, "entities": [_entity(msg, f) for f in _resolve(own, msg.text)]})
    return family


def extract_entities(text: str) -> list[dict]:
    """The facts in ``text`` as Rasa-style entities: entity, value, start, end, text (one per fact;
    ``special`` one per group, or a single entity with value ``[]`` for 都不是). A message in English or
    pinyin is read through its Chinese gloss (``english``); its facts then span the whole message."""
    glossed = english.gloss(text or "")
    if glossed is not None:
        return [{**e, "start": 0, "end": len(text)} for e in _entities(glossed)]
    return _entities(text or "")


def _entities(text: str) -> list[dict]:
    msg = Message(text)
    entities = []
    facts = _all_facts(msg)
    long = len(msg.text) > LONG_MESSAGE
    if long:
        plain = _plain_sentences(msg)
        facts = _plainly_stated(facts, plain)
    family = _household(msg, facts)
    about = _with_people(msg, [f for f in facts if f.group != PER_PERSON])
    if long:  # the person a pasted text names is not the one asked about
        about = [f for f in about if f.name != "subject" or _plainly_stated([f], plain)]
    if not any(f.name == "subject" for f in about) and not people.mentions(msg.text):
        child = next((f for f in about if f.name == "special" and f.value in CHILD_GROUPS), None)
        others = [f for f in about if f.name in people.PERSONAL | {"region", "region_unsupported"} and f.name != "special"]
        if child is not None and others:  # 困境儿童 在杭州: a group only a child belongs to (孤儿 alone answers a question)
            about.append(Fact("subject", "child", child.start, child.end))
    for fact in _resolve(about, msg.text):
        entities.append(_entity(msg, fact))  # the one-person reading; a family conversation uses the entity below
    if family:
        entities.append({"entity": "household", "value": family, "start": 0, "end": len(msg.text), "text": msg.raw})
    else:  # several people, facts or yes/no of their own but not all with an age: a family under way reads this
        several = _household(msg, facts, need_age=False)
        if several:
            entities.append({"entity": "people_facts", "value": several, "start": 0, "end": len(msg.text), "text": msg.raw})
    asked = topics.question(msg.text)
    if asked:  # what the resident asks in so many words: the answer leads with it
        code, start, end = asked
        entities.append({"entity": "question", "value": code, "start": start, "end": end, "text": msg.raw[start:end]})
    return entities


def extract(text: str) -> dict:
    """The normalised facts found in ``text``; only the keys actually found (not the question asked)."""
    facts: dict = {}
    for entity in extract_entities(text):
        if entity["entity"] in ("question", "household", "people_facts"):
            continue  # the question asked, and the per-person readings a family conversation uses
        if entity["entity"] == "special":
            facts.setdefault("special", [])
            if entity["value"] != []:
                facts["special"].append(entity["value"])
        else:
            facts[entity["entity"]] = entity["value"]
    return facts
