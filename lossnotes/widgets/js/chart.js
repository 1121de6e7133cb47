// SVG drawing for the explorers: a few small helpers instead of a charting library.
//
// Why not d3 or Observable Plot: the explorers draw bars, lines and labels on fixed axes that
// change only in their data.  Creating the elements once and moving them on each key press is a
// few lines here, needs no dependency in the bundle (d3's modules would add ~40 kB), and keeps
// every element plain SVG whose text stays text for screen readers.

export const SVG_NS = "http://www.w3.org/2000/svg";

/** The Okabe–Ito palette (colour-blind safe), as lossnotes.plots.PALETTE and COLORS. */
export const COLORS = {
  p: "#0072B2", q: "#E69F00", m: "#009E73", accent: "#D55E00", purple: "#CC79A7", sky: "#56B4E9", grey: "#777777",
};

/** Create an SVG element with attributes, appended to `parent` when given. */
export function svg(tag, attrs = {}, parent = null) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (parent) parent.appendChild(el);
  return el;
}

/** A linear scale [d0, d1] -> [r0, r1], clamped to the range. */
export function scale(d0, d1, r0, r1) {
  const f = (x) => {
    const t = (x - d0) / (d1 - d0);
    const c = Number.isFinite(t) ? Math.min(Math.max(t, 0), 1) : (t > 0 ? 1 : 0);
    return r0 + c * (r1 - r0);
  };
  f.domain = [d0, d1];
  return f;
}

/** Set the text of an SVG text element (only when it changed: cheaper repaint). */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** Ticks of a [0, max] axis at a "nice" step, for labels. */
export function ticks(max, count = 4) {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const out = [];
  for (let v = 0; v <= max + 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}
