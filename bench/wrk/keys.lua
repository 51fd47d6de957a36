-- The scale case: every request carries one of many keys. Environment as bench.lua, plus:
--   BENCH_KEYS       file with one key per line
--   BENCH_KEY_LIMIT  use only the first N keys (0 or unset: all)
--   BENCH_KEY_ORDER  "roundrobin" (each key once before any twice: activates them all) or "random"

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local keys = {}
local limit = tonumber(os.getenv("BENCH_KEY_LIMIT") or "0")
for line in io.lines(os.getenv("BENCH_KEYS")) do
  if line ~= "" and (limit == 0 or #keys < limit) then keys[#keys + 1] = line end
end

local body = read_file(os.getenv("BENCH_BODY"))
local random_order = os.getenv("BENCH_KEY_ORDER") == "random"
local next_key = 0
local headers = { ["Content-Type"] = "application/json" }

math.randomseed(os.time())

function request()
  local i
  if random_order then
    i = math.random(#keys)
  else
    next_key = next_key % #keys + 1
    i = next_key
  end
  headers["Authorization"] = "Bearer " .. keys[i]
  return wrk.format("POST", nil, headers, body)
end

local pause = tonumber(os.getenv("BENCH_DELAY") or "0")
if pause > 0 then
  function delay()
    return pause
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d errors=%d status_errors=%d p50=%.0f p90=%.0f p99=%.0f max=%.0f mean=%.1f\n",
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
