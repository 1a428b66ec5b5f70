"""Reading places and 户口: which place is where one enrolls, lives or works, and which is the 户口's."""

from __future__ import annotations

import re

from . import people, places
from .zh_message import Fact, Message, Term, parent_holder, scan
from .zh_patterns import (
    BARE_PLACE_LEAD,
    BARE_PLACE_REST,
    EMP,
    HUKOU_KIND,
    HUKOU_LEFT_BEFORE,
    HUKOU_NOT_IN_BEFORE,
    HUKOU_PATTERNS,
    HUKOU_TIE_AFTER,
    HUKOU_TIE_BEFORE,
    LEADING_PLACE_REST,
    MOVED_FROM,
    NO_HUKOU_BEFORE,
    NOT_BEFORE,
    PAST_HUKOU_BEFORE,
    PAST_PLACE_BEFORE,
    PAST_WORDS,
    RESIDENCE_AFTER,
    RESIDENCE_BEFORE,
    SCHOOL_NAME_AFTER,
    SCHOOL_NAMED_BEFORE,
    SCHOOL_TIE_AFTER,
    SCHOOL_TIE_BEFORE,
)

PAST_SAID_BEFORE = re.compile(r"(?:以前|原来|之前|过去|曾经)(?:是|在)?$")  # 我以前是上海户口
HUKOU_UNSURE = re.compile(r"不(?:知道|清楚|确定|晓得)(?:算不算|是不是|属不属于|算)(?:杭州)?(?:市区|本地|主城区)"
                          r"|(?:户口|户籍)[^，,。]{0,3}(?:不知道|不清楚|不确定|搞不清)")  # 户口不知道还在不在老家
NARROWED_BEFORE = re.compile(r"^[，,\s]*(?:但是|但|不过|可是)?(?:是|在)?$")
NARROWED_AFTER = re.compile(r"^(?:县|市)?(?:那边|那里|那块|下面|的)?(?:的)?$")
SETTLED = re.compile(r"落户|户口[^，,。]{0,4}?(?:迁|落|转)(?:过来|进来|到这|下来)")
UNSETTLED = re.compile(r"(?:没|未|还没)(?:有)?(?:落户|迁|落|转)|落户[^，,。]{0,3}?(?:没|未)")
NEAR_AFTER = re.compile(r"^(?:的)?(?:隔壁|旁边|边上|附近|周边|邻近)")
NEAR_BEFORE = re.compile(r"(?:隔壁|旁边|边上|附近|周边|邻近)(?:的)?$")
HUKOU_PENDING = re.compile(
    r"(?:打算|准备|想|要|还没|没)(?:落|上|报)(?:户|[^，,。 ]{0,6}户口)|户口(?:还没|没|未)(?:去)?(?:上|落|报)"
    r"|户口(?:打算|准备|想|要)(?:落|上|报)"  # 户口准备落在余姚: not yet the 户籍
)
MOVING_TO_BEFORE = re.compile(r"(?:准备|打算|正在|想|要|还在)(?:把户口)?(?:迁|落|转)(?:到|去|往|至|入)?(?:我们)?$")
ENROLL_AFTER = re.compile(r"^(?:这边|那边)?(?:给|帮|替)?(?:她|他|孩子|我|俺|老人)?(?:们)?(?:交|缴|参保|买|办)")
# Where a person is from (我是杨凌的 / 她是余姚人 / 老杭州): their 户口's place, as a resident means it.
FROM_BEFORE = re.compile(rf"(?:[我俺她他]|{people.RELATIVE.pattern})(?:也|都|本来|原来|就)?是$|(?<![养])老$")
FROM_AFTER = re.compile(r"^(?:的|人)?(?=$|[，,。；;！!？?\s]|(?:的|人)(?:$|[，,。；;！!？?\s]))")
NOT_ORIGIN_BEFORE = re.compile(r"学校|学籍|单位|公司|医院|工作|上班")
TREATED_AFTER = re.compile(  # (杭州居民医保住院报销比例多少: the scheme of that place, asked about)
    r"^(?:的)?(?:(?!医保|居民)[^，,。；;！!？?\s]){0,6}?(?:看病|住院|就医|治病|就诊|做手术|开刀|看门诊|复查)"
    r"(?![^，,。；;！!？?]{0,6}(?:报销|报多少|能报|比例))"
)
WORKS_OR_LIVES = re.compile(r"上班|工作|打工|务工|住|生活|定居|做生意|开店|带孩子|带娃|家在|家住")
LIVES_BEFORE = re.compile(r"(?:人|都|也|我们|我|他|她|一家|全家)(?:都|也|现在|一直)?在$|^\s*$")  # 我们都在上海 / 人在上海
NOT_URBAN = re.compile(r"(?:不是|不在|不属于|并非|非)(?:杭州)?(?:市区|主城区)(?!吗|么|嘛)")
HUKOU_WORD = re.compile(r"(?:户口|户籍)(?!.*(?:户口|户籍))")
HUKOU_QUALIFIED = re.compile(r"(?:外地|外省|外市|本地|本市|老家|农村|城镇|集体|非沪籍|沪籍)(?:的)?$")


