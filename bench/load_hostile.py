#!/usr/bin/env python3
"""Load test of `heapscope serve` with a mix of good and hostile programs (issue #5).

Usage: python3 bench/load_hostile.py [--heapscope target/release/heapscope]
                                     [--seconds 60] [--clients 16] [--workers 2]

Starts `heapscope serve` on 127.0.0.1 (loopback only; every request goes there), then 16
client threads post programs for a bounded time: the lecture examples and the hostile
corpus (tests/hostile/), half of them made unique with a comment so they miss the cache.
It records every answer, samples the server's resident memory each second, and checks
that nothing outside the sandbox changed: a canary file, the repository's tracked files,
and the list of files in /tmp. Prints a Markdown summary; exits 1 if a request got no
answer, the server died, or anything outside changed.
"""
import argparse
import hashlib
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from loadkit import ROOT, free_port, rss_kib, text


def tree_digest():
    out = subprocess.run(["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True).stdout
    status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    return hashlib.sha256((out + status).encode()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--heapscope", default=str(ROOT / "target/release/heapscope"))
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()

    good = [p.read_text() for p in sorted((ROOT / "examples/lecture").glob("*.py"))]
    # One program is Latin-1 (the API takes text, so it arrives re-encoded).
    hostile = [text(p) for p in sorted((ROOT / "tests/hostile").glob("*.py"))]
    canary_dir = tempfile.mkdtemp(prefix="heapscope-canary-")
    canary = Path(canary_dir) / "canary.txt"
    canary.write_text("untouched\n")
    tmp_before = set(os.listdir("/tmp"))
    tree_before = tree_digest()

    port = free_port()
    server = subprocess.Popen(
        [a.heapscope, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(a.workers),
         "--timeout", "3", "--max-steps", "200000"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 15
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/api/health")
            if c.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        sys.exit("the server did not start")

    stop = time.time() + a.seconds
    lock = threading.Lock()
    statuses, latencies, failures = {}, [], []
    rng_seed = [0]

    def client(k):
        rng = random.Random(k)
        while time.time() < stop:
            code = rng.choice(hostile if rng.random() < 0.5 else good)
            if rng.random() < 0.5:
                code += f"\n# unique {k}-{rng.random()}\n"  # misses the cache
            body = json.dumps({"code": code, "stdin": "Ada\n36\n"})
            t0 = time.perf_counter()
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                c.request("POST", "/api/run", body, {"Content-Type": "application/json"})
                r = c.getresponse()
                r.read()
                dt = time.perf_counter() - t0
                with lock:
                    statuses[r.status] = statuses.get(r.status, 0) + 1
                    latencies.append(dt)
                if r.status == 503:
                    time.sleep(0.05)  # "busy, try again": a polite client waits
            except Exception as e:  # no answer at all
                with lock:
                    failures.append(repr(e))

    threads = [threading.Thread(target=client, args=(k,)) for k in range(a.clients)]
    samples = []
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        samples.append(rss_kib(server.pid))
        time.sleep(1)
    for t in threads:
        t.join()
    alive = server.poll() is None
    server.terminate()
    server.wait(timeout=10)

    tmp_after = set(os.listdir("/tmp")) - {os.path.basename(canary_dir)}
    new_tmp = sorted(tmp_after - tmp_before)
    canary_ok = canary.read_text() == "untouched\n" and os.listdir(canary_dir) == ["canary.txt"]
    tree_ok = tree_digest() == tree_before
    total = sum(statuses.values())
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0
    rss = [s for s in samples if s]
    warm = rss[len(rss) // 4:] or rss
    print(f"| requests answered | {total} of {total + len(failures)} in {a.seconds:.0f} s, {a.clients} clients, {a.workers} workers |")
    print(f"| statuses | {', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))} |")
    print(f"| latency p50 / p90 / p99 | {pct(0.5):.1f} / {pct(0.9):.1f} / {pct(0.99):.1f} ms |")
    if rss:
        print(f"| server memory (RSS) | start {rss[0] / 1024:.0f} MB, after warm-up {min(warm) / 1024:.0f}–{max(warm) / 1024:.0f} MB, end {rss[-1] / 1024:.0f} MB |")
    series = " ".join(f"{s / 1024:.0f}" for s in rss[::5])
    print(f"| server memory every 5 s (MB) | {series} |")
    print(f"| server alive at the end | {'yes' if alive else 'NO'} |")
    print(f"| outside the sandbox | canary {'unchanged' if canary_ok else 'CHANGED'}, repository {'unchanged' if tree_ok else 'CHANGED'}, new files in /tmp: {new_tmp or 'none'} |")
    ok = not failures and alive and canary_ok and tree_ok and not new_tmp
    if failures:
        print("no answer:", failures[:5], file=sys.stderr)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
