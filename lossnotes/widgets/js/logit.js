// LogitExplorer in the browser: one slider per logit and a choice of the true class; bars of the
// softmax q beside the (label-smoothed) target y, bars of the gradient q − y, and the live
// cross-entropy (the Python class: lossnotes.widgets.classification.LogitExplorer).
//
// Units: logits are log-odds in nats; the gradient of a loss in nats w.r.t. a logit is unitless.
// Introduced in notebook 05_cross_entropy_loss.
import { cross_entropy_loss, softmax_cross_entropy } from "./core.js";
import { COLORS, scale, setText, svg } from "./chart.js";
import {
  captionElement, choiceButtons, explorerRoot, formatValue, h, injectStyle, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "LogitExplorer";
export const QUANTITIES = ["CE [nats]", "CE [bits]", "q(true)", "∂L/∂z(true)"];

const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";
const sub = (i) => String(i).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]);
const signed = (x, digits = 4) => (x >= 0 ? "+" : "−") + formatValue(Math.abs(x), digits);

/** q = softmax(z), the target y = (1 − ε)·onehot + ε/C, the gradient q − y and CE (as the Python class). */
function quantities(state) {
  const z = state.logits.map(Number);
  const C = z.length;
  const k = Number(state.true_class);
  const eps = Number(state.label_smoothing || 0);
  const y = z.map(() => eps / C);
  y[k] += 1.0 - eps;
  const g = softmax_cross_entropy(z, y);
  const q = softmax_cross_entropy(z, z.map(() => 0)); // q − 0: the softmax with NumPy's sum
  return { z, C, k, eps, y, g, q, ce: cross_entropy_loss(z, k, eps) };
}

