-- runtime.lua - fails on A-4, which has no effort (line 4).
function score(item)
  local revenue = item.revenue
  return revenue / item.effort
end
