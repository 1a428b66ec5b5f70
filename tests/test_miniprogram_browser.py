"""The mini-program reference chat page (web/miniprogram/) in headless Chromium, against the whole
assistant as `make run` serves it: log in, talk, tap quick replies, get the answer card, copy it."""

import os

from tests.browser import browser_page


def test_the_chat_page_gets_a_resident_to_a_cited_card_and_copies_it(assistant):
    with browser_page(assistant["base"]) as page:
        page.goto(assistant["base"] + "/webhooks/miniprogram/client/")
        page.select_option("#platform", "wechat")
        page.fill("#code", "browser-resident")
        page.click("#login")
        page.wait_for_selector("#input", state="visible")

        page.fill("#input", "我在杭州，孩子8岁，本地户口")
        page.click("#send")
        page.locator(".quick-reply", has_text="中小学或中职在读").click()
        page.locator(".quick-reply", has_text="都不是").click()

        card = page.wait_for_selector(".card", timeout=60_000)
        assert "330" in card.inner_text() and "少儿医保" in card.inner_text() and "可以参保" in card.inner_text()
        plain = page.inner_text(".card-text") or page.locator(".card-text").text_content()
        assert "杭医保〔2024〕28号" in plain and "个人缴费：330元。" in plain
        page.click(".card-copy")
        page.locator(".card-copy", has_text="已复制").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == plain
        assert "如需人工帮助，请提供咨询编号" in page.inner_text("#messages")

        os.makedirs("var", exist_ok=True)
        page.screenshot(path="var/miniprogram.png", full_page=True)


def test_the_chat_page_says_what_is_wrong_in_chinese(assistant):
    with browser_page(assistant["base"]) as page:
        page.goto(assistant["base"] + "/webhooks/miniprogram/client/")
        page.fill("#code", "browser-resident-2")
        page.click("#login")
        page.wait_for_selector("#input", state="visible")
        page.fill("#input", "长" * 501)
        page.click("#send")
        error = page.wait_for_selector("#error", state="visible")
        assert "500" in error.inner_text()
