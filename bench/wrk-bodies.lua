-- wrk script for bench/service.ts: POSTs the JSON bodies of the file named by
-- WRK_BODIES (one per line), each connection walking them from its own
-- starting point, and prints one JSON line of figures when done.
local bodies = {}
for line in io.lines(os.getenv("WRK_BODIES")) do bodies[#bodies + 1] = line end
if #bodies == 0 then error("WRK_BODIES: no bodies") end
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"

local threads = 0
function setup(thread)
  thread:set("first", threads)
  threads = threads + 1
end

local i = 0
function init(args)
  -- threads start at different bodies (`first` is set by setup)
  i = (first or 0) * 97
end

function request()
  i = i + 1
  return wrk.format(nil, nil, nil, bodies[(i % #bodies) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"seconds":%.3f,"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f,"non2xx":%d,"errors":%d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
