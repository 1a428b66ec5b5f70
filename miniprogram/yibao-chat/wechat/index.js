// 医保参保助手 chat, as a WeChat mini-program custom component. Copy the yibao-chat folder into the
// mini-program, list "yibao-chat": "/components/yibao-chat/wechat/index" in a page's usingComponents and use
// <yibao-chat base-url="https://your.host/webhooks/miniprogram" />. wx.request talks to the assistant,
// wx.login gives the login code, wx.setStorageSync keeps the token; the rest is core.js.
"use strict";

var core = require("../core.js");

var TOKEN_KEY = core.TOKEN_KEY;

var api = {
  request: function (options) {
    return new Promise(function (resolve, reject) {
      wx.request({
        url: options.url, method: "POST", header: options.header, data: options.data, dataType: "json",
        success: function (res) { resolve({ status: res.statusCode, data: res.data }); },
        fail: function (err) { reject(new Error(err.errMsg)); }
      });
    });
  },
  login: function () {
    return new Promise(function (resolve, reject) {
      wx.login({
        success: function (res) { resolve(res.code); },
        fail: function (err) { reject(new Error(err.errMsg)); }
      });
    });
  },
  getToken: function () { return wx.getStorageSync(TOKEN_KEY) || null; },
  setToken: function (session) {
    if (session) wx.setStorageSync(TOKEN_KEY, session);
    else wx.removeStorageSync(TOKEN_KEY);
  }
};

Component({
  properties: {
    baseUrl: { type: String, value: "" },
    elder: { type: Boolean, value: false }
  },

  data: core.initialData(),

  lifetimes: {
    attached: function () {
      core.bind(this, core.createClient(this.data.baseUrl, "wechat", api));
      this.setData({ large: this.data.elder });
      this.deliver("/greet", null);  // the opening message with the topic buttons, nothing typed
    }
  },

  methods: core.chatMethods({
    copy: function (text) { wx.setClipboardData({ data: text }); },
    call: function (number) { wx.makePhoneCall({ phoneNumber: number }); }
  })
});