def regions(msg: Message) -> list[Fact]:
    facts = []
    origins = []  # read from where one is from (我是余姚的, 老家是余姚): yields to a 户口 said in so many words
    school_regions = []  # a school below university in a region held
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
            facts.append(Fact("region_not", term.code, *span))  # (a reply: 户口在上海吗？— 不是上海的)
            continue  # 是余杭不是余姚 / 上海的，哦不，是杭州: the place named after 不是 is not it
        if before.endswith("新") and after.startswith("人"):  # 新杭州人: lives there, came from elsewhere
            if term.label == "REGION":
                facts.append(Fact("region", term.code, *span))
            if SETTLED.search(msg.text) and not UNSETTLED.search(msg.text):
                facts.append(Fact("hukou", "local", *span))  # 新上海人，前年落户的 / 户口今年才迁过来的
            continue  # (whether the 户口 moved too is not said)
        if MOVED_FROM[0].search(before) and MOVED_FROM[1].match(after):
            continue  # 从杭州搬到余姚 / 户口从安徽迁到余姚: where it came from
        past_hukou = PAST_HUKOU_BEFORE.search(before) or (PAST_SAID_BEFORE.search(before) and HUKOU_TIE_AFTER.match(after))
        if past_hukou or (PAST_PLACE_BEFORE.search(before) and re.match(r"读|上学|念书|上大学", after)):
            continue  # 户口之前在余姚 / 之前在上海读书: where it was, neither 户口 nor school now
        chain_before = msg.before(_chain_start(msg, term))  # 户口在宁波北仑: the tie is before the chain
        tied_before = HUKOU_TIE_BEFORE.search(before) or HUKOU_TIE_BEFORE.search(chain_before)
        if term.label == "REGION" and MOVING_TO_BEFORE.search(chain_before):
            facts.append(Fact("region", term.code, *span))  # 户口准备迁到上海，还在办: where it will be, not the 户口 now
            continue
        origin = bool(re.search(r"(?<!迁回)(?<!迁到)老家(?:是|在)?$|籍贯(?:是|在|为)?$", chain_before))  # (迁回老家江西: moved)
        tied_before = tied_before or origin  # 籍贯是余姚 / 老家是余姚: where one is from, yields to a 户口 said
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
        if _school_place(msg, term):
            if term.label == "PLACE":
                studies_outside = True
            if term.label != "CONTAINER":
                facts.append(Fact("school_local", term.label == "REGION", *span))
            if term.label == "REGION":  # a student enrolls where the school is (在上海读大学, whatever the 户口)
                facts.append(Fact("region", term.code, *span))
                # a school does not settle where one enrolls when the 户口 is in another region held (孩子在杭州读高中
                # 户口在余姚 / 在上海读大学 户口在余姚: either may be chosen (G6), so it is asked)
                school_regions.append(facts[-1])
            continue
        if parent_holder(msg, term.start) and re.search(EMP, msg.clause_text(term.start)):
            continue  # where a parent is insured, not where the resident enrolls
        if MOVED_FROM[0].search(before) and MOVED_FROM[1].match(after):
            continue  # 从杭州搬到余姚
        if term.label == "REGION":
            facts.append(Fact("region", term.code, *span))
        elif term.label == "PLACE":
            lead = msg.text[: _chain_start(msg, term)].strip()
            bare = (not lead or BARE_PLACE_LEAD.fullmatch(lead)) and BARE_PLACE_REST.match(msg.text[term.end :])
            bare = bare or (not lead and LEADING_PLACE_REST.match(msg.text[term.end :]))
            if bare or RESIDENCE_BEFORE.search(before) or RESIDENCE_AFTER.match(after) or NEAR_BEFORE.search(before):
                facts.append(Fact("region_unsupported", term.code, *span))
            else:  # named with no role: an answer to 在哪个地区参保 all the same (鄞州啊，宁波鄞州区)
                facts.append(Fact("place_named", term.code, *span))
        elif term.label == "CONTAINER" and not NOT_BEFORE.search(before):
            facts.append(Fact("place_wide", term.code, *span))  # 宁波 / 浙江: wider than a region, decides nothing
    if origins and any(f.name in ("hukou", "hukou_region") and f not in origins for f in facts):
        # 我老家是余姚的，但户口早就迁到上海了: the 户口 said is the 户口; where one is from decides nothing
        facts = [f for f in facts if f not in origins]
    lives = {msg.text[f.start : f.end] for f in facts if f.name == "region_unsupported"}  # 苏州户口，人也在苏州: at home
    lives |= {f.value for f in facts if f.name == "region_unsupported"}
    # 苏州户口，人也在苏州 / 我妈在桐庐 户口也在桐庐: at home in a place not held, where a 户口 compared with a
    # region held means nothing (the answer is that the place is not held)
    facts = [f for f in facts if not (f.name == "hukou" and any(msg.text[f.start : f.end].endswith(x) for x in lives))]
    if HUKOU_UNSURE.search(msg.text):  # 户口在杭州，但不知道算不算市区: the region, the 户口 asked, not guessed
        facts = [Fact("region", f.value, f.start, f.end) if f.name == "hukou_region" else f
                 for f in facts if f.name != "hukou"]  # fmt: skip
    facts = _narrowed(msg, facts)
    if HUKOU_PENDING.search(msg.text):  # 打算落余姚户口 / 户口还没上: where it will be is not the 户籍 yet
        facts = [Fact("region", f.value, f.start, f.end) if f.name == "hukou_region" else f
                 for f in facts if f.name != "hukou"]  # fmt: skip
    facts = _now_over_then(msg, facts)
    said_enroll = [f for f in facts if f.name == "region" and ENROLL_AFTER.match(msg.after(f.end))]
    if any(f.name == "hukou_region" for f in facts) and studies_outside and not said_enroll:
        # 女儿在西安读大学 户口在余姚: enroll at the 户口 or at the school? Ask, never guess (the school's
        # place is outside every region held; where one only lives is handled below).
        # The 户口's region is kept (the answer to the region question then settles local or not).
        kept = [f for f in facts if f.name not in ("region", "region_unsupported", "school_local")]
        return kept + [Fact("region_open", True, *next((f.start, f.end) for f in facts if f.name == "hukou_region"))]
    chosen = said_enroll  # (学校在宁波市区，户口在余姚，想在余姚给她交: where they say they will enroll)
    hukou_regions = {f.value for f in facts if f.name == "hukou_region"}
    chosen = chosen or [f for f in school_regions if f.value in hukou_regions]  # school and 户口 in one region
    if chosen:  # 我在上海工作，户口在余姚，想回余姚交: the place they say they will enroll in
        facts = [f for f in facts if f.name != "region" or f in chosen]
    hukou_regions = {f.value for f in facts if f.name == "hukou_region"}
    if not chosen and hukou_regions and any(f.name == "region" and f.value not in hukou_regions
                                            and (WORKS_OR_LIVES.search(msg.clause_text(f.start)) or f in school_regions
                                                 or LIVES_BEFORE.search(msg.before(f.start)))
                                            for f in facts):  # fmt: skip
        # 我是余姚户口，现在在上海工作: two regions held, the 户口's and the work's; which one they enroll in
        # is asked, never guessed (the 户口 is kept: the answer to that question then settles it)
        kept = [f for f in facts if f.name not in ("region", "region_unsupported", "school_local")]
        return kept + [Fact("region_open", True, *next((f.start, f.end) for f in facts if f.name == "hukou_region"))]
    if any(f.name == "region" for f in facts):
        facts = [f for f in facts if f.name != "region_unsupported"]
    elif hukou_regions and any(f.name == "region_unsupported" for f in facts):
        # 我杨凌户口，人在西安打工: enroll at the 户口 or where one lives? Asked, never guessed; the 户口's
        # region is kept, so that answering 杨凌 makes it local.
        # (户口在杭州，在淳安住: which part of 杭州 is not said, so no 户口 is kept)
        by_city = [f for f in facts
                   if f.name == "hukou_region" and _named_by_city(msg.text[f.start : f.end], msg.text[f.end : f.end + 3])]
        same_city = by_city and any(_outside_of(f.value, hukou_regions) for f in facts if f.name == "region_unsupported")
        if same_city:
            return [f for f in facts if f.name not in ("hukou_region", "region_unsupported")]
        hukou_at = next((f.start, f.end) for f in facts if f.name == "hukou_region")
        facts = [f for f in facts if f.name != "region_unsupported"] + [Fact("region_open", True, *hukou_at)]
    return facts


