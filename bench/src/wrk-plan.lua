-- The bench's request plan for wrk: `wrk ... -s wrk-plan.lua <url> -- <plan file> <counter base>`.
-- Plan lines: "H<TAB>name<TAB>value" (a header on every request) or
-- "METHOD<TAB>path<TAB>body" (requests taken in turn). In path and body, {n} is a number unique to
-- the request (the base, then 10,000,000 apart per thread) and {local} a 7-digit local phone number
-- from it. done() prints one line "BENCH_JSON {...}" for the bench to read, with "generated": how
-- many requests the threads made (their counters), so that the next round starts after them.
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local plan = {}
-- Global, not local: done() reads it from each thread.
counter = 0
local base = 0

function init(args)
  base = tonumber(args[2] or "0") + (tid or 0) * 10000000
  local headers = {}
  local lines = {}
  for line in io.lines(args[1]) do
    local kind, a, b = line:match("^([^\t]*)\t([^\t]*)\t?(.*)$")
    if kind == "H" then
      headers[a] = b
    elseif kind then
      lines[#lines + 1] = { method = kind, path = a, body = b }
    end
  end
  for i, r in ipairs(lines) do
    local h = {}
    for k, v in pairs(headers) do h[k] = v end
    if r.body ~= "" then h["Content-Type"] = "application/json" end
    r.headers = h
    local all = r.path .. r.body
    r.dynamic = all:find("{n}", 1, true) ~= nil or all:find("{local}", 1, true) ~= nil
    if not r.dynamic then
      r.prebuilt = wrk.format(r.method, r.path, h, r.body ~= "" and r.body or nil)
    end
    plan[i] = r
  end
end

function request()
  counter = counter + 1
  local r = plan[(counter - 1) % #plan + 1]
  if not r.dynamic then return r.prebuilt end
  local n = base + counter
  local function fill(text)
    return (text:gsub("{n}", tostring(n)):gsub("{local}", tostring(2000000 + n % 8000000)))
  end
  local body = fill(r.body)
  return wrk.format(r.method, fill(r.path), r.headers, body ~= "" and body or nil)
end

function done(summary, latency, requests)
  local e = summary.errors
  local generated = 0
  for _, thread in ipairs(threads) do generated = generated + (thread:get("counter") or 0) end
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"generated":%d,"durationUs":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"p50Us":%d,"p90Us":%d,"p99Us":%d,"meanUs":%.1f,"maxUs":%d}\n',
    summary.requests, generated, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
