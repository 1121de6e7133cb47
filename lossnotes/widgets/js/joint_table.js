// JointTableExplorer in the browser: sliders on every cell of a joint table p(x, y) (always summing
// to 1), the table with its margins, and the information diagram as three bars: H(X,Y) split into
// H(X|Y), I(X;Y) and H(Y|X), with H(X) and H(Y) above the parts they are made of, in bits (the Python
// class: lossnotes.widgets.mutual_information.JointTableExplorer).
//
// Introduced in notebook 04_kl_and_js_divergence.
import { conditional_entropy, entropy, joint_entropy, joint_marginal_x, joint_marginal_y, mutual_information } from "./core.js";
import { COLORS, scale, setText, svg, ticks } from "./chart.js";
import {
  captionElement, explorerRoot, formatValue, h, injectStyle, probabilityEditor, readoutPanel, saveSoon, setState, titled, translator,
} from "./ui.js";

export const NAME = "JointTableExplorer";
export const QUANTITIES = ["H(X)", "H(Y)", "H(X,Y)", "H(Y|X)", "H(X|Y)", "I(X;Y)"];

const transpose = (t) => t[0].map((_, j) => t.map((row) => row[j]));

/** The numbers the explorer shows for a state {pxy}, in bits: JointTableExplorer.readouts in Python. */
export function readouts(state) {
  const t = state.pxy;
  return {
    "H(X)": entropy(joint_marginal_x(t)),
    "H(Y)": entropy(joint_marginal_y(t)),
    "H(X,Y)": joint_entropy(t),
    "H(Y|X)": conditional_entropy(t),
    "H(X|Y)": conditional_entropy(transpose(t)),
    "I(X;Y)": mutual_information(t),
  };
}

