// 医保参保助手 chat core, shared by the WeChat and the Alipay components (no platform API here: each
// component passes its own request, storage and login functions). It talks to the assistant's
// mini-program channel (channels/miniprogram.py):
//   POST {baseUrl}/login    {"platform", "code"}   -> {"token", "expires_in"}
//   POST {baseUrl}/webhook  {"message"} + Bearer   -> {"messages": [reply items]}
// and turns the reply items into the view items the templates render.
"use strict";

var MAX_CHARS = 500;
var TOKEN_KEY = "yibao-chat.session";  // where each platform's storage keeps the session
var clients = new WeakMap();  // component -> its chat client (kept off the component's data)
var NETWORK_ERROR = "网络连接失败，请检查网络后再试。";

function errorMessage(status, data) {
  if (data && data.error && data.error.message) return data.error.message;
  if (!status) return "服务暂时不可用，请稍后再试。";  // an HTTP error whose status the platform does not give
  if (status === 401) return "登录已失效，请稍后再试。";
  if (status === 429) return "您发送得有点快，请稍后再试。";
  if (status >= 500) return "服务暂时不可用，请稍后再试。";
  return "请求没有成功（" + status + "），请稍后再试。";
}

function clip(text) {
  return String(text == null ? "" : text);
}

// One reply item (channels/miniprogram.reply_items) as a view item; null for what a mini-program
// does not show (attachments, unknown customs).
function viewItem(item, key) {
  if (!item || typeof item !== "object") return null;
  if (item.type === "text") return { key: key, kind: "text", text: clip(item.text) };
  if (item.type === "buttons") {
    return {
      key: key, kind: "buttons",
      buttons: (item.buttons || []).map(function (b, i) {
        return { key: key + "-" + i, title: clip(b.title), payload: clip(b.payload || b.title) };
      })
    };
  }
  if (item.type === "card") return cardView(item, key);
  if (item.type === "handoff") {
    return {
      key: key, kind: "handoff", reference: item.reference || "",
      phones: (item.phones || []).filter(function (p) { return p && /^\d{3,12}$/.test(String(p.number)); })
        .map(function (p) { return { label: clip(p.label), number: String(p.number) }; })
    };
  }
  return null;
}

// The structured card: conclusion and fee first, the stale banner, deadline, main channels, benefit
// start; notes, basis and the full text folded. The words are the server's (policies.card.sections).
function cardView(item, key) {
  var fields = item.fields && typeof item.fields === "object" ? item.fields : {};
  var sec = fields.sections && typeof fields.sections === "object" ? fields.sections : {};
  return {
    key: key, kind: "card",
    reference: item.reference || "",
    status: fields.status || "",
    conclusion: clip(sec.conclusion),
    fee: clip(sec.fee),
    stale: clip(sec.stale),
    deadline: clip(sec.deadline).replace(/^[^：]*：/, "").replace(/。$/, ""),
    channels: (sec.channels || []).map(function (c, i) { return { key: key + "-c" + i, name: clip(c.name), how: clip(c.how) }; }),
    moreChannels: sec.more_channels || 0,
    benefit: clip(sec.benefit),
    repair: clip(sec.repair).replace(/^补缴修复：/, ""),
    notes: (sec.notes || []).map(clip),
    basis: clip(sec.basis),
    plainText: clip(item.plain_text),
    shortText: clip(item.wechat || item.plain_text)
  };
}

function viewItems(items, start) {
  var out = [];
  (items || []).forEach(function (item, i) {
    var view = viewItem(item, "m" + (start + i));
    if (view) out.push(view);
  });
  return out;
}

