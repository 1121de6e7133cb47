// Drive ui.js's saveSoon on a virtual clock (tests/test_widgets.py): when do an explorer's steps
// reach the kernel (model.save_changes)?  No real time passes, so the answer is exact.
import { saveSoon } from "../../lossnotes/widgets/js/ui.js";

/**
 * `events`: [[t in ms, "step" | "focusout" | "pagehide"], ...] in time order, for one model.
 * Returns the virtual times at which save_changes was called (timers run until all are done).
 */
export function saves(events) {
  const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout,
                 performance: globalThis.performance };
  let now = 0;
  let next = 1;
  const timers = new Map(); // id -> [due, fn]
  globalThis.setTimeout = (fn, ms = 0) => { timers.set(next, [now + ms, fn]); return next++; };
  globalThis.clearTimeout = (id) => { timers.delete(id); };
  Object.defineProperty(globalThis, "performance", { value: { now: () => now }, configurable: true, writable: true });
  globalThis.document ??= new EventTarget(); // the same targets for every call: saveSoon listens once
  globalThis.window ??= new EventTarget();
  const runUntil = (t) => {
    for (;;) {
      const due = [...timers].filter(([, [at]]) => at <= t).sort((a, b) => a[1][0] - b[1][0] || a[0] - b[0]);
      if (!due.length) break;
      const [id, [at, fn]] = due[0];
      timers.delete(id);
      now = at;
      fn();
    }
    now = Math.max(now, t);
  };
  const out = [];
  const model = { save_changes() { out.push(now); } };
  try {
    for (const [t, what] of events) {
      runUntil(t);
      if (what === "step") saveSoon(model);
      else if (what === "focusout") globalThis.document.dispatchEvent(new Event("focusout"));
      else if (what === "pagehide") globalThis.window.dispatchEvent(new Event("pagehide"));
      else throw new Error(`unknown event ${what}`);
    }
    runUntil(now + 60_000);
  } finally {
    globalThis.setTimeout = real.setTimeout;
    globalThis.clearTimeout = real.clearTimeout;
    Object.defineProperty(globalThis, "performance", { value: real.performance, configurable: true, writable: true });
  }
  return out;
}
