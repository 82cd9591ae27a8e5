#!/usr/bin/env python3
"""What tracing through the pip-installed package costs against the cargo-built binary.

Usage: python3 bench/python_package.py --installed VENV/bin/heapscope
           [--binary target/release/heapscope] [--repeat 5]

The installed command runs programs in its venv's Python, loading heapscope's tracer as an
extension module; the binary embeds CPython. Both trace the same bench/ programs to a
native trace, interleaved so they see the same machine load; the table gives the best wall
time of each and their ratio, with the steps and the trace's last words, which must agree.
Timings are machine-dependent: compare the ratios of one run, never times across machines.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROGRAMS = ["scalar_loop.py", "call_loop.py", "append_loop.py", "alloc_churn.py"]


def timed(cmd):
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr}")
    return wall, out.stderr


def summary(heapscope, trace):
    """The last line of `heapscope run` on the trace: "N steps: how it ended"."""
    out = subprocess.run([heapscope, "run", trace, "--step", "1"], capture_output=True, text=True)
    lines = [l for l in out.stdout.splitlines() if re.match(r"\d+ steps: ", l)]
    return lines[-1] if lines else "?"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--installed", required=True, help="the pip-installed heapscope command")
    ap.add_argument("--binary", default=str(HERE.parent / "target/release/heapscope"))
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in PROGRAMS:
            prog = str(HERE / "programs" / name)
            outs = {k: os.path.join(tmp, f"{k}-{name}.hstrace") for k in ("bin", "pkg")}
            times = {"bin": [], "pkg": []}
            for _ in range(a.repeat):
                for key, exe in (("bin", a.binary), ("pkg", a.installed)):
                    cmd = [exe, "trace", prog, "-o", outs[key], "--max-steps", "100000000", "--timeout", "120"]
                    times[key].append(timed(cmd)[0])
            ends = {k: summary(a.binary, outs[k]) for k in outs}
            rows.append((name, min(times["bin"]), min(times["pkg"]), ends["bin"], ends["pkg"]))
    print("| program | cargo-built binary | installed package | package / binary | trace (both) |")
    print("|---|---|---|---|---|")
    for name, b, p, eb, ep in rows:
        same = eb if eb == ep else f"DIFFERENT: {eb} / {ep}"
        print(f"| {name} | {b:.2f} s | {p:.2f} s | {p / b:.2f}× | {same} |")


if __name__ == "__main__":
    main()
