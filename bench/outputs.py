#!/usr/bin/env python3
"""Output benchmarks (issue #14): what reads a trace, against Python Tutor's own tracer.

Usage: python3 bench/outputs.py [--heapscope target/release/heapscope] [--repeat 3]
                                [--python-tutor DIR] [--pt-python python3.11]
                                [--export-timeout 120] [--skip-long]

Measures, in one run, on the release build (whole process, median of N runs interleaved, peak memory of the
process tree from GNU time):

1. Python Tutor's JSON of three programs: `heapscope trace --format opt`, Python Tutor's
   tracer (`pt_generate_json_trace.py` from ../shared/python-tutor-backend, when present,
   with its step limit raised) writing the same JSON, and the native recording; with the
   ratio Python Tutor / heapscope.
2. The deep C recursion converted to JSON with the default limits.
3. The HTML export of the 5,000- and 100,000-item append loops (killed after
   --export-timeout seconds and reported as "over"); the 100,000-item one again
   without the drawing bound, with its file's size and each step's show time in
   headless Chromium (early, middle, last).
4. One late and one early step's picture of the 200,003-step append loop, `render` and
   `run --step`, and from `heapscope serve` (the same program posted, each step's SVG
   asked once with urllib: wall time of the request and the server's CPU time for it).
5. Recording the 10,000,000-step scalar loop (skipped with --skip-long).

Prints Markdown tables for docs/benchmarks.md. Timings move with the machine's load:
compare figures of one run (the ratios), never absolute times across runs.
"""
import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROGRAMS = HERE / "programs"
OPT_PROGRAMS = [
    ("opt_scalar.py", "scalar loop, 100,004 steps"),
    ("opt_calls.py", "call loop, 100,004 steps"),
    ("opt_append.py", "append loop to 5,000"),
]


def timed(cmd, cwd=None, timeout=None):
    """(wall seconds, peak RSS in MB, stdout path contents ignored) of cmd, via GNU time;
    None when it ran past `timeout`."""
    try:
        out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, cwd=cwd, capture_output=True,
                             text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if out.returncode != 0:
        sys.exit(f"failed ({out.returncode}): {' '.join(map(str, cmd))}\n{out.stderr[-2000:]}")
    wall, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024


def median_of(n, cmd, cwd=None, timeout=None):
    runs = [timed(cmd, cwd, timeout) for _ in range(n)]
    if any(r is None for r in runs):
        return None
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def interleaved(n, cmds, timeout=None):
    """Medians of each command, run in turn N times (so a change in the machine's load
    falls on all of them alike)."""
    runs = [[] for _ in cmds]
    for _ in range(n):
        for i, cmd in enumerate(cmds):
            if cmd is not None:
                runs[i].append(timed(cmd, timeout=timeout))
    out = []
    for r in runs:
        if not r or any(x is None for x in r):
            out.append(None)
        else:
            out.append((statistics.median(x[0] for x in r), statistics.median(x[1] for x in r)))
    return out


def fmt(r):
    return "over the time limit" if r is None else f"{r[0]:.2f} s, {r[1]:.0f} MB"


def ratio(slow, fast):
    if slow is None or fast is None or fast[0] == 0:
        return "—"
    return f"{slow[0] / fast[0]:.1f}×"


def python_tutor_dir(arg):
    for d in [arg, ROOT.parent / "shared/python-tutor-backend", Path("/work/shared/python-tutor-backend")]:
        if d and (Path(d) / "pt_generate_json_trace.py").is_file():
            return Path(d)
    return None


def steps_in(json_path):
    with open(json_path) as f:
        return len(json.load(f)["trace"])


