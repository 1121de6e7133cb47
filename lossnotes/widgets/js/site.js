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

async function strings(base, lang) {
  if (!lang || lang.startsWith("en")) return {};
  const response = await fetch(new URL(`i18n/${lang.slice(0, 2)}.json`, base));
  return response.ok ? response.json() : {};
}

/** Mount every explorer of the document; returns when all are live. */
export async function mountAll(doc = document) {
  const base = new URL(".", import.meta.url);
  const mounts = [...doc.querySelectorAll(".lossnotes-live[data-module]")];
  if (!mounts.length) return;
  const catalogue = await strings(base, doc.documentElement.lang);
  await Promise.all(mounts.map(async (mount) => {
    const spec = JSON.parse(mount.querySelector("script[type='application/json']").textContent);
    const module = await import(new URL(mount.dataset.module, base));
    const model = createModel({ ...spec.state, title: spec.title || "", caption: spec.caption || "", strings: catalogue });
    const el = mount.querySelector(".lossnotes-live-view");
    module.default.render({ model, el });
    mount.classList.add("is-live");
  }));
  doc.documentElement.dataset.explorersLive = String(mounts.length);
}

/** Resolves when the document has been parsed ("interactive"), before deferred scripts run. */
function parsed(doc) {
  if (doc.readyState !== "loading") return Promise.resolve();
  return new Promise((resolve) => doc.addEventListener("readystatechange", resolve, { once: true }));
}

// The page loads this module with `async`: it may run while the page is still being parsed.
parsed(document).then(() => mountAll());
