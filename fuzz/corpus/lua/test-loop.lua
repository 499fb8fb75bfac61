-- loop.lua - never returns: the instruction budget stops it (line 4).
function score(item)
  local n = 0
  while true do n = n + 1 end
end
