-- wrk: each request a public page from the list in $BENCH_PATHS, spread over the list.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n * 7919 + math.random(#paths)) % #paths + 1])
end
