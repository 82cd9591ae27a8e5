"""A million-row DataFrame built, filtered, grouped and aggregated (issue 13): the program
run by plain python and under `heapscope trace -o` (the library's code is not traced), one
run each, timed as whole processes (wall clock, and CPU time of the process tree, which a
loaded machine disturbs less); prints the ratios and the trace file's size.

    python3 bench/dataframe.py [path/to/heapscope]   # default: target/release, else debug
"""
import os
import resource
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


def timed(cmd):
    """Wall-clock seconds and CPU seconds (user + system, the whole process tree)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


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
        out = os.path.join(d, "frame.hstrace")
        plain, plain_cpu = timed([sys.executable, prog])
        traced, traced_cpu = timed([exe, "trace", prog, "-o", out, "--timeout", "120"])
        size = os.path.getsize(out)
    print(f"heapscope: {exe}")
    print(f"plain python: {plain:.2f} s, heapscope trace: {traced:.2f} s, "
          f"ratio {traced / plain:.2f}x (target within 1.5x)")
    print(f"CPU time: plain {plain_cpu:.2f} s, traced {traced_cpu:.2f} s, "
          f"ratio {traced_cpu / plain_cpu:.2f}x")
    print(f"trace file: {size / 1e3:.1f} KB (target under 10 MB)")


if __name__ == "__main__":
    main()
