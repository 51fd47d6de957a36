-- One wrk script for every phase. Environment:
--   BENCH_BODY   file holding the JSON request body (POSTed to the URL given to wrk)
--   BENCH_KEY    bearer key (omitted for the direct target when empty)
--   BENCH_DELAY, BENCH_ARRIVALS, BENCH_SEED: pacing (common.lua)
-- done() prints one machine-readable line that run.sh parses; latencies are in microseconds.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(here .. "common.lua")

wrk.method = "POST"
wrk.body = common.read_file(os.getenv("BENCH_BODY"))
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_KEY")
if key ~= nil and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end

common.pace()
done = common.done
