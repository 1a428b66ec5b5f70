// A DOM for miniprogram-simulate under node:test: it renders components with jsdom's document and
// dispatches jsdom's events (Node's own Event is not a DOM event).
"use strict";

const { JSDOM } = require("jsdom");

const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
for (const name of ["Node", "Element", "HTMLElement", "Event", "CustomEvent", "MutationObserver", "getComputedStyle",
  "requestAnimationFrame", "cancelAnimationFrame"]) {
  Object.defineProperty(global, name, { value: dom.window[name], configurable: true, writable: true });
}
global.window = dom.window;
global.document = dom.window.document;

module.exports = dom;
