-- wrk script for the sessions API load test (see README, "Load test").
-- Each request sends one segment to one of the sessions listed in the SESSIONS file (one id a
-- line), round-robin per thread: alternately a SYN from a port of a small pool, so each step
-- creates or revisits a half-open request, and a clock step of 10 ms.
local ids = {}
for line in io.lines(os.getenv("SESSIONS") or "sessions.txt") do
  ids[#ids + 1] = line
end
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  local id = ids[(counter % #ids) + 1]
  if counter % 2 == 0 then
    local port = 40000 + (counter % 16)
    local body = string.format('{"from":{"port":%d},"flags":["SYN"],"seq":%d,"options":[{"kind":"mss","mss":1460},{"kind":"sackOK"},{"kind":"timestamps","tsVal":%d,"tsEcr":0},{"kind":"nop"},{"kind":"wscale","shift":7}]}', port, counter, counter)
    return wrk.format(nil, "/api/v1/sessions/" .. id .. "/segments", nil, body)
  end
  return wrk.format(nil, "/api/v1/sessions/" .. id .. "/clock", nil, '{"advanceMillis":10}')
end