/** Background of a cell of probability v (white to blue, opaque) and the text colour with the better contrast. */
function cellColors(v) {
  const mix = (a, b) => Math.round(a + (b - a) * Math.min(Math.max(v, 0), 1));
  const rgb = [mix(255, 0x00), mix(255, 0x72), mix(255, 0xB2)];
  const lin = rgb.map((c) => { const s = c / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
  const lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  return { background: `rgb(${rgb.join(",")})`, color: lum < 0.179 ? "#ffffff" : "#000000" };
}

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const xl = model.get("x_labels"), yl = model.get("y_labels");
  const m = xl.length, n = yl.length;
  const state = () => ({ pxy: model.get("pxy") });
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: a joint table p(x, y) and its information diagram"));
  const flat = (pxy) => pxy.flat();
  const nest = (v) => xl.map((_, i) => v.slice(i * n, (i + 1) * n));
  const set = (value) => { model.set("pxy", value); saveSoon(model); };
  const cells = xl.flatMap((a) => yl.map((b) => `${a},${b}`));
  const editor = probabilityEditor({ symbol: "p", labels: cells, value: flat(model.get("pxy")), t, onChange: (v) => set(nest(v)) });
  const button = h("button", { type: "button", text: t("make X and Y independent: p(x, y) ← p(x) p(y)") });
  button.addEventListener("click", () => {
    const tab = model.get("pxy");
    const px = joint_marginal_x(tab), py = joint_marginal_y(tab);
    let total = 0;
    const prod = px.map((a) => py.map((b) => { total += a * b; return a * b; }));
    set(prod.map((row) => row.map((v) => v / total))); // the change event updates the sliders and the view
  });

  // The table: an HTML table (text stays text), cells shaded by probability, margins p(x) right, p(y) below.
  const table = h("table", { class: "ln-joint", style: "border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 0.4em 0;" });
  table.append(h("caption", { style: "caption-side: top; text-align: left; font-size: 0.9em;", text: t("p(x, y); margins p(x) right, p(y) below") }));
  const head = h("tr", {}, h("td", {}));
  yl.forEach((b) => head.append(h("th", { scope: "col", style: "padding: 0.2em 0.6em;", text: `Y = ${b}` })));
  head.append(h("th", { scope: "col", style: "padding: 0.2em 0.6em;", text: "p(x)" }));
  table.append(head);
  const tds = [], pxCells = [], pyCells = [];
  xl.forEach((a) => {
    const tr = h("tr", {}, h("th", { scope: "row", style: "padding: 0.2em 0.6em; text-align: right;", text: `X = ${a}` }));
    const row = yl.map(() => h("td", { style: "padding: 0.35em 0.8em; text-align: center; border: 1px solid #ffffff;" }));
    const pxCell = h("td", { style: "padding: 0.2em 0.6em; text-align: center; font-style: italic;" });
    tr.append(...row, pxCell);
    tds.push(row); pxCells.push(pxCell);
    table.append(tr);
  });
  const foot = h("tr", {}, h("th", { scope: "row", style: "padding: 0.2em 0.6em; text-align: right;", text: "p(y)" }));
  yl.forEach(() => { const c = h("td", { style: "padding: 0.2em 0.6em; text-align: center; font-style: italic;" }); pyCells.push(c); foot.append(c); });
  table.append(foot);

  // The information diagram.
  const W = 420, H = 170, left = 60, right = 54, top = 30, bottom = 38;
  const chart = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W} ${H}`, role: "img" });
  const pid = `ln-joint-${Math.random().toString(36).slice(2, 9)}`;
  const defs = svg("defs", {}, chart);
  const hatch = svg("pattern", { id: `${pid}-h`, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, defs);
  svg("line", { x1: 0, x2: 0, y1: 0, y2: 6, stroke: "#ffffff", "stroke-width": 2 }, hatch);
  const dots = svg("pattern", { id: `${pid}-d`, width: 5, height: 5, patternUnits: "userSpaceOnUse" }, defs);
  svg("circle", { cx: 2.5, cy: 2.5, r: 1, fill: "#ffffff" }, dots);
  const xmax = Math.log2(m * n) * 1.25;
  const xs = scale(0, xmax, left, W - right);
  const rowsY = [0, 1, 2].map((i) => top + i * ((H - top - bottom) / 3) + 6);
  const bh = (H - top - bottom) / 3 - 12;
  const kinds = [
    { name: "H(X|Y)", color: COLORS.p, fill: null },
    { name: "I(X;Y)", color: COLORS.m, fill: `url(#${pid}-h)` },
    { name: "H(Y|X)", color: COLORS.q, fill: `url(#${pid}-d)` },
  ];
  const segment = (row, kind) => {
    const r = svg("rect", { y: rowsY[row], height: bh, fill: kinds[kind].color }, chart);
    const o = kinds[kind].fill ? svg("rect", { y: rowsY[row], height: bh, fill: kinds[kind].fill }, chart) : null;
    return { row, kind, r, o };
  };
  // Row 0: H(X,Y) = H(X|Y) + I + H(Y|X); row 1: H(X) = H(X|Y) + I; row 2: H(Y) = I + H(Y|X).
  const segs = [segment(0, 0), segment(0, 1), segment(0, 2), segment(1, 0), segment(1, 1), segment(2, 1), segment(2, 2)];
  const ROWS = ["H(X,Y)", "H(X)", "H(Y)"];
  const valueTexts = ROWS.map((key, i) => {
    setText(svg("text", { x: left - 6, y: rowsY[i] + bh / 2 + 4, "text-anchor": "end" }, chart), key);
    return svg("text", { y: rowsY[i] + bh / 2 + 4 }, chart);
  });
  kinds.forEach((k, i) => {
    const x0 = left + i * 110;
    svg("rect", { x: x0, y: 6, width: 16, height: 11, fill: k.color }, chart);
    if (k.fill) svg("rect", { x: x0, y: 6, width: 16, height: 11, fill: k.fill }, chart);
    setText(svg("text", { x: x0 + 21, y: 16 }, chart), k.name);
  });
  for (const tk of ticks(xmax, 4)) {
    svg("line", { x1: xs(tk), x2: xs(tk), y1: H - bottom, y2: H - bottom + 4, class: "ln-axis" }, chart);
    setText(svg("text", { x: xs(tk), y: H - bottom + 16, "text-anchor": "middle" }, chart), String(tk));
  }
  svg("line", { x1: left, x2: left, y1: top, y2: H - bottom, class: "ln-axis" }, chart);
  svg("line", { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, class: "ln-axis" }, chart);
  setText(svg("text", { x: (left + W - right) / 2, y: H - 4, "text-anchor": "middle" }, chart), t("information [{unit}]", { unit: t("bits") }));

  const panel = readoutPanel(QUANTITIES);
  const tableBox = h("div", { style: "flex: 1 1 220px; min-width: 0; overflow-x: auto;" }, table);
  const chartBox = h("div", { style: "flex: 2 1 300px; min-width: 0; max-width: 460px;" }, chart);
  root.append(...[titleEl, h("div", { class: "ln-controls" }, editor.element), button,
    h("div", { class: "ln-controls" }, tableBox, chartBox), panel.element, captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  function update() {
    const s = state();
    const tab = s.pxy;
    const v = readouts(s);
    const px = joint_marginal_x(tab), py = joint_marginal_y(tab);
    tab.forEach((row, i) => row.forEach((val, j) => {
      const c = cellColors(val);
      const td = tds[i][j];
      td.style.background = c.background;
      td.style.color = c.color;
      setText(td, val.toFixed(2));
    }));
    px.forEach((val, i) => setText(pxCells[i], val.toFixed(2)));
    py.forEach((val, j) => setText(pyCells[j], val.toFixed(2)));
    const hxy = v["H(X|Y)"], mi = v["I(X;Y)"], hyx = v["H(Y|X)"];
    const spans = [[0, hxy], [hxy, mi], [hxy + mi, hyx], [0, hxy], [hxy, mi], [hxy, mi], [hxy + mi, hyx]];
    segs.forEach((sg, i) => {
      const [a, w] = spans[i];
      const x0 = xs(a), wpx = Math.max(0, xs(a + w) - xs(a));
      for (const r of [sg.r, sg.o]) if (r) { r.setAttribute("x", x0); r.setAttribute("width", wpx); }
    });
    const ends = [v["H(X,Y)"], v["H(X)"], hxy + v["H(Y)"]];
    ROWS.forEach((key, i) => {
      valueTexts[i].setAttribute("x", xs(ends[i]) + 4);
      setText(valueTexts[i], formatValue(v[key], 3));
    });
    const bits = t("bits");
    const texts = Object.fromEntries(QUANTITIES.map((k) => [k, `${formatValue(v[k])} ${bits}`]));
    panel.set(v, texts);
    chart.setAttribute("aria-label", t("Information diagram: {values}.", { values: QUANTITIES.map((k) => `${k} = ${texts[k]}`).join("; ") }));
    setState(root, s);
  }
  update();
  const onChange = () => { editor.set(flat(model.get("pxy"))); update(); };
  model.on("change:pxy", onChange);
  return () => { model.off("change:pxy", onChange); };
}

export default { render };
