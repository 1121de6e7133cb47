// EntropyExplorer in the browser: edit a distribution and see each outcome's surprise -log2 p(x),
// its contribution p(x)·I(x), and their sum H(p) against the maximum log2 n (the Python class:
// lossnotes.widgets.entropy.EntropyExplorer).
//
// Introduced in notebook 02_entropy.
import { convert_units, entropy, self_information } from "./core.js";
import { COLORS, scale, setText, svg, ticks } from "./chart.js";
import {
  captionElement, explorerRoot, formatValue, h, injectStyle, probabilityEditor, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "EntropyExplorer";
export const QUANTITIES = ["H(p)", "H(p) in nats", "log₂ n"];

/** The numbers the explorer shows for a state {p}: EntropyExplorer.readouts in Python. */
export function readouts(state) {
  const hb = entropy(state.p, "bits");
  return { "H(p)": hb, "H(p) in nats": convert_units(hb, "bits", "nats"), "log₂ n": Math.log2(state.p.length) };
}

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const set = setter(model);
  const labels = model.get("labels");
  const n = labels.length;
  const ymax = model.get("ymax");
  const ticksText = labels.map((lab) => (/^[₀-₉]/.test(lab) ? `x${lab}` : lab));
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: entropy of a distribution"));
  const state = () => ({ p: model.get("p") });
  const editor = probabilityEditor({ symbol: "p", labels, value: model.get("p"), t,
    onChange: (v) => set("p", v) });
  editor.element.style.setProperty("--ln-accent", COLORS.p);

  const W = 360, H = 250, left = 44, right = 10, top = 56, bottom = 40;
  const band = (W - left - right) / n;
  const cx = (i) => left + band * (i + 0.5);
  function axes(chart, yTop, ylabel, xlabel, tickValues) {
    const y = scale(0, yTop, H - bottom, top);
    for (const tk of tickValues) {
      svg("line", { x1: left - 4, x2: left, y1: y(tk), y2: y(tk), class: "ln-axis" }, chart);
      setText(svg("text", { x: left - 7, y: y(tk) + 4, "text-anchor": "end" }, chart), String(tk));
    }
    svg("line", { x1: left, x2: left, y1: top, y2: H - bottom, class: "ln-axis" }, chart);
    svg("line", { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, class: "ln-axis" }, chart);
    ticksText.forEach((lab, i) => setText(svg("text", { x: cx(i), y: H - bottom + 16, "text-anchor": "middle" }, chart), lab));
    setText(svg("text", { x: (left + W - right) / 2, y: H - 4, "text-anchor": "middle" }, chart), xlabel);
    setText(svg("text", { transform: `translate(12 ${(top + H - bottom) / 2}) rotate(-90)`, "text-anchor": "middle" }, chart), ylabel);
    return y;
  }

  // Left: the distribution p.
  const pChart = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W} ${H}`, role: "img" });
  const yp = axes(pChart, 1, t("probability p(x)"), t("outcome x"), [0, 0.5, 1]);
  const pw = Math.min(band * 0.7, 50);
  const pRects = labels.map((_, i) => svg("rect", { x: cx(i) - pw / 2, width: pw, fill: COLORS.p }, pChart));

  // Right: surprises (light), contributions (dark, dashed outline), H(p) dashed, log2 n dotted.
  const iChart = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W} ${H}`, role: "img" });
  const yi = axes(iChart, ymax, t("information [{unit}]", { unit: t("bits") }), t("outcome x"), ticks(ymax, 4));
  const sw = Math.min(band * 0.7, 50), cw = Math.min(band * 0.36, 26);
  const c = COLORS.purple;
  const sRects = labels.map((_, i) => svg("rect", { x: cx(i) - sw / 2, width: sw, fill: c, "fill-opacity": 0.35 }, iChart));
  const cRects = labels.map((_, i) => svg("rect", { x: cx(i) - cw / 2, width: cw, fill: c, stroke: "#000",
    "stroke-width": 0.8, "stroke-dasharray": "3 2" }, iChart));
  const sTexts = labels.map((_, i) => svg("text", { x: cx(i), y: yi(0.8 * ymax), "text-anchor": "middle" }, iChart));
  const logN = Math.log2(n);
  svg("line", { x1: left, x2: W - right, y1: yi(logN), y2: yi(logN), stroke: COLORS.grey, "stroke-width": 1.5,
    "stroke-dasharray": "2 3" }, iChart);
  const hLine = svg("line", { x1: left, x2: W - right, stroke: "currentColor", "stroke-width": 1.5, "stroke-dasharray": "6 3" }, iChart);
  const hText = svg("text", { x: W - right, "text-anchor": "end", "font-weight": 700 }, iChart);
  // Legend above the plot (two rows).
  const legendRows = [
    [{ fill: c, "fill-opacity": 0.35 }, t("surprise I(x) = −log₂ p(x)")],
    [{ fill: c, stroke: "#000", "stroke-width": 0.8, "stroke-dasharray": "3 2" }, t("contribution p(x)·I(x)")],
    [{ stroke: "currentColor", "stroke-dasharray": "6 3" }, t("H(p) = Σ contributions")],
    [{ stroke: COLORS.grey, "stroke-dasharray": "2 3" }, t("log₂ n = {value} {unit} (maximum)", { value: logN.toFixed(2), unit: t("bits") })],
  ];
  legendRows.forEach(([attrs, text], i) => {
    const yy = 4 + i * 12;
    if (attrs.fill) svg("rect", { x: left, y: yy, width: 12, height: 9, ...attrs }, iChart);
    else svg("line", { x1: left, x2: left + 12, y1: yy + 5, y2: yy + 5, "stroke-width": 1.5, ...attrs }, iChart);
    setText(svg("text", { x: left + 17, y: yy + 9, style: "font-size:10px" }, iChart), text);
  });

  const panel = readoutPanel(QUANTITIES, { "H(p) in nats": t("H(p) in {unit}", { unit: t("nats") }) });
  pChart.style.flex = "1 1 280px"; iChart.style.flex = "1 1 280px";
  pChart.style.maxWidth = "360px"; iChart.style.maxWidth = "360px";
  root.append(...[titleEl, editor.element, h("div", { class: "ln-controls" }, pChart, iChart), panel.element,
    captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  function update() {
    const s = state();
    const v = readouts(s);
    const surprise = self_information(s.p, "bits");
    const contribution = s.p.map((pi, i) => (pi > 0 ? pi * surprise[i] : 0));
    s.p.forEach((pi, i) => { pRects[i].setAttribute("y", yp(pi)); pRects[i].setAttribute("height", yp(0) - yp(pi)); });
    surprise.forEach((si, i) => {
      const shown = Math.min(si, ymax);
      sRects[i].setAttribute("y", yi(shown));
      sRects[i].setAttribute("height", yi(0) - yi(shown));
      const ci = Math.min(contribution[i], ymax);
      cRects[i].setAttribute("y", yi(ci));
      cRects[i].setAttribute("height", yi(0) - yi(ci));
      setText(sTexts[i], si > ymax ? formatValue(si, 2) : "");
    });
    const hb = v["H(p)"];
    hLine.setAttribute("y1", yi(hb));
    hLine.setAttribute("y2", yi(hb));
    hText.setAttribute("y", yi(hb) - 4);
    setText(hText, `H = ${hb.toFixed(3)} ${t("bits")}`);
    const units = ["bits", "nats", "bits"];
    const texts = Object.fromEntries(QUANTITIES.map((k, i) => [k, `${formatValue(v[k])} ${t(units[i])}`]));
    panel.set(v, texts);
    const fmt = (arr, d) => arr.map((x) => formatValue(x, d)).join(", ");
    pChart.setAttribute("aria-label", t("Bar chart of p = ({p}) over {outcomes}.", { p: fmt(s.p, 2), outcomes: labels.join(", ") }));
    iChart.setAttribute("aria-label", t("Bar chart of the surprises I(x) = ({surprise}) {unit} and contributions ({contribution}) {unit}; H(p) = {h}, log₂ n = {max}.", {
      surprise: fmt(surprise, 2), contribution: fmt(contribution, 3), unit: t("bits"), h: texts["H(p)"], max: texts["log₂ n"] }));
    setState(root, s);
  }
  update();
  const onP = () => { editor.set(model.get("p")); update(); };
  model.on("change:p", onP);
  return () => model.off("change:p", onP);
}

export default { render };
