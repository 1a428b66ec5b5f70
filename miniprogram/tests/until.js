// Waits for what a step needs instead of a fixed sleep: the fake wx/my answers on timers, and a busy CI
// machine may run them later than a few milliseconds.
"use strict";

async function until(check, what, ms = 3000) {
  const end = Date.now() + ms;
  for (;;) {
    if (check()) return;
    if (Date.now() > end) throw new Error("waited " + ms + " ms for: " + what);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

module.exports = { until };
