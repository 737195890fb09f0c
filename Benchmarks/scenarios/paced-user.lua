-- As random-user.lua, each connection waiting PACE milliseconds between requests: a client that keeps to a rate.
--   wrk ... -s paced-user.lua -- N PREFIX PACE
local users, prefix, pace
function init(args)
  users = tonumber(args[1])
  prefix = args[2]
  pace = tonumber(args[3])
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function delay()
  return pace
end
function request()
  return wrk.format("GET", prefix .. math.random(1, users))
end
