-- wrk script of the bench (`bench/wrk.ts`): sends the requests listed in the file named by the first argument, in
-- order and wrapping around, each built once up front; prints the result as one line "WRK-RESULT <json>". The file
-- holds, per request, its method, path, number of headers, each header's name and value, and its body (empty for
-- none), every field as "<length in bytes>:<bytes>" (`encodeRequests`).
local list = {}
local count = 0
local next_index = 0

function init(args)
  local file = assert(io.open(args[1], "rb"))
  local data = file:read("*a")
  file:close()
  local pos = 1
  local function field()
    local colon = data:find(":", pos, true)
    local length = tonumber(data:sub(pos, colon - 1))
    pos = colon + 1 + length
    return data:sub(colon + 1, colon + length)
  end
  while pos <= #data do
    local method = field()
    local path = field()
    local headers = {}
    for _ = 1, tonumber(field()) do
      local name = field()
      headers[name] = field()
    end
    local body = field()
    count = count + 1
    list[count] = wrk.format(method, path, headers, body ~= "" and body or nil)
  end
end

function request()
  next_index = next_index % count + 1
  return list[next_index]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"socketErrors":%d,"non2xx":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write, e.status, e.timeout))
end