# 现在回余姚了 / 后来回安徽老家了 / 现在搬到上海: where one is now
NOW_PLACE_BEFORE = re.compile(
    r"(?:现在|目前|如今|后来|然后)(?:又|已经|就|也|人)?(?:回到?|搬到|搬回|回来|住在|在|到)$|(?:回到|搬回)$"
)
# 原来在杭州单位 / 在上海交过两年职工社保 / 我的职工医保是在上海交的 / 上海那边已经停了: a place one has left
THEN_CLAUSE = re.compile(rf"{PAST_WORDS}|停了|断了|离职|辞职|[交缴]过|{EMP}")


def _now_over_then(msg: Message, facts: list[Fact]) -> list[Fact]:
    """The place one is now, when the message also names places one has left (我原来在杭州单位，现在回余姚了，
    杭州的职工医保停了 → 余姚; 在上海交过两年职工社保，后来回安徽老家了 → 安徽, not held). Other places stay."""
    places = ("region", "region_unsupported", "place_named")
    now = [f for f in facts if f.name in places and NOW_PLACE_BEFORE.search(msg.before(f.start))]
    if len({f.value for f in now}) != 1:
        return facts
    here = now[0].value
    left = [f for f in facts if f.name in places and f.value != here and THEN_CLAUSE.search(msg.clause_text(f.start))]
    if not left:
        return facts
    return [Fact("region_unsupported", f.value, f.start, f.end) if f.name == "place_named" and f in now else f
            for f in facts if f not in left]  # fmt: skip


