-- POST a heart rate to a random user: wrk ... -s create-vital.lua -- N
local users
local body = '{"measured_at":"2026-11-01T07:00:00Z","kind":"heart_rate","value":64,"source":"bench"}'
function init(args)
  users = tonumber(args[1])
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  return wrk.format("POST", "/api/v1/users/" .. math.random(1, users) .. "/vitals",
                    { ["Content-Type"] = "application/json" }, body)
end
