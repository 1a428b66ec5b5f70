"""The mini-program reference chat page (web/miniprogram/) in headless Chromium, against the whole
assistant as `make run` serves it: the opening topic buttons, quick replies, the answer shown once as a
structured card with its follow-ups, 转人工 with the code and numbers to tap, 长辈模式, 重发, a renewed
token. Screenshots go to var/ (looked at before an issue is closed)."""

import os

from tests.browser import browser_page


def _log_in(page, base, who):
    page.goto(base + "/webhooks/miniprogram/client/")
    page.select_option("#platform", "wechat")
    page.fill("#code", who)
    page.click("#login")
    page.wait_for_selector("#input", state="visible")


def test_the_chat_page_gets_a_resident_to_one_structured_card_and_on(assistant):
    with browser_page(assistant["base"]) as page:
        _log_in(page, assistant["base"], "browser-resident")
        # the opening message offers the topics before anything is typed
        page.locator(".quick-reply").first.wait_for(timeout=60_000)
        assert page.locator(".msg.user").count() == 0

        page.fill("#input", "我在杭州，孩子8岁，本地户口")
        page.click("#send")
        page.locator(".quick-reply", has_text="中小学或中职在读").click()
        page.locator(".quick-reply", has_text="都不是").click()

        card = page.wait_for_selector(".card", timeout=60_000)
        assert page.inner_text(".card-conclusion") == "可以参加杭州市区2025年度城乡居民医保（少儿医保）。"
        assert page.inner_text(".card-fee") == "个人330元"
        assert "2024年12月25日前缴费（还剩35天）" in card.inner_text() and "支付宝：" in card.inner_text()
        reference = page.inner_text(".card-ref").removeprefix("咨询编号 ")
        # shown once: no text bubble repeats the card's lines
        bubbles = page.locator(".msg.bot .bubble").all_inner_texts()
        assert not any("交多少：" in b or "怎么缴：" in b for b in bubbles), bubbles
        assert not page.locator(".card-plain").evaluate("d => d.open")  # 依据/明细 folded
        plain = page.locator(".card-text").text_content()
        assert "依据：杭医保〔2024〕28号等2份文件。" in plain and plain.rstrip().endswith("缴费咨询12366。")
        assert f"咨询编号：{reference}" in plain
        page.locator(".card-copy", has_text="复制").first.click()
        page.locator(".card-copy", has_text="已复制").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == plain
        # the conversation lands on the card's top, not on its citations: the top is in view, and at the
        # panel's top unless the panel cannot scroll that far
        top, height, left = page.evaluate("""() => { const p = document.getElementById('chat-panel');
            const t = document.querySelector('.card').getBoundingClientRect().top - p.getBoundingClientRect().top;
            return [t, p.clientHeight, p.scrollHeight - p.clientHeight - p.scrollTop]; }""")
        assert -2 <= top < height - 60 and (top <= 40 or left <= 1), (top, height, left)
        os.makedirs("var", exist_ok=True)
        page.screenshot(path="var/miniprogram-card.png")

        follow = page.locator(".quick-replies").last.locator(".quick-reply").all_inner_texts()
        assert follow == ["怎么缴", "再查一位家人", "转人工（带编号）"]
        page.locator(".quick-reply", has_text="转人工（带编号）").last.click()
        page.locator(".handoff").wait_for(timeout=30_000)
        assert page.inner_text(".handoff-code") == f"咨询编号 {reference}"
        calls = page.locator(".handoff .call")
        assert [calls.nth(i).get_attribute("href") for i in range(calls.count())] == ["tel:12393", "tel:12366"]

        page.click("#elder")  # 长辈模式: large type
        size = page.evaluate("() => getComputedStyle(document.querySelector('.card-fee')).fontSize")
        assert float(size.removesuffix("px")) >= 28
        page.screenshot(path="var/miniprogram-elder.png", full_page=True)


def test_a_failed_send_keeps_the_text_and_offers_resend(assistant):
    with browser_page(assistant["base"]) as page:
        _log_in(page, assistant["base"], "browser-resident-3")
        page.locator(".quick-reply").first.wait_for(timeout=60_000)
        page.route("**/webhooks/miniprogram/webhook", lambda route: route.abort())
        page.fill("#input", "上海的医保怎么交")
        page.click("#send")
        page.locator(".resend").wait_for()
        assert page.input_value("#input") == "上海的医保怎么交"  # nothing typed is lost
        assert "网络连接失败" in page.inner_text("#error")
        page.unroute("**/webhooks/miniprogram/webhook")
        page.fill("#input", "")
        page.click(".resend")
        page.wait_for_function("() => document.querySelectorAll('.msg.bot').length >= 3", timeout=60_000)
        assert page.locator(".resend").count() == 0


def test_an_expired_token_is_renewed_and_the_history_kept(assistant):
    with browser_page(assistant["base"]) as page:
        _log_in(page, assistant["base"], "browser-resident-4")
        page.locator(".quick-reply").first.wait_for(timeout=60_000)
        before = page.locator("#messages li").count()
        page.evaluate("""() => { const k = 'miniprogram.session'; const s = JSON.parse(sessionStorage.getItem(k));
                                 s.token = s.token.slice(0, -4) + 'AAAA'; sessionStorage.setItem(k, JSON.stringify(s)); }""")
        page.fill("#input", "你好")
        page.click("#send")
        page.wait_for_function(f"() => document.querySelectorAll('#messages li').length > {before + 1}", timeout=60_000)
        assert page.is_visible("#input") and not page.is_visible("#login-panel")
        assert page.locator("#messages li").count() > before  # the conversation stayed on screen


def test_the_chat_page_says_what_is_wrong_in_chinese(assistant):
    with browser_page(assistant["base"]) as page:
        _log_in(page, assistant["base"], "browser-resident-2")
        page.fill("#input", "长" * 501)
        page.click("#send")
        error = page.wait_for_selector("#error", state="visible")
        assert "500" in error.inner_text()
