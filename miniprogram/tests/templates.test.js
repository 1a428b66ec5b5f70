// The two templates are the same view in each platform's syntax, and every handler and binding they
// use exists in the component (core.chatMethods / core.initialData and each loop's item).
"use strict";

const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const core = require("../yibao-chat/core.js");

const read = (name) => fs.readFileSync(path.join(__dirname, "../yibao-chat", name), "utf8");

function toAlipay(wxml) {
  return wxml.replace(/wx:(for-item|for|key|if|elif)=/g, "a:$1=")
    .replace(/bindtap="(\w+)"/g, 'onTap="$1"').replace('bindinput="onInput"', 'onInput="onInput"')
    .replace('bindconfirm="onSend"', 'onConfirm="onSend"');
}

test("the Alipay template is the WeChat one in Alipay syntax", () => {
  assert.strictEqual(read("alipay/index.axml"), toAlipay(read("wechat/index.wxml")));
  const body = (css) => css.split("\n").slice(1).join("\n");
  assert.strictEqual(body(read("alipay/index.acss")), body(read("wechat/index.wxss")));
});

test("every handler the templates bind is a method of the component", () => {
  const methods = Object.keys(core.chatMethods({}));
  for (const [file, pattern] of [["wechat/index.wxml", /bind\w+="(\w+)"/g], ["alipay/index.axml", /on[A-Z]\w*="(\w+)"/g]]) {
    const used = [...read(file).matchAll(pattern)].map((m) => m[1]);
    assert.ok(used.length >= 8, file);
    for (const name of used) assert.ok(methods.includes(name), `${file} binds ${name}, which the component lacks`);
  }
});

test("every name a template reads is component data, a loop item or its index", () => {
  const known = new Set([...Object.keys(core.initialData()), "item", "index", "button", "way", "note", "phone", "true"]);
  const wxml = read("wechat/index.wxml");
  for (const m of wxml.matchAll(/\{\{([^}]*)\}\}/g)) {
    const names = m[1].replace(/'[^']*'/g, "").match(/[A-Za-z_]\w*(?:\.\w+)*/g) || [];
    for (const name of names) assert.ok(known.has(name.split(".")[0]), `wechat/index.wxml reads ${name}`);
  }
  const views = core.viewItems(require("./fixtures/replies.json").answer, 0);
  const card = views.find((v) => v.kind === "card");
  for (const m of wxml.matchAll(/item\.(\w+)/g)) {
    const field = m[1];
    if (["kind", "unsent", "open", "text", "buttons", "phones", "reference"].includes(field)) continue;
    assert.ok(field in card, `the card view lacks ${field}`);
  }
});
