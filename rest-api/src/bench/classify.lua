-- wrk script: POST /dsn/classify with real bounces, in turn.
-- Usage: wrk -t2 -c16 -d10s -s classify.lua http://127.0.0.1:18080 -- examples/bounces/*.eml
local bodies = {}
local n = 0

function init(args)
  for _, path in ipairs(args) do
    local f = assert(io.open(path, "rb"))
    bodies[#bodies + 1] = f:read("*a")
    f:close()
  end
  assert(#bodies > 0, "pass bounce files after --")
end

function request()
  n = n % #bodies + 1
  return wrk.format("POST", "/dsn/classify", { ["Content-Type"] = "message/rfc822" }, bodies[n])
end

-- One machine-readable line for wrk-bench.sh: requests/s, p50 and p99 in ms, non-2xx and socket errors.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.3f %.3f %d %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
