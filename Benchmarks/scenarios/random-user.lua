-- GET <path prefix><random user id><path suffix>, ids 1..N: wrk ... -s random-user.lua -- N PREFIX [SUFFIX]
local users, prefix, suffix
function init(args)
  users = tonumber(args[1])
  prefix = args[2]
  suffix = args[3] or ""
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  return wrk.format("GET", prefix .. math.random(1, users) .. suffix)
end
