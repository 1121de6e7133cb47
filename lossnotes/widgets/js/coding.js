// CodingExplorer in the browser: q's Huffman code used on symbols drawn from p, drawn as bars of
// width p(x) and height L(x) bits (area = expected length), with the ideal lengths -log₂ q(x)
// (dashed, area H(p,q)) and -log₂ p(x) (dotted, area H(p)); the four quantities as bars
// (the Python class: lossnotes.widgets.divergence.CodingExplorer).
//
// Introduced in notebook 03_cross_entropy.
import { cross_entropy, entropy, expected_length, huffman_code, self_information } from "./core.js";
import { COLORS, scale, setText, svg, ticks } from "./chart.js";
import {
  captionElement, explorerRoot, formatValue, h, injectStyle, N_, probabilityEditor, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "CodingExplorer";
export const QUANTITIES = ["H(p)", N_("L(p's code)"), "H(p,q)", N_("L(q's code)")];

/** The numbers the explorer shows for a state {p, q}, in bits: CodingExplorer.readouts in Python. */
export function readouts(state) {
  const { p, q } = state;
  return {
    "H(p)": entropy(p),
    "L(p's code)": expected_length(p, huffman_code(p)),
    "H(p,q)": cross_entropy(p, q),
    "L(q's code)": expected_length(p, huffman_code(q)),
  };
}

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const labels = model.get("labels");
  const n = labels.length;
  const state = () => ({ p: model.get("p"), q: model.get("q") });
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: q's Huffman code used on symbols from p"));
  const set = setter(model);
  const pEditor = probabilityEditor({ symbol: "p", labels, value: model.get("p"), t, onChange: (v) => set("p", v) });
  const qEditor = probabilityEditor({ symbol: "q", labels, value: model.get("q"), t, onChange: (v) => set("q", v) });
  pEditor.element.style.setProperty("--ln-accent", COLORS.p);
  qEditor.element.style.setProperty("--ln-accent", COLORS.q);
  const bits = t("bits");
  const codeName = t("q's code");

  // Left chart: one bar per symbol, width p(x), height = length of q's codeword.
  const ymax = Math.max(n, 4) + 1;
  const W = 420, H = 250, left = 40, right = 10, top = 44, bottom = 40;
  const codeChart = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W} ${H}`, role: "img" });
  const x = scale(0, 1, left, W - right);
  const y = scale(0, ymax, H - bottom, top);
  for (const tk of ticks(ymax, 5)) {
    svg("line", { x1: left - 4, x2: left, y1: y(tk), y2: y(tk), class: "ln-axis" }, codeChart);
    setText(svg("text", { x: left - 7, y: y(tk) + 4, "text-anchor": "end" }, codeChart), String(tk));
  }
  for (const tk of [0, 0.25, 0.5, 0.75, 1]) {
    svg("line", { x1: x(tk), x2: x(tk), y1: H - bottom, y2: H - bottom + 4, class: "ln-axis" }, codeChart);
    setText(svg("text", { x: x(tk), y: H - bottom + 16, "text-anchor": "middle" }, codeChart), String(tk));
  }
  const barGroup = svg("g", {}, codeChart);
  const codeBars = labels.map(() => svg("rect", {
    fill: COLORS.q, "fill-opacity": 0.85, stroke: "#ffffff", "stroke-width": 1.5 }, barGroup));
  const qLine = svg("path", { fill: "none", stroke: COLORS.accent, "stroke-width": 2.2, "stroke-dasharray": "6 3" }, codeChart);
  const pLine = svg("path", { fill: "none", stroke: "currentColor", "stroke-width": 2.2, "stroke-dasharray": "2 3" }, codeChart);
  const inside = labels.map(() => svg("text", { "text-anchor": "middle", style: "fill: #000000", "font-weight": 700 }, codeChart));
  const above = labels.map(() => svg("text", { "text-anchor": "start", "font-weight": 700 }, codeChart));
  svg("line", { x1: left, x2: left, y1: top, y2: H - bottom, class: "ln-axis" }, codeChart);
  svg("line", { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, class: "ln-axis" }, codeChart);
  setText(svg("text", { x: (left + W - right) / 2, y: H - 4, "text-anchor": "middle" }, codeChart),
    t("p(x): share of the messages (bar width)"));
  setText(svg("text", { transform: `translate(11 ${(top + H - bottom) / 2}) rotate(-90)`, "text-anchor": "middle" }, codeChart),
    t("{unit} per symbol (bar height)", { unit: bits }));
  // Legend (three rows above the plot): the bars, the dashed q ideal, the dotted p ideal.
  const lg = svg("g", { "font-size": 11 }, codeChart);
  svg("rect", { x: left, y: 2, width: 18, height: 10, fill: COLORS.q, "fill-opacity": 0.85 }, lg);
  setText(svg("text", { x: left + 24, y: 11 }, lg), t("bar: codeword length L(x)  (area = L)"));
  svg("line", { x1: left, x2: left + 18, y1: 21, y2: 21, stroke: COLORS.accent, "stroke-width": 2.2, "stroke-dasharray": "6 3" }, lg);
  setText(svg("text", { x: left + 24, y: 25 }, lg), t("ideal −log₂ q(x)  (area = H(p,q))"));
  svg("line", { x1: left, x2: left + 18, y1: 35, y2: 35, stroke: "currentColor", "stroke-width": 2.2, "stroke-dasharray": "2 3" }, lg);
  setText(svg("text", { x: left + 24, y: 39 }, lg), t("ideal −log₂ p(x)  (area = H(p))"));

  // Right chart: H(p), L(p's code), H(p,q), L(q's code) as horizontal bars (hatching tells the L rows apart).
  const W2 = 300, H2 = 200, l2 = 96, r2 = 46, t2 = 10, b2 = 40;
  const qChart = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W2} ${H2}`, role: "img" });
  const pid = `ln-hatch-${Math.random().toString(36).slice(2, 9)}`;
  const pattern = svg("pattern", { id: pid, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
    svg("defs", {}, qChart));
  svg("line", { x1: 0, x2: 0, y1: 0, y2: 6, stroke: "#ffffff", "stroke-width": 2 }, pattern);
  const xs = scale(0, ymax, l2, W2 - r2);
  const rowH = (H2 - t2 - b2) / QUANTITIES.length;
  const rowColors = [COLORS.p, COLORS.purple, COLORS.accent, COLORS.q];
  const rows = QUANTITIES.map((key, i) => {
    const yy = t2 + i * rowH + rowH * 0.2;
    setText(svg("text", { x: l2 - 6, y: yy + rowH * 0.45, "text-anchor": "end" }, qChart), t(key));
    const rect = svg("rect", { x: l2, y: yy, height: rowH * 0.6, fill: rowColors[i] }, qChart);
    const hatch = i % 2 === 1 ? svg("rect", { x: l2, y: yy, height: rowH * 0.6, fill: `url(#${pid})` }, qChart) : null;
    const value = svg("text", { y: yy + rowH * 0.45 }, qChart);
    return { rect, hatch, value };
  });
  for (const tk of ticks(ymax, 4)) {
    svg("line", { x1: xs(tk), x2: xs(tk), y1: H2 - b2, y2: H2 - b2 + 4, class: "ln-axis" }, qChart);
    setText(svg("text", { x: xs(tk), y: H2 - b2 + 16, "text-anchor": "middle" }, qChart), String(tk));
  }
  svg("line", { x1: l2, x2: l2, y1: t2, y2: H2 - b2, class: "ln-axis" }, qChart);
  svg("line", { x1: l2, x2: W2 - r2, y1: H2 - b2, y2: H2 - b2, class: "ln-axis" }, qChart);
  setText(svg("text", { x: (l2 + W2 - r2) / 2, y: H2 - 6, "text-anchor": "middle" }, qChart), t("{unit} per symbol", { unit: bits }));

  const panel = readoutPanel(QUANTITIES, QUANTITIES.map((k) => t(k)));
  const codeText = h("p", { class: "ln-caption" });
  // Flex cells with min-width 0 (an SVG's own minimum size would keep the two from sharing a row).
  const codeBox = h("div", { style: "flex: 3 1 300px; min-width: 0; max-width: 440px;" }, codeChart);
  const qBox = h("div", { style: "flex: 2 1 220px; min-width: 0; max-width: 300px;" }, qChart);
  const heading = h("p", { class: "ln-caption", text: t("q's Huffman code used on symbols from p") });
  root.append(...[titleEl, h("div", { class: "ln-controls" }, pEditor.element, qEditor.element), heading,
    h("div", { class: "ln-controls" }, codeBox, qBox), panel.element, codeText, captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  const idealPath = (lefts, p, ideal) => {
    let d = "";
    p.forEach((w, i) => {
      if (!(w > 0)) return;
      const yy = y(Math.min(ideal[i], ymax * 0.99)).toFixed(2);
      d += `M${x(lefts[i]).toFixed(2)},${yy}L${x(lefts[i] + w).toFixed(2)},${yy}`;
    });
    return d;
  };

  function update() {
    const s = state();
    const v = readouts(s);
    const codeQ = huffman_code(s.q, labels);
    const lefts = [];
    let acc = 0;
    s.p.forEach((w) => { lefts.push(acc); acc += w; });
    s.p.forEach((w, i) => {
      const len = Math.min(codeQ.lengths[i], ymax);
      const bar = codeBars[i];
      bar.setAttribute("x", x(lefts[i]));
      bar.setAttribute("width", Math.max(0, x(lefts[i] + w) - x(lefts[i])));
      bar.setAttribute("y", y(len));
      bar.setAttribute("height", y(0) - y(len));
      const cx = x(lefts[i] + w / 2);
      const word = codeQ.codewords[i] || t("(empty)");
      const wide = w >= 0.07;
      inside[i].setAttribute("display", wide ? "inline" : "none");
      above[i].setAttribute("display", !wide && w > 0 ? "inline" : "none");
      if (wide) {
        inside[i].setAttribute("x", cx);
        inside[i].setAttribute("y", y(len / 2) + 4);
        setText(inside[i], `${labels[i]} ${word}`);
      } else {
        const yy = y(len) - 4;
        above[i].setAttribute("transform", `translate(${cx + 4} ${yy}) rotate(-90)`);
        setText(above[i], `${labels[i]} ${word}`);
      }
    });
    qLine.setAttribute("d", idealPath(lefts, s.p, self_information(s.q)));
    pLine.setAttribute("d", idealPath(lefts, s.p, self_information(s.p)));
    QUANTITIES.forEach((key, i) => {
      const val = v[key];
      const wpx = Math.max(0, xs(Math.min(val, ymax)) - l2);
      rows[i].rect.setAttribute("width", wpx);
      if (rows[i].hatch) rows[i].hatch.setAttribute("width", wpx);
      rows[i].value.setAttribute("x", xs(Math.min(val, ymax * 0.86)) + 4);
      setText(rows[i].value, formatValue(val, 3));
    });
    const texts = Object.fromEntries(QUANTITIES.map((k) => [k, `${formatValue(v[k])} ${bits}`]));
    panel.set(v, texts);
    const words = labels.map((lab, i) => `${lab}:${codeQ.codewords[i]}`).join(" ");
    setText(codeText, `${codeName}: ${words}`);
    const fmt = (arr) => arr.map((z) => formatValue(z, 2)).join(", ");
    codeChart.setAttribute("aria-label", t("Coding picture: symbols {symbols} with shares p = ({p}) and q's codeword lengths ({lengths}) bits.",
      { symbols: labels.join(", "), p: fmt(s.p), lengths: codeQ.lengths.join(", ") }));
    qChart.setAttribute("aria-label", t("Bar chart of the quantities: {values}.",
      { values: QUANTITIES.map((k) => `${t(k)} = ${texts[k]}`).join("; ") }));
    setState(root, s);
  }
  update();
  const onP = () => { pEditor.set(model.get("p")); update(); };
  const onQ = () => { qEditor.set(model.get("q")); update(); };
  model.on("change:p", onP);
  model.on("change:q", onQ);
  return () => { model.off("change:p", onP); model.off("change:q", onQ); };
}

export default { render };
