// The mini-program chat page, as a web page: the reference client of channels/miniprogram.py.
// It does what the WeChat / Alipay page does with wx.request / my.request: log in with a code, keep the
// token for the session, send messages with "Authorization: Bearer <token>", render the reply items.
// No build step, no dependency. Text from the server is always set with textContent (never as HTML).
"use strict";

(function () {
  var MAX_CHARS = 500;
  var STORE_KEY = "miniprogram.session";
  var API = apiBase(window.location.pathname);

  var FIELD_LABELS = {
    region: "地区",
    coverage_year: "参保年度",
    data_year: "所用标准年度",
    stale: "沿用往年标准",
    status: "结论",
    scheme: "参保类别",
    personal_fee: "个人缴费",
    fee_options: "缴费档次",
    enrollment_window: "集中参保期",
    in_window: "现在是否在参保期内",
    waiting_months: "待遇等待期（月）",
    benefit_start: "待遇开始时间",
    channels: "缴费渠道",
    citations: "政策依据"
  };

  var STATUS = { eligible: "可以参保", not_eligible: "不能按此情况参保", needs_info: "还需了解情况", invalid: "输入有误" };

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

  function formatValue(value) {
    if (value === null || value === undefined || value === "") return "—";
    if (value === true) return "是";
    if (value === false) return "否";
    if (Array.isArray(value)) return value.length ? value.map(formatValue).join("；") : "—";
    if (typeof value === "object") {
      return Object.keys(value).map(function (key) { return formatValue(value[key]); })
        .filter(function (part) { return part !== "—"; }).join(" ");
    }
    return String(value);
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

  function renderCard(item) {
    var card = make("div", "card");
    var head = make("div", "card-head");
    head.appendChild(make("strong", "card-title", "参保答复卡"));
    if (item.reference) head.appendChild(make("span", "card-ref", "编号 " + item.reference));
    card.appendChild(head);

    var fields = item.fields && typeof item.fields === "object" ? item.fields : {};
    var table = make("table", "card-fields");
    var body = make("tbody");
    Object.keys(fields).forEach(function (key) {
      var row = make("tr");
      row.setAttribute("data-field", key);
      row.appendChild(make("th", null, FIELD_LABELS[key] || key));
      row.appendChild(make("td", null, key === "status" ? (STATUS[fields[key]] || fields[key]) : formatValue(fields[key])));
      body.appendChild(row);
    });
    table.appendChild(body);
    card.appendChild(table);

    var details = make("details", "card-plain");
    details.appendChild(make("summary", null, "查看可复制的全文"));
    details.appendChild(make("pre", "card-text", item.plain_text || ""));
    card.appendChild(details);

    var copy = make("button", "card-copy", "复制");
    copy.type = "button";
    copy.addEventListener("click", function () {
      copyText(item.plain_text || "").then(function () {
        copy.textContent = "已复制";
        window.setTimeout(function () { copy.textContent = "复制"; }, 2000);
      }, function () {
        showError("复制失败，请展开全文后长按手动复制。");
      });
    });
    card.appendChild(copy);

    var li = make("li", "msg bot");
    li.appendChild(card);
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
    (items || []).forEach(function (item) {
      if (item.type === "text") bubble("bot", item.text);
      else if (item.type === "buttons") renderButtons(item);
      else if (item.type === "card") renderCard(item);
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

  function send(text, shown) {
    var session = loadSession();
    if (!session) { expired("登录已过期，请重新登录。"); return; }
    var trimmed = text.trim();
    if (!trimmed) { showError("消息不能为空"); return; }
    if (Array.from(trimmed).length > MAX_CHARS) { showError("消息不能超过500个字，请分几次发送"); return; }
    showError("");
    bubble("user", shown || trimmed);
    setSending(true);
    var typing = append(make("li", "msg bot typing", "助手正在输入…"));
    post("/webhook", { message: trimmed }, session.token).then(function (result) {
      typing.remove();
      if (result.status === 200 && result.data && Array.isArray(result.data.messages)) {
        renderItems(result.data.messages);
        if (!result.data.messages.length) bubble("bot note", "（助手没有回复）");
      } else if (result.status === 401) {
        expired(errorMessage(result));
      } else {
        showError(errorMessage(result));
      }
    }, function () {
      typing.remove();
      showError(NETWORK_ERROR);
    }).then(function () { setSending(false); });
  }

  function sendInput() {
    if (sending) return;
    var text = el.input.value;
    if (!text.trim()) { showError("消息不能为空"); return; }
    if (Array.from(text.trim()).length > MAX_CHARS) { showError("消息不能超过500个字，请分几次发送"); return; }
    el.input.value = "";
    updateCounter();
    send(text);
  }

  function login() {
    var platform = el.platform.value;
    var code = el.code.value.trim();
    if (!code) { showError("请填写登录凭证（code）。"); return; }
    showError("");
    el.login.disabled = true;
    post("/login", { platform: platform, code: code }).then(function (result) {
      if (result.status === 200 && result.data && result.data.token) {
        saveSession({
          token: result.data.token, platform: platform,
          expiresAt: Date.now() + 1000 * (Number(result.data.expires_in) || 0)
        });
        el.messages.textContent = "";
        showChat(true);
        bubble("bot note", "已登录。请直接输入您的问题，例如“我在杭州，今年交多少钱？”");
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
    ["app", "platform", "code", "login", "logout", "input", "send", "messages", "error", "counter", "composer"]
      .forEach(function (id) { el[id] = document.getElementById(id); });
    el.loginPanel = document.getElementById("login-panel");
    el.chatPanel = document.getElementById("chat-panel");

    el.login.addEventListener("click", login);
    el.code.addEventListener("keydown", function (event) { if (event.key === "Enter") login(); });
    el.logout.addEventListener("click", logout);
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
