-- One wrk script for every phase. Environment:
--   BENCH_BODY   file holding the JSON request body (POSTed to the URL given to wrk)
--   BENCH_KEY    bearer key (omitted for the direct target when empty)
--   BENCH_DELAY  per-connection pause in ms between requests (paced mode); 0 or unset: saturation
-- done() prints one machine-readable line that run.sh parses; latencies are in microseconds.

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

wrk.method = "POST"
wrk.body = read_file(os.getenv("BENCH_BODY"))
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_KEY")
if key ~= nil and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end

local pause = tonumber(os.getenv("BENCH_DELAY") or "0")
if pause > 0 then
  -- wrk waits this long after a response before the connection sends its next request:
  -- connections / (pause + latency) requests per second in total.
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
