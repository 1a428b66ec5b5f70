"""What every action needs: today's date, region names from the rule book, the FAQ topic the
ResponseSelector chose. The rule book is read once per process, on first use."""

from __future__ import annotations

import datetime as _dt
import functools

from base.clock import today_from_env
from bot.components import places
from policies.engine import coverage_year_for
from policies.rulebook import default_rulebook
from policies.vocabulary import HOTLINES

from .slots import NOTICE


def with_notice(run):
    """Say the pending notice (“您说的这一条像是您本人的情况…”, a long paste read in part) before this
    action's own messages, and clear it. action_read_facts cannot say it itself: Rasa drops what a slot
    mapping action says unless a validation action runs."""

    @functools.wraps(run)
    async def wrapped(self, dispatcher, tracker, domain):
        from rasa_sdk.events import SlotSet

        notice = tracker.get_slot(NOTICE)
        if notice:
            dispatcher.utter_message(text=notice)
        events = await run(self, dispatcher, tracker, domain)
        return ([SlotSet(NOTICE, None)] if notice else []) + list(events or [])

    return wrapped


def today() -> _dt.date:
    """Today, or ``ASSISTANT_TODAY`` (YYYY-MM-DD) so that tests are deterministic."""
    return today_from_env()


def region_name(code: str | None) -> str | None:
    region = default_rulebook().regions.get(code) if code else None
    return region.name if region else None


def region_names() -> list[str]:
    return [r.name for r in default_rulebook().regions.values()]


def coverage_year(region: str) -> int:
    """The coverage year a resident of ``region`` asks about today (rulings R2, from the engine)."""
    return coverage_year_for(default_rulebook().regions[region], today())


def wide_place_text(place: str) -> str:
    """宁波 / 浙江 said for where one enrolls: wider than the regions held inside it."""
    return (f"“{place}”范围较大，本助手只支持其中的部分地区（目前支持：{'、'.join(region_names())}）。"
            f"请说具体在哪个区县参保；不在以上地区的，请咨询当地医保部门（{HOTLINES}）。")


def unsupported_text(place: str | None) -> str:
    where = f"“{place}”" if place else "这个地区"
    known = places.kind(place) if place else None
    if known is not None and known.kind == "container":  # 宁波 / 浙江: wider than the regions held in it
        return wide_place_text(place)
    if known is not None and known.kind == "outside" and known.region:
        region = region_name(known.region)
        where = f"“{place}”属于{known.city}，但不在{region}的统筹区内，"
        return (f"{where}本助手没有该地的缴费标准（{region}的标准不适用）。目前支持："
                f"{'、'.join(region_names())}。请咨询当地医保部门；{HOTLINES}。")
    return (f"抱歉，{where}暂不在本助手的服务范围内，我不能给出该地的缴费标准。目前支持："
            f"{'、'.join(region_names())}。其他地区请咨询当地医保部门；{HOTLINES}。")


def faq_topic(latest_message: dict) -> str | None:
    """``refund`` from the ResponseSelector's ``faq/refund``, if the message was a general question.
    The selector runs only when DIET says ``faq`` (bot/components/faq_selector.py); TopicCues may then
    change the intent, so its output counts only when the intent is still ``faq``."""
    if (latest_message.get("intent") or {}).get("name") != "faq":
        return None
    selector = (latest_message.get("response_selector") or {}).get("faq") or {}
    key = (selector.get("response") or {}).get("intent_response_key") or ""
    return key.split("/", 1)[1] if "/" in key else None
