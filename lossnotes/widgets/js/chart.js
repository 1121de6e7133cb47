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

/** Ticks of a [min, max] axis at a "nice" step (min may be negative). */
export function ticksBetween(min, max, count = 5) {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + 1e-9 * step; v += step) out.push(Number(v.toFixed(10)) + 0);
  return out;
}

/** A log scale [d0, d1] -> [r0, r1] (clamped), as `scale`. */
export function logScale(d0, d1, r0, r1) {
  const l0 = Math.log(d0), l1 = Math.log(d1);
  const f = (x) => {
    const u = (Math.log(x) - l0) / (l1 - l0);
    const c = Number.isFinite(u) ? Math.min(Math.max(u, 0), 1) : (u > 0 ? 1 : 0);
    return r0 + c * (r1 - r0);
  };
  f.domain = [d0, d1];
  return f;
}

/** Ticks 1, 2, 5 × 10^k inside [lo, hi] for a log axis. */
export function logTicks(lo, hi) {
  const out = [];
  for (let k = Math.floor(Math.log10(lo)) - 1; k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** k).toPrecision(6));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}

/**
 * An SVG plot frame: x and y scales, axes with ticks and labels, inside a viewBox of `width` ×
 * `height`.  Returns {svg, x, y, plot (a <g> clipped to the plotting area), left, right, top, bottom}.
 * Options: xlim, ylim ([min, max]); xlog, ylog (logarithmic axes); xticks, yticks (default: nice
 * ticks of the range); xlabel, ylabel; margins {left, right, top, bottom}; clipPad (px the clip
 * reaches above and below the area, so that markers on its edge stay whole).
 */
export function plotFrame({ width = 420, height = 240, xlim, ylim, xlog = false, ylog = false, xticks, yticks,
  xlabel = "", ylabel = "", margins = {}, clipPad = 0 }) {
  const m = { left: 48, right: 12, top: 12, bottom: 40, ...margins };
  const root = svg("svg", { class: "ln-chart", viewBox: `0 0 ${width} ${height}`, role: "img" });
  const x = (xlog ? logScale : scale)(xlim[0], xlim[1], m.left, width - m.right);
  const y = (ylog ? logScale : scale)(ylim[0], ylim[1], height - m.bottom, m.top);
  const clipId = `ln-clip-${Math.random().toString(36).slice(2, 9)}`;
  svg("rect", { x: m.left, y: m.top - clipPad, width: width - m.left - m.right, height: height - m.top - m.bottom + 2 * clipPad },
    svg("clipPath", { id: clipId }, svg("defs", {}, root)));
  for (const tk of xticks ?? (xlog ? logTicks : ticksBetween)(xlim[0], xlim[1])) {
    svg("line", { x1: x(tk), x2: x(tk), y1: height - m.bottom, y2: height - m.bottom + 4, class: "ln-axis" }, root);
    setText(svg("text", { x: x(tk), y: height - m.bottom + 16, "text-anchor": "middle" }, root), String(tk));
  }
  for (const tk of yticks ?? (ylog ? logTicks(ylim[0], ylim[1]) : ticksBetween(ylim[0], ylim[1], 4))) {
    svg("line", { x1: m.left - 4, x2: m.left, y1: y(tk), y2: y(tk), class: "ln-axis" }, root);
    setText(svg("text", { x: m.left - 7, y: y(tk) + 4, "text-anchor": "end" }, root), String(tk));
  }
  svg("line", { x1: m.left, x2: m.left, y1: m.top, y2: height - m.bottom, class: "ln-axis" }, root);
  svg("line", { x1: m.left, x2: width - m.right, y1: height - m.bottom, y2: height - m.bottom, class: "ln-axis" }, root);
  if (xlabel) setText(svg("text", { x: (m.left + width - m.right) / 2, y: height - 6, "text-anchor": "middle" }, root), xlabel);
  if (ylabel) {
    setText(svg("text", { transform: `translate(12 ${(m.top + height - m.bottom) / 2}) rotate(-90)`, "text-anchor": "middle" }, root), ylabel);
  }
  const plot = svg("g", { "clip-path": `url(#${clipId})` }, root);
  return { svg: root, x, y, plot, left: m.left, right: width - m.right, top: m.top, bottom: height - m.bottom };
}

/** The `d` of an SVG path through (xs[i], ys[i]) in data units; non-finite points break the line. */
export function linePath(xs, ys, x, y) {
  let d = "";
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const yi = ys[i];
    if (!Number.isFinite(yi)) { pen = false; continue; }
    d += `${pen ? "L" : "M"}${x(xs[i]).toFixed(2)},${y(yi).toFixed(2)}`;
    pen = true;
  }
  return d;
}

/** Dash patterns that tell lines apart without colour (first solid), as lossnotes.plots. */
export const DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2"];

/** A legend row per series: [{label, color, dash}] drawn at (x, y) downwards. */
export function legend(parent, items, x0, y0) {
  const g = svg("g", {}, parent);
  items.forEach((it, i) => {
    const yy = y0 + i * 15;
    svg("line", { x1: x0, x2: x0 + 22, y1: yy, y2: yy, stroke: it.color, "stroke-width": 2.5, "stroke-dasharray": it.dash || "" }, g);
    setText(svg("text", { x: x0 + 27, y: yy + 4 }, g), it.label);
  });
  return g;
}

/**
 * A frame for bars over `n` categories on a probability axis [0, 1] (ticks every 0.25), in a
 * viewBox of `width` × `height`.  Returns {svg, y, band, left, right, top, bottom}: category i
 * is centred at left + band·(i + ½).
 */
export function probabilityBars({ width, height, left, right, top, bottom, n }) {
  const root = svg("svg", { class: "ln-chart", viewBox: `0 0 ${width} ${height}`, role: "img" });
  const y = scale(0, 1, height - bottom, top);
  for (const tk of [0, 0.25, 0.5, 0.75, 1]) {
    svg("line", { x1: left - 4, x2: left, y1: y(tk), y2: y(tk), class: "ln-axis" }, root);
    setText(svg("text", { x: left - 7, y: y(tk) + 4, "text-anchor": "end" }, root), String(tk));
  }
  svg("line", { x1: left, x2: left, y1: top, y2: height - bottom, class: "ln-axis" }, root);
  svg("line", { x1: left, x2: width - right, y1: height - bottom, y2: height - bottom, class: "ln-axis" }, root);
  return { svg: root, y, band: (width - right - left) / n, left, right: width - right, top, bottom: height - bottom };
}