// A chat client. ``api``: {request(options) -> Promise<{status, data, httpError?}>, getToken(), setToken(session),
// login() -> Promise<code>}. The token is renewed with a fresh login code when the server says it expired,
// and the message sent again once; what the resident typed is never dropped (the caller keeps it until ok).
function createClient(baseUrl, platform, api) {
  var base = String(baseUrl || "").replace(/\/+$/, "");

  function post(path, body, token) {
    var header = { "Content-Type": "application/json" };
    if (token) header.Authorization = "Bearer " + token;
    return api.request({ url: base + path, method: "POST", header: header, data: body });
  }

  function login() {
    return api.login().then(function (code) {
      return post("/login", { platform: platform, code: code });
    }).then(function (res) {
      if (res.status !== 200 || !res.data || !res.data.token) throw new Error(errorMessage(res.status, res.data));
      var session = { token: res.data.token, expiresAt: Date.now() + 1000 * (Number(res.data.expires_in) || 0) };
      api.setToken(session);
      return session;
    });
  }

  function session() {
    var saved = api.getToken();
    if (saved && saved.token && saved.expiresAt > Date.now()) return Promise.resolve(saved);
    return login();
  }

  // -> Promise<{ok: true, items} | {ok: false, error}>
  function send(text) {
    var message = String(text || "").trim();
    if (!message) return Promise.resolve({ ok: false, error: "消息不能为空" });
    if (Array.from(message).length > MAX_CHARS) return Promise.resolve({ ok: false, error: "消息不能超过500个字，请分几次发送" });
    var attempt = function (renewed) {
      return session().then(function (s) {
        return post("/webhook", { message: message }, s.token);
      }).then(function (res) {
        // 401: the token expired. An HTTP error of unknown status (Alipay) may be one too: renew once.
        if ((res.status === 401 || res.httpError) && !renewed) {
          api.setToken(null);
          return attempt(true);
        }
        return res;
      });
    };
    return attempt(false).then(function (res) {
      if (res.status === 200 && res.data && Array.isArray(res.data.messages)) return { ok: true, items: res.data.messages };
      return { ok: false, error: errorMessage(res.status, res.data) };
    }, function (err) {
      return { ok: false, error: err && err.message && !/^request:fail/.test(err.message) ? err.message : NETWORK_ERROR };
    });
  }

  return { send: send, login: login };
}

function dataset(event) {
  return ((event && (event.currentTarget || event.target)) || {}).dataset || {};
}

function count(text) {
  return Array.from(String(text || "").trim()).length;
}

// Give a component its client (in the component's attach / didMount).
function bind(component, client) {
  clients.set(component, client);
}

// The component's state and event handlers, the same on both platforms. ``ops``: {copy(text),
// call(number)}; the client is the one ``bind`` gave the component. State: items (view items and the resident's own bubbles), input, sending,
// error, large (长辈模式), count, scrollTo (the card to land on).
function initialData() {
  return { items: [], input: "", sending: false, error: "", large: false, maxChars: MAX_CHARS, count: 0, scrollTo: "" };
}

function chatMethods(ops) {
  return {
    // Send ``text``; ``shown`` is the resident's bubble (null: nothing shown, as for the greeting).
    deliver: function (text, shown) {
      var self = this;
      var client = clients.get(self);
      if (!client || self.data.sending) return Promise.resolve(false);
      var items = self.data.items.slice();
      var mine = shown === null ? -1 : items.length;
      if (shown !== null) items.push({ key: "u" + items.length, kind: "user", text: shown, payload: text, unsent: false });
      self.setData({ items: items, sending: true, error: "" });
      return client.send(text).then(function (result) {
        var now = self.data.items.slice();
        if (result.ok) {
          var shownItems = viewItems(result.items, now.length);
          var card = shownItems.filter(function (i) { return i.kind === "card"; })[0];
          self.setData({ items: now.concat(shownItems), sending: false, scrollTo: card ? card.key : self.data.scrollTo });
          return true;
        }
        if (mine >= 0) now[mine] = Object.assign({}, now[mine], { unsent: true });
        self.setData({ items: now, sending: false, error: result.error });
        return false;
      });
    },

    onInput: function (event) {
      var value = String((event && event.detail && event.detail.value) || "");
      this.setData({ input: value, count: count(value) });
    },

    onSend: function () {
      var self = this;
      var text = self.data.input;
      if (!text.trim() || self.data.sending) return Promise.resolve(false);
      self.setData({ input: "", count: 0 });
      return self.deliver(text, text.trim()).then(function (ok) {
        if (!ok && !self.data.input) self.setData({ input: text, count: count(text) });  // nothing typed is lost
        return ok;
      });
    },

    onQuickReply: function (event) {
      var data = dataset(event);
      return this.deliver(String(data.payload), String(data.title));
    },

    onRetry: function (event) {
      var index = Number(dataset(event).index);
      var item = this.data.items[index];
      if (!item || !item.unsent) return Promise.resolve(false);
      var items = this.data.items.slice();
      items.splice(index, 1);
      this.setData({ items: items });
      return this.deliver(item.payload, item.text);
    },

    onFold: function (event) {
      var index = Number(dataset(event).index);
      var items = this.data.items.slice();
      items[index] = Object.assign({}, items[index], { open: !items[index].open });
      this.setData({ items: items });
    },

    onCopy: function (event) { ops.copy(String(dataset(event).text || "")); },

    onCall: function (event) { ops.call(String(dataset(event).number || "")); },

    onElder: function () { this.setData({ large: !this.data.large }); }
  };
}

module.exports = {
  createClient: createClient, viewItems: viewItems, chatMethods: chatMethods, initialData: initialData, bind: bind,
  TOKEN_KEY: TOKEN_KEY, MAX_CHARS: MAX_CHARS, NETWORK_ERROR: NETWORK_ERROR
};
