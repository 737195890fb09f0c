-- The soak's mixed load (Benchmarks/run --soak): per request, a random patient and a random kind,
-- weighted like a tracker's day: reads and searches most, then scores, writes, transactions.
--   wrk ... -s mixed.lua -- PATIENTS TRANSACTION_FILE LAST_DAY
local patients, transaction, lastDay
local prefixes = { "a", "be", "ch", "d", "el", "fr", "ga", "h", "jo", "k", "li", "ma", "n", "o", "pe", "r", "sa", "t", "w" }

function init(args)
  patients = tonumber(args[1])
  local file = io.open(args[2], "r")
  transaction = file:read("*a")
  file:close()
  lastDay = args[3]
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local id = math.random(1, patients)
  local kind = math.random(1, 100)
  if kind <= 30 then
    return wrk.format("GET", "/fhir/Patient/" .. id)
  elseif kind <= 42 then
    return wrk.format("GET", "/fhir/Observation?patient=" .. id .. "&_count=20")
  elseif kind <= 50 then
    return wrk.format("GET", "/api/v1/users/" .. id .. "/activities?limit=31")
  elseif kind <= 56 then
    return wrk.format("GET", "/fhir/Patient?name=" .. prefixes[math.random(1, #prefixes)] .. "&_count=10")
  elseif kind <= 66 then
    return wrk.format("GET", "/fhir/Patient/" .. id .. "/$health-score?asOf=" .. lastDay)
  elseif kind <= 80 then
    return wrk.format("POST", "/api/v1/users/" .. id .. "/vitals", { ["Content-Type"] = "application/json" },
      '{"measured_at":"2026-11-01T07:00:00Z","kind":"heart_rate","value":64,"source":"soak"}')
  elseif kind <= 90 then
    return wrk.format("PATCH", "/api/v1/users/" .. id, { ["Content-Type"] = "application/merge-patch+json" },
      '{"phone":"+41 44 555 01 02"}')
  elseif kind <= 97 then
    return wrk.format("GET", "/fhir/Observation/vital-" .. id)
  else
    return wrk.format("POST", "/fhir", { ["Content-Type"] = "application/fhir+json" }, transaction)
  end
end
