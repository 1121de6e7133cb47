// MathJax for the course website, started after the page's explorers are live.
//
// Sphinx's page names this file as its MathJax (conf.py: mathjax_path) and writes MathJax's
// configuration (window.MathJax) before it.  Loading and typesetting MathJax takes the main thread
// for about half a second on a long page; started with the page, it held a reader's first key press
// on an explorer until it was done.  So:
//   * on a screen page with explorers, the MathJax file (mathjax/tex-svg-full.js, served from this
//     site) is loaded only once every explorer is mounted (site.js sets data-explorers-live), and
//     the math is typeset a few containers at a time, yielding to key presses in between (each
//     step takes 10-30 ms here; the page is typeset about a second after it was opened);
//   * elsewhere (no explorers, or a page opened for printing with ?print, as tools/build_pdf.py
//     does) it is loaded at once and the math typeset in one go: three times faster on the PDF's
//     single page (2,300 formulas in 2.4 s instead of 7.3 s in steps).
// MathJax.startup.promise resolves when every formula is typeset, as with MathJax's own start-up.
(() => {
  const SRC = new URL("mathjax/tex-svg-full.js", document.currentScript.src).href;
  const BATCH = 8;  // containers of math per step: each step stays well under a frame's worth of work
  const EXPLORERS = ".lossnotes-live[data-module]";
  const printing = new URLSearchParams(window.location.search).has("print");
  const interactive = () => !printing && !!document.querySelector(EXPLORERS);

  const config = (window.MathJax = window.MathJax || {});
  const startup = (config.startup = config.startup || {});
  startup.typeset = false;
  startup.pageReady = async () => {
    const mj = window.MathJax;
    // The containers MathJax processes (the processHtmlClass Sphinx writes into the configuration),
    // outermost only.
    const classes = (config.options?.processHtmlClass ?? "tex2jax_process|mathjax_process|math|output_area").split("|");
    const selector = classes.map((c) => `.${c}`).join(",");
    const roots = [...document.querySelectorAll(selector)].filter((el) => !el.parentElement?.closest(selector));
    if (!interactive()) return mj.typesetPromise(roots);
    for (let i = 0; i < roots.length; i += BATCH) {
      await mj.typesetPromise(roots.slice(i, i + BATCH));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };

  function load() {
    const script = document.createElement("script");
    script.src = SRC;
    script.async = true;
    document.head.append(script);
  }

  function whenExplorersLive() {
    const root = document.documentElement;
    if (!interactive() || root.dataset.explorersLive) return load();
    let timer = null;
    const watch = new MutationObserver(() => {
      if (root.dataset.explorersLive) done();
    });
    function done() {
      watch.disconnect();
      clearTimeout(timer);
      load();
    }
    watch.observe(root, { attributes: true, attributeFilter: ["data-explorers-live"] });
    timer = setTimeout(done, 3000);  // an explorer that fails to mount must not keep the math away
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", whenExplorersLive, { once: true });
  else whenExplorersLive();
})();