def _school_place(msg: Message, term: Term) -> bool:
    """The place named is where a school is: 在上海读大三 / 在杨凌上的大学 / 学校在杭州 / 杭州的大学 / 余姚中学."""
    before, after = msg.before(term.start), msg.after(term.end)
    return bool((SCHOOL_TIE_BEFORE.search(before) and SCHOOL_TIE_AFTER.match(after)) or SCHOOL_NAMED_BEFORE.search(before)
                or re.match(r"^(?:的)?(?:学校|大学|学籍)", after)
                or (SCHOOL_NAME_AFTER.match(after) and msg.terms_of("STUDENT")))  # (余姚中学: a student's school)


def _outside_of(name: str, regions: set) -> bool:
    """Whether the place ``name`` is in the city of one of ``regions`` but outside its 统筹区 (淳安: 杭州)."""
    place = places.kind(name)
    return bool(place and place.kind == "outside" and place.region in regions)


def _named_by_city(name: str, after: str = "") -> bool:
    """杭州 names a city wider than its region's 统筹区; 富阳 a district inside it, 杭州市区 the 统筹区."""
    place = places.kind(name)
    return (not place or place.kind != "held") and not re.match(r"(?:市)?(?:市区|主城区)", after) and not name.endswith("市区")


def _narrowed(msg: Message, facts: list[Fact]) -> list[Fact]:
    """我户口是杭州的，但是是淳安那边: the 户口 named by its city, then narrowed to a county outside the
    region's 统筹区 in the next words: it is that county's, not the region's."""
    out = list(facts)
    for fact in facts:
        if fact.name != "hukou_region":
            continue
        if fact.value == "hangzhou" and NOT_URBAN.search(msg.text, fact.end) and _named_by_city(msg.text[fact.start : fact.end]):
            # 户口是杭州的 但不是市区 是桐庐分水镇的: the 户口 is outside 杭州市区
            out = [f for f in out if f is not fact and f.name != "region_unsupported"]
            out.append(Fact("hukou", "nonlocal", fact.start, fact.end))
            continue
        clause_end = msg.clause(fact.end - 1)[1]
        later = [t for t in msg.terms if t.start > clause_end and t.label == "PLACE"][:1]
        if not later or msg.clause(later[0].start)[0] != clause_end + 1:
            continue
        place = places.kind(later[0].code)
        narrowed = NARROWED_BEFORE.match(msg.text[clause_end : later[0].start]) and NARROWED_AFTER.match(msg.after(later[0].end))
        if place and place.kind == "outside" and place.region == fact.value and narrowed:
            out = [f for f in out if f is not fact and not (f.name == "region_unsupported" and f.start == later[0].start)]
            out.append(Fact("hukou", "nonlocal", later[0].start, later[0].end))
    return out


