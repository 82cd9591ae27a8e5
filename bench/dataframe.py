"""A million-row DataFrame built, filtered, grouped and aggregated (issue 13): the program
run by plain python and under `heapscope trace -o` (the library's code is not traced), one
run each, timed as whole processes; prints the ratio and the trace file's size.

    python3 bench/dataframe.py [path/to/heapscope]   # default: target/release, else debug
"""
import os
import subprocess
import sys
import tempfile
import time

PROGRAM = '''\
import numpy as np
import pandas as pd

n = 1_000_000
rng = np.random.default_rng(7)
df = pd.DataFrame({
    "customer": np.arange(n),
    "region": rng.integers(0, 12, n),
    "spend": rng.gamma(2.0, 40.0, n),
    "visits": rng.poisson(12, n),
})
big = df[df["spend"] > 50.0]
by_region = big.groupby("region").agg(total=("spend", "sum"), visits=("visits", "mean"))
top = by_region.sort_values("total", ascending=False).head(3)
print(top.round(1))
'''


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    exe = sys.argv[1] if len(sys.argv) > 1 else None
    if exe is None:
        for build in ("release", "debug"):
            cand = os.path.join(root, "target", build, "heapscope")
            if os.path.exists(cand):
                exe = cand
                break
    with tempfile.TemporaryDirectory() as d:
        prog = os.path.join(d, "frame.py")
        with open(prog, "w") as f:
            f.write(PROGRAM)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, prog], check=True, capture_output=True)
        plain = time.perf_counter() - t0
        out = os.path.join(d, "frame.hstrace")
        t0 = time.perf_counter()
        subprocess.run([exe, "trace", prog, "-o", out, "--timeout", "120"], check=True,
                       capture_output=True)
        traced = time.perf_counter() - t0
        size = os.path.getsize(out)
    print(f"heapscope: {exe}")
    print(f"plain python: {plain:.2f} s, heapscope trace: {traced:.2f} s, "
          f"ratio {traced / plain:.2f}x (target within 1.5x)")
    print(f"trace file: {size / 1e6:.2f} MB (target under 10 MB)")


if __name__ == "__main__":
    main()
