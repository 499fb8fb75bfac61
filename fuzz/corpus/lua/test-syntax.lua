-- syntax.lua - does not compile: line 4 misses its "then".
function score(item)
  local s = item.revenue
  if s > 100
    return s
  end
  return 0
end
