// A stand-in for the assistant's mini-program channel, answering with the replies the real one sends
// (fixtures/replies.json, checked against the Python side by tests/test_miniprogram_fixture.py).
"use strict";

const replies = require("./fixtures/replies.json");

function fakeAssistant() {
  const state = { calls: [], tokens: 0, expireNext: false, failNext: false, logins: [] };
  state.reply = function (path, body, header) {
    state.calls.push({ path, body, header });
    if (state.failNext) { state.failNext = false; return { network: true }; }
    if (path.endsWith("/login")) {
      state.logins.push(body.code);
      state.tokens += 1;
      return { status: 200, data: { token: "token-" + state.tokens, expires_in: 7200 } };
    }
    const auth = (header && (header.Authorization || header.authorization)) || "";
    if (state.expireNext || auth !== "Bearer token-" + state.tokens) {
      state.expireNext = false;
      return { status: 401, data: { error: { code: "token_expired", message: "登录已过期，请重新登录。" } } };
    }
    const message = body.message;
    if (message === "/greet") return { status: 200, data: { messages: replies.greet } };
    if (message === "/human_handoff" ) return { status: 200, data: { messages: replies.handoff } };
    return { status: 200, data: { messages: replies.answer } };
  };
  return state;
}

module.exports = { fakeAssistant, replies };
