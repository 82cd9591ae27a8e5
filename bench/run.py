#!/usr/bin/env python3
"""Trace-engine benchmarks: each program untraced and traced in the same run.

Usage: python3 bench/run.py [--heapscope target/release/heapscope] [--repeat 3]

A second table is what wrapping CPython's allocators costs: each program traced with the
hook (deaths, sizes, memory figures) and without it (`--no-alloc-hook`), interleaved.

Prints a Markdown table (wall time best of N, peak memory of the whole process tree, trace
size, steps, overhead ratio against the untraced program). Timings are machine-dependent:
compare ratios measured in one run, never absolute times across machines.
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
PROGRAMS = [
    ("scalar_loop.py", "1,000,000-iteration scalar loop", "under 4 s, trace under 40 MB"),
    ("call_loop.py", "200,000 calls of a small function", "-"),
    ("append_loop.py", "list.append to 100,000 items", "under 3 s, peak under 300 MB"),
    ("alloc_churn.py", "100,000 iterations making and dropping a list, a str and a dict", "-"),
]


def timed(cmd):
    """Wall seconds and peak RSS (KiB) of cmd and its children, via GNU time."""
    t0 = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr}")
    rss = int(out.stderr.strip().splitlines()[-1])
    return wall, rss, out.stderr


def last_step(heapscope, trace):
    """The variables of a trace's last step, as `heapscope run` prints them."""
    first = subprocess.run([heapscope, "run", trace, "--step", "1", "--no-color"], capture_output=True, text=True)
    n = re.search(r"of (\d+)", first.stdout).group(1)
    last = subprocess.run([heapscope, "run", trace, "--step", n, "--no-color"], capture_output=True, text=True)
    return sorted(l for l in last.stdout.splitlines() if l.startswith("    "))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--heapscope", default=str(HERE.parent / "target/release/heapscope"))
    ap.add_argument("--python", default="python3")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, what, target in PROGRAMS:
            prog = str(HERE / "programs" / name)
            plain = min(timed([a.python, prog]) for _ in range(a.repeat))
            out = os.path.join(tmp, name + ".hstrace")
            runs = [timed([a.heapscope, "trace", prog, "-o", out, "--max-steps", "100000000", "--timeout", "120"])
                    for _ in range(a.repeat)]
            best = min(runs)
            steps = re.search(r"(\d+) steps", best[2])
            size = os.path.getsize(out)
            rows.append((what, plain[0], best[0], best[0] / plain[0], max(r[1] for r in runs) / 1024,
                         size / 1e6, steps.group(1) if steps else "?", target))
    hook_rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, what, _ in PROGRAMS:
            prog = str(HERE / "programs" / name)
            out = os.path.join(tmp, name + ".hstrace")
            base = [a.heapscope, "trace", prog, "-o", out, "--max-steps", "100000000", "--timeout", "120"]
            on, off = [], []
            for _ in range(a.repeat):  # interleaved, so both see the same machine load
                on.append(timed(base)[0])
                last_on = last_step(a.heapscope, out)
                off.append(timed(base + ["--no-alloc-hook"])[0])
                last_off = last_step(a.heapscope, out)
            hook_rows.append((what, min(off), min(on), min(on) / min(off) - 1, last_on == last_off))
    print("| program | untraced | traced | ratio | peak memory | trace file | steps | target |")
    print("|---|---|---|---|---|---|---|---|")
    for what, p, t, r, mem, size, steps, target in rows:
        print(f"| {what} | {p:.3f} s | {t:.2f} s | {r:.0f}× | {mem:.0f} MB | {size:.1f} MB | {steps} | {target} |")
    print()
    print("| program | traced, no allocator hook | traced with it | extra cost (target ≤ 25%) | same last step without it? |")
    print("|---|---|---|---|---|")
    for what, off, on, extra, same in hook_rows:
        verdict = "yes" if same else "no: a new object at a reused address is taken for the old one"
        print(f"| {what} | {off:.2f} s | {on:.2f} s | {extra * 100:+.0f}% | {verdict} |")


if __name__ == "__main__":
    main()
