"""Re-execute notebooks in a fresh kernel each and store normalised outputs.

Usage: python tools/execute_notebooks.py notebooks/*.ipynb   (or `make execute`)

Each notebook runs top to bottom in its own new kernel, with the notebooks/
folder as working directory, exactly as nbval runs it.  The stored copy is then
normalised so that re-running an unchanged notebook gives an unchanged file:
- no execution timings, no widget state, a fixed kernelspec, stream chunks merged;
- live widget views are dropped from stored outputs: an explorer's output also
  carries a PNG of its state and a text summary, which is what GitHub, nbviewer
  and a JupyterLab without a running kernel then show.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def normalise(nb):
    """Strip volatile metadata and live widget views, in place; returns nb."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
        if cell.cell_type != "code":
            continue
        cell.outputs = _coalesce_streams(cell.outputs)
        for out in cell.outputs:
            data = out.get("data")
            # Only where a static PNG stands beside the live view (lossnotes explorers);
            # a bare widget keeps its view so that nbval still sees the same outputs.
            if data is not None and WIDGET_VIEW in data and "image/png" in data:
                del data[WIDGET_VIEW]
    return nb


def _coalesce_streams(outputs):
    """Merge consecutive stdout (or stderr) chunks: how the kernel splits a stream
    depends on timing, and the stored file should not."""
    merged = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if out.output_type == "stream" and prev is not None and prev.output_type == "stream" and prev.name == out.name:
            prev.text += out.text
        else:
            merged.append(out)
    return merged


def execute(path, timeout=120):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(Path(path).parent)}}
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    nbformat.write(normalise(nb), path)
    return elapsed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--timeout", type=int, default=120, help="per-cell timeout in seconds")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        print(f"{path}: {execute(path, args.timeout):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
