-- PATCH a random user's phone (an update: history keeps the version it replaces): wrk ... -s patch-user.lua -- N
local users
local body = '{"phone":"+41 44 555 01 02"}'
function init(args)
  users = tonumber(args[1])
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  return wrk.format("PATCH", "/api/v1/users/" .. math.random(1, users),
                    { ["Content-Type"] = "application/merge-patch+json" }, body)
end
