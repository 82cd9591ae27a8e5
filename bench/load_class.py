#!/usr/bin/env python3
"""A class on `heapscope serve` (issues #16 and #10): many students, think times, their own
edits of the lecture programs, some hostile programs, for a bounded time.

Usage: python3 bench/load_class.py [--heapscope target/release/heapscope] [--students 300]
           [--seconds 120] [--workers 2] [--instances 1 | --instances 2 --nginx]

Each simulated student loops: thinks 5 to 20 s, then presses Visualize on a program: a
lecture example (examples/lecture/) as it is (40%), the same with their own edit (a changed
number or an added line, so it misses the cache; 50%), or a hostile program from
tests/hostile/ (10%, a quarter of them edited so they run again). Pressing Visualize is what
the page does: POST /api/run (retried after Retry-After on a 503, as the page does), then
GET step 1; the time from the press to step 1's picture is "time to first picture". Then
the student steps through up to 5 more steps. With --nginx, Debian's nginx runs in front of
--instances servers with deploy/nginx/heapscope.conf, and every request goes through it.

Samples the servers' resident memory every second. Prints Markdown; exits 1 if a request
got no answer or a server died.
"""
import argparse
import http.client
import json
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from loadkit import ROOT, free_port, rss_kib, text


def edit(code, rng):
    """A student's own edit: a number changed, or a line added at the end."""
    nums = list(re.finditer(r"(?<![\w.])\d+(?![\w.])", code))
    if nums and rng.random() < 0.7:
        m = rng.choice(nums)
        return code[: m.start()] + str(int(m.group()) + rng.randint(1, 9)) + code[m.end():]
    return code + f"\nmy_note = {rng.randint(0, 10**6)}\nprint(my_note)\n"


