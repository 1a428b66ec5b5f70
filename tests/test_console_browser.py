"""The agent console in a real browser: Debian's chromium, headless, driven by Playwright (sync API).

Keyboard only, as an agent works: log in, pick the region and facts with digits and Tab, tick 无 in the
hardship group with Space, Enter to ask, read the card, Enter on 复制 and read the clipboard; Escape
clears; Alt+1…9 jump; a reference code typed in lower case shows the recorded card. A screenshot of the
answered console is written to var/console.png.

Chromium comes from Debian (``apt-get install chromium``), never from ``playwright install``; without it
these tests fail — ``make test`` installs it.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from tests.browser import chromium, missing_tools
from tests.conftest import CONSOLE_TOKEN as TOKEN

try:
    from playwright.sync_api import expect
except ImportError:  # reported by test_debian_chromium_and_playwright_are_installed, as a failure
    expect = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCREENSHOT = os.path.join(ROOT, "var", "console.png")


def test_debian_chromium_and_playwright_are_installed():
    problem = missing_tools()
    assert problem is None, problem





@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:  # fails, never skips, without Debian's chromium
        yield launched


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base)
    context.set_default_timeout(10_000)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(server.url)
    yield opened
    context.close()
    assert errors == [], errors  # no script error, no CSP violation


def log_in(page):
    expect(page.locator("#token")).to_be_focused()  # autofocus: the agent just types
    page.keyboard.type(TOKEN)
    page.keyboard.press("Enter")
    expect(page.locator("#console")).to_be_visible()
    expect(page.locator("#region")).to_be_focused()
    expect(page.locator("#region option")).to_have_count(5)  # 请选择 + the four regions of the rule book


def focused(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def test_a_wrong_token_is_refused_on_the_page(page):
    page.keyboard.type("not-the-token")
    page.keyboard.press("Enter")
    expect(page.locator("#error")).to_have_text("口令不正确，请重新输入。")
    expect(page.locator("#console")).to_be_hidden()
    expect(page.locator("#token")).to_be_focused()


def test_fill_by_keyboard_submit_read_the_card_and_copy_it(page):
    log_in(page)
    page.keyboard.press("1")  # region: "1 杭州市区"
    page.keyboard.press("Tab")
    page.keyboard.type("8")  # age
    page.keyboard.press("Tab")
    page.keyboard.press("1")  # hukou: "1 本地户籍"
    page.keyboard.press("Tab")  # 居住证: left unknown
    page.keyboard.press("Tab")
    page.keyboard.press("3")  # student: "3 中小学生、中职在校生"
    assert focused(page) == "student"
    page.keyboard.press("Alt+6")  # jump to the hardship group
    assert focused(page) == "special-none"
    page.keyboard.press("Space")  # 无
    page.keyboard.press("Alt+8")
    page.keyboard.type("20241120")  # the date as typed on a keypad
    page.keyboard.press("Enter")

    copy = page.locator("#copy")
    expect(copy).to_be_focused()  # after an answer: straight to 复制
    card = page.locator("#card").inner_text()
    assert "交多少：个人330元。" in card and "依据：杭医保〔2024〕28号等2份文件。" in card
    assert card.startswith("结论：可以参加杭州市区2025年度城乡居民医保（少儿医保）。")
    code = re.search(r"咨询编号：(\w{4}-\w{4})", card).group(1)  # a console answer is filed and gets a code
    expect(page.locator("#result-meta")).to_contain_text("咨询编号 " + code)
    spoken = page.locator("#spoken").inner_text()  # 口播, on top, to read aloud
    assert spoken.startswith("您可以参加杭州市区2025年度城乡居民医保（少儿医保），个人交330元") and len(spoken) <= 120
    assert spoken.endswith(f"咨询编号{code}。")
    expect(page.locator("#status")).to_have_text("可参保")
    expect(page.locator("#result-meta")).to_contain_text("办理日期 2024-11-20")
    expect(page.locator("#citations li").first).to_contain_text("杭医保〔2024〕28号")
    assert "杭医保〔2024〕28号　附件 三、(一)1" in page.locator("#citations").inner_text()
    expect(page.locator("#notes")).to_contain_text("〔经办解读〕在集中参保期内参保缴费，不设待遇等待期（裁定Z1）")
    expect(page.locator("#compare-box")).to_be_hidden()  # a pupil has no tier or repair to compare
    expect(page.locator("#why-box")).to_be_visible()  # 为什么: folded, one click away
    expect(page.locator("#why")).to_be_hidden()
    expect(page.locator("#why")).to_contain_text("适用方案：少儿医保：本地户籍、年龄17周岁及以下——成立")
    expect(page.locator("#missing")).to_be_hidden()

    page.keyboard.press("Enter")  # 复制
    expect(page.locator("#copied")).to_have_text("已复制")
    expect(page.locator("#copied")).to_be_visible()  # (the hidden span already says 已复制: wait for the copy itself)
    method = page.locator("#copied").get_attribute("data-method")
    assert method in ("clipboard", "execCommand")
    assert page.evaluate("() => navigator.clipboard.readText()") == card
    assert method == "clipboard"  # granted permission on a secure origin (127.0.0.1)

    os.makedirs(os.path.dirname(SCREENSHOT), exist_ok=True)
    page.screenshot(path=SCREENSHOT, full_page=True)

    page.keyboard.press("Escape")  # clears the form and the answer
    expect(page.locator("#region")).to_be_focused()
    expect(page.locator("#region")).to_have_value("")
    expect(page.locator("#age")).to_have_value("")
    expect(page.locator("#special-none")).not_to_be_checked()
    expect(page.locator("#copy")).to_be_disabled()
    expect(page.locator("#citations li")).to_have_count(0)


def test_copy_falls_back_to_exec_command_without_the_clipboard_api(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base)
    page = context.new_page()
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});")
    page.goto(server.url)
    log_in(page)
    page.keyboard.press("1")
    page.keyboard.press("Alt+2")
    page.keyboard.type("40")
    page.keyboard.press("Alt+3")
    page.keyboard.press("1")  # 本地户籍
    page.keyboard.press("Alt+5")
    page.keyboard.press("2")  # 无职工医保
    page.keyboard.press("Alt+6")
    page.keyboard.press("Space")  # 无困难身份
    page.keyboard.press("Alt+7")
    page.keyboard.type("0")
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_have_text("可参保")
    page.locator("#copy").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#copied")).to_have_attribute("data-method", "execCommand")  # (waits for the copy)
    assert page.evaluate("() => document.getElementById('copy-buffer')") is None  # the hidden textarea is gone
    reader = context.new_page()  # a page with the real clipboard API reads what the fallback copied
    reader.goto(server.url)
    assert reader.evaluate("() => navigator.clipboard.readText()") == page.locator("#card").inner_text()
    context.close()


def test_missing_facts_are_listed_and_their_fields_marked(page):
    log_in(page)
    page.keyboard.press("1")
    page.keyboard.press("Enter")  # Enter submits from a select too
    expect(page.locator("#status")).to_have_text("需补充信息")
    expect(page.locator("#missing")).to_contain_text("还需要了解：年龄")
    expect(page.locator("#age")).to_have_class("need")
    expect(page.locator("#age")).to_be_focused()  # the first fact to ask for
    expect(page.locator("#card")).to_contain_text("结论：还需要了解年龄")
    expect(page.locator("#copy")).to_be_disabled()  # a 需补充信息 card is not given to anyone
    expect(page.locator("#copy-wechat")).to_be_disabled()
    expect(page.locator("#spoken-box")).to_be_hidden()


def test_what_is_still_needed_shows_while_typing_without_enter(page):
    log_in(page)
    page.keyboard.press("1")  # 杭州市区: everything that matters is listed at once
    expect(page.locator("#missing")).to_contain_text("还需要了解：年龄、户籍、在读情况、是否参加职工医保")
    page.keyboard.press("Alt+2")
    page.keyboard.type("70")
    expect(page.locator("#missing")).not_to_contain_text("年龄")
    expect(page.locator("#missing")).to_contain_text("户籍")
    expect(page.locator("#card")).to_contain_text("填写左侧情况后按 Enter")  # nothing answered until Enter


def test_a_bad_age_shows_the_engines_message_on_the_field(page):
    log_in(page)
    page.keyboard.press("1")
    page.keyboard.press("Alt+2")
    page.keyboard.type("200")
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_have_text("输入有误")
    expect(page.locator("#card")).to_contain_text("age（年龄）应在0到150之间（周岁），收到 200。")
    expect(page.locator("#age")).to_have_class("need")
    expect(page.locator("#age")).to_be_focused()


def test_alt_digits_jump_between_fields(page):
    log_in(page)
    for digit, element in (("2", "age"), ("3", "hukou"), ("4", "student"), ("5", "employee"), ("6", "special-none"),
                           ("7", "gap"), ("8", "date"), ("9", "code"), ("1", "region")):  # fmt: skip
        page.keyboard.press(f"Alt+{digit}")
        assert focused(page) == element, digit
    page.keyboard.press("Alt+6")
    page.keyboard.press("ArrowDown")  # one tab stop for the group; arrows move inside it
    assert focused(page) == "special-tekun"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")  # 无 unticks the groups
    expect(page.locator("#special-tekun")).not_to_be_checked()
    expect(page.locator("#special-none")).to_be_checked()


def test_a_reference_code_shows_the_recorded_card(page, ledger_url):
    from ledger.store import Ledger
    from policies import quote, render
    from policies.rulebook import default_rulebook

    facts = {"region": "上海", "age": 30, "hukou": "local", "student": "none", "employee_insured": False, "special": [],
             "as_of": "2024-11-20"}  # fmt: skip
    answer = quote(facts, today=dt.date(2024, 11, 20))
    card = render(answer)
    with Ledger(url=ledger_url) as book:
        code = book.record(facts, answer, card, "miniprogram", default_rulebook().version,
                           dt.datetime(2024, 11, 20, 2, 5, tzinfo=dt.timezone.utc))  # fmt: skip

    log_in(page)
    page.keyboard.press("Alt+9")
    page.keyboard.type("k7qf m3x0")  # a misheard code: the ledger's own message
    page.keyboard.press("Enter")
    expect(page.locator("#error")).to_contain_text("咨询编号第8位是「0」")
    expect(page.locator("#code")).to_be_focused()

    page.keyboard.type(code.lower().replace("-", " "))  # the box is selected: typing replaces it
    page.keyboard.press("Enter")
    expect(page.locator("#copy")).to_be_focused()
    expect(page.locator("#error")).to_be_hidden()
    assert page.locator("#card").inner_text() == card
    expect(page.locator("#result-meta")).to_contain_text(f"咨询编号 {code}")
    expect(page.locator("#result-meta")).to_contain_text("2024/11/20 10:05")  # shown in local (Beijing) time
    expect(page.locator("#code")).to_have_value(code)
    expect(page.locator("#region")).to_have_value("shanghai")  # the form holds the recorded facts
    expect(page.locator("#age")).to_have_value("30")
    expect(page.locator("#employee")).to_have_value("false")
    expect(page.locator("#citations")).to_contain_text(answer["citations"][0]["document"])
    page.keyboard.press("Enter")
    expect(page.locator("#copied")).to_have_text("已复制")
    assert page.evaluate("() => navigator.clipboard.readText()") == card


def test_family_mode_answers_every_member_with_one_code(page):
    log_in(page)
    page.keyboard.press("1")  # 杭州市区
    page.keyboard.press("Alt+f")  # 全家模式: two rows to start, the first label selected
    expect(page.locator("#family")).to_be_visible()
    rows = page.locator("#family-rows tr")
    expect(rows).to_have_count(2)
    first, second = rows.nth(0), rows.nth(1)
    first.locator("input[name=label]").fill("我")
    first.locator("input[name=age]").fill("42")
    first.locator("select[name=hukou]").select_option("local")
    first.locator("select[name=employee_insured]").select_option("false")
    first.locator("select[name=special]").select_option("none")
    first.locator("input[name=gap_years]").fill("0")
    second.locator("input[name=label]").fill("孩子")
    second.locator("input[name=age]").fill("9")
    # what is still needed shows live, member by member
    expect(page.locator("#missing")).to_contain_text("孩子——户籍")
    second.locator("select[name=hukou]").select_option("local")
    second.locator("select[name=student]").select_option("primary_secondary")
    second.locator("select[name=special]").select_option("none")
    expect(page.locator("#family-total")).to_contain_text("合计：一档 1060元 / 二档 960元")
    page.keyboard.press("Alt+n")  # one key adds a member
    expect(rows).to_have_count(3)
    page.locator("#family-rows tr").nth(2).locator("button").click()  # and one click takes it away
    second.locator("input[name=age]").press("Enter")
    card = page.locator("#card")
    expect(card).to_contain_text("【杭州市区2025年度城乡居民医保·全家2人】")
    expect(card).to_contain_text("孩子：少儿医保，个人330元")
    code = re.search(r"咨询编号：(\w{4}-\w{4})", card.inner_text()).group(1)
    expect(page.locator("#result-meta")).to_contain_text("咨询编号 " + code)
    expect(page.locator("#spoken")).to_contain_text("全家2人")
    expect(page.locator("#copy")).to_be_enabled()
    os.makedirs("var", exist_ok=True)
    page.screenshot(path="var/console-family.png", full_page=True)
    page.locator("#code").fill(code)  # the code looked up shows every member
    page.locator("#code").press("Enter")
    expect(page.locator("#result-meta")).to_contain_text("全家2人")
    expect(page.locator("#detail")).to_contain_text("【孩子】")


def test_faq_search_and_the_recent_list(page):
    log_in(page)
    page.keyboard.press("2")  # 上海市
    page.locator("#faq-topic").select_option("family_pay")
    page.locator("#faq-ask").click()
    card = page.locator("#card")
    expect(card).to_contain_text("【上海市 2025年度 家庭共济（亲属代缴）】")
    expect(card).to_contain_text("个人账户家庭共济缴费")
    expect(page.locator("#copy")).to_be_enabled()
    page.locator("#region").focus()
    page.keyboard.press("Escape")  # a new look-up starts from a clean screen
    expect(card).to_contain_text("填写左侧情况后按 Enter")
    page.keyboard.press("Control+h")  # this shift's answers, newest first
    expect(page.locator("#recent")).to_be_visible()
    expect(page.locator("#recent-list li").first).to_contain_text("政策问答 · 家庭共济（亲属代缴）")
    page.keyboard.press("Enter")  # the focused entry shown again
    expect(card).to_contain_text("个人账户家庭共济缴费")
    expect(page.locator("#result-meta")).to_contain_text("重新显示")
