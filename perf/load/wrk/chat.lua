-- wrk script for ./aispm bench compare: POSTs chat-completion bodies round-robin and prints one JSON line in done().
--   WRK_BODIES   comma-separated body files (varied prompts; the same request order on every system)
--   WRK_HEADERS  extra headers, "name: value", one per line
-- Requests are formatted once per thread in init(), so the script costs wrk almost nothing per request.

local function read_file(path)
  local f = assert(io.open(path, "rb"), "wrk: cannot open body file " .. path)
  local data = f:read("*a")
  f:close()
  return data
end

local requests = {}
local index = 0

function init(args)
  local headers = { ["Content-Type"] = "application/json" }
  local extra = os.getenv("WRK_HEADERS") or ""
  for pair in string.gmatch(extra, "[^\n]+") do
    local name, value = string.match(pair, "^%s*([^:]+):%s*(.-)%s*$")
    if name then headers[name] = value end
  end
  local bodies = os.getenv("WRK_BODIES") or error("wrk: set WRK_BODIES")
  for path in string.gmatch(bodies, "[^,]+") do
    table.insert(requests, wrk.format("POST", wrk.path, headers, read_file(path)))
  end
  if #requests == 0 then error("wrk: WRK_BODIES names no file") end
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function done(summary, latency, _)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency":{"mean_us":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d}}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max))
end
