"""Loading the policy data into a :class:`RuleBook`.

Layout under ``policies/data/``: one folder per region with ``region.yaml`` (name, aliases,
province-wide mechanisms) and one ``<coverage year>.yaml`` per year held; one folder per
province-wide mechanism with ``mechanism.yaml``. Adding a year or a region is adding files.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import schema
from .calendar import period_for
from .conditions import compile_condition, facts_used
from .yamlstrict import DataError, load_yaml

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")


@dataclass
class Mechanism:
    code: str
    name: str
    document: str
    waiting: dict | None
    incentives: dict | None
    notes: list
    from_coverage_year: int  # the first coverage year its rules touch
    faq: list = field(default_factory=list)  # FAQ sentences {topic, text, cite}, for that year on


@dataclass
class Scheme:
    code: str
    name: str
    eligibility: tuple
    eligibility_cite: str
    fee: dict | None
    tiers: list
    government_contribution: dict | None
    notes: list


@dataclass
class Year:
    coverage_year: int
    document: str
    title: str
    data: dict
    schemes: list
    conditional: dict = field(default_factory=dict)  # section -> [(compiled when | None, item)]
    by_scheme: dict = field(default_factory=dict)  # scheme code -> {"channels", "documents", "notes", "keys"}
    scheme_keys: tuple = ()  # the condition facts that decide the scheme
    faq: list = field(default_factory=list)  # FAQ sentences {topic, text, cite} (policies.faq)


@dataclass
class Region:
    code: str
    name: str
    aliases: list
    hukou_name: str
    mechanisms: list
    years: dict  # coverage year -> Year
    divisions: tuple = ()  # GB/T 2260 codes of the administrative divisions the 统筹区 covers

    def __post_init__(self):
        self._periods: dict = {}
        self._year_for: dict = {}
        self.contexts: dict = {}  # coverage year -> what every quote for it shares (policies.engine.year_context)

    def year_for(self, coverage_year: int):
        """The newest year held that is not later than ``coverage_year`` (rulings R3)."""
        try:
            return self._year_for[coverage_year]
        except KeyError:
            held = [y for y in self.years if y <= coverage_year]
            year = self._year_for[coverage_year] = self.years[max(held)] if held else None
            return year

    def period(self, key: str, coverage_year: int):
        """The window (``key='window'``) or 补缴期 (``'makeup'``) for a coverage year: the year's own
        when held, else the newest held one shifted by whole years (rulings R3). Cached."""
        cache_key = (key, coverage_year)
        if cache_key not in self._periods:
            held = self.years.get(coverage_year)
            source = held if held and key in held.data else self.newest
            period = period_for(source.data[key], source.coverage_year, coverage_year) if key in source.data else None
            self._periods[cache_key] = period
        return self._periods[cache_key]

    @property
    def newest(self) -> Year:
        return self.years[max(self.years)]


@dataclass
class RuleBook:
    regions: dict
    aliases: dict  # alias or code -> region code
    version: str  # hash of every data file, for the answer ledger

    def find_region(self, name: str):
        key = name.strip().lower() if isinstance(name, str) else name
        code = self.aliases.get(key)
        return self.regions.get(code) if code else None


def _compile_items(items):
    return [(compile_condition(i["when"]) if "when" in i else None, i) for i in items or []]


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _faq_items(items, top: schema.Path, schemes: dict) -> list:
    """The ``faq:`` sentences; ``{fee:<scheme code>}`` must name a scheme of the same file."""
    for i, item in enumerate(items or []):
        where = top.child(f"faq.{i}.text", item.key_lines.get("text", item.line))
        for ref in _PLACEHOLDER.findall(item["text"]):
            kind, _, code = ref.partition(":")
            if kind != "fee" or code not in schemes:
                allowed = ", ".join(f"{{fee:{c}}}" for c in schemes) or "none in this file"
                where.fail(f"unknown placeholder '{{{ref}}}' (allowed: {allowed})")
        rest = _PLACEHOLDER.sub("", item["text"])
        if "{" in rest or "}" in rest:
            where.fail("unbalanced '{' or '}' in an FAQ sentence")
    return list(items or [])


def _load_year(path: str, region_code: str) -> Year:
    raw = load_yaml(path)
    top = schema.Path(path, getattr(raw, "line", 1))
    data = schema.check(raw, schema.YEAR_FILE, top)
    stem = os.path.splitext(os.path.basename(path))[0]
    if str(data["coverage_year"]) != stem:
        top.fail(f"coverage_year {data['coverage_year']} does not match the file name {stem}.yaml")
    for key in ("window", "makeup", "effective"):
        period = data.get(key)
        if period and period.get("end") and period["end"] < period["start"]:
            top.child(key, data.key_lines.get(key)).fail("end is before start")
    schemes = []
    codes = set()
    for i, s in enumerate(data["schemes"]):
        where = top.child(f"schemes.{i}", s.line)
        if s["code"] in codes:
            where.fail(f"duplicate scheme code '{s['code']}'")
        codes.add(s["code"])
        if ("fee" in s) == ("tiers" in s):
            where.fail("a scheme needs exactly one of 'fee' or 'tiers'")
        schemes.append(
            Scheme(
                code=s["code"],
                name=s["name"],
                eligibility=compile_condition(s["eligibility"]["when"]),
                eligibility_cite=s["eligibility"]["cite"],
                fee=s.get("fee"),
                tiers=list(s.get("tiers", [])),
                government_contribution=s.get("government_contribution"),
                notes=_compile_items(s.get("notes")),
            )
        )
    for section in ("channels", "documents"):
        for i, item in enumerate(data[section]):
            for ref in item.get("schemes", []):
                if ref not in codes:
                    top.child(f"{section}.{i}", item.line).fail(f"unknown scheme code '{ref}'")
    year = Year(data["coverage_year"], data["document"], data["title"], data, schemes)
    for section in ("scheme_notes", "undecided", "ineligible", "subsidies", "channels", "documents", "notes"):
        year.conditional[section] = _compile_items(data.get(section))
    for scheme in schemes:  # what each scheme shows, filtered once here rather than per quote
        year.by_scheme[scheme.code] = {
            "channels": [
                (cond, {"name": item["name"], "how": item["how"]}, item["cite"])
                for cond, item in year.conditional["channels"]
                if scheme.code in item.get("schemes", [scheme.code])
            ],
            "documents": [
                (cond, item["text"], item["cite"])
                for cond, item in year.conditional["documents"]
                if scheme.code in item.get("schemes", [scheme.code])
            ],
            "notes": scheme.notes + year.conditional["scheme_notes"],
        }
        shown = year.by_scheme[scheme.code]
        shown["keys"] = facts_used(*(cond for section in ("channels", "documents") for cond, *_ in shown[section]))
    year.scheme_keys = facts_used(*(s.eligibility for s in schemes))
    year.faq = _faq_items(data.get("faq"), top, {s.code: s for s in schemes})
    return year


def _load_mechanism(path: str) -> Mechanism:
    raw = load_yaml(path)
    top = schema.Path(path, getattr(raw, "line", 1))
    data = schema.check(raw, schema.MECHANISM_FILE, top)
    return Mechanism(
        code=data["code"],
        name=data["name"],
        document=data["document"],
        waiting=data.get("waiting"),
        incentives=data.get("incentives"),
        notes=_compile_items(data.get("notes")),
        from_coverage_year=(data.get("waiting") or data.get("incentives") or {}).get(
            "from_coverage_year", data["effective"]["start"].year
        ),
        faq=_faq_items(data.get("faq"), top, {}),
    )


def load(data_dir: str = DATA_DIR) -> RuleBook:
    """Read and check every data file; raise :class:`DataError` naming file and line."""
    digest = hashlib.sha256()
    mechanisms: dict[str, Mechanism] = {}
    region_dirs = []
    for entry in sorted(os.listdir(data_dir)):
        folder = os.path.join(data_dir, entry)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(folder, name), "rb") as handle:
                    digest.update(f"{entry}/{name}\0".encode() + handle.read())
        if os.path.exists(os.path.join(folder, "mechanism.yaml")):
            mech = _load_mechanism(os.path.join(folder, "mechanism.yaml"))
            if mech.code != entry:
                raise DataError(f"{folder}/mechanism.yaml:1: code '{mech.code}' must match folder '{entry}'")
            mechanisms[mech.code] = mech
        elif os.path.exists(os.path.join(folder, "region.yaml")):
            region_dirs.append((entry, folder))
        else:
            raise DataError(f"{folder}: neither region.yaml nor mechanism.yaml found")

    regions: dict[str, Region] = {}
    aliases: dict[str, str] = {}
    for entry, folder in region_dirs:
        path = os.path.join(folder, "region.yaml")
        raw = load_yaml(path)
        top = schema.Path(path, getattr(raw, "line", 1))
        info = schema.check(raw, schema.REGION_FILE, top)
        if info["code"] != entry:
            top.fail(f"code '{info['code']}' must match the folder name '{entry}'")
        mechs = []
        for code in info["mechanisms"]:
            if code not in mechanisms:
                top.fail(f"unknown mechanism '{code}'")
            mechs.append(mechanisms[code])
        years = {}
        for name in sorted(os.listdir(folder)):
            stem, ext = os.path.splitext(name)
            if name == "region.yaml" or ext not in (".yaml", ".yml"):
                continue
            if not stem.isdigit():
                raise DataError(f"{folder}/{name}:1: year files are named <coverage year>.yaml")
            years[int(stem)] = _load_year(os.path.join(folder, name), entry)
        if not years:
            raise DataError(f"{folder}: no <coverage year>.yaml file")
        regions[entry] = Region(entry, info["name"], list(info["aliases"]), info["hukou_name"], mechs, years,
                                 tuple(info["divisions"]))
        for alias in [entry, info["name"], *info["aliases"]]:
            key = alias.strip().lower()
            if aliases.get(key, entry) != entry:
                top.fail(f"alias '{alias}' is already used by region '{aliases[key]}'")
            aliases[key] = entry
    if not regions:
        raise DataError(f"{data_dir}: no regions found")
    return RuleBook(regions, aliases, digest.hexdigest()[:12])


@lru_cache(maxsize=1)
def default_rulebook() -> RuleBook:
    """The rule book from ``policies/data``, read once on first use (never at import)."""
    return load(DATA_DIR)
