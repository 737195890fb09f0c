-- Requests to random paths from a file, one path per line:
--   wrk ... -s paths.lua -- FILE
local paths = {}
function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  return wrk.format("GET", paths[math.random(1, #paths)])
end