def _chain_start(msg: Message, term: Term) -> int:
    """Where a run of place names ending in ``term`` starts (宁波鄞州, 陕西咸阳, 杭州桐庐县)."""
    start = term.start
    for other in reversed([t for t in msg.terms if t.end <= term.start]):
        if other.end != start or other.label not in ("REGION", "PLACE", "CONTAINER"):
            break
        start = other.start
    return start


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


HUKOU_AT_SCHOOL = re.compile(
    r"(?:户口|户籍)(?:已经|都|还|一直|也)?(?:迁到|迁去|迁进|迁入|转到|落到|落在|挂在|放在|在)(?:了)?(?:学校|学校的?集体户)"
    r"|学校(?:的)?集体户"
)
SCHOOL_SHORT_NAME = re.compile(r"^[^，,。；;\s]{1,4}?(?:读|念)")
SCHOOL_ELSEWHERE = re.compile(r"(?:在)?(?:外地|外省|外市|省外|老家)(?:读|上|念)")


HUKOU_HOSTED = re.compile(r"(?:户口|户籍)[^，,。；;\s]{0,3}?(?:挂靠|挂)(?:在)?|集体户")
HOST_PLACE_BEFORE = re.compile(r"(?:地址|家|公司|单位|人才市场)(?:是|在)(?:的)?$")


def hukou_at_school(msg: Message) -> list[Fact]:
    """户口迁到学校了，在上海读大三 / 户口还在学校集体户，学校在杭州: the 户口 is where the school is (a
    region held: its 户口; elsewhere: not local). 户口挂靠在亲戚家，亲戚家在上海宝山 / 挂在公司集体户上 公司在滨江:
    where the host is."""
    at = HUKOU_AT_SCHOOL.search(msg.text)
    hosted = None if at else HUKOU_HOSTED.search(msg.text)
    if not at and not hosted:
        return []
    if at and SCHOOL_ELSEWHERE.search(msg.text):
        return [Fact("hukou", "nonlocal", *at.span())]  # 女儿在外地读大学，户口迁到学校了
    for term in msg.terms:
        if term.label not in ("REGION", "PLACE"):
            continue
        if at:  # (在上海交大读博士: the school's short name between the place and 读)
            tied = _school_place(msg, term) or (SCHOOL_TIE_BEFORE.search(msg.before(term.start))
                                                and SCHOOL_SHORT_NAME.match(msg.after(term.end)))
        else:
            tied = term.start > hosted.start() and HOST_PLACE_BEFORE.search(msg.before(term.start))
            at = hosted
        if tied:
            if term.label == "REGION":
                return [Fact("hukou_region", term.code, *at.span())]
            return [Fact("hukou", "nonlocal", *at.span())]
    return []


def hukou(msg: Message) -> list[Fact]:
    if HUKOU_PENDING.search(msg.text):
        return []
    kinds = [Fact("hukou_kind", m.group()[:2], *m.span()) for m in HUKOU_KIND.finditer(msg.text)]  # 农村户口
    return kinds + [Fact("hukou", value, *m.span()) for value, m in scan(msg, HUKOU_PATTERNS)]
