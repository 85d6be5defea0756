-- wrk script of the bench (`bench/wrk.ts`): sends the requests listed in the file named by the first argument,
-- one per line as "<token>\t<JSON body>", in order and wrapping around, each built once up front; prints the
-- result as one line "WRK-RESULT <json>".
local list = {}
local count = 0
local next_index = 0

function init(args)
  for line in io.lines(args[1]) do
    local tab = line:find("\t", 1, true)
    count = count + 1
    list[count] = wrk.format("POST", "/graphql", {
      ["Content-Type"] = "application/json",
      ["X-Auth-Token"] = line:sub(1, tab - 1),
    }, line:sub(tab + 1))
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
