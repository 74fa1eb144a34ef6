-- wrk script for the sessions API load test (see README, "Load test").
--
-- What a class of students does to their sessions, over and over: each session sees a SYN from
-- one of eight client ports (the server answers SYN-ACK and queues a half-open request), then an
-- RST on that port with the next sequence number (the server drops the request, RFC 9293
-- §3.10.7.4), and every tenth action a 200 ms clock step, which fires the SYN-ACK retransmissions
-- of any request still queued. Every request is a step the server runs and stores. wrk may
-- reorder two requests to one session; with eight ports a request left behind by a RST that
-- overtook its SYN is met again by the next SYN and RST on that port, so no session grows.
--
-- Each wrk thread owns its own share of the sessions (ids listed one a line in $SESSIONS), so
-- two threads never race each other to the same session; within a thread the sessions are
-- visited round robin.
local created = 0
local counter = 0
local threads = {}

-- runs in the main script state, once per thread; "index" becomes a global of that thread
function setup(thread)
  thread:set("index", created)
  created = created + 1
  threads[#threads + 1] = thread
end

-- what each thread has sent, by kind (globals of the thread, read back by done)
segments_sent = 0
clocks_sent = 0

local ids = {}
local state = {}

function init(args)
  local all = {}
  for line in io.lines(os.getenv("SESSIONS") or "sessions.txt") do
    all[#all + 1] = line
  end
  local nthreads = tonumber(os.getenv("THREADS") or "2")
  for i, id in ipairs(all) do
    if (i - 1) % nthreads == index then
      ids[#ids + 1] = id
      state[#ids] = 0
    end
  end
end

-- Optional pacing, to measure latency at a given rate rather than at saturation: with RATE set
-- (requests per second over all connections) and CONNS (wrk's -c), each connection waits
-- CONNS / RATE seconds before each request. wrk times a request from when it is sent, so the wait
-- is not counted as latency; the rate wrk reports is what was reached (a little under RATE, since
-- a connection's own requests take time too).
if os.getenv("RATE") then
  local pause = 1000 * tonumber(os.getenv("CONNS")) / tonumber(os.getenv("RATE"))
  delay = function()
    return pause
  end
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
-- A script's API token (run-load-test.sh makes one by signing in, as a person would); without
-- one, the requests go unauthenticated, as to a build from before accounts.
if os.getenv("TOKEN") and os.getenv("TOKEN") ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
end

local syn = '{"from":{"port":%d},"flags":["SYN"],"seq":%d,"options":[{"kind":"mss","mss":1460},'
  .. '{"kind":"sackOK"},{"kind":"timestamps","tsVal":%d,"tsEcr":0},{"kind":"nop"},{"kind":"wscale","shift":7}]}'
local rst = '{"from":{"port":%d},"flags":["RST"],"seq":%d}'

request = function()
  counter = counter + 1
  local s = (counter % #ids) + 1
  local n = state[s]
  state[s] = n + 1
  local path = "/api/v1/sessions/" .. ids[s]
  if n % 10 == 9 then
    clocks_sent = clocks_sent + 1
    return wrk.format(nil, path .. "/clock", nil, '{"advanceMillis":200}')
  end
  local handshake = n - math.floor(n / 10)
  local port = 40000 + (math.floor(handshake / 2) % 8)
  local seq = 1000 * port
  segments_sent = segments_sent + 1
  if handshake % 2 == 0 then
    return wrk.format(nil, path .. "/segments", nil, string.format(syn, port, seq, n))
  end
  return wrk.format(nil, path .. "/segments", nil, string.format(rst, port, seq + 1))
end

-- The issue's aim counts segment submissions; one request in ten is a clock step, so the rate of
-- segments alone is printed beside wrk's own figures.
function done(summary, latency, requests)
  local segs, clocks = 0, 0
  for _, thread in ipairs(threads) do
    segs = segs + thread:get("segments_sent")
    clocks = clocks + thread:get("clocks_sent")
  end
  local seconds = summary.duration / 1e6
  local share = segs / math.max(segs + clocks, 1)
  io.write(string.format("Segment submissions/sec: %.2f (%.1f%% of requests; the rest are clock steps)\n",
    summary.requests * share / seconds, 100 * share))
end
