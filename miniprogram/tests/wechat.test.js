// The WeChat component in miniprogram-simulate (the WeChat team's component test kit), its wx calls
// answered by a fake assistant that sends what the real one sends.
"use strict";

require("./dom");
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const simulate = require("miniprogram-simulate");
const { fakeAssistant, replies } = require("./fake-assistant");
const { until } = require("./until");

const BASE = "https://assistant.example/webhooks/miniprogram";
const COMPONENT = path.resolve(__dirname, "../yibao-chat/wechat/index");

function setUp() {
  const server = fakeAssistant();
  const storage = {};
  const done = { copied: [], called: [] };
  Object.assign(global.wx, {
    request(options) {
      const answer = server.reply(options.url.slice(BASE.length), options.data, options.header);
      setTimeout(() => (answer.network ? options.fail({ errMsg: "request:fail timeout" })
        : options.success({ statusCode: answer.status, data: answer.data, header: {} })), 0);
    },
    login(options) { setTimeout(() => options.success({ code: "wx-code-" + (server.logins.length + 1) }), 0); },
    getStorageSync(key) { return storage[key] || ""; },
    setStorageSync(key, value) { storage[key] = value; },
    removeStorageSync(key) { delete storage[key]; },
    setClipboardData(options) { done.copied.push(options.data); },
    makePhoneCall(options) { done.called.push(options.phoneNumber); }
  });
  const comp = simulate.render(simulate.load(COMPONENT), { baseUrl: BASE });
  comp.attach(document.createElement("parent-wrapper"));
  return { server, storage, done, comp };
}

// the silent login and the greeting, answered and shown
async function opened(setup) {
  await until(() => setup.comp.querySelectorAll(".quick-reply").length > 0, "the greeting's buttons");
  return setup;
}

const texts = (comp, selector) => comp.querySelectorAll(selector).map((n) => n.dom.textContent);

test("opens with the topic buttons, nothing typed, after a silent wx.login", async () => {
  const { server, comp } = await opened(setUp());
  assert.deepStrictEqual(server.calls.map((c) => c.path), ["/login", "/webhook"]);
  assert.deepStrictEqual(server.calls[0].body, { platform: "wechat", code: "wx-code-1" });
  assert.deepStrictEqual(server.calls[1].body, { message: "/greet" });
  assert.deepStrictEqual(texts(comp, ".quick-reply"), replies.greet[1].buttons.map((b) => b.title));
  assert.strictEqual(comp.querySelectorAll(".msg.user").length, 0);
});