def cpu_timed(cmd):
    """(wall seconds, CPU seconds (user + system), peak RSS in MB) of cmd, via GNU time: the
    CPU time moves less than the wall time when other work shares the cores."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M"] + cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed ({out.returncode}): {' '.join(map(str, cmd))}\n{out.stderr[-2000:]}")
    wall, user, system, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss) / 1024


def pictures(hs, tmp, a, big):
    """Sections 3 and 4: the HTML export of the append loops, and one step's picture of
    the 200,003-step append loop at steps from the first to the last (`render --step`,
    `run --step`), each the median of --repeat runs taken in turn."""
    print("\n## HTML export and late steps\n")
    append = tmp / "append.hstrace"
    timed([hs, "trace", str(PROGRAMS / "append_loop.py"), "-o", str(append)] + big)
    small = tmp / "small.hstrace"
    timed([hs, "trace", str(PROGRAMS / "opt_append.py"), "-o", str(small)] + big)
    print("| what | wall, CPU, peak memory |")
    print("|---|---|")
    for label, trace in [] if a.steps_only else [("export, append loop to 5,000 (10,003 steps)", small),
                         ("export, append loop to 100,000 (200,003 steps)", append)]:
        cmd = [hs, "export", str(trace), "-o", str(tmp / "x.html")]
        try:
            out = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M"] + cmd, capture_output=True, text=True,
                                 timeout=a.export_timeout)
        except subprocess.TimeoutExpired:
            print(f"| {label} | over {a.export_timeout:.0f} s |")
            continue
        lines = out.stderr.strip().splitlines()
        wall, user, system, rss = lines[-1].split()
        # The export's own time bound (--timeout, 10 s) may stop it: say where.
        stop = next((l for l in lines if "stopped the export" in l), None)
        kept = f"; {stop.split(':')[0].replace('heapscope ', '')}" if stop else ""
        print(f"| {label} | {float(wall):.2f} s, {float(user) + float(system):.2f} s CPU, "
              f"{int(rss) / 1024:.0f} MB{kept} |")
    if not a.steps_only:
        whole_export(hs, tmp, append)
    print("\n| one step of the 200,003 | `render --step` wall, CPU, memory | `run --step` wall, CPU, memory |")
    print("|---|---|---|")
    for step in ["1", "10", "1000", "100000", "199000", "200003"]:
        runs = {"render": [], "run": []}
        for _ in range(a.repeat):
            runs["render"].append(cpu_timed([hs, "render", str(append), "--step", step, "-o", str(tmp / "s.svg")]))
            runs["run"].append(cpu_timed([hs, "run", str(append), "--step", step, "--no-color"]))
        cells = []
        for k in ["render", "run"]:
            r = runs[k]
            cells.append(f"{statistics.median(x[0] for x in r):.3f} s, {statistics.median(x[1] for x in r):.3f} s, "
                         f"{statistics.median(x[2] for x in r):.0f} MB")
        print(f"| {int(step):,} | {cells[0]} | {cells[1]} |")
    served = ["1", "1000", "100000", "199000", "199001", "200003"]
    steps, out, peak = served_steps(hs, tmp, served)
    print(f"\n`heapscope serve`, the append loop posted ({steps:,} steps), each step's SVG asked once "
          f"in this order; server peak memory {peak:.0f} MB; load average {os.getloadavg()[0]:.1f}\n")
    print("| step | wall | server CPU | same SVG as `render --step` |")
    print("|---|---|---|---|")
    for step, (wall, cpu, same) in zip(served, out):
        print(f"| {int(step):,} | {wall:.3f} s | {cpu:.2f} s | {'yes' if same else 'NO'} |")


def proc_cpu(pid):
    """CPU seconds (user + system) process `pid` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def served_steps(hs, tmp, steps):
    """Each step's SVG of the append loop from `heapscope serve`, asked once in turn (a
    second ask would come from its cache of drawn steps): (wall, server CPU) per step,
    the server's peak memory, and whether each SVG is the one `render --step` writes."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([hs, "serve", "--port", str(port), "--max-steps", "300000", "--timeout", "120"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/api/health", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        code = (PROGRAMS / "append_loop.py").read_text()
        body = json.dumps({"code": code, "options": {"max_steps": 300000}}).encode()
        req = urllib.request.Request(base + "/api/run", data=body, headers={"Content-Type": "application/json"})
        run = json.load(urllib.request.urlopen(req, timeout=300))
        out = []
        for step in steps:
            cpu0, t0 = proc_cpu(server.pid), time.perf_counter()
            svg = urllib.request.urlopen(f"{base}/api/trace/{run['id']}/step/{step}/svg", timeout=60).read()
            wall, cpu = time.perf_counter() - t0, proc_cpu(server.pid) - cpu0
            mine = tmp / "cli.svg"
            subprocess.run([hs, "render", str(tmp / "append.hstrace"), "--step", step, "-o", str(mine)],
                           check=True, capture_output=True)
            out.append((wall, cpu, svg == mine.read_bytes()))
        peak = next(int(l.split()[1]) for l in Path(f"/proc/{server.pid}/status").read_text().splitlines()
                    if l.startswith("VmHWM:")) / 1024
        return run["steps"], out, peak
    finally:
        server.terminate()
        server.wait()


def long_json(hs, tmp, big):
    """Section 6: the JSON of the scalar loop at 1,000,000 and 10,000,000 steps, written to
    a file on /tmp (deleted after): its memory should not grow with the length."""
    print("\n## Python Tutor's JSON of long scalar loops\n")
    print("| steps | wall, CPU, peak memory | JSON |")
    print("|---|---|---|")
    for n in [500_000, 5_000_000]:
        prog = tmp / f"scalar_{n}.py"
        prog.write_text((PROGRAMS / "long_scalar.py").read_text().replace("range(5000000)", f"range({n})"))
        out = tmp / "long.json"
        wall, cpu, rss = cpu_timed([hs, "trace", str(prog), "--format", "opt", "-o", str(out),
                                    "--max-trace", "100000", "--max-steps", "20000000",
                                    "--timeout", "900"])
        print(f"| {2 * n + 4:,} | {wall:.2f} s, {cpu:.2f} s CPU, {rss:.0f} MB | {out.stat().st_size / 1e6:,.0f} MB |")
        out.unlink()


def whole_export(hs, tmp, append):
    """The 200,003-step export without the drawing bound (--timeout 600, so the machine's
    load cannot cut it short), its file, and how long the page takes to show an early, a
    middle and the last step in headless Chromium (the page's own timing of one step,
    `data-show-ms`, after loading straight at `#step=N`)."""
    out = tmp / "whole.html"
    wall, cpu, rss = cpu_timed([hs, "export", str(append), "--timeout", "600", "-o", str(out)])
    print(f"\n| whole export, 200,003 steps | {wall:.2f} s, {cpu:.2f} s CPU, {rss:.0f} MB, "
          f"file {out.stat().st_size / 1e6:.1f} MB | load {os.getloadavg()[0]:.1f} |")
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        print("\n(no chromium and chromedriver: the page's step times are not measured)")
        return
    print("\n| step shown in Chromium | show time (the page's own, median of 3) | page load to shown, wall (last run) |")
    print("|---|---|---|")
    port = 9515 + os.getpid() % 1000
    proc = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wd = webdriver(port, chromium)
        for step in [10, 100_000, 199_000, 200_003]:
            times = []
            for _ in range(3):
                # A fresh load each time: the page inflates and parses its data, then
                # shows the step straight from its nearest keyframe.
                wd("url", {"url": "about:blank"})
                t = time.time()
                wd("url", {"url": f"file://{out}#step={step}"})
                while wd("execute/sync", {"script": "return document.body.dataset.showMs || null;", "args": []}) is None:
                    time.sleep(0.05)
                ready = time.time() - t
                times.append(float(wd("execute/sync", {"script": "return document.body.dataset.showMs;", "args": []})))
            print(f"| {step:,} | {statistics.median(times):.1f} ms | {ready:.1f} s |")
        wd("DELETE", None)
    finally:
        proc.kill()
    out.unlink()


def webdriver(port, chromium):
    """A headless Chromium session through chromedriver (plain WebDriver over HTTP):
    returns a call(command, body) for the session (`DELETE` ends it)."""
    import urllib.request

    def call(path, body, method="POST"):
        req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        return json.load(urllib.request.urlopen(req, timeout=300))["value"]

    for _ in range(100):
        try:
            call("/status", None, "GET")
            break
        except OSError:
            time.sleep(0.1)
    caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
        "binary": chromium, "args": ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"]}}}}
    sid = call("/session", caps)["sessionId"]

    def session(cmd, body):
        if cmd == "DELETE":
            return call(f"/session/{sid}", None, "DELETE")
        return call(f"/session/{sid}/{cmd}", body)
    return session


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--heapscope", default=str(ROOT / "target/release/heapscope"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--python-tutor", default=None)
    ap.add_argument("--pt-python", default="python3.11")
    ap.add_argument("--export-timeout", type=float, default=120)
    ap.add_argument("--skip-long", action="store_true")
    ap.add_argument("--pictures-only", action="store_true",
                    help="only the HTML export and one step's picture (section 3 and 4)")
    ap.add_argument("--steps-only", action="store_true",
                    help="with --pictures-only: one step's picture only, not the export")
    ap.add_argument("--opt-only", action="store_true",
                    help="only Python Tutor's JSON (sections 1 and 2) and, unless --skip-long, the "
                         "JSON of the 1,000,000- and 10,000,000-step scalar loops (section 6)")
    a = ap.parse_args()
    hs = a.heapscope
    pt = python_tutor_dir(a.python_tutor)
    big = ["--max-steps", "20000000", "--timeout", "120"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if a.pictures_only:
            pictures(hs, tmp, a, big)
            return
        print("## Python Tutor's JSON\n")
        print("| program | steps | `trace --format opt` | Python Tutor, same JSON | ratio | JSON | `trace -o x.hstrace` |")
        print("|---|---|---|---|---|---|---|")
        for name, what in OPT_PROGRAMS:
            prog = str(PROGRAMS / name)
            out = tmp / "h.json"
            # Every item of a container, as Python Tutor shows them (heapscope's default is
            # the first and last 50).
            ptout = tmp / "pt.json"
            theirs_cmd = None
            if pt:
                theirs_cmd = ["sh", "-c", f'{a.pt_python} {pt}/pt_generate_json_trace.py "$0" '
                              f'--max-steps 10000000 > {ptout}', prog]
            ours, theirs, native = interleaved(a.repeat, [
                [hs, "trace", prog, "--format", "opt", "-o", str(out), "--max-items", "1000000"] + big,
                theirs_cmd,
                [hs, "trace", prog, "-o", str(tmp / "h.hstrace")] + big,
            ])
            steps = steps_in(out)
            size = out.stat().st_size / 1e6
            print(f"| {what} | {steps:,} | {fmt(ours)} | {fmt(theirs) if pt else 'not found'} | "
                  f"{ratio(theirs, ours)} | {size:.0f} MB | {fmt(native)} |")

        print("\n## A deep C recursion as JSON (default limits)\n")
        deep = tmp / "deep.json"
        r = median_of(1, [hs, "trace", str(PROGRAMS / "deep_c_recursion.py"), "--format", "opt", "-o", str(deep)])
        with open(deep) as f:
            t = json.load(f)["trace"]
        print(f"{fmt(r)}; {deep.stat().st_size / 1e6:.0f} MB of JSON, {len(t):,} steps, last: "
              f"`{t[-1]['event']}`: {t[-1].get('exception_msg', '')!r}")

        if a.opt_only:
            if not a.skip_long:
                long_json(hs, tmp, big)
            return

        pictures(hs, tmp, a, big)

        if not a.skip_long:
            print("\n## Recording a 10,000,000-step scalar loop\n")
            long = tmp / "long.hstrace"
            r = median_of(1, [hs, "trace", str(PROGRAMS / "long_scalar.py"), "-o", str(long)] + big)
            size = long.stat().st_size
            print(f"{fmt(r)}; file {size / 1e6:.0f} MB, {size / 10_000_004:.1f} bytes a step")


if __name__ == "__main__":
    main()
