// Mount the explorers on a static page (the course website): no kernel, no server.
//
// Each explorer is written for anywidget (`export default { render({ model, el }) }`).  Here a
// plain object with anywidget's model interface (get, set, on, off, save_changes) stands in for the
// kernel's model, so the very same module runs on the page.  A mount point is
//   <div class="lossnotes-live" data-module="pq.js"> <script type="application/json">{"state": …}</script> …
// written by tools/build_site.py from the explorer's stored output; its state is the notebook's.
// Labels come from the page language's catalogue (i18n/<lang>.json, exported by tools/build_js.py).

/** A model with anywidget's interface, holding `values` in the page. */
export function createModel(values) {
  const data = { ...values };
  const listeners = new Map();
  return {
    get: (key) => data[key],
    set(key, value) {
      data[key] = value;
      for (const cb of listeners.get(`change:${key}`) || []) cb();
    },
    on(event, cb) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(cb);
    },
    off(event, cb) { listeners.get(event)?.delete(cb); },
    save_changes() {},
    send() {},
  };
}

const BASE = new URL(".", import.meta.url);
let catalogue = null;

/** The page language's labels (i18n/<lang>.json; English needs none), fetched once. */
function strings(doc) {
  const lang = doc.documentElement.lang;
  if (!catalogue) {
    catalogue = !lang || lang.startsWith("en") ? Promise.resolve({})
      : fetch(new URL(`i18n/${lang.slice(0, 2)}.json`, BASE)).then((r) => (r.ok ? r.json() : {}));
  }
  return catalogue;
}

const mounted = new WeakMap();
/** Mount one explorer (once): its module renders into the mount point's view. */
function mount(point, doc) {
  if (!mounted.has(point)) {
    mounted.set(point, (async () => {
      const spec = JSON.parse(point.querySelector("script[type='application/json']").textContent);
      const [module, labels] = await Promise.all([import(new URL(point.dataset.module, BASE)), strings(doc)]);
      const model = createModel({ ...spec.state, title: spec.title || "", caption: spec.caption || "", strings: labels });
      module.default.render({ model, el: point.querySelector(".lossnotes-live-view") });
      point.classList.add("is-live");
    })());
  }
  return mounted.get(point);
}

/** Mount every explorer of the document; returns when all are live (then data-explorers-live). */
export async function mountAll(doc = document) {
  const points = [...doc.querySelectorAll(".lossnotes-live[data-module]")];
  if (!points.length) return;
  await Promise.all(points.map((point) => mount(point, doc)));
  doc.documentElement.dataset.explorersLive = String(points.length);
}

/** Resolves when the document has been parsed ("interactive"), before deferred scripts run. */
function parsed(doc) {
  if (doc.readyState !== "loading") return Promise.resolve();
  return new Promise((resolve) => doc.addEventListener("readystatechange", resolve, { once: true }));
}

// The page loads this module with `async`: it usually runs while the page is still being parsed.
// Then each explorer is mounted as soon as the parser has written its mount point (its view is the
// point's last child), without waiting for the rest of a long page, MathJax or the theme's scripts.
if (document.readyState === "loading") {
  const watch = new MutationObserver(() => {
    for (const point of document.querySelectorAll(".lossnotes-live[data-module]")) {
      if (point.querySelector(".lossnotes-live-view")) mount(point, document);
    }
  });
  watch.observe(document, { childList: true, subtree: true });
  parsed(document).then(() => { watch.disconnect(); mountAll(); });
} else {
  mountAll();
}
