-- survey_post.lua - the wrk script of bench/survey_web.sh: requests to
-- `ambit survey serve` that rotate over the campaign's respondents.
--
--   SURVEY_BENCH_TOKENS=FILE [SURVEY_BENCH_MODE=get|post] \
--       wrk -t2 -c32 -d10s --latency -s bench/survey_post.lua BASE
--
-- FILE has one "TOKEN CSRF" line per respondent (survey_web.sh reads each
-- csrf value from the respondent's page).  post (the default): POST
-- /s/TOKEN with action=save and valid answers to page 1, each with a new
-- 8-digit CVR number, so every request is a real change to commit; the
-- server answers 303 after the commit.  get: GET /s/TOKEN, a page render.
-- done() prints one "RESULT key=value ..." line that survey_web.sh reads
-- (latencies in milliseconds).

local mode = os.getenv("SURVEY_BENCH_MODE") or "post"
local file = os.getenv("SURVEY_BENCH_TOKENS")
local entries = {}

-- Every thread runs this file in its own Lua state and reads the list.
if file then
  for line in io.lines(file) do
    local token, csrf = line:match("^(%x+) (%x+)$")
    if token then entries[#entries + 1] = { token, csrf } end
  end
end

local next_id = 0
function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
end

local n = 0
function init(args)
  if #entries == 0 then
    error("survey_post.lua: no \"TOKEN CSRF\" lines in SURVEY_BENCH_TOKENS")
  end
  -- The threads start at different respondents.
  n = (thread_id or 0) * math.floor(#entries / 2)
end

local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }

function request()
  n = n + 1
  local e = entries[(n % #entries) + 1]
  if mode == "get" then
    return wrk.format("GET", "/s/" .. e[1])
  end
  local body = "csrf=" .. e[2] .. "&page=0&lang=da&action=save"
    .. "&size=10_49&industry=manu&municipality=851"
    .. string.format("&cvr=%08d", (n * 2 + (thread_id or 0)) % 100000000)
  return wrk.format("POST", "/s/" .. e[1], form, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rate=%.0f non2xx3xx=%d connect=%d "
      .. "read=%d write=%d timeout=%d p50=%.3f p90=%.3f p99=%.3f max=%.3f\n",
    summary.requests, summary.duration / 1e6,
    summary.requests / (summary.duration / 1e6), e.status, e.connect,
    e.read, e.write, e.timeout, latency:percentile(50) / 1e3,
    latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3))
end
