-- POST /auth/token with single-use client assertions read from a file, one per line, each sent once:
--   wrk ... -s token-requests.lua -- FILE THREADS SCOPE
-- Thread i sends lines i, i+THREADS, i+2*THREADS, ...; a thread that runs out sends its first again, which the
-- server refuses as a replay (401), so a file too short for the run shows as errors, never as a faster run.
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function init(args)
  local stride = tonumber(args[2])
  local scope = args[3]:gsub("/", "%%2F"):gsub(" ", "+"):gsub("%*", "%%2A")
  bodies = {}
  local line_number = 0
  for line in io.lines(args[1]) do
    if line_number % stride == id then
      bodies[#bodies + 1] = "grant_type=client_credentials"
        .. "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
        .. "&client_assertion=" .. line .. "&scope=" .. scope
    end
    line_number = line_number + 1
  end
  next_body = 1
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
end
function request()
  local body = bodies[next_body] or bodies[1]
  next_body = next_body + 1
  return wrk.format("POST", "/auth/token", headers, body)
end
