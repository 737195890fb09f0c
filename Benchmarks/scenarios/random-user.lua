-- A request to a random user, ids 1..N:
--   wrk ... -s random-user.lua -- N PREFIX [SUFFIX [METHOD CONTENT-TYPE BODY]]
-- e.g. -- 1000 /api/v1/users/ /activities?limit=31          (GET)
--      -- 1000 /api/v1/users/ /vitals POST application/json '{"…"}'
local users, prefix, suffix, method, headers, body
function init(args)
  users = tonumber(args[1])
  prefix = args[2]
  suffix = args[3] or ""
  method = args[4] or "GET"
  if args[5] then headers = { ["Content-Type"] = args[5] } end
  body = args[6]
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  return wrk.format(method, prefix .. math.random(1, users) .. suffix, headers, body)
end
