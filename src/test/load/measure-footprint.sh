#!/usr/bin/env bash
# Start-up time and memory of the packaged app, as an operator sees them: starts the jar on a fresh
# H2 file with the JVM options the README gives, and prints
#  - the time from launching java to the first 200 from /actuator/health, and the CPU the JVM
#    spent until then (utime + stime, /proc/PID/stat fields 14 and 15);
#  - the RSS (VmRSS in /proc/PID/status) once started, after a standard lab, and after each of
#    FLOODS floods of 1,000,000 SYNs (a fresh session each);
#  - the heap used after a full GC at those points (jcmd GC.run, then the jvm.memory.used metric);
#  - the share of CPU time the host stole from this machine meanwhile (/proc/stat, "steal").
# At the end it prints the RSS and heap figures as a table.
# Usage: src/test/load/measure-footprint.sh [floods]     (default 3; needs curl and jcmd)
# By default it runs the jar as the README does (packaged-app.sh: target/app with its class data
# sharing archive; the app then starts from its Spring AOT bean definitions by itself). JAR picks
# another jar (e.g. the fat jar target/handshake-lab-*.jar), run as given; JAVA_OPTS the JVM options.
# CDS=1 extracts JAR and writes its class data sharing archive first, as the Dockerfile does (not
# timed). AOT=1 adds -Dspring.aot.enabled=true, for jars of before 2026-12-03 built with -Paot;
# AOT=0 adds -Dspring.aot.enabled=false, to measure a jar without its AOT definitions.
set -euo pipefail
cd "$(dirname "$0")/../../.."
floods=${1:-3}
port=${PORT:-18283}
dir=$(mktemp -d)
. src/test/load/packaged-app.sh
case "${AOT:-}" in
  1) opts="$opts -Dspring.aot.enabled=true" ;;
  0) opts="$opts -Dspring.aot.enabled=false" ;;
esac
B="http://127.0.0.1:$port/api/v1"
if [ -n "${CDS:-}" ]; then
  java -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >/dev/null
  jar="$dir/app/$(basename "$jar")"
  # shellcheck disable=SC2086
  java $opts -XX:ArchiveClassesAtExit="$dir/app/app.jsa" -Xlog:cds=off -Dspring.context.exit=onRefresh -jar "$jar" \
    --handshake-lab.data-dir="$dir/training" >"$dir/training.log" 2>&1
  opts="$opts -XX:SharedArchiveFile=$dir/app/app.jsa"
fi
cpu() { awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $9}' /proc/stat; }
read -r all0 steal0 < <(cpu)
t0=$(date +%s%N)
# shellcheck disable=SC2086
java $opts -jar "$jar" --server.port=$port --handshake-lab.data-dir="$dir" --spring.main.banner-mode=off \
  --handshake-lab.initial-admin.password=footprint-admin-password >"$dir/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; rm -rf "$dir"' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health"; do
  kill -0 $app 2>/dev/null || { cat "$dir/app.log"; exit 1; }
  sleep 0.05
done
t1=$(date +%s%N)
ticks=$(awk '{print $14 + $15}' "/proc/$app/stat")
hz=$(getconf CLK_TCK)
rss() { awk '/^VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$app/status"; }
# heap in use after a full GC, from the app's own metrics (the same figure for any collector)
heap() {
  jcmd $app GC.run >/dev/null
  curl -sf -H "$auth" "http://127.0.0.1:$port/actuator/metrics/jvm.memory.used?tag=area:heap" \
    | sed 's/.*"value":\([0-9.E+-]*\).*/\1/' | awk '{printf "%.0f MB", $1 / 1048576}'
}
start=$(awk -v ms=$(((t1 - t0) / 1000000)) -v t="$ticks" -v hz="$hz" 'BEGIN { printf "%.2f s (%.1f s of CPU)", ms / 1000, t / hz }')
echo "first 200 from /actuator/health: $start after launch"
# the rows of the table printed at the end: what was measured, RSS, heap after GC
rows=()
row() { rows+=("$(printf '| %-36s | %-8s | %-8s |' "$1" "$2" "$3")"); echo "$1: RSS $2, heap after GC $3"; }
sleep 2
# the admin's API token: it may run labs and read the actuator's heap figures
. src/test/load/api-token.sh
token=$(api_token "http://127.0.0.1:$port" footprint-admin-password "$dir")
auth="Authorization: Bearer $token"
row "after start" "$(rss)" "$(heap)"
post() { curl -sf -X POST "$B$1" -H "$auth" -H 'Content-Type: application/json' -d "$2"; }
session() { post /sessions "{\"name\":\"$1\",\"template\":\"$2\",\"seed\":42}" | sed 's/^{"id":"\([^"]*\)".*/\1/'; }
# the standard lab: the README's curl walkthrough, a simulated client, the clock, history, snapshot, capture
id=$(session lab basic-handshake)
post "/sessions/$id/segments" '{"from":{"port":40000},"flags":["SYN"],"seq":1000,"window":64240,
  "options":[{"kind":"mss","mss":1460},{"kind":"sackOK"},{"kind":"timestamps","tsVal":100,"tsEcr":0},{"kind":"nop"},{"kind":"wscale","shift":7}]}' >"$dir/synack.json"
isn=$(sed 's/.*"summary":"S\. \([0-9]*\):.*/\1/' "$dir/synack.json")
post "/sessions/$id/segments" "{\"from\":{\"port\":40000},\"flags\":[\"ACK\"],\"seq\":1001,\"ack\":$((isn + 1)),\"window\":502}" >/dev/null
post "/sessions/$id/connect" '{"clientPort":40001,"preset":"linux"}' >/dev/null
post "/sessions/$id/clock" '{"advanceMillis":1000}' >/dev/null
curl -sf -H "$auth" "$B/sessions/$id/history" >/dev/null
curl -sf -H "$auth" "$B/sessions/$id/snapshot" >/dev/null
curl -sf -H "$auth" "$B/sessions/$id/replay-check" >/dev/null
curl -sf -o /dev/null -H "$auth" "$B/sessions/$id/capture?format=pcapng"
for _ in 1 2 3 4 5; do curl -sf -o /dev/null "http://127.0.0.1:$port/"; done
row "after a standard lab" "$(rss)" "$(heap)"
for n in $(seq 1 "$floods"); do
  f=$(session "flood $n" syn-flood-cookies)
  # 250 legitimate clients: with Linux's linear SYN timeouts seven SYN retransmissions fit in
  # 10 s, and the flood's event estimate for 500 is over max-step-events (422)
  post "/sessions/$f/flood" '{"syns":1000000,"ratePerSecond":100000,"sources":{"random":true},"durationMillis":10000,"legitimate":{"clients":250,"ratePerSecond":50,"preset":"linux"},"seed":7}' >/dev/null
  curl -sf -o /dev/null -H "$auth" "$B/sessions/$f/flood/series"
  curl -sf -o /dev/null -H "$auth" "$B/sessions/$f/snapshot"
  row "after flood $n (1M SYNs)" "$(rss)" "$(heap)"
done
echo
echo "JVM options: $opts${CDS:+ (extracted, CDS archive)}; first 200 after $start"
printf '| %-36s | %-8s | %-8s |\n' "" "RSS" "heap after GC"
printf '|%s|%s|%s|\n' "--------------------------------------" "----------" "----------"
printf '%s\n' "${rows[@]}"
read -r all1 steal1 < <(cpu)
awk -v s=$((steal1 - steal0)) -v a=$((all1 - all0)) 'BEGIN { printf "CPU time stolen by the host: %.1f%%\n", 100 * s / a }'