def start_server(binary, port, workers, extra):
    p = subprocess.Popen(
        [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    p.stdout.readline()
    return p


def start_nginx(dir, backends, affinity):
    port = free_port()
    site = (ROOT / "deploy/nginx/heapscope.conf").read_text()
    servers = "".join(f"    server 127.0.0.1:{b};\n" for b in backends)
    site = site.replace("    server 127.0.0.1:8001;\n    server 127.0.0.1:8002;\n", servers)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    if affinity:  # the configuration's commented alternative: one tab, one instance
        site = site.replace("    least_conn;\n", "    hash $http_x_heapscope_client consistent;\n")
    (Path(dir) / "heapscope.conf").write_text(site)
    (Path(dir) / "nginx.conf").write_text(
        f"worker_processes 1;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log;\n"
        f"events {{ worker_connections 4096; }}\nhttp {{\n access_log off;\n"
        f" client_body_temp_path {dir}/body;\n proxy_temp_path {dir}/proxy;\n"
        f" fastcgi_temp_path {dir}/f;\n uwsgi_temp_path {dir}/u;\n scgi_temp_path {dir}/s;\n"
        f" include {dir}/heapscope.conf;\n}}\n")
    p = subprocess.Popen(["/usr/sbin/nginx", "-p", dir, "-c", f"{dir}/nginx.conf", "-g", "daemon off;"])
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return p, port
        except OSError:
            time.sleep(0.05)
    sys.exit("nginx did not start: " + (Path(dir) / "error.log").read_text())


def request(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    h = {"Content-Type": "application/json", **(headers or {})}
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r.getheader("Retry-After"), data


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--heapscope", default=str(ROOT / "target/release/heapscope"))
    ap.add_argument("--students", type=int, default=300)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--instances", type=int, default=1)
    ap.add_argument("--nginx", action="store_true")
    ap.add_argument("--affinity", action="store_true",
                    help="nginx sends each tab to one instance (hash of X-Heapscope-Client)")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--cache-mb", type=int, default=None,
                    help="serve's --cache-mb: a small one shows the memory plateau in a short run")
    a = ap.parse_args()

    lecture = [p.read_text() for p in sorted((ROOT / "examples/lecture").glob("*.py"))]
    hostile = [text(p) for p in sorted((ROOT / "tests/hostile").glob("*.py"))]
    ports = [free_port() for _ in range(a.instances)]
    extra = ["--cache-mb", str(a.cache_mb)] if a.cache_mb else []
    servers = [start_server(a.heapscope, p, a.workers, extra) for p in ports]
    nginx = None
    tmp = tempfile.mkdtemp(prefix="heapscope-lb-")
    target = ports[0]
    if a.nginx:
        nginx, target = start_nginx(tmp, ports, a.affinity)

    lock = threading.Lock()
    firsts, unanswered, refusals, statuses, errors = [], [], [], {}, []
    kinds = {"lecture": 0, "edited": 0, "hostile": 0}
    stop_at = time.time() + a.seconds
    t0 = time.time()

    def student(i):
        rng = random.Random(a.seed * 1000 + i)
        tab = f"student-{i:03d}-{rng.randrange(1 << 30):08x}"
        time.sleep(rng.uniform(0, 20))  # the class does not all arrive in the same second
        while time.time() < stop_at:
            r = rng.random()
            if r < 0.10:
                kind, code = "hostile", rng.choice(hostile)
                if rng.random() < 0.25:
                    code = edit(code, rng)
            elif r < 0.50:
                kind, code = "lecture", rng.choice(lecture)
            else:
                kind, code = "edited", edit(rng.choice(lecture), rng)
            pressed = time.time()
            try:
                for attempt in range(10):
                    asked = time.time()
                    st, retry, data = request(target, "POST", "/api/run", {"code": code},
                                              {"X-Heapscope-Client": tab})
                    with lock:
                        statuses[st] = statuses.get(st, 0) + 1
                    if st != 503:
                        break
                    with lock:
                        refusals.append((time.time() - t0, json.loads(data).get("error", ""),
                                         time.time() - asked))
                    time.sleep(float(retry or 1) * (1 + rng.random() * 0.3))
                if st != 200:
                    with lock:
                        errors.append((kind, st, data[:200]))
                    continue
                summary = json.loads(data)
                steps = summary["steps"]
                for n in range(1, min(steps, 6) + 1):
                    path = f"/api/trace/{summary['id']}/step/{n}"
                    tabh = {"X-Heapscope-Client": tab}
                    st, _, data = request(target, "GET", path, None, tabh)
                    if st == 404:  # another instance recorded it: carry the program
                        for attempt in range(5):  # a re-run may meet a full line, as the page
                            asked = time.time()
                            st, retry, data = request(target, "POST", path, {"code": code}, tabh)
                            if st != 503 or attempt == 4:
                                break
                            with lock:
                                statuses[503] = statuses.get(503, 0) + 1
                                refusals.append((time.time() - t0, json.loads(data).get("error", ""),
                                                 time.time() - asked))
                            time.sleep(max(float(retry or 1), 2 ** attempt) * (1 + rng.random() * 0.3))
                    with lock:
                        statuses[st] = statuses.get(st, 0) + 1
                    if n == 1:
                        with lock:
                            if st == 200:
                                firsts.append(time.time() - pressed)
                                kinds[kind] += 1
                            else:
                                errors.append((kind, st, data[:200]))
                    time.sleep(rng.uniform(0.3, 1.5))  # reading the picture
            except Exception as e:  # no answer at all: the one thing that must not happen
                with lock:
                    unanswered.append(f"{kind}: {e!r}")
            time.sleep(rng.uniform(5, 20))

    mem = []  # (second, total RSS KiB of the servers)

    def sample():
        while time.time() < stop_at + 5:
            vals = [rss_kib(s.pid) for s in servers]
            if None not in vals:
                mem.append((time.time() - t0, sum(vals)))
            time.sleep(1)

    threads = [threading.Thread(target=student, args=(i,), daemon=True) for i in range(a.students)]
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1, stop_at - time.time() + 200))
    alive = [s.poll() is None for s in servers]
    spread = []
    for p in ports:
        try:
            m = request(p, "GET", "/metrics")[2].decode()
            spread.append(sum(int(float(l.split()[-1])) for l in m.splitlines()
                              if l.startswith("heapscope_runs_total{")))
        except Exception:
            spread.append(None)
    for s in servers:
        s.terminate()
    if nginx:
        nginx.terminate()

    firsts.sort()

    def pct(q):
        return firsts[min(len(firsts) - 1, int(q * len(firsts)))] if firsts else float("nan")

    print(f"### {a.students} students, {a.seconds:.0f} s, {a.instances} instance(s) x {a.workers} workers"
          + (" behind nginx" if a.nginx else "") + (" with tab affinity" if a.affinity else ""))
    print()
    print(f"- presses answered with a first picture: {len(firsts)} "
          f"(lecture {kinds['lecture']}, edited {kinds['edited']}, hostile {kinds['hostile']})")
    print(f"- time to first picture: p50 {pct(0.5):.2f} s, p90 {pct(0.9):.2f} s, p99 {pct(0.99):.2f} s, "
          f"max {firsts[-1] if firsts else float('nan'):.2f} s")
    print(f"- HTTP statuses: {dict(sorted(statuses.items()))}")
    full = sum(1 for _, e, _ in refusals if e.startswith("the line is full"))
    # A wait-bound refusal either comes at once (the estimate passed the bound on arrival) or
    # after the run really waited the whole bound in line.
    waited = sum(1 for _, e, took in refusals if not e.startswith("the line is full") and took >= 20)
    print(f"- 503 answers: {len(refusals)} ({full} with the line full, {len(refusals) - full} for too long a wait: "
          f"{len(refusals) - full - waited} refused on arrival by the estimate, {waited} after waiting in line), "
          f"each retried after Retry-After")
    print(f"- presses without a picture after 10 tries or with another error: {len(errors)} {errors[:3]}")
    print(f"- requests with no answer: {len(unanswered)} {unanswered[:3]}")
    print(f"- servers alive at the end: {alive}; runs per instance: {spread}")
    steps = [(t, m) for t, m in mem]
    marks = []
    for s in range(0, int(a.seconds) + 1, 30):
        near = [m for t, m in steps if abs(t - s) < 1.0]
        if near:
            marks.append(f"{s} s: {near[0] / 1024:.0f} MB")
    print(f"- server memory (resident, all instances): {', '.join(marks)}; "
          f"peak {max(m for _, m in mem) / 1024:.0f} MB")
    ok = not unanswered and all(alive)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
