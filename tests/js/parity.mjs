// Evaluate the explorers' JavaScript on the cases tests/test_js_parity.py sends (JSON on stdin).
//
// Input: {"module": path, "calls": [{"fn": name, "args": [...]}, ...]}; numbers that JSON cannot
// hold travel as {"$": "Infinity" | "-Infinity" | "NaN"}.  Output: the results, in order, the same way.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const decode = (x) => {
  if (Array.isArray(x)) return x.map(decode);
  if (x && typeof x === "object") {
    if ("$" in x && Object.keys(x).length === 1) return Number(x.$);
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, decode(v)]));
  }
  return x;
};
const encode = (x) => {
  if (typeof x === "number" && !Number.isFinite(x)) return { $: String(x) };
  if (Array.isArray(x)) return x.map(encode);
  if (x && typeof x === "object") return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, encode(v)]));
  return x;
};

const request = JSON.parse(readFileSync(0, "utf8"));
const modules = {};
for (const [name, path] of Object.entries(request.modules)) modules[name] = await import(pathToFileURL(path).href);
const results = request.calls.map(({ module, fn, args }) => {
  try {
    return { ok: encode(modules[module][fn](...decode(args))) };
  } catch (err) {
    return { error: String(err.message || err) };
  }
});
process.stdout.write(JSON.stringify(results));
