// The Alipay component: Alipay publishes no component simulator, so this mounts it as the Alipay runtime
// does (Component(options): props, data, didMount, methods, this.setData) with a fake `my`, answered by
// the fake assistant; the template's handlers and bindings are checked against the component (templates.test.js).
"use strict";

const test = require("node:test");
const assert = require("node:assert");
const { fakeAssistant, replies } = require("./fake-assistant");

const BASE = "https://assistant.example/webhooks/miniprogram";
const { until } = require("./until");

let definition = null;
global.Component = (options) => { definition = options; };

function mount(props) {
  const server = fakeAssistant();
  const storage = {};
  const done = { copied: [], called: [] };
  global.my = {
    request(options) {
      assert.strictEqual(options.method, "POST");
      assert.strictEqual(options.headers["Content-Type"], "application/json");
      const answer = server.reply(options.url.slice(BASE.length), options.data, options.headers);
      setTimeout(() => {
        if (answer.network) options.fail({ error: 12, errorMessage: "网络出错" });
        else if (answer.status >= 400) options.fail({ error: 19, errorMessage: "http status error" });  // Alipay's way
        else options.success({ status: answer.status, data: answer.data, headers: {}, statusCode: answer.status, header: {} });
      }, 0);
    },
    getAuthCode(options) {
      assert.strictEqual(options.scopes, "auth_base");
      setTimeout(() => options.success({ authCode: "ali-code-" + (server.logins.length + 1) }), 0);
    },
    getStorageSync({ key }) { return { data: storage[key] || null }; },
    setStorageSync({ key, data }) { storage[key] = data; },
    removeStorageSync({ key }) { delete storage[key]; },
    setClipboard({ text }) { done.copied.push(text); },
    makePhoneCall({ number }) { done.called.push(number); }
  };
  delete require.cache[require.resolve("../yibao-chat/alipay/index.js")];
  require("../yibao-chat/alipay/index.js");
  const component = { props: Object.assign({}, definition.props, props), data: structuredClone(definition.data) };
  component.setData = (patch) => { Object.assign(component.data, patch); };
  for (const [name, method] of Object.entries(definition.methods)) component[name] = method.bind(component);
  definition.didMount.call(component);
  return { server, storage, done, component };
}

// the silent login and the greeting, answered and shown
async function opened(setup) {
  await until(() => setup.component.data.items.some((i) => i.kind === "buttons"), "the greeting's buttons");
  return setup;
}

test("opens with the topic buttons after a silent my.getAuthCode login", async () => {
  const { server, component } = await opened(mount({ baseUrl: BASE }));
  assert.deepStrictEqual(server.calls[0].body, { platform: "alipay", code: "ali-code-1" });
  assert.deepStrictEqual(server.calls[1].body, { message: "/greet" });
  const buttons = component.data.items.find((i) => i.kind === "buttons").buttons.map((b) => b.title);
  assert.deepStrictEqual(buttons, replies.greet[1].buttons.map((b) => b.title));
});

test("an answer becomes one card view with its follow-ups; copy and call go through my", async () => {
  const { server, done, component } = await opened(mount({ baseUrl: BASE }));
  component.onInput({ detail: { value: "我在杭州，孩子8岁" } });
  await component.onSend();
  assert.strictEqual(server.calls[2].header.Authorization, "Bearer token-1");
  const kinds = component.data.items.map((i) => i.kind);
  assert.deepStrictEqual(kinds.slice(-4), ["user", "text", "card", "buttons"]);
  const card = component.data.items.find((i) => i.kind === "card");
  assert.strictEqual(card.conclusion, "可以参加杭州市区2025年度城乡居民医保（少儿医保）。");
  assert.strictEqual(card.fee, "个人330元");
  assert.strictEqual(card.deadline, "2024年12月25日前缴费（还剩35天）");
  assert.deepStrictEqual(card.channels.map((c) => c.name), ["支付宝", "微信"]);
  assert.strictEqual(component.data.scrollTo, card.key);
  component.onCopy({ currentTarget: { dataset: { text: card.shortText } } });
  assert.ok(done.copied[0].startsWith("【杭州市区2025年度城乡居民医保】") && done.copied[0].length <= 300);
  await component.onQuickReply({ target: { dataset: { payload: "/human_handoff", title: "转人工（带编号）" } } });
  const handoff = component.data.items.find((i) => i.kind === "handoff");
  assert.strictEqual(handoff.reference, "K7QF-M3XW");
  handoff.phones.forEach((p) => component.onCall({ currentTarget: { dataset: { number: p.number } } }));
  assert.deepStrictEqual(done.called, ["12393", "12366"]);
});

test("an HTTP error Alipay does not detail renews the login once, then says so in Chinese", async () => {
  const { server, storage, component } = await opened(mount({ baseUrl: BASE }));
  server.expireNext = true;
  component.onInput({ detail: { value: "杭州" } });
  assert.strictEqual(await component.onSend(), true);
  assert.deepStrictEqual(server.logins, ["ali-code-1", "ali-code-2"]);
  assert.strictEqual(storage["yibao-chat.session"].token, "token-2");
  server.failNext = true;
  component.onInput({ detail: { value: "上海的怎么交" } });
  assert.strictEqual(await component.onSend(), false);
  assert.strictEqual(component.data.input, "上海的怎么交");  // nothing typed is lost
  assert.strictEqual(component.data.error, "网络连接失败，请检查网络后再试。");
  const unsent = component.data.items.findIndex((i) => i.unsent);
  assert.ok(unsent >= 0);
  assert.strictEqual(await component.onRetry({ currentTarget: { dataset: { index: unsent } } }), true);
  assert.ok(!component.data.items.some((i) => i.unsent));
});

test("长辈模式 from the elder prop and by tap", async () => {
  const { component } = mount({ baseUrl: BASE, elder: true });
  assert.strictEqual(component.data.large, true);
  component.onElder();
  assert.strictEqual(component.data.large, false);
});
