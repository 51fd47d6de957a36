-- The scale case: every request carries one of many keys. Environment as bench.lua (pacing: common.lua), plus:
--   BENCH_KEYS       file with one key per line
--   BENCH_KEY_LIMIT  use only the first N keys (0 or unset: all)
--   BENCH_KEY_ORDER  "roundrobin" (each key once before any twice: activates them all) or "random"

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(here .. "common.lua")

local keys = {}
local limit = tonumber(os.getenv("BENCH_KEY_LIMIT") or "0")
for line in io.lines(os.getenv("BENCH_KEYS")) do
  if line ~= "" and (limit == 0 or #keys < limit) then keys[#keys + 1] = line end
end

local body = common.read_file(os.getenv("BENCH_BODY"))
local random_order = os.getenv("BENCH_KEY_ORDER") == "random"
local next_key = 0
local headers = { ["Content-Type"] = "application/json" }

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

common.pace() -- also seeds the random key order
done = common.done
