-- POSTs the same body, read from a file, on every request:
--   wrk ... -s post-file.lua URL -- FILE CONTENT-TYPE
local body, headers
function init(args)
  local file = assert(io.open(args[1], "rb"))
  body = file:read("*a")
  file:close()
  headers = { ["Content-Type"] = args[2] or "application/fhir+json" }
end
function request()
  return wrk.format("POST", nil, headers, body)
end
