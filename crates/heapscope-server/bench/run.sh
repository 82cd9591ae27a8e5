#!/usr/bin/env bash
# Load benchmark of `heapscope serve` from a second process on loopback, bounded in time
# (10 s per case): cached runs, cached step pictures, uncached runs with 16 clients (they
# wait in line while both workers are busy; before issue 16 most were refused with 503) and uncached runs with as many
# clients as workers. Needs wrk (apt-get install -y wrk) and a built heapscope.
set -euo pipefail
cd "$(dirname "$0")"
bin=${HEAPSCOPE:-../../../target/debug/heapscope}
port=${PORT:-8799}
"$bin" serve --host 127.0.0.1 --port "$port" > /dev/null &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/health" > /dev/null && break; sleep 0.1; done
workers=$(curl -s "http://127.0.0.1:$port/api/health" | sed 's/.*"workers":\([0-9]*\).*/\1/')
id=$(curl -s -XPOST "http://127.0.0.1:$port/api/run" -H 'content-type: application/json' \
  -d '{"code":"x = [1, 2, 3]\ny = x\nprint(len(y))\n"}' | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/')
echo "== cached run, 16 clients";   wrk -t2 -c16 -d10s --latency -s cached.lua "http://127.0.0.1:$port/api/run"
echo "== cached step, 16 clients";  wrk -t2 -c16 -d10s --latency "http://127.0.0.1:$port/api/trace/$id/step/3"
echo "== uncached run, 16 clients"; wrk -t2 -c16 -d10s --latency -s uncached.lua "http://127.0.0.1:$port/api/run"
sleep 2
echo "== uncached run, $workers clients"; wrk -t2 -c"$workers" -d10s --latency -s uncached.lua "http://127.0.0.1:$port/api/run"
