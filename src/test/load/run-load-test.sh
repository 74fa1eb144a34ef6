#!/usr/bin/env bash
# The sessions API load test: starts the packaged app on a fresh H2 file, creates 50 sessions,
# warms up (the JIT needs about two minutes of this load before the figures settle), then runs
# wrk with segments.lua and prints wrk's latency distribution. Without a rate, wrk sends as fast as
# the app answers (saturation: throughput, and latency that is mostly queueing); with a rate, each
# connection is paced so that all of them together send about that many requests per second.
# It also prints the app's CPU time per request over the measured run, read from /proc: the cost
# of a step. And it prints the share of CPU time the hypervisor stole from this machine during the
# run ("steal" in /proc/stat): on a shared host, runs with steal cost more CPU per step and have
# longer tails, and the figures should be read with it.
# Usage: src/test/load/run-load-test.sh [seconds] [connections] [warm-up seconds] [rate]   (needs wrk)
# JAR picks the jar (default: the one in target/), JAVA_OPTS the JVM options. Every request carries
# an API token, made the way a person makes one (sign in as the initial admin, then create a token);
# AUTH=none sends none, for a jar built before accounts existed (to compare in the same window).
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds=${1:-30}
connections=${2:-50}
warmup=${3:-150}
rate=${4:-}
port=18282
dir=$(mktemp -d)
. src/test/load/packaged-app.sh
# shellcheck disable=SC2086
java $opts -jar "$jar" --server.port=$port --handshake-lab.data-dir="$dir" \
  --handshake-lab.initial-admin.password=load-test-admin-password >"$dir/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 0.5; done
token=
auth=()
if [ "${AUTH:-token}" = token ]; then
  . src/test/load/api-token.sh
  token=$(api_token "http://127.0.0.1:$port" load-test-admin-password "$dir")
  auth=(-H "Authorization: Bearer $token")
fi
for i in $(seq 1 50); do
  id=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/sessions" -H 'Content-Type: application/json' "${auth[@]}" \
    -d "{\"name\":\"load $i\",\"seed\":$i}" | sed 's/^{"id":"\([^"]*\)".*/\1/')
  echo "$id" >>"$dir/sessions.txt"
done
# the warm-up runs the same load as the measurement, paced alike when a rate is given
load() { env ${rate:+RATE=$rate CONNS=$connections} TOKEN="$token" SESSIONS="$dir/sessions.txt" wrk -t2 -c"$connections" "$@" -s src/test/load/segments.lua "http://127.0.0.1:$port"; }
load -d"${warmup}s" >/dev/null
# utime + stime of the app, in clock ticks (proc(5), fields 14 and 15)
ticks() { awk '{print $14 + $15}' "/proc/$app/stat"; }
# the first line of /proc/stat: user nice system idle iowait irq softirq steal (proc(5))
cpu() { awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $9}' /proc/stat; }
before=$(ticks)
read -r all0 steal0 < <(cpu)
load -d"${seconds}s" --latency | tee "$dir/wrk.txt"
after=$(ticks)
read -r all1 steal1 < <(cpu)
requests=$(awk '/requests in/ {print $1}' "$dir/wrk.txt")
awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
  'BEGIN { printf "App CPU per request: %.3f ms (%.1f s of CPU for %d requests)\n", 1000 * t / hz / n, t / hz, n }'
awk -v s=$((steal1 - steal0)) -v a=$((all1 - all0)) 'BEGIN { printf "CPU time stolen by the host: %.1f%%\n", 100 * s / a }'
