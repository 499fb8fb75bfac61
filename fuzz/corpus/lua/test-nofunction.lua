-- nofunction.lua - score is local, so prio cannot see it.
local function score(item)
  return 1
end
