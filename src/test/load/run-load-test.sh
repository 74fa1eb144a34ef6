#!/usr/bin/env bash
# The sessions API load test: starts the packaged app on a fresh H2 file, creates 50 sessions,
# warms up (the JIT needs about two minutes of this load before the figures settle), then runs
# wrk with segments.lua and prints wrk's latency distribution.
# Usage: src/test/load/run-load-test.sh [seconds] [connections] [warm-up seconds]   (needs wrk)
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds=${1:-30}
connections=${2:-50}
warmup=${3:-150}
port=18282
dir=$(mktemp -d)
jar=$(ls target/handshake-lab-*.jar | head -1)
java ${JAVA_OPTS:--Xmx1g} -jar "$jar" --server.port=$port --handshake-lab.data-dir="$dir" >"$dir/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 0.5; done
for i in $(seq 1 50); do
  id=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/sessions" -H 'Content-Type: application/json' \
    -d "{\"name\":\"load $i\",\"seed\":$i}" | sed 's/.*"id":"\([^"]*\)".*/\1/')
  echo "$id" >>"$dir/sessions.txt"
done
SESSIONS="$dir/sessions.txt" wrk -t2 -c"$connections" -d"${warmup}s" -s src/test/load/segments.lua "http://127.0.0.1:$port" >/dev/null
SESSIONS="$dir/sessions.txt" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s src/test/load/segments.lua "http://127.0.0.1:$port"
