-- What bench.lua and keys.lua share: reading the body, pacing, and the one line run.sh parses.
-- Environment:
--   BENCH_DELAY     mean per-connection pause in ms between a response and the next request (paced mode);
--                   0 or unset: saturation (no pause)
--   BENCH_ARRIVALS  "random" (the default): each pause is drawn from an exponential distribution with that mean,
--                   so the connections' requests arrive independently, as many clients' would; "fixed": every pause
--                   is exactly BENCH_DELAY. With fixed pauses, requests that complete together (a group commit
--                   answers a whole batch at once) send their next requests together, and the connections stay in
--                   lockstep: each request then queues behind the others of its burst.
--   BENCH_SEED      seed of Lua's random numbers (default 1): the pauses and keys.lua's random key order, so runs
--                   draw the same sequences

local M = {}

function M.read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

-- Installs wrk's global delay() when BENCH_DELAY asks for pacing. The total rate stays
-- connections / (mean pause + latency) requests per second either way.
function M.pace()
  math.randomseed(tonumber(os.getenv("BENCH_SEED") or "1"))
  local mean = tonumber(os.getenv("BENCH_DELAY") or "0")
  if mean <= 0 then return end
  local arrivals = os.getenv("BENCH_ARRIVALS") or "random"
  if arrivals == "fixed" then
    function delay() return mean end
  elseif arrivals == "random" then
    local cap = mean * 10
    function delay()
      -- 1 - U is in (0, 1], so the logarithm is finite; the cap keeps one draw from idling a connection for long.
      local d = -mean * math.log(1 - math.random())
      if d > cap then d = cap end
      return math.floor(d + 0.5)
    end
  else
    error("BENCH_ARRIVALS must be random or fixed, not " .. arrivals)
  end
end

function M.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d errors=%d status_errors=%d p50=%.0f p90=%.0f p99=%.0f max=%.0f mean=%.1f\n",
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end

return M
