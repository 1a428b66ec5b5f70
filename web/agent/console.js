/* 坐席控制台: keyboard-first form → policy engine answer card; lookup by 咨询编号. No dependencies. */
(function () {
  "use strict";

  var API = new URL("api/", document.baseURI).href;
  var TOKEN_KEY = "agentConsoleToken";

  // Form fields: contract fact name → element id (the ids the tests and the Alt shortcuts use).
  var FIELD_IDS = {
    region: "region", age: "age", hukou: "hukou", residence_permit: "permit", student: "student",
    employee_insured: "employee", parent_employee_insured: "parent_employee",
    parent_employee_years: "parent_years", special: "special", gap_years: "gap", tier: "tier", as_of: "date"
  };
  var SHORTCUTS = { 1: "region", 2: "age", 3: "hukou", 4: "student", 5: "employee", 6: "special", 7: "gap", 8: "date", 9: "code" };
  var STATUS = {
    eligible: ["可参保", "ok"], not_eligible: ["不符合参保条件", "no"],
    needs_info: ["需补充信息", "ask"], invalid: ["输入有误", "bad"], answered: ["全家答复", "ok"]
  };

  var $ = function (id) { return document.getElementById(id); };
  var els = {};
  var meta = null;
  var current = null;  // the result on screen (its card, 微信版 and code)
  var previewTimer = null;
  var previewSeq = 0;

  function token() { return sessionStorage.getItem(TOKEN_KEY) || ""; }

  function showError(message) {
    els.error.textContent = message || "";
    els.error.hidden = !message;
  }

  function api(method, path, body) {
    var headers = { "Accept": "application/json" };
    if (token()) headers.Authorization = "Bearer " + token();
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(API + path, {
      method: method, headers: headers, cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (res.status === 401 && path !== "login") {
          sessionStorage.removeItem(TOKEN_KEY);
          showLogin();
        }
        if (!res.ok) {
          var err = new Error((data.error && data.error.message) || ("服务器返回 " + res.status));
          err.status = res.status;
          throw err;
        }
        return data;
      });
    }, function () {
      throw new Error("无法连接服务器，请检查网络后重试。");
    });
  }

  // ---- login ------------------------------------------------------------------------------

  function showLogin() {
    els.console.hidden = true;
    els.logout.hidden = true;
    els.loginPanel.hidden = false;
    els.token.value = "";
    els.token.focus();
  }

  function showConsole() {
    els.loginPanel.hidden = true;
    els.console.hidden = false;
    els.logout.hidden = false;
    els.region.focus();
  }

  function login(event) {
    event.preventDefault();
    var given = els.token.value.trim();
    if (!given) { els.token.focus(); return; }
    showError("");
    api("POST", "login", { token: given }).then(function () {
      sessionStorage.setItem(TOKEN_KEY, given);
      return loadMeta();
    }).then(showConsole).catch(function (err) {
      showError(err.message);
      els.token.select();
      els.token.focus();
    });
  }

  function option(value, text) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    return o;
  }

  function loadMeta() {
    return api("GET", "meta").then(function (data) {
      meta = data;
      els.today.textContent = "今天 " + data.today + " · 规则版本 " + data.rule_version;
      els.date.placeholder = "留空＝今天 " + data.today;
      if (!els.region.options.length) {
        els.region.appendChild(option("", "请选择"));
        data.regions.forEach(function (r, i) { els.region.appendChild(option(r.code, (i + 1) + " " + r.name)); });
        data.student.forEach(function (s, i) { els.student.appendChild(option(s.code, (i + 1) + " " + s.name)); });
        (data.faq_topics || []).forEach(function (t) { els.faqTopic.appendChild(option(t.code, t.name)); });
        data.special_groups.forEach(function (g) {
          var label = document.createElement("label");
          var box = document.createElement("input");
          box.type = "checkbox";
          box.id = "special-" + g.code;
          box.value = g.code;
          box.tabIndex = -1;
          var name = document.createElement("span");
          name.textContent = g.name;
          label.title = g.name;
          label.appendChild(box);
          label.appendChild(name);
          els.special.appendChild(label);
        });
      }
    });
  }

  // ---- the facts form -----------------------------------------------------------------------

  function specialBoxes() { return Array.prototype.slice.call(els.special.querySelectorAll("input[type=checkbox]")); }

  function normaliseDate(text) {
    var t = text.trim().replace(/[年月./]/g, "-").replace(/日$/, "");
    var m = /^(\d{4})-?(\d{1,2})-?(\d{1,2})$/.exec(t);
    if (!m) return text.trim();
    return m[1] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[3]).slice(-2);
  }

  function numberOrText(text, integer) {
    var t = text.trim();
    var ok = integer ? /^\d+$/.test(t) : /^\d+(\.\d+)?$/.test(t);
    return ok ? Number(t) : t;  // anything else goes to the engine as typed: it names the field in its message
  }

  // Unknown = left out: the engine then asks only for what can change the answer.
  function readFacts() {
    var facts = {};
    var region = els.region.value;
    if (region) facts.region = region;
    if (els.age.value.trim()) facts.age = numberOrText(els.age.value, true);
    ["hukou", "student", "tier"].forEach(function (id) { if (els[id].value) facts[els[id].name] = els[id].value; });
    ["permit", "employee", "parent_employee"].forEach(function (id) {
      if (els[id].value) facts[els[id].name] = els[id].value === "true";
    });
    if (els.parent_years.value.trim()) facts.parent_employee_years = numberOrText(els.parent_years.value, false);
    if (els.gap.value.trim()) facts.gap_years = numberOrText(els.gap.value, true);
    if (els.date.value.trim()) facts.as_of = els.date.value = normaliseDate(els.date.value);
    var boxes = specialBoxes();
    var chosen = boxes.filter(function (b) { return b.checked && b.value; }).map(function (b) { return b.value; });
    if (chosen.length) facts.special = chosen;
    else if ($("special-none").checked) facts.special = [];
    return facts;
  }

  function fillForm(facts) {
    clearForm(false);
    Object.keys(FIELD_IDS).forEach(function (name) {
      var el = $(FIELD_IDS[name]);
      var value = facts[name];
      if (value === undefined || value === null || name === "special") return;
      el.value = String(value);
    });
    if (Array.isArray(facts.special)) {
      if (!facts.special.length) $("special-none").checked = true;
      facts.special.forEach(function (code) { var b = $("special-" + code); if (b) b.checked = true; });
    }
  }

  function clearForm(alsoResult) {
    els.factsForm.reset();
    specialBoxes().forEach(function (b) { b.checked = false; });
    document.querySelectorAll(".need").forEach(function (el) { el.classList.remove("need"); });
    if (alsoResult) {
      els.code.value = "";
      showError("");
      showResult(null);
    }
  }

  function onSpecialChange(event) {
    var box = event.target;
    if (!box.checked) return;
    if (box.id === "special-none") specialBoxes().forEach(function (b) { if (b !== box) b.checked = false; });
    else $("special-none").checked = false;
  }

  // One tab stop for the whole group: arrows move between boxes, Space ticks (roving tabindex).
  function onSpecialKey(event) {
    var keys = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: "first", End: "last" };
    if (!(event.key in keys)) return;
    var boxes = specialBoxes();
    var at = boxes.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    var step = keys[event.key];
    var next = step === "first" ? 0 : step === "last" ? boxes.length - 1 : (at + step + boxes.length) % boxes.length;
    moveSpecialFocus(boxes, next);
  }

  function moveSpecialFocus(boxes, index) {
    boxes.forEach(function (b, i) { b.tabIndex = i === index ? 0 : -1; });
    boxes[index].focus();
  }

  function focusField(id) {
    if (id === "special") {
      var boxes = specialBoxes();
      var current = boxes.filter(function (b) { return b.tabIndex === 0; })[0] || boxes[0];
      current.focus();
      return;
    }
    var el = $(id);
    if (el) { el.focus(); if (el.select && el.tagName === "INPUT") el.select(); }
  }

  // ---- answers ------------------------------------------------------------------------------

  function list(el, items, text) {
    el.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = text(item);
      el.appendChild(li);
    });
  }

  function fieldOfError(error) {
    return error && FIELD_IDS[error.field] ? FIELD_IDS[error.field] : null;
  }

  var NOTE_KINDS = {agent: "经办解读", referral: "转介", stale: "标准年度", resident: ""};

  function showResult(data, metaLine) {
    document.querySelectorAll(".need").forEach(function (el) { el.classList.remove("need"); });
    els.copied.hidden = true;
    els.warning.hidden = true;
    if (!data) {
      els.status.hidden = true;
      els.resultMeta.textContent = "";
      els.missing.hidden = true;
      els.card.textContent = "填写左侧情况后按 Enter，或输入来电人的咨询编号查找。";
      els.copy.disabled = true;
      els.copyWechat.disabled = true;
      els.spokenBox.hidden = true;
      els.spoken.textContent = "";
      els.detail.textContent = "";
      els.detailBox.hidden = true;
      els.transcript.textContent = "";
      els.transcriptBox.hidden = true;
      current = null;
      els.citations.textContent = "";
      els.notes.textContent = "";
      els.why.textContent = "";
      els.whyBox.hidden = true;
      els.compare.textContent = "";
      els.compareBox.hidden = true;
      return;
    }
    var answer = data.answer || {};
    var status = STATUS[answer.status] || [answer.status || "", ""];
    els.status.textContent = status[0];
    els.status.className = "status " + status[1];
    els.status.hidden = !status[0];
    els.resultMeta.textContent = metaLine || "";
    els.card.textContent = data.card || "";
    current = data;
    // a 需补充信息 / 输入有误 card is not given to anyone: no copy, no 口播
    els.copy.disabled = !(data.card && data.copyable);
    els.copyWechat.disabled = !(data.wechat && data.copyable);
    els.spoken.textContent = data.copyable ? (data.spoken || "") : "";
    els.spokenBox.hidden = !els.spoken.textContent;
    list(els.detail, data.detail || [], function (line) { return line; });
    list(els.transcript, data.transcript || [], function (line) { return line; });
    els.transcriptBox.hidden = !(data.transcript && data.transcript.length);
    els.detailBox.hidden = !(data.detail && data.detail.length);
    list(els.citations, data.citations || [], function (c) { return c.document + "　" + c.clause; });
    list(els.notes, data.notes || [], function (n) {
      var kind = NOTE_KINDS[n.kind];
      return (kind ? "〔" + kind + "〕" : "") + n.text;
    });
    list(els.why, data.why || [], function (line) { return line; });
    els.whyBox.hidden = !(data.why && data.why.length);
    list(els.compare, data.what_if || [], function (line) { return line; });
    els.compareBox.hidden = !(data.what_if && data.what_if.length);
    return showNeeded(data.missing || [], data.errors || []);
  }

  // ---- 本班次的查询 (Ctrl+H): the answers this agent was shown, newest first, kept for the browser session

  var RECENT_KEY = "agentConsoleRecent";

  function recent() {
    try { return JSON.parse(sessionStorage.getItem(RECENT_KEY) || "[]"); } catch (e) { return []; }
  }

  function remember(data, line) {
    if (!data || !data.card) return;
    var list = recent().filter(function (r) { return r.card !== data.card; });
    list.unshift({ at: new Date().toLocaleTimeString("zh-CN", { hour12: false }), line: line || "", card: data.card,
      wechat: data.wechat || "", spoken: data.spoken || "", copyable: Boolean(data.copyable),
      status: (data.answer || {}).status || "" });
    try { sessionStorage.setItem(RECENT_KEY, JSON.stringify(list.slice(0, 30))); } catch (e) { /* full: keep going */ }
    drawRecent();
  }

  function drawRecent() {
    els.recentList.textContent = "";
    recent().forEach(function (r) {
      var li = document.createElement("li");
      li.tabIndex = 0;
      li.textContent = r.at + "　" + (r.line || r.card.split("\n")[0]);
      var show = function () { showResult({ answer: { status: r.status }, card: r.card, wechat: r.wechat, spoken: r.spoken,
        copyable: r.copyable }, "重新显示 · " + r.line); };
      li.addEventListener("click", show);
      li.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); show(); } });
      els.recentList.appendChild(li);
    });
  }

  function toggleRecent() {
    els.recent.hidden = !els.recent.hidden;
    if (!els.recent.hidden) {
      drawRecent();
      var first = els.recentList.querySelector("li");
      if (first) first.focus();
    }
  }

  function askFaq(event) {
    event.preventDefault();
    showError("");
    if (!els.region.value) { showError("请先选择地区（Alt+1）。"); els.region.focus(); return; }
    showResult(null);
    var topic = els.faqTopic.value;
    api("GET", "faq?region=" + encodeURIComponent(els.region.value) + "&topic=" + encodeURIComponent(topic)).then(function (data) {
      var line = "政策问答 · " + (els.faqTopic.selectedOptions[0] || {}).textContent;
      showResult(data, line);
      remember(data, line);
      if (!els.copy.disabled) els.copy.focus();
    }).catch(function (err) { showError(err.message); });
  }

  function afterAnswer(marked) {
    // A complete answer: straight to 复制. Something missing or wrong: to the first field to fix.
    if (marked && marked.length) focusField(marked[0]);
    else if (!els.copy.disabled) els.copy.focus();
  }

  function answerMeta(answer) {
    if (!answer.region) return "";
    var parts = [answer.region.name, answer.coverage_year + "年度"];
    if (answer.scheme) parts.push(answer.scheme.name);
    if (answer.stale) parts.push("按" + answer.data_year + "年度标准");
    return parts.join(" · ");
  }

  function submitFacts(event) {
    event.preventDefault();
    if (family) { submitFamily(); return; }
    showError("");
    var facts = readFacts();
    if (!facts.region) {
      showError("请先选择地区（Alt+1）。");
      els.region.classList.add("need");
      els.region.focus();
      return;
    }
    els.submit.disabled = true;
    window.clearTimeout(previewTimer);
    previewSeq += 1;  // a preview still under way must not overwrite this answer
    showResult(null);  // the previous caller's card never stays on screen
    api("POST", "quote?record=1", facts).then(function (data) {
      var line = answerMeta(data.answer) + " · 办理日期 " + (facts.as_of || data.today);
      if (data.code) line += " · 咨询编号 " + data.code;
      afterAnswer(showResult(data, line));
      remember(data, line);
    }).catch(function (err) { showError(err.message); }).then(function () { els.submit.disabled = false; });
  }

  // While the agent types: every fact still needed, at once, without pressing Enter (not filed).
  function schedulePreview() {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(family ? familyPreview : preview, 250);
  }

  function preview() {
    var facts = readFacts();
    if (!facts.region) return;
    var seq = ++previewSeq;
    api("POST", "quote", facts).then(function (data) {
      if (seq !== previewSeq) return;  // typed on since, or Enter pressed
      showNeeded(data.missing || [], data.errors || []);
    }).catch(function () { /* the preview is a help; Enter shows any error */ });
  }

  function showNeeded(missing, errors) {
    document.querySelectorAll(".need").forEach(function (el) { el.classList.remove("need"); });
    els.missing.hidden = !missing.length;
    els.missing.textContent = missing.length
      ? "还需要了解：" + missing.map(function (m) { return m.label; }).join("、") + "（已在左侧标出）" : "";
    var marked = [];
    missing.forEach(function (m) { if (FIELD_IDS[m.field]) marked.push(FIELD_IDS[m.field]); });
    errors.forEach(function (e) { var id = fieldOfError(e); if (id) marked.push(id); });
    marked.forEach(function (id) { var el = $(id); if (el) el.classList.add("need"); });
    return marked;
  }

  function when(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso;
    return d.toLocaleString("zh-CN", { hour12: false, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  }

  function lookup(event) {
    event.preventDefault();
    showError("");
    var code = els.code.value.trim().replace(/\//g, "");
    if (!code) { els.code.focus(); return; }
    els.lookup.disabled = true;
    showResult(null);  // a mistyped code leaves no earlier caller's card on screen
    api("GET", "answers/" + encodeURIComponent(code)).then(function (entry) {
      var facts = Object.assign({}, entry.facts || {});
      if (entry.answer && entry.answer.region) facts.region = entry.answer.region.code;  // an alias → the code
      if (entry.household) clearForm(false);  // a family: every member is on the card, not in the one-person form
      else fillForm(facts);
      var line = "咨询编号 " + entry.code + " · 记录于 " + when(entry.created_at) + " · 渠道 " + entry.channel +
        (entry.household ? " · 全家" + (entry.members || []).length + "人" : "");
      showResult(entry, line);
      remember(entry, line);
      if (entry.current_rule_version && entry.rule_version !== entry.current_rule_version) {
        els.warning.textContent = "该答复按当时的规则（版本 " + entry.rule_version + "）生成，现行规则版本为 " +
          entry.current_rule_version + "；如需按现行规则答复，请按 Enter 重新查询。";
        els.warning.hidden = false;
      }
      els.code.value = entry.code;
      afterAnswer([]);
    }).catch(function (err) {
      showError(err.message);
      els.code.focus();
      els.code.select();
    }).then(function () { els.lookup.disabled = false; });
  }

  // ---- 全家模式: one row per member, the household answer live, Enter files it -------------------------

  var family = false;

  function cell(row, node) { var td = document.createElement("td"); td.appendChild(node); row.appendChild(td); return node; }

  function choice(name, options) {
    var select = document.createElement("select");
    select.name = name;
    options.forEach(function (o) { select.appendChild(option(o[0], o[1])); });
    return select;
  }

  function addMember() {
    var rows = els.familyRows;
    var row = document.createElement("tr");
    var label = cell(row, document.createElement("input"));
    label.name = "label"; label.className = "label"; label.value = "成员" + (rows.children.length + 1);
    var age = cell(row, document.createElement("input"));
    age.name = "age"; age.inputMode = "numeric"; age.placeholder = "周岁";
    cell(row, choice("hukou", [["", "未知"], ["local", "本地"], ["nonlocal", "外地"]]));
    cell(row, choice("student", [["", "未知"]].concat((meta.student || []).map(function (x) { return [x.code, x.name]; }))));
    cell(row, choice("employee_insured", [["", "未知"], ["true", "有"], ["false", "无"]]));
    cell(row, choice("special", [["", "未知"], ["none", "无"]].concat((meta.special_groups || []).map(function (g) { return [g.code, g.name]; }))));
    var gap = cell(row, document.createElement("input"));
    gap.name = "gap_years"; gap.inputMode = "numeric"; gap.placeholder = "年";
    cell(row, choice("tier", [["", "未选"], ["一档", "一档"], ["二档", "二档"]]));
    var remove = cell(row, document.createElement("button"));
    remove.type = "button"; remove.textContent = "删除"; remove.title = "删除这一行";
    remove.addEventListener("click", function () { row.remove(); schedulePreview(); });
    rows.appendChild(row);
    label.focus();
    label.select();
  }

  function readMembers() {
    return Array.prototype.map.call(els.familyRows.children, function (row) {
      var m = {};
      row.querySelectorAll("input, select").forEach(function (el) {
        var v = el.value.trim();
        if (!v) return;
        if (el.name === "age" || el.name === "gap_years") m[el.name] = numberOrText(v, true);
        else if (el.name === "employee_insured") m[el.name] = v === "true";
        else if (el.name === "special") m.special = v === "none" ? [] : [v];
        else m[el.name] = v;
      });
      return m;
    });
  }

  function readFamily() {
    var facts = { members: readMembers() };
    if (els.region.value) facts.region = els.region.value;
    if (els.date.value.trim()) facts.as_of = els.date.value = normaliseDate(els.date.value);
    return facts;
  }

  function setFamily(on) {
    family = on;
    els.family.hidden = !on;
    els.familyAdd.hidden = !on;
    els.familyToggle.setAttribute("aria-pressed", String(on));
    els.factsForm.classList.toggle("family-on", on);
    showResult(null);
    if (on && !els.familyRows.children.length) { addMember(); addMember(); }
    else if (on) els.familyRows.querySelector("input").focus();
    else els.region.focus();
  }

  function familyNeeds(data) {
    var pending = (data.pending || []).filter(function (p) { return p.reason === "needs_info"; });
    var labels = (meta && meta.labels) || {};
    els.missing.hidden = !pending.length;
    els.missing.textContent = pending.length ? "还需要了解：" + pending.map(function (p) {
      return p.label + "——" + (p.missing.length ? p.missing.map(function (f) { return labels[f] || f; }).join("、") : "文件未定");
    }).join("；") : "";
    var choices = data.totals_by_choice || {};
    var names = Object.keys(choices);
    els.familyTotal.textContent = data.answer && data.answer.status !== "invalid"
      ? "合计：" + (names.length ? names.map(function (n) { return n + " " + choices[n] + "元"; }).join(" / ") : data.total + "元")
      : "";
  }

  function familyPreview() {
    var facts = readFamily();
    if (!facts.region) return;
    var seq = ++previewSeq;
    api("POST", "household", facts).then(function (data) {
      if (seq === previewSeq) familyNeeds(data);
    }).catch(function () { /* Enter shows any error */ });
  }

  function submitFamily() {
    showError("");
    var facts = readFamily();
    if (!facts.region) { showError("请先选择地区（Alt+1）。"); els.region.focus(); return; }
    window.clearTimeout(previewTimer);
    previewSeq += 1;
    showResult(null);
    api("POST", "household?record=1", facts).then(function (data) {
      var line = (data.answer && data.answer.region ? data.answer.region.name + " · " + data.answer.coverage_year + "年度 · " : "") +
        "全家" + facts.members.length + "人" + (data.code ? " · 咨询编号 " + data.code : "");
      data.copyable = data.copyable && data.answer && data.answer.status === "answered";
      showResult(data, line);
      remember(data, line);
      familyNeeds(data);
      if (!els.copy.disabled) els.copy.focus();
    }).catch(function (err) { showError(err.message); });
  }

  // ---- copy ---------------------------------------------------------------------------------

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.id = "copy-buffer";
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function copied(ok, how) {
    els.copied.textContent = ok ? "已复制" : "复制失败：已选中卡片文字，请按 Ctrl+C";
    els.copied.dataset.method = how;
    els.copied.className = ok ? "" : "failed";
    els.copied.hidden = false;
    if (!ok) {
      var range = document.createRange();
      range.selectNodeContents(els.card);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }
    els.copy.focus();
  }

  function copyCard(which) {
    var wechat = which === "wechat";
    var button = wechat ? els.copyWechat : els.copy;
    var text = wechat ? (current && current.wechat) : els.card.textContent;
    if (!text || button.disabled) return;
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { copied(true, "clipboard"); },
        function () { copied(fallbackCopy(text), "execCommand"); });
    } else {
      copied(fallbackCopy(text), "execCommand");
    }
  }

  // ---- keyboard -----------------------------------------------------------------------------

  function onKey(event) {
    if (els.console.hidden) return;
    if (event.altKey && !event.ctrlKey && !event.metaKey && /^Digit[1-9]$/.test(event.code)) {
      event.preventDefault();
      focusField(SHORTCUTS[event.code.slice(5)]);
      return;
    }
    if (event.ctrlKey && !event.altKey && !event.metaKey && event.code === "KeyH") {
      event.preventDefault();  // the browser's history page stays closed: this is the console's own list
      toggleRecent();
      return;
    }
    if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === "KeyF") {
      event.preventDefault();
      setFamily(!family);
      return;
    }
    if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === "KeyN" && family) {
      event.preventDefault();
      addMember();
      return;
    }
    if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === "KeyW") {
      event.preventDefault();
      copyCard("wechat");
      return;
    }
    if (event.key === "Escape" && !event.altKey && !event.ctrlKey) {
      event.preventDefault();
      clearForm(true);
      els.region.focus();
    }
  }

  // Enter submits from a select or a checkbox too (text inputs submit the form natively).
  function onFormKey(event) {
    var t = event.target;
    if (event.key === "Enter" && !event.isComposing && (t.tagName === "SELECT" || t.type === "checkbox")) {
      event.preventDefault();
      els.factsForm.requestSubmit();
    }
  }

  function init() {
    ["error", "console", "logout", "token", "region", "age", "hukou", "permit", "student", "employee",
      "parent_employee", "parent_years", "special", "gap", "tier", "date", "submit", "code", "lookup",
      "card", "copy", "copied", "spoken", "detail", "citations", "notes", "missing", "status", "warning", "today"].forEach(function (id) {
      els[id] = $(id);
    });
    els.loginPanel = $("login-panel");
    els.factsForm = $("facts-form");
    els.resultMeta = $("result-meta");
    els.why = $("why");
    els.whyBox = $("why-box");
    els.compare = $("compare");
    els.compareBox = $("compare-box");
    els.copyWechat = $("copy-wechat");
    els.spokenBox = $("spoken-box");
    els.detailBox = $("detail-box");
    els.transcript = $("transcript");
    els.transcriptBox = $("transcript-box");
    els.recent = $("recent");
    els.recentList = $("recent-list");
    els.faqTopic = $("faq-topic");
    $("faq-form").addEventListener("submit", askFaq);
    els.family = $("family");
    els.familyRows = $("family-rows");
    els.familyTotal = $("family-total");
    els.familyToggle = $("family-toggle");
    els.familyAdd = $("family-add");
    els.familyToggle.addEventListener("click", function () { setFamily(!family); });
    els.familyAdd.addEventListener("click", addMember);
    els.family.addEventListener("input", schedulePreview);
    els.family.addEventListener("change", schedulePreview);
    els.family.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.isComposing) { event.preventDefault(); submitFamily(); }
    });

    $("login-form").addEventListener("submit", login);
    els.factsForm.addEventListener("submit", submitFacts);
    els.factsForm.addEventListener("keydown", onFormKey);
    $("code-form").addEventListener("submit", lookup);
    $("clear").addEventListener("click", function () { clearForm(true); els.region.focus(); });
    els.copy.addEventListener("click", function () { copyCard("full"); });
    els.copyWechat.addEventListener("click", function () { copyCard("wechat"); });
    els.factsForm.addEventListener("input", schedulePreview);
    els.factsForm.addEventListener("change", schedulePreview);
    els.special.addEventListener("change", onSpecialChange);
    els.special.addEventListener("keydown", onSpecialKey);
    els.logout.addEventListener("click", function () { sessionStorage.removeItem(TOKEN_KEY); showLogin(); });
    document.addEventListener("keydown", onKey);

    if (token()) {
      loadMeta().then(showConsole).catch(function (err) {
        if (err.status !== 401) showError(err.message);
        showLogin();
      });
    } else {
      showLogin();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
