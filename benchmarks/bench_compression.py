"""Notebook 10: the model-versus-compressor table (bits/char, both texts), the model's speed, and the notebook's time.

Printed side by side: held-out bits per character of gzip -9, bz2 -9 and xz -9e (on the
held-out text alone, and with the training text in front) and of the static and adaptive
character n-gram models (the model as defined; each order chosen on a validation split carved
from the training text, as notebook 10 does), with the coder's rounding (coded minus defined
cross-entropy); the time to fit an order-5 model on the 1 MB training text, score 100,000
held-out characters, and code them (encode, and decode for the static model); and the wall
time of notebook 10 executed in a fresh kernel (target <= 10 s on an idle machine).

Run: ``.venv/bin/python benchmarks/bench_compression.py [--repeats R] [--json out.json]``
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import ROOT, Row, banner, ensure_importable, median, print_table, timed, verdict, write_json  # noqa: E402

ensure_importable()
NOTEBOOK = ROOT / "notebooks" / "10_cross_entropy_is_compression.ipynb"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    from lossnotes.compression import (CharNGram, arithmetic_decode, arithmetic_encode, compressor_bits_per_char,
                                       load_text, split_text)

    rows = []
    banner("Notebook 10: held-out bits per character, models against compressors")
    table = []
    for name, label in (("shakespeare", "Tiny Shakespeare"), ("lunyu_mengzi", "论语 + 孟子")):
        train, held = split_text(load_text(name), 0.9)
        fit_part, valid = split_text(train, 0.9)          # the validation split that chooses the orders
        chooser = CharNGram(6).fit(fit_part)
        order = {"static": int(chooser.cross_entropy_by_order(valid).argmin()),
                 "adaptive": int(chooser.with_options(adaptive=True).cross_entropy_by_order(valid).argmin())}
        alone = compressor_bits_per_char(None, held)
        base = compressor_bits_per_char(train, held)
        model = CharNGram(6).fit(train)
        H, rounding = {}, {}
        for kind, k in order.items():
            m = model.with_options(order=k, adaptive=(kind == "adaptive"))
            H[kind] = m.cross_entropy(held)
            rounding[kind] = m.cross_entropy(held, coded=True) - H[kind]
        best = min(H.values())
        table.append([label] + [f"{alone[c]:.3f} / {base[c]:.3f}" for c in ("gzip", "bz2", "xz")]
                     + [f"{H['static']:.3f} (order {order['static']})", f"{H['adaptive']:.3f} (order {order['adaptive']})",
                        f"{rounding['static']:+.5f} / {rounding['adaptive']:+.5f}", verdict(best < min(base.values()))])
        rows.append(Row("compression", f"{label}: best model vs best compressor", best, "bits/char",
                        "best compressor", min(base.values()), "model < gzip, bz2 and xz", best < min(base.values()),
                        ratio_text=f"{best:.3f} vs {min(base.values()):.3f} bits/char"))
    print_table(["text", "gzip -9 (alone / after training)", "bz2 -9", "xz -9e", "static model", "adaptive model",
                 "coder's rounding (static / adaptive)", "model beats all three"], table)

    banner("Model speed (1 MB training text, 100,000 held-out characters)")
    train, held = split_text(load_text("shakespeare"), 0.9)
    held = held[:100_000]
    times = {"fit order 5": [], "score, static": [], "score, adaptive": [], "encode, static": [],
             "decode, static": [], "encode, adaptive": []}
    for _ in range(args.repeats):
        box = {}
        times["fit order 5"].append(timed(lambda: box.setdefault("m", CharNGram(5).fit(train))))
        m = box["m"]
        a = m.with_options(adaptive=True)
        times["score, static"].append(timed(lambda: m.cross_entropy(held)))
        times["score, adaptive"].append(timed(lambda: a.cross_entropy(held)))
        times["encode, static"].append(timed(lambda: box.setdefault("d", arithmetic_encode(held, m))))
        times["decode, static"].append(timed(lambda: box.setdefault("t", arithmetic_decode(box["d"], m, len(held)))))
        times["encode, adaptive"].append(timed(lambda: arithmetic_encode(held, a)))
        assert box["t"] == held
    print_table(["operation", "median time"], [[k, f"{median(v):.2f} s"] for k, v in times.items()])
    for k, v in times.items():
        rows.append(Row("compression", k, median(v), "s", target="a few seconds (<= 5 s)", met=median(v) <= 5.0))

    banner("Notebook 10 execution time (fresh kernel)")
    from bench_notebooks import execute
    wall = []
    for _ in range(args.repeats):
        result = execute(NOTEBOOK)
        if result["error"]:
            print(f"notebook 10 failed: {result['error']}")
        wall.append(result["wall"])
    print_table(["notebook", "wall time"], [[NOTEBOOK.name, f"{median(wall):.2f} s"]])
    rows.append(Row("compression", "notebook 10 execution", median(wall), "s", target="<= 10 s",
                    met=median(wall) <= 10.0))
    write_json(args.json, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
