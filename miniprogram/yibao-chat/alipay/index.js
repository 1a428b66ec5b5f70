// 医保参保助手 chat, as an Alipay mini-program component. Copy the yibao-chat folder into the mini-program,
// list "yibao-chat": "/components/yibao-chat/alipay/index" in a page's usingComponents and use
// <yibao-chat baseUrl="https://your.host/webhooks/miniprogram" />. my.request talks to the assistant,
// my.getAuthCode gives the login code, my.setStorageSync keeps the token; the rest is core.js.
"use strict";

var core = require("../core.js");

var TOKEN_KEY = core.TOKEN_KEY;

var api = {
  request: function (options) {
    return new Promise(function (resolve, reject) {
      my.request({
        url: options.url, method: "POST", headers: options.header, data: options.data, dataType: "json",
        success: function (res) { resolve({ status: res.status, data: res.data }); },
        fail: function (err) {
          // error 19: the server answered with an HTTP error; Alipay does not say which (@mini-types/my)
          if (err && err.error === 19) resolve({ status: 0, data: null, httpError: true });
          else reject(new Error("request:fail " + ((err && err.errorMessage) || "")));
        }
      });
    });
  },
  login: function () {
    return new Promise(function (resolve, reject) {
      my.getAuthCode({
        scopes: "auth_base",
        success: function (res) { resolve(res.authCode); },
        fail: function (err) { reject(new Error((err && err.errorMessage) || "getAuthCode:fail")); }
      });
    });
  },
  getToken: function () { return my.getStorageSync({ key: TOKEN_KEY }).data || null; },
  setToken: function (session) {
    if (session) my.setStorageSync({ key: TOKEN_KEY, data: session });
    else my.removeStorageSync({ key: TOKEN_KEY });
  }
};

Component({
  props: { baseUrl: "", elder: false },

  data: core.initialData(),

  didMount: function () {
    core.bind(this, core.createClient(this.props.baseUrl, "alipay", api));
    this.setData({ large: this.props.elder });
    this.deliver("/greet", null);  // the opening message with the topic buttons, nothing typed
  },

  methods: core.chatMethods({
    copy: function (text) { my.setClipboard({ text: text }); },
    call: function (number) { my.makePhoneCall({ number: number }); }
  })
});
