// ScoringRuleExplorer in the browser: a forecaster believes p and reports q for one event; the
// chart draws each rule's expected gain over the honest report (the Python class:
// lossnotes.widgets.calibration.ScoringRuleExplorer).
//
// Introduced in notebook 12_scoring_rules_and_calibration.
import { expected_score } from "./core.js";
import { COLORS, DASHES, legend, linePath, plotFrame, setText, svg } from "./chart.js";
import {
  captionElement, explorerRoot, formatValue, h, injectStyle, N_, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "ScoringRuleExplorer";
const RULES = [["log", "E[S_log]"], ["brier", "E[S_Brier]"], ["spherical", "E[S_sph]"], ["absolute", "E[S_abs]"]];
export const QUANTITIES = RULES.map(([, name]) => name);
const RULE_LABELS = [N_("log"), N_("Brier"), N_("spherical"), N_("absolute")];

/** The expected score of reporting q when the event has probability p, per rule: the Python readouts. */
export function readouts(state) {
  const p = Number(state.p), q = Number(state.q);
  const belief = [1 - p, p], report = [1 - q, q];
  return Object.fromEntries(RULES.map(([rule, name]) => [name, expected_score(belief, report, rule)]));
}

const GRID = Array.from({ length: 401 }, (_, i) => i / 400);
const REPORTS = GRID.map((g) => [1 - g, g]);
const YLIM = [-0.6, 0.4];

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: a belief p and a report q"));
  const set = setter(model);
  const pSlider = numberSlider({ symbol: "p", unit: "probability", min: 0, max: 1, step: 0.01, value: model.get("p"),
    t, onChange: (v) => set("p", v) });
  const qSlider = numberSlider({ symbol: "q", unit: "probability", min: 0, max: 1, step: 0.01, value: model.get("q"),
    t, onChange: (v) => set("q", v) });
  pSlider.element.style.setProperty("--ln-accent", COLORS.p);
  qSlider.element.style.setProperty("--ln-accent", COLORS.q);

  const frame = plotFrame({ width: 420, height: 250, xlim: [0, 1], ylim: YLIM,
    xlabel: t("report q"), ylabel: "E[S(q)] − E[S(p)]", margins: { left: 52, bottom: 42 } });
  const { x, y } = frame;
  const colors = [COLORS.p, COLORS.q, COLORS.m, COLORS.accent];
  svg("line", { x1: frame.left, x2: frame.right, y1: y(0), y2: y(0), stroke: COLORS.grey, "stroke-width": 1 }, frame.plot);
  const pLine = svg("line", { y1: frame.top, y2: frame.bottom, stroke: COLORS.grey, "stroke-width": 1.5,
    "stroke-dasharray": "2 3" }, frame.plot);
  const paths = RULES.map((_, i) => svg("path", { fill: "none", stroke: colors[i], "stroke-width": 2.2,
    "stroke-dasharray": DASHES[i] }, frame.plot));
  const dots = RULES.map((_, i) => svg("circle", { r: 4.5, fill: colors[i], stroke: "#000", "stroke-width": 0.8 }, frame.plot));
  legend(frame.svg, RULES.map((_, i) => ({ label: t(RULE_LABELS[i]), color: colors[i], dash: DASHES[i] })),
    frame.left + 10, frame.top + 10);
  const panel = readoutPanel(QUANTITIES);
  frame.svg.style.maxWidth = "520px";
  root.append(...[titleEl, h("div", { class: "ln-controls" }, pSlider.element, qSlider.element), frame.svg,
    panel.element, captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  let shownP = null;
  function curves(p) {
    const belief = [1 - p, p];
    RULES.forEach(([rule], i) => {
      const best = expected_score(belief, belief, rule);
      const ys = REPORTS.map((r) => expected_score(belief, r, rule) - best);
      paths[i].setAttribute("d", linePath(GRID, ys, x, y));
    });
    pLine.setAttribute("x1", x(p));
    pLine.setAttribute("x2", x(p));
    shownP = p;
  }

  function update() {
    const s = { p: model.get("p"), q: model.get("q") };
    if (s.p !== shownP) curves(s.p);
    const v = readouts(s);
    const honest = readouts({ p: s.p, q: s.p });
    RULES.forEach(([, name], i) => {
      const gain = v[name] - honest[name];
      const visible = Number.isFinite(gain);
      dots[i].setAttribute("cx", x(s.q));
      dots[i].setAttribute("cy", y(visible ? gain : YLIM[0]));
      dots[i].setAttribute("visibility", visible ? "visible" : "hidden");
    });
    const texts = Object.fromEntries(RULES.map(([rule, name]) =>
      [name, rule === "log" ? `${formatValue(v[name])} ${t("nats")}` : formatValue(v[name])]));
    panel.set(v, texts);
    frame.svg.setAttribute("aria-label", t(
      "Gain of each report q over the honest report, for the belief p = {p}; at q = {q}: {values}.",
      { p: formatValue(s.p, 2), q: formatValue(s.q, 2),
        values: RULES.map(([, name], i) => `${t(RULE_LABELS[i])} ${formatValue(v[name] - honest[name], 3)}`).join("; ") }));
    setState(root, s);
  }
  update();
  const onP = () => { pSlider.set(model.get("p")); update(); };
  const onQ = () => { qSlider.set(model.get("q")); update(); };
  model.on("change:p", onP);
  model.on("change:q", onQ);
  return () => { model.off("change:p", onP); model.off("change:q", onQ); };
}

export default { render };
