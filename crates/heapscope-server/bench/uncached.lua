-- Uncached runs: each request a different program (a comment with a counter), so each is traced.
local counter = 0
local tid = 0
setup = function(thread) tid = tid + 1; thread:set("tid", tid) end
request = function()
  counter = counter + 1
  local body = '{"code":"x = [1, 2, 3]\\ny = x\\nprint(len(y))  # ' .. tostring(tid) .. '-' .. counter .. '\\n"}'
  return wrk.format("POST", "/api/run", {["Content-Type"]="application/json"}, body)
end