test("an answer is one structured card, its follow-ups under it; copy and call use wx", async () => {
  const { server, done, comp } = await opened(setUp());
  comp.instance.onInput({ detail: { value: "我在杭州，孩子8岁，本地户口，上小学，都不是" } });
  comp.querySelector(".send").dispatchEvent("tap");
  await until(() => comp.querySelectorAll(".card").length === 1, "the answer's card");
  assert.strictEqual(server.calls[2].body.message, "我在杭州，孩子8岁，本地户口，上小学，都不是");
  assert.strictEqual(server.calls[2].header.Authorization, "Bearer token-1");
  assert.deepStrictEqual(texts(comp, ".card-conclusion"), ["可以参加杭州市区2025年度城乡居民医保（少儿医保）。"]);
  assert.deepStrictEqual(texts(comp, ".card-fee"), ["个人330元"]);
  assert.deepStrictEqual(texts(comp, ".card-ref"), ["咨询编号 K7QF-M3XW"]);
  assert.ok(texts(comp, ".card-row .value").some((t) => t.includes("2024年12月25日前缴费（还剩35天）")));
  assert.deepStrictEqual(texts(comp, ".way").map((t) => t.split("：")[0]), ["支付宝", "微信"]);
  // shown once: no bubble repeats the card's lines
  assert.ok(!texts(comp, ".bubble").some((t) => t.includes("交多少：")));
  assert.strictEqual(comp.querySelectorAll(".card-more").length, 0);  // 依据/明细 folded
  comp.querySelector(".card-fold").dispatchEvent("tap");
  await until(() => comp.querySelectorAll(".card-basis").length > 0, "the unfolded 依据");
  assert.ok(texts(comp, ".card-basis")[0].startsWith("依据：杭医保〔2024〕28号"));
  assert.strictEqual(comp.instance.data.scrollTo, comp.instance.data.items.find((i) => i.kind === "card").key);
  comp.querySelectorAll(".card-copy")[0].dispatchEvent("tap");
  await until(() => done.copied.length > 0, "the copy");
  assert.ok(done.copied[0].startsWith("结论：可以参加杭州市区") && done.copied[0].includes("咨询编号：K7QF-M3XW"));
  const follow = comp.querySelectorAll(".quick-reply").slice(replies.greet[1].buttons.length);  // under the card
  assert.deepStrictEqual(follow.map((n) => n.dom.textContent), ["怎么缴", "再查一位家人", "转人工（带编号）"]);
  assert.ok(comp.dom.innerHTML.indexOf("card-conclusion") < comp.dom.innerHTML.indexOf(">怎么缴<"));
  follow[2].dispatchEvent("tap");
  await until(() => comp.querySelectorAll(".handoff-code").length > 0, "the hand-off");
  assert.strictEqual(server.calls[3].body.message, "/human_handoff");
  assert.deepStrictEqual(texts(comp, ".handoff-code"), ["咨询编号 K7QF-M3XW"]);
  comp.querySelectorAll(".call").forEach((n) => n.dispatchEvent("tap"));
  await until(() => done.called.length >= 2, "both calls");
  assert.deepStrictEqual(done.called, ["12393", "12366"]);
});

test("a failed send keeps the text and offers 重发", async () => {
  const { server, comp } = await opened(setUp());
  server.failNext = true;
  comp.instance.onInput({ detail: { value: "上海的怎么交" } });
  comp.querySelector(".send").dispatchEvent("tap");
  await until(() => comp.querySelectorAll(".resend").length > 0, "the 重发 button");
  assert.strictEqual(comp.instance.data.input, "上海的怎么交");  // back in the box
  assert.deepStrictEqual(texts(comp, ".error"), ["网络连接失败，请检查网络后再试。"]);
  assert.deepStrictEqual(texts(comp, ".resend"), ["重发"]);
  comp.querySelector(".resend").dispatchEvent("tap");
  await until(() => comp.querySelectorAll(".card").length === 1, "the resent message's card");
  assert.strictEqual(comp.querySelectorAll(".resend").length, 0);
  assert.strictEqual(server.calls.filter((c) => c.body.message === "上海的怎么交").length, 2);
  assert.strictEqual(comp.querySelectorAll(".card").length, 1);
});

test("an expired token is renewed with a new wx.login code and the history kept", async () => {
  const { server, storage, comp } = await opened(setUp());
  const before = comp.instance.data.items.length;
  server.expireNext = true;
  comp.instance.onInput({ detail: { value: "杭州孩子8岁" } });
  comp.querySelector(".send").dispatchEvent("tap");
  await until(() => comp.querySelectorAll(".card").length === 1, "the answer after the new login");
  assert.deepStrictEqual(server.logins, ["wx-code-1", "wx-code-2"]);
  assert.strictEqual(storage["yibao-chat.session"].token, "token-2");
  assert.ok(comp.instance.data.items.length > before + 1);
  assert.strictEqual(comp.querySelectorAll(".quick-replies").length, 2);  // the greeting's buttons are still there
  assert.strictEqual(comp.querySelectorAll(".card").length, 1);
});

test("长辈模式 switches the whole chat to large type", async () => {
  const { comp } = await opened(setUp());
  assert.ok(!comp.querySelector(".chat").dom.className.includes("large"));
  comp.querySelector(".elder").dispatchEvent("tap");
  await until(() => comp.querySelector(".chat").dom.className.includes("large"), "large type");
  assert.ok(comp.querySelector(".chat").dom.className.includes("large"));
});