/** The numbers the explorer shows for a state {logits, true_class, label_smoothing}: LogitExplorer.readouts. */
export function readouts(state) {
  const { k, q, g, ce } = quantities(state);
  return { "CE [nats]": ce, "CE [bits]": ce / Math.LN2, "q(true)": q[k], "∂L/∂z(true)": g[k] };
}

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const labels = model.get("labels");
  const C = labels.length;
  const zmax = Number(model.get("zmax"));
  const state = () => ({
    logits: model.get("logits"), true_class: model.get("true_class"), label_smoothing: model.get("label_smoothing"),
  });
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: logits, softmax and cross-entropy"));
  const set = setter(model);

  // Controls: a slider per logit (nats), the true class (radio buttons), label smoothing ε.
  const logitBox = h("fieldset", {}, h("legend", { text: t("logits z [{unit}]", { unit: t("nats") }) }));
  const sliders = model.get("logits").map((v, i) => {
    const s = numberSlider({ symbol: `z${sub(i)}`, unit: "nats", min: -zmax, max: zmax, step: 0.1, value: v, t,
      onChange: (x) => { const z = model.get("logits").slice(); z[i] = x; set("logits", z); } });
    logitBox.append(s.element);
    return s;
  });
  const classes = choiceButtons({ legend: t("true class"), options: labels.map((name, i) => ({ value: i, label: name })),
    value: model.get("true_class"), onChange: (k) => set("true_class", k) });
  const eps0 = Number(model.get("label_smoothing"));
  const smoothing = numberSlider({ symbol: t("ε (label smoothing)"), unit: "probability", min: 0, max: Math.max(0.5, eps0),
    step: 0.01, value: eps0, t, onChange: (x) => set("label_smoothing", x) });
  const smoothBox = h("fieldset", {}, h("legend", { text: t("label smoothing") }), smoothing.element);
  const side = h("div", { style: "flex: 1 1 14em; display: flex; flex-direction: column; gap: 0.5em" }, classes.element, smoothBox);
  for (const box of [classes.element, smoothBox]) box.style.flex = "0 0 auto";

  // Left chart: q (solid bars) and the target y (dashed outlines), per class.
  const W = 360, H = 236, left = 52, right = 10, top = 30, bottom = 44;
  const fontSize = C <= 4 ? 12 : 10;
  const probs = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W} ${H}`, role: "img" });
  const band = (W - right - left) / C;
  const cx = (i) => left + band * (i + 0.5);
  const yp = scale(0, 1.12, H - bottom, top);
  for (const tk of [0, 0.25, 0.5, 0.75, 1]) {
    svg("line", { x1: left - 4, x2: left, y1: yp(tk), y2: yp(tk), class: "ln-axis" }, probs);
    setText(svg("text", { x: left - 7, y: yp(tk) + 4, "text-anchor": "end" }, probs), String(tk));
  }
  svg("line", { x1: left, x2: left, y1: top, y2: H - bottom, class: "ln-axis" }, probs);
  svg("line", { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, class: "ln-axis" }, probs);
  const qRects = [], yRects = [], probTicks = [];
  for (let i = 0; i < C; i++) {
    qRects.push(svg("rect", { x: cx(i) - band * 0.3, width: band * 0.6, fill: COLORS.p }, probs));
    yRects.push(svg("rect", { x: cx(i) - band * 0.4, width: band * 0.8, fill: "none", stroke: COLORS.q,
      "stroke-width": 2.2, "stroke-dasharray": "5 3" }, probs));
    probTicks.push(svg("text", { x: cx(i), y: H - bottom + 16, "text-anchor": "middle", style: `font-size: ${fontSize}px` }, probs));
  }
  setText(svg("text", { x: (left + W - right) / 2, y: H - 6, "text-anchor": "middle" }, probs), t("class"));
  setText(svg("text", { transform: `translate(12 ${(top + H - bottom) / 2}) rotate(-90)`, "text-anchor": "middle" }, probs),
    t("probability"));
  svg("rect", { x: left + 4, y: 6, width: 14, height: 10, fill: COLORS.p }, probs);
  setText(svg("text", { x: left + 22, y: 15 }, probs), t("q = softmax(z)"));
  svg("rect", { x: left + 150, y: 6, width: 14, height: 10, fill: "none", stroke: COLORS.q, "stroke-width": 2,
    "stroke-dasharray": "4 2" }, probs);
  setText(svg("text", { x: left + 168, y: 15 }, probs), t("target y"));

  // Right chart: the gradient q − y per class, with its value written at each bar.
  const grad = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W} ${H}`, role: "img" });
  const yg = scale(-1.15, 1.15, H - bottom, top);
  for (const tk of [-1, -0.5, 0, 0.5, 1]) {
    svg("line", { x1: left - 4, x2: left, y1: yg(tk), y2: yg(tk), class: "ln-axis" }, grad);
    setText(svg("text", { x: left - 7, y: yg(tk) + 4, "text-anchor": "end" }, grad), String(tk).replace("-", "−"));
  }
  svg("line", { x1: left, x2: left, y1: top, y2: H - bottom, class: "ln-axis" }, grad);
  svg("line", { x1: left, x2: W - right, y1: yg(0), y2: yg(0), stroke: COLORS.grey, "stroke-width": 1 }, grad);
  const gRects = [], gTexts = [], gradTicks = [];
  for (let i = 0; i < C; i++) {
    gRects.push(svg("rect", { x: cx(i) - band * 0.3, width: band * 0.6, fill: COLORS.accent }, grad));
    gTexts.push(svg("text", { x: cx(i), "text-anchor": "middle", style: `font-size: ${fontSize - 1}px` }, grad));
    gradTicks.push(svg("text", { x: cx(i), y: H - bottom + 16, "text-anchor": "middle", style: `font-size: ${fontSize}px` }, grad));
  }
  setText(svg("text", { x: (left + W - right) / 2, y: H - 6, "text-anchor": "middle" }, grad), t("class"));
  setText(svg("text", { transform: `translate(12 ${(top + H - bottom) / 2}) rotate(-90)`, "text-anchor": "middle" }, grad),
    t("∂L/∂z  [unitless]"));
  setText(svg("text", { x: (left + W - right) / 2, y: 15, "text-anchor": "middle" }, grad),
    t("gradient q − y (negative: raise this logit)"));

  // Readouts: stable keys (data-quantity), labels shown in the page's language.
  const panel = readoutPanel(QUANTITIES, [t("CE [{unit}]", { unit: t("nats") }), t("CE [{unit}]", { unit: t("bits") }),
    t("q(true)"), t("∂L/∂z(true)")]);

  for (const chart of [probs, grad]) { chart.style.flex = "1 1 300px"; chart.style.maxWidth = "365px"; }
  root.append(...[titleEl, h("div", { class: "ln-controls", style: "align-items: flex-start" }, logitBox, side), h("div", { class: "ln-controls" }, probs, grad),
    panel.element, captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  let shownClass = null;
  function update() {
    const s = state();
    const { k, y, g, q, ce } = quantities(s);
    const v = { "CE [nats]": ce, "CE [bits]": ce / Math.LN2, "q(true)": q[k], "∂L/∂z(true)": g[k] };
    if (k !== shownClass) {
      labels.forEach((name, i) => {
        const text = i === k ? `${name} ✓` : name;
        setText(probTicks[i], text);
        setText(gradTicks[i], text);
        probTicks[i].style.fontWeight = gradTicks[i].style.fontWeight = i === k ? "700" : "400";
      });
      shownClass = k;
    }
    for (let i = 0; i < C; i++) {
      qRects[i].setAttribute("y", yp(q[i]));
      qRects[i].setAttribute("height", Math.max(0, yp(0) - yp(q[i])));
      yRects[i].setAttribute("y", yp(y[i]));
      yRects[i].setAttribute("height", Math.max(0, yp(0) - yp(y[i])));
      const top0 = yg(Math.max(g[i], 0)), bot0 = yg(Math.min(g[i], 0));
      gRects[i].setAttribute("y", top0);
      gRects[i].setAttribute("height", Math.max(0, bot0 - top0));
      gTexts[i].setAttribute("y", g[i] >= 0 ? yg(g[i]) - 4 : yg(g[i]) + 12);
      setText(gTexts[i], signed(g[i], 3));
    }
    const texts = {
      "CE [nats]": formatValue(ce), "CE [bits]": formatValue(ce / Math.LN2), "q(true)": formatValue(v["q(true)"]),
      "∂L/∂z(true)": signed(g[k]),
    };
    panel.set(v, texts);
    const fmt = (arr) => arr.map((x) => formatValue(x, 2)).join(", ");
    probs.setAttribute("aria-label", t("Bar chart of q = softmax(z) = ({q}) and the target y = ({y}) over {classes}; the true class is {name}.",
      { q: fmt(q), y: fmt(y), classes: labels.join(", "), name: labels[k] }));
    grad.setAttribute("aria-label", t("Bar chart of the gradient q − y = ({g}) over {classes}.",
      { g: g.map((x) => signed(x, 2)).join(", "), classes: labels.join(", ") }));
    setState(root, s);
  }
  update();
  const onLogits = () => { model.get("logits").forEach((v, i) => sliders[i].set(v)); update(); };
  const onClass = () => { classes.set(model.get("true_class")); update(); };
  const onEps = () => { smoothing.set(model.get("label_smoothing")); update(); };
  model.on("change:logits", onLogits);
  model.on("change:true_class", onClass);
  model.on("change:label_smoothing", onEps);
  return () => {
    model.off("change:logits", onLogits); model.off("change:true_class", onClass); model.off("change:label_smoothing", onEps);
  };
}

export default { render };
