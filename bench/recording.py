#!/usr/bin/env python3
"""What recording a long run costs, before and after a change: time, memory and file size.

Usage: python3 bench/recording.py --before OLD/heapscope [--after target/release/heapscope]
           [--program bench/programs/long_scalar.py] [--repeat 3]

Both binaries record the same program to a native trace (`heapscope trace P -o X.hstrace`),
interleaved so they see the same machine load. For each, the table gives the median wall
time, the median CPU time (user + sys of the whole process tree), the largest peak
resident set, the file's size and its bytes a step, and the after/before ratios; the load
average is printed before and after. Each trace's last words (`N steps: how it ended`) are
read back by the after binary, which must read both files, and must agree.
Timings are machine-dependent: compare the ratios of one run, never times across machines.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def record(exe, prog, out):
    """Runs one recording; returns (wall s, cpu s, peak RSS bytes)."""
    cmd = [exe, "trace", prog, "-o", out, "--max-steps", "100000000", "--timeout", "600"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err}")
    # wait4 reports the child together with the descendants it waited for (the worker):
    # their CPU times summed, and the largest peak resident set among them.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def last_words(exe, trace):
    out = subprocess.run([exe, "run", trace, "--step", "1"], capture_output=True, text=True)
    lines = [l for l in out.stdout.splitlines() if re.match(r"\d+ steps: ", l)]
    if not lines:
        sys.exit(f"{exe} cannot read {trace}:\n{out.stderr}")
    return lines[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True, help="the heapscope binary before the change")
    ap.add_argument("--after", default=str(HERE.parent / "target/release/heapscope"))
    ap.add_argument("--program", default=str(HERE / "programs" / "long_scalar.py"))
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    print(f"load average before: {os.getloadavg()}")
    runs = {"before": [], "after": []}
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        outs = {k: os.path.join(tmp, f"{k}.hstrace") for k in runs}
        for _ in range(a.repeat):
            for key, exe in (("before", a.before), ("after", a.after)):
                runs[key].append(record(exe, a.program, outs[key]))
        sizes = {k: os.path.getsize(outs[k]) for k in outs}
        ends = {k: last_words(a.after, outs[k]) for k in outs}
    print(f"load average after: {os.getloadavg()}")
    steps = int(ends["after"].split()[0])
    if ends["before"] != ends["after"]:
        sys.exit(f"the traces differ: {ends}")
    row = {}
    for k, rs in runs.items():
        row[k] = (
            statistics.median(r[0] for r in rs),
            statistics.median(r[1] for r in rs),
            max(r[2] for r in rs),
            sizes[k],
        )
    print(f"{Path(a.program).name}: {ends['after']} (median of {a.repeat}, interleaved)\n")
    print("| | wall | CPU (user+sys) | peak RSS | file | bytes a step |")
    print("|---|---|---|---|---|---|")
    for k in ("before", "after"):
        w, c, m, s = row[k]
        print(f"| {k} | {w:.2f} s | {c:.2f} s | {m / 1e6:.0f} MB | {s / 1e6:.1f} MB | {s / steps:.2f} |")
    (bw, bc, bm, bs), (aw, ac, am, as_) = row["before"], row["after"]
    print(f"| after / before | {aw / bw:.2f}x | {ac / bc:.2f}x | {am / bm:.2f}x | {as_ / bs:.3f}x | |")


if __name__ == "__main__":
    main()
