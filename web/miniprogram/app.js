// The mini-program chat page, as a web page: the reference client of channels/miniprogram.py.
// It does what the WeChat / Alipay page does with wx.request / my.request: log in with a code, keep the
// token for the session, send messages with "Authorization: Bearer <token>", render the reply items.
// No build step, no dependency. Text from the server is always set with textContent (never as HTML).
"use strict";

(function () {
  var MAX_CHARS = 500;
  var STORE_KEY = "miniprogram.session";
  var API = apiBase(window.location.pathname);


  var el = {};

  function apiBase(path) {
    var at = path.indexOf("/client");
    return at > 0 ? path.slice(0, at) : "/webhooks/miniprogram";
  }

  // ------------------------------------------------------------------------------------ session storage

  function loadSession() {
    try {
      var session = JSON.parse(window.sessionStorage.getItem(STORE_KEY) || "null");
      if (session && session.token && session.expiresAt > Date.now()) return session;
    } catch (e) { /* unreadable or blocked storage: log in again */ }
    clearSession();
    return null;
  }

  function saveSession(session) {
    try { window.sessionStorage.setItem(STORE_KEY, JSON.stringify(session)); } catch (e) { /* private mode */ }
  }

  function clearSession() {
    try { window.sessionStorage.removeItem(STORE_KEY); } catch (e) { /* nothing to clear */ }
  }

  // ------------------------------------------------------------------------------------------ requests

  // POST JSON; resolves {status, data} (data null when the body is not JSON), rejects on network failure.
  function post(path, body, token) {
    var headers = { "Content-Type": "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    return window.fetch(API + path, {
      method: "POST", headers: headers, body: JSON.stringify(body), credentials: "same-origin", cache: "no-store"
    }).then(function (answer) {
      return answer.text().then(function (text) {
        var data = null;
        try { data = JSON.parse(text); } catch (e) { data = null; }
        return { status: answer.status, data: data };
      });
    });
  }

  function errorMessage(result) {
    if (result.data && result.data.error && result.data.error.message) return result.data.error.message;
    if (result.status === 401) return "登录已失效，请重新登录。";
    if (result.status === 429) return "您发送得有点快，请稍后再试。";
    if (result.status >= 500) return "服务暂时不可用，请稍后再试。";
    return "请求没有成功（" + result.status + "），请稍后再试。";
  }

  var NETWORK_ERROR = "网络连接失败，请检查网络后再试。";

  // ------------------------------------------------------------------------------------------- views

  function showError(message) {
    el.error.textContent = message || "";
    el.error.hidden = !message;
  }

  function showChat(loggedIn) {
    el.loginPanel.hidden = loggedIn;
    el.chatPanel.hidden = !loggedIn;
    el.composer.hidden = !loggedIn;
    el.logout.hidden = !loggedIn;
    (loggedIn ? el.input : el.code).focus();
  }

  function append(node) {
    el.messages.appendChild(node);
    el.chatPanel.scrollTop = el.chatPanel.scrollHeight;
    return node;
  }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function bubble(who, text) {
    var item = make("li", "msg " + who);
    item.appendChild(make("div", "bubble", text));
    return append(item);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = make("textarea", "copy-buffer");
      area.value = text;
      area.setAttribute("readonly", "");
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(area);
      if (done) resolve(); else reject(new Error("copy failed"));
    });
  }

  function copyButton(text, label) {
    var copy = make("button", "card-copy", label || "复制");
    copy.type = "button";
    copy.addEventListener("click", function () {
      copyText(text).then(function () {
        copy.textContent = "已复制";
        window.setTimeout(function () { copy.textContent = label || "复制"; }, 2000);
      }, function () {
        showError("复制失败，请展开全文后长按手动复制。");
      });
    });
    return copy;
  }

  function row(parent, label, text, className) {
    if (!text) return;
    var line = make("div", "card-row" + (className ? " " + className : ""));
    line.appendChild(make("span", "card-label", label));
    line.appendChild(make("span", "card-value", text));
    parent.appendChild(line);
  }

  // The answer as one structured card: conclusion and fee large, the stale banner, the deadline, the
  // main channels, when benefits start; 依据/明细 folded. The words are the server's (policies.card).
  function renderCard(item) {
    var card = make("div", "card");
    var fields = item.fields && typeof item.fields === "object" ? item.fields : {};
    var sec = fields.sections && typeof fields.sections === "object" ? fields.sections : null;
    var head = make("div", "card-head");
    head.appendChild(make("strong", "card-title", "参保答复"));
    if (item.reference) head.appendChild(make("span", "card-ref", "咨询编号 " + item.reference));
    card.appendChild(head);
    if (sec) {
      if (sec.stale) card.appendChild(make("p", "card-stale", sec.stale));
      card.appendChild(make("p", "card-conclusion status-" + (fields.status || ""), sec.conclusion || ""));
      if (sec.fee) card.appendChild(make("p", "card-fee", sec.fee));
      row(card, "截止", sec.deadline ? sec.deadline.replace(/^[^：]*：/, "").replace(/。$/, "") : "");
      if (sec.channels && sec.channels.length) {
        var how = make("div", "card-row card-channels");
        how.appendChild(make("span", "card-label", "怎么缴"));
        var ways = make("ul", "card-value");
        sec.channels.forEach(function (c) { ways.appendChild(make("li", null, c.name + "：" + c.how)); });
        if (sec.more_channels) ways.appendChild(make("li", "muted", "另有" + sec.more_channels + "种方式，点“怎么缴”看全部"));
        how.appendChild(ways);
        card.appendChild(how);
      }
      row(card, "何时能用", sec.benefit);
      row(card, "补缴修复", sec.repair ? sec.repair.replace(/^补缴修复：/, "") : "");
      var more = make("details", "card-plain");
      more.appendChild(make("summary", null, "依据 / 明细"));
      (sec.notes || []).forEach(function (n) { more.appendChild(make("p", "card-note", n)); });
      if (sec.basis) more.appendChild(make("p", "card-basis", sec.basis));
      more.appendChild(make("pre", "card-text", item.plain_text || ""));
      card.appendChild(more);
    } else {  // a card from an older server: its plain text
      card.appendChild(make("pre", "card-text", item.plain_text || ""));
    }
    var actions = make("div", "card-actions");
    actions.appendChild(copyButton(item.plain_text || ""));
    if (item.wechat) actions.appendChild(copyButton(item.wechat, "复制短版"));
    card.appendChild(actions);

    var li = make("li", "msg bot");
    li.appendChild(card);
    append(li);
    return li;
  }

  function renderHandoff(item) {
    var box = make("div", "handoff");
    if (item.reference) box.appendChild(make("p", "handoff-code", "咨询编号 " + item.reference));
    (item.phones || []).forEach(function (p) {
      if (!/^\d{3,12}$/.test(String(p.number || ""))) return;
      var call = make("a", "call", p.label + " " + p.number);
      call.href = "tel:" + p.number;
      box.appendChild(call);
    });
    var li = make("li", "msg bot");
    li.appendChild(box);
    append(li);
  }

  function renderButtons(item) {
    var li = make("li", "msg bot quick-replies");
    (item.buttons || []).forEach(function (button) {
      var node = make("button", "quick-reply", button.title);
      node.type = "button";
      node.setAttribute("data-payload", button.payload);
      node.addEventListener("click", function () {
        if (sending) return;
        Array.prototype.forEach.call(li.querySelectorAll(".quick-reply"), function (b) { b.disabled = true; });
        node.classList.add("chosen");
        send(button.payload, button.title);
      });
      li.appendChild(node);
    });
    append(li);
  }

  function renderItems(items) {
    var top = null;
    (items || []).forEach(function (item) {
      if (item.type === "text") bubble("bot", item.text);
      else if (item.type === "buttons") renderButtons(item);
      else if (item.type === "card") top = renderCard(item);
      else if (item.type === "handoff") renderHandoff(item);
      else if (item.type === "image" && /^https?:\/\//.test(item.url || "")) {
        var li = make("li", "msg bot");
        var link = make("a", "bubble", "查看图片");
        link.href = item.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        li.appendChild(link);
        append(li);
      } else if (item.type === "custom" || item.type === "attachment") {
        var pre = make("li", "msg bot custom");
        pre.appendChild(make("pre", "bubble", JSON.stringify(item.data === undefined ? item : item.data, null, 2)));
        append(pre);
      }
    });
    if (top) el.chatPanel.scrollTop = top.offsetTop - el.chatPanel.offsetTop;  // land on the card's top
  }

  // ---------------------------------------------------------------------------------------- actions

  var sending = false;

  function setSending(value) {
    sending = value;
    el.send.disabled = value;
    el.app.classList.toggle("busy", value);
  }

  function expired(message) {
    clearSession();
    showChat(false);
    showError(message);
  }

  // Send one message. The text stays in the bubble with 重发 when it did not go through; an expired token is
  // renewed with the same login and the message sent again, the conversation staying on screen.
  function send(text, shown, quiet) {
    var session = loadSession();
    if (!session) { expired("登录已过期，请重新登录。"); return Promise.resolve(false); }
    var trimmed = text.trim();
    if (!trimmed) { showError("消息不能为空"); return Promise.resolve(false); }
    if (Array.from(trimmed).length > MAX_CHARS) { showError("消息不能超过500个字，请分几次发送"); return Promise.resolve(false); }
    showError("");
    var mine = quiet ? null : bubble("user", shown || trimmed);
    setSending(true);
    var typing = append(make("li", "msg bot typing", "助手正在输入…"));
    var attempt = function (token, renewed) {
      return post("/webhook", { message: trimmed }, token).then(function (result) {
        if (result.status === 401 && !renewed) {
          return renew(session).then(function (fresh) {
            return fresh ? attempt(fresh.token, true) : result;
          });
        }
        return result;
      });
    };
    return attempt(session.token, false).then(function (result) {
      typing.remove();
      if (result.status === 200 && result.data && Array.isArray(result.data.messages)) {
        renderItems(result.data.messages);
        if (!result.data.messages.length) bubble("bot note", "（助手没有回复）");
        return true;
      }
      if (result.status === 401) { expired(errorMessage(result)); return false; }
      failed(mine, text, shown, errorMessage(result));
      return false;
    }, function () {
      typing.remove();
      failed(mine, text, shown, NETWORK_ERROR);
      return false;
    }).then(function (ok) { setSending(false); return ok; });
  }

  function failed(mine, text, shown, message) {
    showError(message);
    if (!mine) return;
    mine.classList.add("unsent");
    var again = make("button", "resend", "重发");
    again.type = "button";
    again.addEventListener("click", function () {
      if (sending) return;
      mine.remove();
      send(text, shown);
    });
    mine.appendChild(again);
  }

  // A new token for the same resident: the platform login again (wx.login / my.getAuthCode in the real app;
  // here the code given at login). Resolves the new session, or null.
  function renew(session) {
    if (!session.code) return Promise.resolve(null);
    return post("/login", { platform: session.platform, code: session.code }).then(function (result) {
      if (result.status !== 200 || !result.data || !result.data.token) return null;
      var fresh = sessionFrom(result, session.platform, session.code);
      saveSession(fresh);
      return fresh;
    }, function () { return null; });
  }

  function sessionFrom(result, platform, code) {
    return {
      token: result.data.token, platform: platform, code: code,
      expiresAt: Date.now() + 1000 * (Number(result.data.expires_in) || 0)
    };
  }

  function sendInput() {
    if (sending) return;
    var text = el.input.value;
    if (!text.trim()) { showError("消息不能为空"); return; }
    if (Array.from(text.trim()).length > MAX_CHARS) { showError("消息不能超过500个字，请分几次发送"); return; }
    el.input.value = "";
    updateCounter();
    send(text).then(function (ok) {
      if (!ok && !el.input.value) { el.input.value = text; updateCounter(); }  // nothing typed is lost
    });
  }

  function login() {
    var platform = el.platform.value;
    var code = el.code.value.trim();
    if (!code) { showError("请填写登录凭证（code）。"); return; }
    showError("");
    el.login.disabled = true;
    post("/login", { platform: platform, code: code }).then(function (result) {
      if (result.status === 200 && result.data && result.data.token) {
        saveSession(sessionFrom(result, platform, code));
        el.messages.textContent = "";
        showChat(true);
        send("/greet", null, true);  // the opening message with the topic buttons, nothing typed
      } else {
        showError(errorMessage(result));
      }
    }, function () {
      showError(NETWORK_ERROR);
    }).then(function () { el.login.disabled = false; });
  }

  function logout() {
    clearSession();
    el.messages.textContent = "";
    showError("");
    showChat(false);
  }

  function updateCounter() {
    var count = Array.from(el.input.value.trim()).length;
    el.counter.textContent = count + "/" + MAX_CHARS;
    el.counter.classList.toggle("over", count > MAX_CHARS);
  }

  function start() {
    ["app", "platform", "code", "login", "logout", "elder", "input", "send", "messages", "error", "counter", "composer"]
      .forEach(function (id) { el[id] = document.getElementById(id); });
    el.loginPanel = document.getElementById("login-panel");
    el.chatPanel = document.getElementById("chat-panel");

    el.login.addEventListener("click", login);
    el.code.addEventListener("keydown", function (event) { if (event.key === "Enter") login(); });
    el.logout.addEventListener("click", logout);
    el.elder.addEventListener("click", function () {
      var on = !document.body.classList.contains("elder");
      document.body.classList.toggle("elder", on);
      el.elder.setAttribute("aria-pressed", String(on));
      try { window.localStorage.setItem("miniprogram.elder", on ? "1" : ""); } catch (e) { /* private mode */ }
    });
    try { if (window.localStorage.getItem("miniprogram.elder")) el.elder.click(); } catch (e) { /* private mode */ }
    el.send.addEventListener("click", sendInput);
    el.input.addEventListener("input", updateCounter);
    el.input.addEventListener("keydown", function (event) {
      // Enter sends, Shift+Enter is a new line; never while an input method is composing (拼音 candidates).
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        sendInput();
      }
    });

    var session = loadSession();
    if (session) el.platform.value = session.platform || "wechat";
    else el.code.value = "demo-" + Math.random().toString(36).slice(2, 8);
    showChat(Boolean(session));
    updateCounter();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
