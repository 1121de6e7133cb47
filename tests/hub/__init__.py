"""A real JupyterHub for tests/test_hub.py and benchmarks/bench_hub.py (see harness.py)."""
